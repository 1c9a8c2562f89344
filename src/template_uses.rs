//! Which templates a template's output is made with: the ones it names in `{% extends %}`
//! and `{% include %}`, and theirs in turn. `serve` renders again, after a template edit,
//! only the pages whose template uses the edited one. Tera 2 keeps this to itself (its
//! templates' parents and includes are private), so the tags are read here, with Tera's
//! own delimiters, comments and `raw` blocks; anything this cannot follow (a name that is
//! not a string literal, a component, an import) answers `None`, and the caller renders
//! every page.

use std::collections::{BTreeMap, BTreeSet};

use crate::templates::Source;

/// The templates `text` names in its `extends` and `include` tags, in order; `None` when it
/// names one in a way this does not follow.
pub fn named_in(text: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut rest = text;
    let mut raw = false;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.as_bytes().first() {
            Some(b'#') if !raw => {
                rest = after.find("#}").map_or("", |end| &after[end + 2..]);
            }
            Some(b'%') => {
                let end = after.find("%}")?;
                let tag = after[1..end].trim_start_matches('-').trim_end_matches('-');
                let tag = tag.trim();
                let word: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let args = tag[word.len()..].trim_start();
                match word.as_str() {
                    "endraw" => raw = false,
                    _ if raw => {}
                    "raw" => raw = true,
                    "extends" | "include" => names.push(literal(args)?),
                    "import" | "component" | "macro" => return None,
                    _ => {}
                }
                rest = &after[end + 2..];
            }
            _ => rest = after,
        }
    }
    Some(names)
}

/// The string literal that `args` begins with (`"…"`, `'…'` or `` `…` ``), or `None`.
fn literal(args: &str) -> Option<String> {
    let quote = args
        .chars()
        .next()
        .filter(|q| matches!(q, '"' | '\'' | '`'))?;
    let body = &args[1..];
    let end = body.find(quote)?;
    let name = &body[..end];
    (!name.contains('\\')).then(|| name.to_string())
}

/// The templates whose output `changed` (template names) can change: each of them and every
/// template that extends or includes one of them, directly or not. `None` when a template
/// uses another in a way [`named_in`] does not follow.
pub fn users_of(
    templates: &BTreeMap<String, Source>,
    changed: &BTreeSet<String>,
) -> Option<BTreeSet<String>> {
    let mut used_by: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, source) in templates {
        for used in named_in(&source.text)? {
            used_by.entry(used).or_default().push(name);
        }
    }
    let mut users = changed.clone();
    let mut todo: Vec<String> = changed.iter().cloned().collect();
    while let Some(t) = todo.pop() {
        for &user in used_by.get(&t).into_iter().flatten() {
            if users.insert(user.to_string()) {
                todo.push(user.to_string());
            }
        }
    }
    Some(users)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn names(text: &str) -> Option<Vec<String>> {
        named_in(text)
    }

    #[test]
    fn extends_and_includes_are_named() {
        let text = "{% extends \"base.html\" %}{%- block main -%}{% include '_toc.html' %}\
                    {{ x }}{% if a %}{% include `_list.html` ignore missing %}{% endif %}{% endblock %}";
        assert_eq!(
            names(text).unwrap(),
            ["base.html", "_toc.html", "_list.html"]
        );
    }

    #[test]
    fn comments_and_raw_blocks_name_nothing() {
        let text = "{# {% include \"a.html\" %} #}{% raw %}{% include \"b.html\" %}{% endraw %}\
                    {{ '{' }}{% include \"c.html\" %}";
        assert_eq!(names(text).unwrap(), ["c.html"]);
    }

    #[test]
    fn what_cannot_be_followed_is_none() {
        assert_eq!(names("{% include name %}"), None);
        assert_eq!(names("{% import \"m.html\" as m %}"), None);
        assert_eq!(names("{% component card(title) %}{% endcomponent %}"), None);
        assert_eq!(names("{% include \"a.html\" "), None);
    }

    #[test]
    fn users_are_found_through_extends_and_includes() {
        let source = |text: &str| Source {
            path: PathBuf::new(),
            text: text.to_string(),
        };
        let templates: BTreeMap<String, Source> = [
            ("base.html", "{% include \"_footer.html\" %}"),
            ("_footer.html", ""),
            ("_list.html", ""),
            (
                "section.html",
                "{% extends \"base.html\" %}{% include \"_list.html\" %}",
            ),
            ("page.html", "{% extends \"base.html\" %}"),
            ("404.html", ""),
        ]
        .into_iter()
        .map(|(n, t)| (n.to_string(), source(t)))
        .collect();
        let of = |t: &str| {
            let users = users_of(&templates, &BTreeSet::from([t.to_string()])).unwrap();
            users.into_iter().collect::<Vec<_>>()
        };
        assert_eq!(of("_list.html"), ["_list.html", "section.html"]);
        assert_eq!(
            of("_footer.html"),
            ["_footer.html", "base.html", "page.html", "section.html"]
        );
        assert_eq!(of("404.html"), ["404.html"]);
    }
}

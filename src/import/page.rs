//! One page converted: its front matter in brochure's keys, its shortcodes and links.

use serde_json::Value;
use serde_yaml::{Mapping, Value as Yaml};

use super::Report;
use super::config::{HugoConfig, scalar_text};
use super::front::normalize_date;
use super::links::{self, LinkContext, normalize};
use super::plan::{PageKind, Plan, PlannedPage, join, split_dir};
use super::shortcodes::{self, Context};
use crate::diagnostic::Result;

/// A page of the new site: its file under `content/` and its text.
#[derive(Debug, Clone)]
pub struct ConvertedPage {
    pub out_rel: String,
    pub lang: usize,
    pub text: String,
}

/// Converts every planned page.
pub fn convert_all(
    config: &HugoConfig,
    plan: &Plan,
    statics: &dyn Fn(&str) -> bool,
    report: &mut Report,
) -> Result<Vec<ConvertedPage>> {
    let base_path = crate::urls::base_path(&config.base_url);
    let anchors: Vec<_> = plan
        .pages
        .iter()
        .map(|p| links::anchors_of(&p.body, config.languages[p.lang].script()))
        .collect();
    let base_url = match config.base_url.trim_end_matches('/') {
        "" => String::from("/"),
        b => format!("{b}/"),
    };
    let site = SiteLinks {
        base_path: &base_path,
        base_url: &base_url,
        anchors: &anchors,
        statics,
    };
    let mut out = Vec::with_capacity(plan.pages.len());
    for page in &plan.pages {
        let body = convert_body(config, plan, page, &site, report);
        let front = front_matter(page, report);
        let yaml = serde_yaml::to_string(&Yaml::Mapping(front)).unwrap_or_default();
        out.push(ConvertedPage {
            out_rel: page.out_rel.clone(),
            lang: page.lang,
            text: format!("---\n{yaml}---\n{body}"),
        });
    }
    Ok(out)
}

/// What every page's links are resolved against.
struct SiteLinks<'a> {
    base_path: &'a str,
    base_url: &'a str,
    anchors: &'a [std::collections::HashSet<String>],
    statics: &'a dyn Fn(&str) -> bool,
}

fn convert_body(
    config: &HugoConfig,
    plan: &Plan,
    page: &PlannedPage,
    site: &SiteLinks,
    report: &mut Report,
) -> String {
    let resolve = |target: &str, lang: Option<&str>| resolve_ref(config, plan, page, target, lang);
    let params = &config.languages[page.lang].params;
    let param = |key: &str| {
        page.front
            .extra
            .get(key)
            .or_else(|| params.get(key))
            .or_else(|| lookup_dotted(params, key))
            .map(scalar_text)
    };
    let cx = Context {
        resolve_ref: &resolve,
        param: &param,
    };
    let body = shortcodes::convert(&page.body, &cx, report);
    let body = if page.html {
        one_html_block(&body)
    } else {
        body
    };
    let lcx = LinkContext {
        plan,
        page,
        base_path: site.base_path,
        is_static: site.statics,
        anchors: site.anchors,
        base_url: site.base_url,
        script: config.languages[page.lang].script(),
    };
    links::rewrite(&body, &lcx, report)
}

fn lookup_dotted<'a>(params: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a Value> {
    let mut parts = key.split('.');
    let mut v = params.get(parts.next()?)?;
    for p in parts {
        v = v.get(p)?;
    }
    Some(v)
}

/// An HTML content page as one Markdown HTML block: blank lines (which would end the
/// block and turn the rest into Markdown) are dropped, the first line unindented.
fn one_html_block(body: &str) -> String {
    let mut out: Vec<&str> = body.lines().filter(|l| !l.trim().is_empty()).collect();
    if let Some(first) = out.first_mut() {
        *first = first.trim_start();
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// `ref "docs/a.md"`, `relref "/docs/a"`, `ref "a.md#x"`, `ref "#x"` → a source link.
fn resolve_ref(
    config: &HugoConfig,
    plan: &Plan,
    page: &PlannedPage,
    target: &str,
    lang: Option<&str>,
) -> Option<String> {
    let (path, fragment) = match target.find('#') {
        Some(i) => target.split_at(i),
        None => (target, ""),
    };
    if path.is_empty() {
        return Some(fragment.to_string());
    }
    let lang = match lang {
        Some(code) => config.languages.iter().position(|l| l.code == code)?,
        None => page.lang,
    };
    let (dir, _) = split_dir(&page.logical);
    let bare = path.trim_end_matches('/').trim_end_matches(".md");
    let mut bases = vec![normalize(bare)];
    if !bare.starts_with('/') {
        bases.push(normalize(&join(dir, bare)));
    }
    for base in &bases {
        for key in [base.clone(), join(base, "_index"), join(base, "index")] {
            let key = if key.is_empty() {
                "_index".to_string()
            } else {
                key
            };
            if let Some(&i) = plan.by_logical.get(&(lang, key)) {
                return Some(format!("@/{}{fragment}", plan.pages[i].out_rel));
            }
        }
    }
    // A bare name Hugo finds when only one page has it.
    let tail = format!("/{}", bases[0]);
    let mut hits = plan
        .by_logical
        .iter()
        .filter(|((l, k), _)| *l == lang && format!("/{k}").ends_with(&tail));
    match (hits.next(), hits.next()) {
        (Some((_, &i)), None) => Some(format!("@/{}{fragment}", plan.pages[i].out_rel)),
        _ => None,
    }
}

fn front_matter(page: &PlannedPage, report: &mut Report) -> Mapping {
    let f = &page.front;
    let mut m = Mapping::new();
    let mut extra = f.extra.clone();
    let title = f.title.clone().unwrap_or_else(|| {
        report.add(
            "front matter",
            "titles made from the file name (Hugo's page had none)",
        );
        let (dir, name) = split_dir(&page.logical);
        let stem = name.trim_end_matches(".md");
        let base = if matches!(page.kind, PageKind::Section | PageKind::Bundle) {
            dir.rsplit('/').next().unwrap_or(dir)
        } else {
            stem
        };
        extra
            .get("linktitle")
            .map(scalar_text)
            .unwrap_or_else(|| base.replace(['-', '_'], " "))
    });
    m.insert("title".into(), title.into());
    if let Some(d) = &f.description {
        m.insert("description".into(), d.clone().into());
    }
    for (key, value, hugo_key) in [
        ("date", &f.date, "date"),
        ("updated", &f.lastmod, "lastmod"),
    ] {
        let Some(text) = value else { continue };
        match normalize_date(text) {
            Some((date, changed)) => {
                if changed {
                    report.add(
                        "front matter",
                        "dates with a time given an offset (UTC, as Hugo reads them)",
                    );
                }
                m.insert(key.into(), date.into());
            }
            None => {
                report.add(
                    "front matter",
                    format!("`{hugo_key}` that is no date, kept under extra"),
                );
                extra.insert(hugo_key.to_string(), Value::String(text.clone()));
            }
        }
    }
    if let Some(w) = f.weight {
        m.insert("weight".into(), w.into());
    }
    if f.draft {
        m.insert("draft".into(), true.into());
    }
    if let Some(s) = &page.slug {
        m.insert("slug".into(), s.clone().into());
    }
    if let Some(k) = &f.translation_key {
        m.insert("translation_key".into(), k.clone().into());
    }
    if !page.aliases.is_empty() {
        let list: Vec<Yaml> = page.aliases.iter().map(|a| a.clone().into()).collect();
        m.insert("aliases".into(), Yaml::Sequence(list));
    }
    if !extra.is_empty() {
        let value = serde_yaml::to_value(Value::Object(extra)).unwrap_or(Yaml::Null);
        m.insert("extra".into(), value);
    }
    m
}

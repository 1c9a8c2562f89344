//! “Did you mean”: the existing names nearest to a name that reaches nothing (an anchor, a
//! page, a file), by edit distance over characters, so a Chinese id one character off is
//! as near as an English one.

/// How far a name may be from the wanted one and still be suggested: one typo in a short
/// name, about a third of the characters in a long one.
fn reach(wanted: &str) -> usize {
    (wanted.chars().count() / 3).max(1)
}

/// Up to `max` of `candidates` nearest to `wanted` (nearest first, then in name order),
/// none farther than a few edits (see [`reach`]).
pub fn nearest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    let reach = reach(wanted);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|c| *c != wanted)
        .map(|c| (distance(wanted, c), c))
        .filter(|(d, _)| *d <= reach)
        .collect();
    scored.sort_unstable();
    scored.dedup();
    scored.into_iter().take(max).map(|(_, c)| c).collect()
}

/// The edit distance between two names, ignoring ASCII case (`#Setup` is one typo from
/// nothing but `#setup`).
fn distance(a: &str, b: &str) -> usize {
    if a.eq_ignore_ascii_case(b) {
        return 0;
    }
    strsim::levenshtein(&a.to_ascii_lowercase(), &b.to_ascii_lowercase())
}

/// `` `a`, `b` or `c` `` for a hint.
pub fn or_list(names: &[&str], quote: impl Fn(&str) -> String) -> String {
    let quoted: Vec<String> = names.iter().map(|n| quote(n)).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names_first() {
        let anchors = ["installation", "install", "usage", "faq", "instal-notes"];
        assert_eq!(nearest("instalation", anchors, 3), ["installation"]);
        assert_eq!(nearest("instal", anchors, 3), ["install"]);
        assert_eq!(nearest("useage", anchors, 3), ["usage"]);
        assert!(nearest("zzzzzz", anchors, 3).is_empty());
    }

    #[test]
    fn chinese_ids_are_measured_by_characters() {
        let anchors = ["早期", "近况", "合作院校"];
        assert_eq!(nearest("早起", anchors, 3), ["早期"]);
        assert_eq!(nearest("合作学校", anchors, 1), ["合作院校"]);
    }

    #[test]
    fn lists_read_as_alternatives() {
        let q = |s: &str| format!("`#{s}`");
        assert_eq!(or_list(&["a"], q), "`#a`");
        assert_eq!(or_list(&["a", "b", "c"], q), "`#a`, `#b` or `#c`");
    }
}

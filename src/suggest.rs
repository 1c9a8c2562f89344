//! “Did you mean”: the existing names nearest to a name that reaches nothing (an anchor, a
//! page, a file): the names that hold it, then those a few edits away, counted in
//! characters, so a Chinese id one character off is as near as an English one.

/// How far a name may be from the wanted one and still be suggested: one typo in a short
/// name, about a third of the characters in a long one.
fn reach(wanted: &str) -> usize {
    (wanted.chars().count() / 3).max(1)
}

/// Up to `max` of `candidates` nearest to `wanted`, best first: those that contain it or
/// that it contains, when it is half of the longer name at least (`contact` → `contact-us`,
/// `奖学金` → `学费与奖学金`), nearest in length first; then those a few edits away (see [`reach`]), nearest first; ties in name order.
/// Letter case does not count (`#Setup` is as near as `#setup`).
pub fn nearest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    let reach = reach(wanted);
    let lower = wanted.to_lowercase();
    let length = wanted.chars().count();
    let mut scored: Vec<((usize, usize), &str)> = candidates
        .into_iter()
        .filter(|c| *c != wanted)
        .filter_map(|c| {
            let other = c.to_lowercase();
            let count = c.chars().count();
            let within = other.contains(&lower) || lower.contains(&other);
            // Half the longer name at least: `/zh/` is in every Chinese path, and near none.
            if within && length.min(count) >= 2 && 2 * length.min(count) >= length.max(count) {
                return Some(((0, count.abs_diff(length)), c));
            }
            let d = strsim::levenshtein(&lower, &other);
            (d <= reach).then_some(((1, d), c))
        })
        .collect();
    scored.sort_unstable();
    scored.dedup();
    scored.into_iter().take(max).map(|(_, c)| c).collect()
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
        assert_eq!(nearest("instal", anchors, 1), ["install"]);
        assert!(nearest("/zh/", ["/zh/a/b/c.png"], 3).is_empty());
        assert_eq!(nearest("useage", anchors, 3), ["usage"]);
        assert!(nearest("zzzzzz", anchors, 3).is_empty());
        assert_eq!(
            nearest("contact", ["contact-us", "about"], 3),
            ["contact-us"]
        );
        assert_eq!(nearest("Usage", anchors, 3), ["usage"]);
    }

    #[test]
    fn chinese_ids_are_measured_by_characters() {
        let anchors = ["早期", "近况", "合作院校"];
        assert_eq!(nearest("早起", anchors, 3), ["早期"]);
        assert_eq!(nearest("合作学校", anchors, 1), ["合作院校"]);
        let fees = ["学费", "学费与奖学金", "入学要求"];
        assert_eq!(nearest("学杂费", fees, 3), ["学费"]);
        assert_eq!(nearest("奖学金", fees, 3), ["学费与奖学金"]);
    }

    #[test]
    fn lists_read_as_alternatives() {
        let q = |s: &str| format!("`#{s}`");
        assert_eq!(or_list(&["a"], q), "`#a`");
        assert_eq!(or_list(&["a", "b", "c"], q), "`#a`, `#b` or `#c`");
    }
}

//! The stylesheet of the highlighter's classes, from an arborium theme.

use std::fmt::Write as _;

use arborium_theme::highlights::{HIGHLIGHTS, capture_to_slot, slot_to_highlight_index};
use arborium_theme::{Style, Theme};

use super::PREFIX;

/// The stylesheet of the `hl-` classes, from arborium's "GitHub Light" theme (the default theme ships
/// it as `highlight.css`): flat rules, one per kind of token, that every browser and the
/// PDF renderer read. Italics are left out: comments in a Chinese site are Chinese, and
/// Chinese is never set in italics.
pub fn stylesheet() -> String {
    let theme = arborium_theme::builtin::github_light();
    let mut css = format!(
        "/* Code highlighting: arborium's \"{}\" theme, without italics.\n   Made by `cargo run --example highlight_css`. */\n",
        theme.name
    );
    css.push_str("pre.highlight {");
    if let Some(bg) = &theme.background {
        let _ = write!(css, " background: {};", bg.to_hex());
    }
    if let Some(fg) = &theme.foreground {
        let _ = write!(css, " color: {};", fg.to_hex());
    }
    css.push_str(" }\n");
    let mut done: Vec<&str> = Vec::new();
    for def in HIGHLIGHTS {
        let slot = capture_to_slot(def.name);
        let Some(name) = slot.name() else { continue };
        if done.contains(&name) {
            continue;
        }
        done.push(name);
        let style = slot_to_highlight_index(slot).and_then(|i| style_of(&theme, i));
        let rules = style.map(declarations).unwrap_or_default();
        if !rules.is_empty() {
            let _ = writeln!(css, ".{PREFIX}-{name} {{{rules} }}");
        }
    }
    css
}

/// The style of highlight `index` in `theme`, or its parent's when it has none.
fn style_of(theme: &Theme, index: usize) -> Option<&Style> {
    let own = theme.style(index).filter(|s| !s.is_empty());
    own.or_else(|| {
        let parent = HIGHLIGHTS[index].parent_tag;
        let at = HIGHLIGHTS
            .iter()
            .position(|h| !parent.is_empty() && h.tag == parent)?;
        theme.style(at).filter(|s| !s.is_empty())
    })
}

/// The CSS declarations of `style`, each with a leading space; italics left out.
fn declarations(style: &Style) -> String {
    let mut out = String::new();
    if let Some(fg) = &style.fg {
        let _ = write!(out, " color: {};", fg.to_hex());
    }
    if let Some(bg) = &style.bg {
        let _ = write!(out, " background: {};", bg.to_hex());
    }
    let lines: Vec<&str> = [
        (style.modifiers.underline, "underline"),
        (style.modifiers.strikethrough, "line-through"),
    ]
    .into_iter()
    .filter_map(|(on, line)| on.then_some(line))
    .collect();
    if !lines.is_empty() {
        let _ = write!(out, " text-decoration: {};", lines.join(" "));
    }
    if style.modifiers.bold {
        out.push_str(" font-weight: bold;");
    }
    out
}

//! Hugo shortcodes (`{{< name args >}}`, `{{% name %}}…{{% /name %}}`) turned into the
//! closest Markdown or HTML: `ref`/`relref` into source links, `figure`, `highlight`,
//! `youtube`, `vimeo`, `gist`, `x`/`tweet`, `instagram`, `details` and `param` into what
//! they render to. A shortcode brochure has no equivalent for is kept as written, where a
//! reader sees it, and counted.

use super::Report;

/// What a shortcode conversion needs from the page and the site.
pub struct Context<'a> {
    /// A `ref`/`relref` argument (and its `lang`) → the source link, `None` when no page
    /// has that path.
    pub resolve_ref: &'a dyn Fn(&str, Option<&str>) -> Option<String>,
    /// A `param` name → its value (the page's, else the site's).
    pub param: &'a dyn Fn(&str) -> Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct Arg {
    key: Option<String>,
    value: String,
}

#[derive(Debug, Clone)]
enum Token<'a> {
    Text(&'a str),
    /// An escaped shortcode (`{{</* x */>}}`): written without the comment marks.
    Literal(&'a str, String),
    Open {
        raw: &'a str,
        name: String,
        args: Vec<Arg>,
        closed: bool,
    },
    Close {
        raw: &'a str,
        name: String,
    },
}

impl Token<'_> {
    fn raw(&self) -> &str {
        match self {
            Token::Text(t)
            | Token::Literal(t, _)
            | Token::Open { raw: t, .. }
            | Token::Close { raw: t, .. } => t,
        }
    }
}

/// Converts every shortcode of `body`.
pub fn convert(body: &str, cx: &Context, report: &mut Report) -> String {
    if !body.contains("{{") {
        return body.to_string();
    }
    let tokens = tokenize(body);
    let mut out = String::with_capacity(body.len());
    render(&tokens, cx, report, &mut out);
    out
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(start) = find_opener(rest) {
        let closer = if rest[start..].starts_with("{{<") {
            ">}}"
        } else {
            "%}}"
        };
        let Some(len) = find_closer(&rest[start + 3..], closer) else {
            break;
        };
        if start > 0 {
            tokens.push(Token::Text(&rest[..start]));
        }
        let raw = &rest[start..start + 3 + len + 3];
        let inner = rest[start + 3..start + 3 + len].trim();
        tokens.push(token(raw, inner, &rest[start..start + 3], closer));
        rest = &rest[start + raw.len()..];
    }
    if !rest.is_empty() {
        tokens.push(Token::Text(rest));
    }
    tokens
}

fn find_opener(text: &str) -> Option<usize> {
    let a = text.find("{{<");
    let b = text.find("{{%");
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The length of the shortcode's inside, up to `closer`, outside quotes.
fn find_closer(text: &str, closer: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '`' => quote = Some(c),
            None if text[i..].starts_with(closer) => return Some(i),
            None if c == '\n' && text[..i].matches('\n').count() > 20 => return None,
            None => {}
        }
    }
    None
}

fn token<'a>(raw: &'a str, inner: &str, opener: &str, closer: &str) -> Token<'a> {
    if let Some(c) = inner.strip_prefix("/*").and_then(|c| c.strip_suffix("*/")) {
        return Token::Literal(raw, format!("{opener} {} {closer}", c.trim()));
    }
    if let Some(name) = inner.strip_prefix('/') {
        return Token::Close {
            raw,
            name: name.trim().to_string(),
        };
    }
    let (inner, closed) = match inner.strip_suffix('/') {
        Some(i) => (i.trim_end(), true),
        None => (inner, false),
    };
    let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    Token::Open {
        raw,
        name: name.to_string(),
        args: parse_args(args),
        closed,
    }
}

fn parse_args(text: &str) -> Vec<Arg> {
    let mut args = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return args;
        }
        let first = read_value(&mut chars);
        if chars.peek() == Some(&'=') {
            chars.next();
            let value = read_value(&mut chars);
            args.push(Arg {
                key: Some(first.to_lowercase()),
                value,
            });
        } else {
            args.push(Arg {
                key: None,
                value: first,
            });
        }
    }
}

fn read_value(chars: &mut std::iter::Peekable<std::str::Chars>) -> String {
    let mut out = String::new();
    match chars.peek().copied() {
        Some(q @ ('"' | '`')) => {
            chars.next();
            while let Some(c) = chars.next() {
                if c == '\\' && q == '"' {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                } else if c == q {
                    break;
                } else {
                    out.push(c);
                }
            }
        }
        _ => {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '=' {
                    break;
                }
                out.push(c);
                chars.next();
            }
        }
    }
    out
}

fn render(tokens: &[Token], cx: &Context, report: &mut Report, out: &mut String) {
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Text(t) => out.push_str(t),
            Token::Literal(_, text) => {
                report.add("shortcodes", "escaped ({{</* */>}}, written as text)");
                out.push_str(text);
            }
            Token::Close { raw, name } => {
                report.add("shortcodes kept as written", format!("/{name} (unmatched)"));
                out.push_str(raw);
            }
            Token::Open {
                raw,
                name,
                args,
                closed,
            } => {
                let end = if *closed {
                    None
                } else {
                    matching_close(tokens, i, name)
                };
                let inner = end.map(|j| &tokens[i + 1..j]);
                match convert_one(name, args, inner, cx, report) {
                    Some(text) => {
                        report.add("shortcodes converted", name.clone());
                        out.push_str(&text);
                    }
                    None => {
                        report.add("shortcodes kept as written", name.clone());
                        out.push_str(raw);
                        if let Some(inner) = inner {
                            render(inner, cx, report, out);
                            out.push_str(tokens[end.unwrap()].raw());
                        }
                    }
                }
                if let Some(j) = end {
                    i = j;
                }
            }
        }
        i += 1;
    }
}

fn matching_close(tokens: &[Token], open: usize, name: &str) -> Option<usize> {
    let mut depth = 0;
    for (j, t) in tokens.iter().enumerate().skip(open + 1) {
        match t {
            Token::Open {
                name: n,
                closed: false,
                ..
            } if n == name => depth += 1,
            Token::Close { name: n, .. } if n == name => {
                if depth == 0 {
                    return Some(j);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

fn arg<'a>(args: &'a [Arg], key: &str, position: usize) -> Option<&'a str> {
    args.iter()
        .find(|a| a.key.as_deref() == Some(key))
        .or_else(|| args.iter().filter(|a| a.key.is_none()).nth(position))
        .map(|a| a.value.as_str())
}

fn named<'a>(args: &'a [Arg], key: &str) -> Option<&'a str> {
    args.iter()
        .find(|a| a.key.as_deref() == Some(key))
        .map(|a| a.value.as_str())
}

fn esc(s: &str) -> String {
    let mut out = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

fn raw_text(tokens: &[Token]) -> String {
    tokens.iter().map(Token::raw).collect()
}

/// The conversion of one shortcode, `None` when brochure has no equivalent.
fn convert_one(
    name: &str,
    args: &[Arg],
    inner: Option<&[Token]>,
    cx: &Context,
    report: &mut Report,
) -> Option<String> {
    match name {
        "ref" | "relref" => {
            let target = arg(args, "path", 0)?;
            let found = (cx.resolve_ref)(target, named(args, "lang"));
            if found.is_none() {
                report.add(
                    "shortcodes kept as written",
                    format!("{name} to no page: {target}"),
                );
            }
            found
        }
        "figure" => Some(figure(args)),
        "highlight" => {
            let code = raw_text(inner?);
            let lang = arg(args, "lang", 0).unwrap_or("");
            Some(format!("```{lang}\n{}\n```", code.trim_matches('\n')))
        }
        "youtube" => {
            let id = arg(args, "id", 0)?;
            let title = named(args, "title").unwrap_or("YouTube video");
            Some(iframe(
                &format!("https://www.youtube-nocookie.com/embed/{id}"),
                title,
            ))
        }
        "vimeo" => {
            let id = arg(args, "id", 0)?;
            let title = named(args, "title").unwrap_or("Vimeo video");
            Some(iframe(
                &format!("https://player.vimeo.com/video/{id}"),
                title,
            ))
        }
        "gist" => {
            let user = arg(args, "user", 0)?;
            let id = arg(args, "id", 1)?;
            let file = arg(args, "file", 2)
                .map(|f| format!("?file={f}"))
                .unwrap_or_default();
            Some(format!(
                "<script src=\"https://gist.github.com/{}/{}.js{}\"></script>",
                esc(user),
                esc(id),
                esc(&file)
            ))
        }
        "x" | "tweet" | "twitter" => {
            let (user, id) = match (named(args, "user"), named(args, "id")) {
                (Some(u), Some(i)) => (u, i),
                _ => match args.len() {
                    1 => ("i", args[0].value.as_str()),
                    _ => (arg(args, "user", 0)?, arg(args, "id", 1)?),
                },
            };
            Some(format!(
                "[x.com/{user}/status/{id}](https://x.com/{user}/status/{id})"
            ))
        }
        "instagram" => {
            let id = arg(args, "id", 0)?;
            Some(format!(
                "[instagram.com/p/{id}](https://www.instagram.com/p/{id}/)"
            ))
        }
        "param" => {
            let key = arg(args, "name", 0)?;
            let value = (cx.param)(&key.to_lowercase());
            if value.is_none() {
                report.add(
                    "shortcodes kept as written",
                    format!("param with no value: {key}"),
                );
            }
            value
        }
        "details" => {
            let summary = named(args, "summary").unwrap_or("Details");
            let open = if named(args, "open").is_some_and(|o| o == "true") {
                " open"
            } else {
                ""
            };
            let mut body = String::new();
            render(inner?, cx, report, &mut body);
            Some(format!(
                "<details{open}>\n<summary>{}</summary>\n\n{}\n\n</details>",
                esc(summary),
                body.trim_matches('\n')
            ))
        }
        _ => None,
    }
}

fn iframe(src: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" loading=\"lazy\" allowfullscreen style=\"width:100%;aspect-ratio:16/9;border:0\"></iframe>",
        esc(src),
        esc(title)
    )
}

fn figure(args: &[Arg]) -> String {
    let src = named(args, "src").unwrap_or("");
    let alt = named(args, "alt")
        .or_else(|| named(args, "caption"))
        .or_else(|| named(args, "title"))
        .unwrap_or("");
    let mut img = format!("<img src=\"{}\" alt=\"{}\"", esc(src), esc(alt));
    for key in ["width", "height"] {
        if let Some(v) = named(args, key) {
            img.push_str(&format!(" {key}=\"{}\"", esc(v)));
        }
    }
    img.push('>');
    if let Some(link) = named(args, "link") {
        img = format!("<a href=\"{}\">{img}</a>", esc(link));
    }
    let class = named(args, "class")
        .map(|c| format!(" class=\"{}\"", esc(c)))
        .unwrap_or_default();
    let mut caption = String::new();
    if let Some(t) = named(args, "title") {
        caption.push_str(&format!("<strong>{}</strong> ", esc(t)));
    }
    if let Some(c) = named(args, "caption") {
        caption.push_str(&esc(c));
    }
    let caption = if caption.is_empty() {
        String::new()
    } else {
        format!("<figcaption>{}</figcaption>", caption.trim_end())
    };
    format!("<figure{class}>{img}{caption}</figure>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> (String, Report) {
        let resolve =
            |p: &str, _: Option<&str>| (p == "docs/a.md").then(|| "@/docs/a.zh.md".to_string());
        let param = |k: &str| (k == "version").then(|| "1.2".to_string());
        let cx = Context {
            resolve_ref: &resolve,
            param: &param,
        };
        let mut r = Report::default();
        (convert(body, &cx, &mut r), r)
    }

    #[test]
    fn refs_become_source_links_and_unknown_ones_stay() {
        let (out, r) = run("[a]({{< relref \"docs/a.md\" >}}) [b]({{< ref \"nope\" >}})");
        assert_eq!(out, "[a](@/docs/a.zh.md) [b]({{< ref \"nope\" >}})");
        assert_eq!(r.get("shortcodes converted", "relref"), 1);
        assert_eq!(r.get("shortcodes kept as written", "ref"), 1);
    }

    #[test]
    fn paired_and_self_closing_shortcodes() {
        let (out, _) =
            run("{{< highlight go \"linenos=table\" >}}\nfunc main() {}\n{{< /highlight >}}");
        assert_eq!(out, "```go\nfunc main() {}\n```");
        let (out, r) = run("{{% notice tip %}}\nv{{< param version >}}\n{{% /notice %}}");
        assert_eq!(out, "{{% notice tip %}}\nv1.2\n{{% /notice %}}");
        assert_eq!(r.get("shortcodes kept as written", "notice"), 1);
        let (out, _) = run("{{< figure src=\"a.png\" caption=\"图 1\" />}}");
        assert_eq!(
            out,
            "<figure><img src=\"a.png\" alt=\"图 1\"><figcaption>图 1</figcaption></figure>"
        );
    }

    #[test]
    fn escaped_shortcodes_are_text() {
        let (out, _) = run("`{{</* figure src=\"x\" */>}}`");
        assert_eq!(out, "`{{< figure src=\"x\" >}}`");
    }

    #[test]
    fn embeds() {
        let (out, _) = run(
            "{{< youtube w7Ft2ymGmfc >}}\n{{< x user=\"SanDiegoZoo\" id=\"1453110110599868418\" >}}\n{{< gist spf13 7896402 >}}",
        );
        assert!(
            out.contains("https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc"),
            "{out}"
        );
        assert!(
            out.contains("(https://x.com/SanDiegoZoo/status/1453110110599868418)"),
            "{out}"
        );
        assert!(
            out.contains("https://gist.github.com/spf13/7896402.js"),
            "{out}"
        );
    }
}

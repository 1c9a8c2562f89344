//! Template functions and filters: `t()`, `url()`, `asset()`, `image()`, `num` and `date`. They read the
//! page's language and path from the render state, so templates never pass them.

use std::sync::Arc;

use fluent::{FluentArgs, FluentValue};
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::content::{StaticFile, statics};
use crate::i18n::LookupError;
use crate::pipeline::Prepared;
use crate::resolve::Target;
use crate::urls::relative;

/// The context variable that holds the site path of the page being rendered.
pub const PATH_VAR: &str = "__brochure_path";

/// The context variable that, on a page a server shows at any URL (the 404 page), holds
/// `base_url`'s path: URLs then start from there instead of being relative.
pub const ROOT_VAR: &str = "__brochure_root";

/// Registers every function and filter; must run before templates are added.
pub fn register(tera: &mut Tera, shared: &Arc<Prepared>) {
    let s = Arc::clone(shared);
    tera.register_function("t", move |kwargs: Kwargs, state: &State| {
        translate(&s, &kwargs, state)
    });
    let s = Arc::clone(shared);
    tera.register_function("url", move |kwargs: Kwargs, state: &State| {
        url(&s, &kwargs, state)
    });
    let s = Arc::clone(shared);
    tera.register_function("asset", move |kwargs: Kwargs, state: &State| {
        asset(&s, &kwargs, state)
    });
    let s = Arc::clone(shared);
    tera.register_function("image", move |kwargs: Kwargs, state: &State| {
        image(&s, &kwargs, state)
    });
    let s = Arc::clone(shared);
    tera.register_function("inline", move |kwargs: Kwargs, _: &State| {
        inline(&s, &kwargs)
    });
    let s = Arc::clone(shared);
    tera.register_function("data_uri", move |kwargs: Kwargs, _: &State| {
        data_uri(&s, &kwargs)
    });
    let s = Arc::clone(shared);
    tera.register_filter("num", move |value: Value, _: Kwargs, state: &State| {
        number(&s, &value, state)
    });
    let s = Arc::clone(shared);
    tera.register_filter(
        "date",
        move |value: Value, kwargs: Kwargs, state: &State| date(&s, &value, &kwargs, state),
    );
}

/// The language a function works in: its `lang=` argument, else the context's `lang`.
fn lang_of(shared: &Prepared, kwargs: &Kwargs, state: &State) -> TeraResult<usize> {
    // A `Value` holding a short string clones without allocating: this runs on every call.
    let value = match kwargs.get::<Value>("lang")? {
        Some(v) => v,
        None => state
            .get::<Value>("lang")?
            .ok_or_else(|| Error::message("no `lang` in the context"))?,
    };
    let code = value.as_str().unwrap_or_default();
    shared
        .site
        .config
        .language_index(code)
        .ok_or_else(|| Error::message(format!("`{value}` is not a language of this site")))
}

/// The URL of site path `to` on the page being rendered (at `from`).
fn link(state: &State, from: &str, to: &str, offline: bool) -> TeraResult<String> {
    Ok(match state.get::<String>(ROOT_VAR)? {
        Some(root) => crate::urls::from_root(&root, to),
        None => relative(from, to, offline),
    })
}

fn current_path(state: &State) -> TeraResult<String> {
    state
        .get::<String>(PATH_VAR)?
        .ok_or_else(|| Error::message("url functions need the page being rendered"))
}

/// `t(key="students", count=2664)`: the Fluent string in the page's language.
fn translate(shared: &Prepared, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let key = kwargs.must_get::<&str>("key")?;
    let lang = lang_of(shared, kwargs, state)?;
    let mut args = FluentArgs::new();
    for (name, value) in kwargs.iter() {
        match name.as_str() {
            Some("key" | "lang") | None => {}
            Some(name) => args.set(name.to_string(), fluent_value(value)),
        }
    }
    let code = &shared.site.config.languages[lang].code;
    match shared.locales.format(lang, key, &args) {
        Ok((text, _)) => Ok(Value::safe_string(&text)),
        Err(LookupError::Missing) => Err(Error::message(format!(
            "unknown translation key `{key}`: no locale defines it (add it to locales/{code}/*.ftl)"
        ))),
        Err(LookupError::Format(why)) => Err(Error::message(format!(
            "translation `{key}` in {code} could not be formatted: {why}"
        ))),
    }
}

/// Numbers stay numbers (plurals and grouping depend on it); text is escaped, because the
/// message's own markup is trusted and its arguments are not.
fn fluent_value(value: &Value) -> FluentValue<'static> {
    if let Some(i) = value.as_i64() {
        FluentValue::from(i)
    } else if let Some(f) = value.as_f64() {
        FluentValue::from(f)
    } else if let Some(s) = value.as_str() {
        FluentValue::from(escape_html(s))
    } else {
        FluentValue::from(escape_html(&value.to_string()))
    }
}

/// Escapes text for HTML, with Tera's escaper.
pub fn escape_html(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    tera::escape_html(s, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// `url(path="@/partners/mit.md")` or `url(path="/en/partners/")`, relative to the page.
fn url(shared: &Prepared, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let path = kwargs.must_get::<&str>("path")?;
    let from = current_path(state)?;
    let offline = shared.site.options.offline;
    if path.starts_with('/') {
        let to = crate::urls::decode_site_path(path);
        return Ok(Value::from(link(state, &from, &to, offline)?));
    }
    if !path.starts_with("@/") {
        return Err(Error::message(format!(
            "url(path=\"{path}\"): give a content path (`@/partners/mit.md`) or a site path (`/en/partners/`)"
        )));
    }
    let lang = lang_of(shared, kwargs, state)?;
    let site = &shared.site;
    let not_found = || Error::message(format!("url(path=\"{path}\"): there is no such page"));
    match site
        .lookup
        .target(&site.info, lang, "", path)
        .map_err(|_| not_found())?
    {
        Target::Page {
            index, fragment, ..
        } => {
            let mut to = site.info[index].path.clone();
            if let Some(f) = fragment {
                if !site.info[index].analysis.anchors.contains(&f) {
                    return Err(Error::message(format!(
                        "url(path=\"{path}\"): the page has no anchor `#{f}`"
                    )));
                }
                to = format!("{to}#{f}");
            }
            Ok(Value::from(link(state, &from, &to, offline)?))
        }
        Target::SitePath(to) => Ok(Value::from(link(state, &from, &to, offline)?)),
        Target::AsIs => Err(not_found()),
    }
}

/// `asset(path="style.css")`: a static file, relative to the page.
fn asset(shared: &Prepared, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let decoded = crate::urls::percent_decode(kwargs.must_get::<&str>("path")?);
    let path = decoded.trim_start_matches('/');
    if !shared.statics.contains(path) {
        return Err(Error::message(format!(
            "asset(path=\"{path}\"): no such file in the theme's or the site's static/ folder"
        )));
    }
    let from = current_path(state)?;
    let to = format!("/{path}");
    Ok(Value::from(link(
        state,
        &from,
        &to,
        shared.site.options.offline,
    )?))
}

/// What `image()` gives a template.
#[derive(serde::Serialize)]
struct ImageValue {
    /// The variant for `width` (the widest when no width is asked), relative to the page.
    url: String,
    /// The size to show: `width` when asked (never wider than the image), else the
    /// variant's, with the height that keeps the proportions.
    width: u32,
    height: u32,
    /// The variants in the source format, and in WebP (`""` for SVG, GIF, static files).
    srcset: String,
    webp_srcset: String,
    /// The `sizes` attribute for the theme's text column.
    sizes: &'static str,
}

/// `image(path="@/history/campus.jpg", width=480)` (a content image) or
/// `image(path="logo.svg")` (a static file): see [`ImageValue`].
fn image(shared: &Prepared, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let path = kwargs.must_get::<&str>("path")?;
    let wanted = kwargs.get::<u32>("width")?;
    let from = current_path(state)?;
    let offline = shared.site.options.offline;
    let site = &shared.site;
    let code = &site.config.default_language().code;
    let url = |rel: &str| link(state, &from, &format!("/{rel}"), offline).unwrap_or_default();
    let (rel, info, plan) = if let Some(content) = path.strip_prefix("@/") {
        let stored = site.asset_path(content).unwrap_or_default();
        let (a, info) = site.image_at(&stored).ok_or_else(|| {
            Error::message(format!(
                "image(path=\"{path}\"): no such image under content/"
            ))
        })?;
        let plan = crate::images::plan(info, &site.config.images.widths);
        (format!("{code}/{}", site.assets[a].published), *info, plan)
    } else {
        let file = static_file(shared, kwargs, "image")?;
        let rel = path.trim_start_matches('/').to_string();
        let format = crate::images::Format::from_path(&rel);
        let info = format
            .and_then(|f| crate::images::probe(f, &file.bytes).ok())
            .ok_or_else(|| {
                Error::message(format!(
                    "image(path=\"{path}\"): not a JPEG, PNG, WebP, GIF or SVG image"
                ))
            })?;
        (rel, info, Vec::new())
    };
    let published = crate::images::html::Published {
        rel: &rel,
        info: &info,
        plan: &plan,
    };
    let (full_width, full_height) = published.size();
    let chosen = wanted
        .and_then(|w| plan.iter().copied().find(|&p| p >= w))
        .or(plan.last().copied());
    let shown_width = wanted.map_or(full_width, |w| w.min(full_width)).max(1);
    let value = ImageValue {
        url: url(&chosen.map_or(rel.clone(), |w| published.path(w, info.format))),
        width: shown_width,
        height: ((u64::from(full_height) * u64::from(shown_width) + u64::from(full_width) / 2)
            / u64::from(full_width))
        .max(1) as u32,
        srcset: published.srcset(info.format, &url),
        webp_srcset: if info.format == crate::images::Format::WebP || plan.is_empty() {
            String::new()
        } else {
            published.srcset(crate::images::Format::WebP, &url)
        },
        sizes: crate::images::html::SIZES,
    };
    Ok(Value::from_serializable(&value))
}

fn static_file<'a>(
    shared: &'a Prepared,
    kwargs: &Kwargs,
    function: &str,
) -> TeraResult<&'a StaticFile> {
    let path = kwargs.must_get::<&str>("path")?.trim_start_matches('/');
    shared.statics.get(path).ok_or_else(|| {
        Error::message(format!(
            "{function}(path=\"{path}\"): no such file in the theme's or the site's static/ folder"
        ))
    })
}

/// `inline(path="print.css")`: a static text file's content, for `<style>` in
/// self-contained documents.
fn inline(shared: &Prepared, kwargs: &Kwargs) -> TeraResult<Value> {
    let file = static_file(shared, kwargs, "inline")?;
    let text = std::str::from_utf8(&file.bytes).map_err(|_| {
        Error::message(format!("inline: {} is not UTF-8 text", file.path.display()))
    })?;
    Ok(Value::safe_string(text))
}

/// `data_uri(path="logo.png")`: a static file as a `data:` URI.
fn data_uri(shared: &Prepared, kwargs: &Kwargs) -> TeraResult<Value> {
    let file = static_file(shared, kwargs, "data_uri")?;
    Ok(Value::from(statics::data_uri(&file.path, &file.bytes)))
}

/// `{{ page.date | date(format="long") }}` → `2026年3月1日` / `March 1, 2026`, in the
/// page's locale; `format` is `long` (the default), `medium`, `short` or `year_month`.
fn date(shared: &Prepared, value: &Value, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    use crate::date_format::Format;
    let text = value.as_str().unwrap_or_default();
    let day = crate::date::PageDate::parse(text).ok_or_else(|| {
        Error::message(format!(
            "`date` needs a date such as `page.date`, not `{value}`"
        ))
    })?;
    let name = kwargs.get::<&str>("format")?.unwrap_or("long");
    let format = Format::parse(name).ok_or_else(|| {
        Error::message(format!(
            "`date(format=\"{name}\")`: the formats are {}",
            Format::NAMES
        ))
    })?;
    let lang = lang_of(shared, &Kwargs::default(), state)?;
    Ok(Value::from(shared.locales.format_date(lang, day, format)))
}

/// `{{ 2664 | num }}` → `2,664`, in the page's locale.
fn number(shared: &Prepared, value: &Value, state: &State) -> TeraResult<Value> {
    let n = value
        .as_f64()
        .ok_or_else(|| Error::message(format!("`num` needs a number, not `{value}`")))?;
    let lang = lang_of(shared, &Kwargs::default(), state)?;
    Ok(Value::from(shared.locales.format_number(lang, n)))
}

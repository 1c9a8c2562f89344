//! The template context, exactly as DESIGN.md lists it. Every URL in it is relative to the
//! page being rendered. The data tree is built once per language and shared.

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::functions::{PATH_VAR, ROOT_VAR};
use crate::config::Text;
use crate::content::{PageKind, StaticFiles};
use crate::markdown::Heading;
use crate::output::print::Edition;
use crate::pipeline::Prepared;
use crate::resolve::Site;
use crate::urls::{permalink, relative};

/// The context shared by every kind of page.
pub fn base_context(prepared: &Prepared, lang: usize, path: &str) -> Context {
    let site = &prepared.site;
    let l = &site.config.languages[lang];
    let mut ctx = Context::new();
    ctx.insert("lang", &l.code);
    ctx.insert("locale", &l.locale);
    ctx.insert("script", l.script.name());
    ctx.insert_value("data", site.data.per_language[lang].clone());
    ctx.insert(PATH_VAR, path);
    ctx
}

/// The context of content page `i`, its HTML (from the pipeline's one Markdown parse)
/// as `page.content` and, on sections and homes, `section.content`; an error when that
/// HTML was let go and its file changed since ([`Site::html`]).
pub fn content_context(prepared: &Prepared, i: usize) -> crate::diagnostic::Result<Context> {
    listing_context(prepared, i, 1, None)
}

/// The context of listing page `k` (1-based) of content page `i`: for a section with
/// `paginate_by`, `paginator` holds that page's share of the section's pages. Listing
/// pages after the first live at `<section>/page/<k>/` and show the list only: the
/// section's text, with its relative links, stays on the first.
/// Pages listed in `section` come from `listed` when it holds them. An error when the
/// page's HTML was let go and its file changed since ([`Site::html`]).
pub fn listing_context(
    prepared: &Prepared,
    i: usize,
    k: usize,
    listed: Option<&Listed>,
) -> crate::diagnostic::Result<Context> {
    let site = &prepared.site;
    let (page, info) = (&site.pages[i], &site.info[i]);
    let path = pager_path(&info.path, k);
    let builder = Builder {
        site,
        from: &path,
        lang: page.lang,
        root: None,
    };
    let html = match k {
        1 => site.html(i)?,
        _ => "".into(),
    };
    let mut ctx = base_context(prepared, page.lang, &path);
    ctx.insert("site", &builder.site(Some(i)));
    ctx.insert("identity", &builder.identity(&prepared.statics, Logo::Url));
    ctx.insert("editions", &builder.editions(prepared, Some(page.lang)));
    ctx.insert(
        "switcher",
        &builder.switcher(&info.translations, Some(page.lang)),
    );
    ctx.insert("feeds", &builder.feeds(Some(i)));
    if let Some(search) = builder.search() {
        ctx.insert("search", &search);
    }
    ctx.insert("share", &super::share::share(site, &prepared.statics, i));
    if page.kind != PageKind::Page {
        let section = builder.section(i, listed);
        ctx.insert_value("section", with_html(section, &html));
        if let Some(per) = page.front.paginate_by {
            ctx.insert("paginator", &builder.paginator(i, per, k));
        }
    }
    let page = Value::from_serializable(&builder.page(i));
    ctx.insert_value("page", with_html(page, &html));
    Ok(ctx)
}

/// How many listing pages section `i` has (1 without `paginate_by`).
pub fn listing_pages(site: &Site, i: usize) -> usize {
    match site.pages[i].front.paginate_by {
        Some(per) if per > 0 => site.info[i].pages.len().div_ceil(per).max(1),
        _ => 1,
    }
}

/// The site path of listing page `k` of the section at `path`: `path` itself for the first,
/// `<path>page/<k>/` after it.
pub fn pager_path(path: &str, k: usize) -> String {
    if k <= 1 {
        path.to_string()
    } else {
        format!("{path}page/{k}/")
    }
}

/// One entry of `feeds`.
#[derive(Serialize)]
pub struct FeedCtx {
    title: String,
    url: String,
}

/// `paginator` on a listing page.
#[derive(Serialize)]
pub struct PaginatorCtx {
    pages: Vec<PageCtx>,
    current: usize,
    total: usize,
    paginate_by: usize,
    first: String,
    last: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

/// Sets `content` to the page's HTML, marked safe so templates print it as it is.
pub fn with_html(value: Value, html: &str) -> Value {
    let mut map = value.into_map().expect("page contexts serialize to maps");
    map.insert("content".into(), Value::safe_string(html));
    Value::from(map)
}

/// The context of a page with no content file: a 404 page or the landing page.
///
/// A server shows the 404 page at whatever URL was missing (`/zh/a/b/missing`), so its
/// URLs start from the server's root under `base_url`'s path instead of being relative
/// (except offline, where no server shows it).
pub fn synthetic_context(prepared: &Prepared, lang: usize, path: &str, kind: Kind) -> Context {
    let site = &prepared.site;
    let root = (kind == Kind::NotFound && !site.options.offline)
        .then(|| crate::urls::base_path(&site.config.base_url));
    let builder = Builder {
        site,
        from: path,
        lang,
        root: root.as_deref(),
    };
    let title = site.config.title.resolve(
        &site.config.languages[lang].code,
        &site.config.default_language().code,
    );
    let mut ctx = base_context(prepared, lang, path);
    if let Some(root) = &root {
        ctx.insert(ROOT_VAR, root);
    }
    ctx.insert("site", &builder.site(None));
    ctx.insert("identity", &builder.identity(&prepared.statics, Logo::Url));
    let of = (kind != Kind::Landing).then_some(lang);
    ctx.insert("editions", &builder.editions(prepared, of));
    let (translations, current) = match kind {
        Kind::Landing => (builder.homes(), None),
        _ => (Vec::new(), Some(lang)),
    };
    ctx.insert("switcher", &builder.switcher(&translations, current));
    ctx.insert("feeds", &builder.feeds(None));
    if let Some(search) = builder.search() {
        ctx.insert("search", &search);
    }
    ctx.insert("page", &builder.synthetic_page(kind, title));
    ctx
}

/// What kind of output a context is for (templates see it as `page.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Home,
    Section,
    Page,
    NotFound,
    Landing,
    /// A print edition.
    Print,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Home => "home",
            Kind::Section => "section",
            Kind::Page => "page",
            Kind::NotFound => "404",
            Kind::Landing => "landing",
            Kind::Print => "print",
        }
    }

    /// The kind of a content page.
    pub fn of(kind: PageKind) -> Kind {
        match kind {
            PageKind::Home => Kind::Home,
            PageKind::Section => Kind::Section,
            PageKind::Page => Kind::Page,
        }
    }
}

#[derive(Serialize)]
pub struct SiteCtx {
    title: String,
    description: String,
    base_url: String,
    default_language: String,
    languages: Vec<LanguageCtx>,
    sections: Vec<NavCtx>,
}

/// `identity`: site.yaml's `identity` resolved to the page's language. Unset keys are
/// absent, so templates test them with `is defined` and show nothing for them.
#[derive(Serialize, Default)]
pub struct IdentityCtx {
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<ContactCtx>,
    #[serde(skip_serializing_if = "Option::is_none")]
    copyright: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icp: Option<String>,
}

/// `identity.contact`, present when at least one of its keys is set.
#[derive(Serialize, Default, PartialEq, Eq)]
struct ContactCtx {
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// How `identity.logo` reaches a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logo {
    /// A URL relative to the page, like `asset()` gives.
    Url,
    /// A `data:` URI, for the self-contained print editions.
    Inline,
}

/// One entry of `editions`: a print edition, and its PDF when `brochure pdf` printed one.
#[derive(Serialize)]
pub struct EditionCtx {
    /// `zh`, `en`, `bilingual`, `zh-ja`.
    name: String,
    /// The languages it holds, in order (one, or two side by side).
    languages: Vec<EditionLanguage>,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pdf: Option<String>,
}

#[derive(Serialize)]
struct EditionLanguage {
    code: String,
    locale: String,
    name: String,
}

#[derive(Serialize)]
struct LanguageCtx {
    code: String,
    locale: String,
    name: String,
    url: String,
    title: String,
}

#[derive(Serialize)]
struct NavCtx {
    title: String,
    url: String,
    weight: Option<i64>,
    current: bool,
}

#[derive(Serialize)]
pub struct LinkCtx {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct TranslationCtx {
    code: String,
    locale: String,
    name: String,
    title: String,
    url: String,
    permalink: String,
}

#[derive(Serialize)]
pub struct SwitchCtx {
    code: String,
    locale: String,
    name: String,
    url: String,
    current: bool,
    translated: bool,
}

#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// `page` (and the page part of `section`).
#[derive(Serialize)]
pub struct PageCtx {
    title: String,
    description: String,
    date: Option<crate::date::PageDate>,
    updated: Option<crate::date::PageDate>,
    weight: Option<i64>,
    extra: serde_yaml::Mapping,
    /// Absent on pages listed in `section.pages` (their links are relative to themselves);
    /// the renderer sets it, marked safe, on the page shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<String>,
    summary: String,
    toc: Vec<TocEntry>,
    word_count: usize,
    reading_time: usize,
    url: String,
    permalink: String,
    slug: String,
    kind: &'static str,
    translations: Vec<TranslationCtx>,
    previous: Option<LinkCtx>,
    next: Option<LinkCtx>,
    /// On a fallback page (a missing translation shown in the default language's text):
    /// that language, `{code, locale, name}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback: Option<FallbackCtx>,
    /// The sections that hold the page, its language's home first, its own section last
    /// (empty on a home): for a full breadcrumb or a docs sidebar.
    ancestors: Vec<LinkCtx>,
}

/// The language a fallback page's text is written in.
#[derive(Serialize)]
pub struct FallbackCtx {
    code: String,
    locale: String,
    name: String,
}

/// The values of pages as listings show them ([`Builder::page`]), by the site path they
/// are seen from and the page: `serve` keeps them between runs and forgets those of the
/// pages an edit changed (a body edit changes that page's value only: its neighbours,
/// translations and sections show its front matter).
///
/// They are those of one language at a time ([`Listed::hold`]): a home's `section` holds a
/// value per page of its language (49 MB on the 5k benchmark site), so a run that renders
/// the listings of two languages renders them one language after the other, and never
/// holds both languages' values.
#[derive(Default)]
pub struct Listed {
    /// Read by many threads at once (a section's pages are valued in parallel).
    held: std::sync::RwLock<Held>,
}

/// The language whose values are held, and by the path seen from, then by page, its
/// values.
#[derive(Default)]
struct Held {
    lang: Option<usize>,
    values: rustc_hash::FxHashMap<Box<str>, Seen>,
}

/// The values of pages seen from one path, by page.
type Seen = rustc_hash::FxHashMap<usize, Value>;

impl Listed {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Held> {
        self.held.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Held> {
        self.held.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Holds the values of language `lang` from now on: forgets any other's.
    pub fn hold(&self, lang: usize) {
        let mut held = self.write();
        if held.lang != Some(lang) {
            *held = Held {
                lang: Some(lang),
                values: Default::default(),
            };
        }
    }

    /// The language whose values are held, if any.
    pub fn language(&self) -> Option<usize> {
        self.read().lang
    }

    fn get(&self, lang: usize, from: &str, page: usize) -> Option<Value> {
        let held = self.read();
        if held.lang != Some(lang) {
            return None;
        }
        held.values.get(from)?.get(&page).cloned()
    }

    /// Keeps `value` when `lang` is the language held.
    fn put(&self, lang: usize, from: &str, page: usize, value: Value) {
        let mut held = self.write();
        if held.lang != Some(lang) {
            return;
        }
        match held.values.get_mut(from) {
            Some(seen) => {
                seen.insert(page, value);
            }
            None => {
                held.values
                    .insert(from.into(), [(page, value)].into_iter().collect());
            }
        }
    }

    /// Forgets the values of `pages`, wherever they were seen from.
    pub fn forget(&self, pages: &[usize]) {
        let mut held = self.write();
        for seen in held.values.values_mut() {
            for page in pages {
                seen.remove(page);
            }
        }
    }
}

/// Builds context parts for pages of one site, relative to the page rendered (`from`).
pub struct Builder<'a> {
    pub site: &'a Site,
    /// The site path of the page being rendered.
    pub from: &'a str,
    /// Its language.
    pub lang: usize,
    /// For a page shown at any URL (the 404 page): `base_url`'s path, from which its URLs
    /// start instead of being relative.
    pub root: Option<&'a str>,
}

/// `search`, when the site has search: the scripts of the page's language's search and the
/// output's root, as URLs from the page (the theme's script joins a result's URL to `root`).
#[derive(Serialize)]
pub struct SearchCtx {
    runtime: String,
    index: String,
    root: String,
}

impl Builder<'_> {
    /// `search` (see [`SearchCtx`]), absent with `search: false`.
    fn search(&self) -> Option<SearchCtx> {
        if !self.site.config.search {
            return None;
        }
        let code = &self.site.config.languages[self.lang].code;
        let file = crate::search::index_file(code);
        let index = self.url(&format!("/{file}"));
        let root = index.strip_suffix(&file).unwrap_or_default().to_string();
        Some(SearchCtx {
            runtime: self.url(&format!("/{}", crate::search::RUNTIME_FILE)),
            index,
            root,
        })
    }

    fn url(&self, to: &str) -> String {
        match self.root {
            Some(root) => crate::urls::from_root(root, to),
            None => relative(self.from, to, self.site.options.offline),
        }
    }

    fn home_path(&self, lang: usize) -> String {
        format!("/{}/", self.site.config.languages[lang].code)
    }

    /// `site`, with `current` marking the section that holds `page` (if any).
    pub fn site(&self, page: Option<usize>) -> SiteCtx {
        let config = &self.site.config;
        let default = &config.default_language().code;
        let resolve = |lang: usize| config.title.resolve(&config.languages[lang].code, default);
        let languages = config
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| LanguageCtx {
                code: l.code.clone(),
                locale: l.locale.clone(),
                name: l.name.clone(),
                url: self.url(&self.home_path(i)),
                title: resolve(i),
            })
            .collect();
        let current = page.map(|p| self.top_section_of(p));
        let sections = self.site.languages[self.lang]
            .sections
            .iter()
            .map(|&s| NavCtx {
                title: self.site.pages[s].front.title.clone(),
                url: self.url(&self.site.info[s].path),
                weight: self.site.pages[s].front.weight,
                current: current == Some(Some(s)),
            })
            .collect();
        SiteCtx {
            title: resolve(self.lang),
            description: config
                .description
                .as_ref()
                .map(|d| d.resolve(&config.languages[self.lang].code, default))
                .unwrap_or_default(),
            base_url: config.base_url.clone(),
            default_language: default.clone(),
            languages,
            sections,
        }
    }

    /// The top-level section that is `page` or holds it.
    fn top_section_of(&self, page: usize) -> Option<usize> {
        let tops = &self.site.languages[self.lang].sections;
        std::iter::successors(Some(page), |&p| self.site.info[p].parent).find(|p| tops.contains(p))
    }

    /// `page` for content page `i`, without `content` (see [`PageCtx`]).
    pub fn page(&self, i: usize) -> PageCtx {
        let site = self.site;
        let (page, info) = (&site.pages[i], &site.info[i]);
        let link = |j: usize| LinkCtx {
            title: site.pages[j].front.title.clone(),
            url: self.url(&site.info[j].path),
        };
        PageCtx {
            title: page.front.title.clone(),
            description: page.front.description.clone().unwrap_or_default(),
            date: page.front.date,
            updated: page.front.updated,
            weight: page.front.weight,
            extra: page.front.extra.clone(),
            content: None,
            summary: info.analysis.summary.clone(),
            toc: toc(&info.analysis.headings),
            word_count: info.analysis.word_count,
            reading_time: info.analysis.reading_time,
            url: self.url(&info.path),
            permalink: permalink(&site.config.base_url, &info.path),
            slug: slug_of(&info.path),
            kind: Kind::of(page.kind).name(),
            // A fallback is no translation: it claims none, and no page claims it.
            translations: if page.fallback {
                Vec::new()
            } else {
                self.translations(&info.translations)
            },
            previous: info.previous.map(link),
            next: info.next.map(link),
            fallback: page.fallback.then(|| {
                let l = &site.config.languages[page.text_lang()];
                FallbackCtx {
                    code: l.code.clone(),
                    locale: l.locale.clone(),
                    name: l.name.clone(),
                }
            }),
            ancestors: self.ancestors(i).map(link).collect(),
        }
    }

    /// The sections holding page `i`, outermost (the home) first.
    fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> {
        let chain: Vec<usize> =
            std::iter::successors(self.site.info[i].parent, |&p| self.site.info[p].parent)
                .collect();
        chain.into_iter().rev()
    }

    /// `section` for section or home `i`: its [`Builder::page`] fields, `parent` (`{title,
    /// url}` of the section or home that holds it; absent on a home), `pages` and
    /// `subsections`, the values of the pages taken from `listed` when it has them (a
    /// home's `section` holds every page of its language; `serve` makes again only those
    /// of the pages an edit changed).
    pub fn section(&self, i: usize, listed: Option<&Listed>) -> Value {
        let info = &self.site.info[i];
        let mut map = self
            .page_value(i, listed)
            .into_map()
            .expect("page contexts serialize to maps");
        if let Some(p) = info.parent {
            let parent = LinkCtx {
                title: self.site.pages[p].front.title.clone(),
                url: self.url(&self.site.info[p].path),
            };
            map.insert("parent".into(), Value::from_serializable(&parent));
        }
        // In parallel: a home's section holds a value per page of its language.
        let pages: Vec<Value> = (info.pages.par_iter())
            .map(|&p| self.page_value(p, listed))
            .collect();
        map.insert("pages".into(), Value::from(pages));
        let subsections: Vec<Value> = (info.subsections.par_iter())
            .map(|&s| self.section(s, listed))
            .collect();
        map.insert("subsections".into(), Value::from(subsections));
        Value::from(map)
    }

    /// [`Builder::page`] of page `i` as a value, from `listed` when it has it.
    fn page_value(&self, i: usize, listed: Option<&Listed>) -> Value {
        let Some(listed) = listed else {
            return Value::from_serializable(&self.page(i));
        };
        if let Some(value) = listed.get(self.lang, self.from, i) {
            return value;
        }
        let value = Value::from_serializable(&self.page(i));
        listed.put(self.lang, self.from, i, value.clone());
        value
    }

    /// `feeds`: the Atom feeds a page links in its head, each `{title, url}` with `url`
    /// absolute: its language's, and that of the date-sorted section that is or holds it.
    pub fn feeds(&self, page: Option<usize>) -> Vec<FeedCtx> {
        let site = self.site;
        let config = &site.config;
        let code = &config.languages[self.lang].code;
        let site_title = config.title.resolve(code, &config.default_language().code);
        let holds = |section: usize| {
            std::iter::successors(page, |&p| site.info[p].parent).any(|p| p == section)
        };
        site.feeds
            .iter()
            .filter(|f| f.lang == self.lang && f.section.is_none_or(holds))
            .map(|f| FeedCtx {
                title: match f.section {
                    Some(s) => format!("{} | {site_title}", site.pages[s].front.title),
                    None => site_title.clone(),
                },
                url: permalink(&config.base_url, &f.path),
            })
            .collect()
    }

    /// `paginator` for listing page `k` of section `i`, `per` pages each.
    pub fn paginator(&self, i: usize, per: usize, k: usize) -> PaginatorCtx {
        let info = &self.site.info[i];
        let total = listing_pages(self.site, i);
        let at = |k: usize| self.url(&pager_path(&info.path, k));
        PaginatorCtx {
            pages: info
                .pages
                .iter()
                .skip((k - 1) * per)
                .take(per)
                .map(|&p| self.page(p))
                .collect(),
            current: k,
            total,
            paginate_by: per,
            first: at(1),
            last: at(total),
            previous: (k > 1).then(|| at(k - 1)),
            next: (k < total).then(|| at(k + 1)),
        }
    }

    fn translations(&self, translations: &[Option<usize>]) -> Vec<TranslationCtx> {
        let site = self.site;
        translations
            .iter()
            .enumerate()
            .filter_map(|(lang, t)| {
                let t = (*t).filter(|&t| !site.pages[t].fallback)?;
                let l = &site.config.languages[lang];
                Some(TranslationCtx {
                    code: l.code.clone(),
                    locale: l.locale.clone(),
                    name: l.name.clone(),
                    title: site.pages[t].front.title.clone(),
                    url: self.url(&site.info[t].path),
                    permalink: permalink(&site.config.base_url, &site.info[t].path),
                })
            })
            .collect()
    }

    /// `switcher`: each language, leading to the translation or else to its home.
    pub fn switcher(
        &self,
        translations: &[Option<usize>],
        current: Option<usize>,
    ) -> Vec<SwitchCtx> {
        let site = self.site;
        site.config
            .languages
            .iter()
            .enumerate()
            .map(|(lang, l)| {
                let target = translations.get(lang).copied().flatten();
                let path =
                    target.map_or_else(|| self.home_path(lang), |t| site.info[t].path.clone());
                SwitchCtx {
                    code: l.code.clone(),
                    locale: l.locale.clone(),
                    name: l.name.clone(),
                    url: self.url(&path),
                    current: current == Some(lang),
                    translated: target.is_some(),
                }
            })
            .collect()
    }

    /// `page` for a page with no content file (404, landing).
    pub fn synthetic_page(&self, kind: Kind, title: String) -> PageCtx {
        let translations = match kind {
            Kind::Landing => self.homes(),
            _ => vec![None; self.site.config.languages.len()],
        };
        let mut own = self.translations(&translations);
        if kind != Kind::Landing {
            let l = &self.site.config.languages[self.lang];
            own.push(TranslationCtx {
                code: l.code.clone(),
                locale: l.locale.clone(),
                name: l.name.clone(),
                title: title.clone(),
                url: self.url(self.from),
                permalink: permalink(&self.site.config.base_url, self.from),
            });
        }
        PageCtx {
            title,
            description: String::new(),
            date: None,
            updated: None,
            weight: None,
            extra: serde_yaml::Mapping::new(),
            content: Some(String::new()),
            summary: String::new(),
            toc: Vec::new(),
            word_count: 0,
            reading_time: 0,
            url: self.url(self.from),
            permalink: permalink(&self.site.config.base_url, self.from),
            slug: slug_of(self.from),
            kind: kind.name(),
            translations: own,
            previous: None,
            next: None,
            fallback: None,
            ancestors: Vec::new(),
        }
    }

    /// `identity`, in this page's language (falling back to the default language).
    pub fn identity(&self, statics: &StaticFiles, logo: Logo) -> IdentityCtx {
        let config = &self.site.config;
        let identity = &config.identity;
        let (lang, default) = (
            &config.languages[self.lang].code,
            &config.default_language().code,
        );
        let text = |t: &Option<Text>| {
            t.as_ref()
                .map(|t| t.resolve(lang, default))
                .filter(|s| !s.trim().is_empty())
        };
        let logo = identity.logo_file(statics).map(|rel| match logo {
            Logo::Url => self.url(&format!("/{rel}")),
            Logo::Inline => {
                let file = &statics.files[rel];
                crate::content::statics::data_uri(&file.path, &file.bytes)
            }
        });
        let contact = identity.contact.as_ref().map(|c| ContactCtx {
            address: text(&c.address),
            phone: text(&c.phone),
            email: c.email.clone(),
            url: c.url.clone(),
        });
        IdentityCtx {
            logo,
            organization: text(&identity.organization),
            parent_url: identity.parent_url.clone(),
            contact: contact.filter(|c| *c != ContactCtx::default()),
            copyright: text(&identity.copyright),
            icp: text(&identity.icp),
        }
    }

    /// `editions`: the print editions that hold language `of` (all of them for `None`),
    /// each with its PDF when the output holds one; none when the theme prints none.
    pub fn editions(&self, prepared: &Prepared, of: Option<usize>) -> Vec<EditionCtx> {
        if !prepared.sources.templates.contains_key("print.html") {
            return Vec::new();
        }
        let config = &self.site.config;
        let pdfs = crate::output::kept::pdf_files(config);
        Edition::all(config)
            .into_iter()
            .filter(|e| match (*e, of) {
                (_, None) => true,
                (Edition::Language(l), Some(lang)) => l == lang,
                (Edition::SideBySide(l), Some(lang)) => lang == 0 || l == lang,
            })
            .map(|e| {
                let name = e.name(config);
                let langs = match e {
                    Edition::Language(l) => vec![l],
                    Edition::SideBySide(l) => vec![0, l],
                };
                let pdf = self
                    .site
                    .options
                    .pdfs
                    .contains(&name)
                    .then(|| self.url(&format!("/{}", pdfs[&name])));
                EditionCtx {
                    languages: langs
                        .into_iter()
                        .map(|l| EditionLanguage {
                            code: config.languages[l].code.clone(),
                            locale: config.languages[l].locale.clone(),
                            name: config.languages[l].name.clone(),
                        })
                        .collect(),
                    url: self.url(&e.path(config)),
                    pdf,
                    name,
                }
            })
            .collect()
    }

    /// Each language's home page, by language.
    pub fn homes(&self) -> Vec<Option<usize>> {
        self.site.languages.iter().map(|l| l.home).collect()
    }
}

/// The last segment of a site path: `/en/partners/mit/` → `mit`; a home → its code.
fn slug_of(path: &str) -> String {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".html")
        .to_string()
}

/// Nests headings by level into a table of contents.
pub fn toc(headings: &[Heading]) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.title.clone(),
            children: Vec::new(),
        };
        insert(&mut root, entry);
    }
    root
}

fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            title: id.into(),
        }
    }

    #[test]
    fn listed_holds_one_language_at_a_time() {
        let listed = Listed::default();
        let v = || Value::from("value");
        // Nothing is kept before a language is held.
        listed.put(0, "/zh/", 1, v());
        assert!(listed.get(0, "/zh/", 1).is_none());
        listed.hold(0);
        listed.put(0, "/zh/", 1, v());
        listed.put(1, "/en/", 2, v());
        assert!(listed.get(0, "/zh/", 1).is_some());
        assert!(
            listed.get(1, "/en/", 2).is_none(),
            "another language's is not kept"
        );
        // Holding the same language again keeps its values; another forgets them.
        listed.hold(0);
        assert!(listed.get(0, "/zh/", 1).is_some());
        listed.hold(1);
        assert_eq!(listed.language(), Some(1));
        assert!(listed.get(0, "/zh/", 1).is_none());
        listed.hold(0);
        assert!(
            listed.get(0, "/zh/", 1).is_none(),
            "forgotten, not set aside"
        );
        listed.put(0, "/zh/", 1, v());
        listed.forget(&[1]);
        assert!(listed.get(0, "/zh/", 1).is_none());
    }

    #[test]
    fn toc_nests_by_level() {
        let t = toc(&[h(2, "a"), h(3, "b"), h(3, "c"), h(2, "d"), h(4, "e")]);
        assert_eq!(t.len(), 2);
        assert_eq!(
            t[0].children
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>(),
            ["b", "c"]
        );
        assert_eq!(t[1].children[0].id, "e");
    }

    #[test]
    fn slugs_of_paths() {
        assert_eq!(slug_of("/en/partners/mit/"), "mit");
        assert_eq!(slug_of("/en/"), "en");
        assert_eq!(slug_of("/en/404.html"), "404");
    }
}

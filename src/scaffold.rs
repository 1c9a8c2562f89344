//! `brochure new DIR`: a working zh + en site to start from, with the default theme.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Location, Result, display_path, io_error};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/scaffold_files.rs"));
}

const SITE_YAML: &str = "\
# The site configuration. The first language is the default one.
title:
  zh: 我的双语网站
  en: My Bilingual Site
description:
  zh: 用 brochure 制作的中英双语网站。
  en: A Chinese and English website made with brochure.
base_url: https://example.org/      # the published address, for the sitemap and canonical links
theme: brochure
languages:
  - { code: zh, locale: zh-CN, name: 中文 }
  - { code: en, locale: en, name: English }
identity:                           # who publishes the site; what is not set is not shown
  logo: static/logo.svg             # a neutral placeholder: put your own file in static/
  organization: { zh: 你的机构, en: Your organization }
  # parent_url: https://www.example.org/          # a \"main site\" link in header and footer
  # contact:
  #   address: { zh: 某市某路 1 号, en: 1 Example Road, Example City }
  #   phone: +86 00 0000 0000
  #   email: office@example.org
  #   url: https://www.example.org/contact/
  # copyright: { zh: 版权所有 © 你的机构, en: © Your organization }
  # icp: 某ICP备00000000号                        # a site hosted in mainland China shows its ICP number
";

/// Messages of the default theme's locales that speak of the repository's own site
/// (the USST brochure), written neutral into a new site: (language, message id, text).
const NEUTRAL_MESSAGES: &[(&str, &str, &str)] = &[
    (
        "zh",
        "meta-description-default",
        "用 brochure 制作的中英双语网站。",
    ),
    (
        "en",
        "meta-description-default",
        "A Chinese and English website made with brochure.",
    ),
];

/// The starter content: (path, text).
const CONTENT: &[(&str, &str)] = &[
    (
        "content/_index.zh.md",
        "---\ntitle: 欢迎\ndescription: 这是新网站的首页。\n---\n\n## 从这里开始\n\n这是网站的中文首页。编辑 `content/_index.zh.md` 即可修改这段文字，保存后运行 `brochure build`，网站就会生成到 `public/` 文件夹。\n\n想了解如何添加页面，请阅读[入门指南](about/getting-started.md)。\n",
    ),
    (
        "content/_index.en.md",
        "---\ntitle: Welcome\ndescription: The home page of a new site.\n---\n\n## Start here\n\nThis is the English home page. Edit `content/_index.en.md` to change this text, then run `brochure build`: the site is written to `public/`.\n\nTo learn how to add pages, read the [getting started guide](about/getting-started.md).\n",
    ),
    (
        "content/about/_index.zh.md",
        "---\ntitle: 关于本站\ndescription: 本站的基本情况。\nweight: 1\n---\n\n## 本栏目\n\n每个文件夹是一个栏目，`_index.zh.md` 和 `_index.en.md` 分别是它的中文页和英文页。\n",
    ),
    (
        "content/about/_index.en.md",
        "---\ntitle: About\ndescription: What this site is about.\nweight: 1\n---\n\n## This section\n\nEach folder is a section; `_index.zh.md` and `_index.en.md` are its Chinese and English pages.\n",
    ),
    (
        "content/about/getting-started.zh.md",
        "---\ntitle: 入门指南\ndescription: 如何添加页面和翻译。\nweight: 1\n---\n\n## 添加页面\n\n在栏目文件夹中新建 `名称.zh.md` 和 `名称.en.md`，两个文件会自动配对为彼此的译文，语言切换按钮会在它们之间跳转。\n\n## 链接\n\n链接写成指向 Markdown 文件的相对路径，例如[返回首页](../_index.md)。不带语言后缀的文件名会自动指向当前语言的版本。\n",
    ),
    (
        "content/about/getting-started.en.md",
        "---\ntitle: Getting Started\ndescription: How to add pages and translations.\nweight: 1\n---\n\n## Adding pages\n\nCreate `name.zh.md` and `name.en.md` in a section folder: the two files pair up as translations, and the language switcher moves between them.\n\n## Links\n\nWrite links as relative paths to Markdown files, for example [back to the home page](../_index.md). A file name without a language suffix reaches the version in the current language.\n",
    ),
    (
        "content/news/_index.zh.md",
        "---\ntitle: 新闻\ndescription: 示例新闻栏目：按日期排列，最新的在前。\nweight: 2\nsort_by: date\npaginate_by: 2\n---\n\n这是一个示例新闻栏目。`sort_by: date` 让最新的文章排在最前，`paginate_by: 2` 让每页列出两篇；栏目还有自己的 Atom 订阅源 `atom.xml`。以下三篇都是示例，可以删除。\n",
    ),
    (
        "content/news/_index.en.md",
        "---\ntitle: News\ndescription: An example news section, newest first.\nweight: 2\nsort_by: date\npaginate_by: 2\n---\n\nThis is an example news section. `sort_by: date` lists the newest post first, `paginate_by: 2` puts two posts on each listing page, and the section has its own Atom feed, `atom.xml`. The three posts below are examples: delete them when you write your own.\n",
    ),
    (
        "content/news/first-post.zh.md",
        "---\ntitle: 示例新闻：网站上线\ndescription: 一篇示例新闻，演示日期与分享图片。\ndate: 2026-01-15\nimage: /logo.svg\n---\n\n（示例）这是第一篇示例新闻。`date` 写成 `2026-01-15`，页面上显示为当地的日期格式；`image` 是在微信等应用中分享本页时显示的图片。\n",
    ),
    (
        "content/news/first-post.en.md",
        "---\ntitle: \"Example news: the site goes live\"\ndescription: An example post that shows dates and a share image.\ndate: 2026-01-15\nimage: /logo.svg\n---\n\n(Example) This is the first example post. `date` is written `2026-01-15` and shown as each language writes dates; `image` is the picture apps show when the page is shared.\n",
    ),
    (
        "content/news/second-post.zh.md",
        "---\ntitle: 示例新闻：更新过的文章\ndescription: 一篇示例新闻，演示更新日期。\ndate: 2026-02-10T09:30:00+08:00\nupdated: 2026-02-20\n---\n\n（示例）`date` 也可以带时间和时区；`updated` 记录文章最后一次修改的日期，订阅源和搜索引擎都会读到它。\n",
    ),
    (
        "content/news/second-post.en.md",
        "---\ntitle: \"Example news: an updated post\"\ndescription: An example post that shows an update date.\ndate: 2026-02-10T09:30:00+08:00\nupdated: 2026-02-20\n---\n\n(Example) A `date` may carry a time and its offset; `updated` records when the post last changed, for feeds and search engines.\n",
    ),
    (
        "content/news/third-post.zh.md",
        "---\ntitle: 示例新闻：旧地址跳转\ndescription: 一篇示例新闻，演示旧网址的跳转。\ndate: 2026-03-05\naliases: [old/news/third/]\n---\n\n（示例）`aliases` 列出本页以前的地址：旧地址会自动跳转到这里，印在旧宣传册上的网址依然有效。\n",
    ),
    (
        "content/news/third-post.en.md",
        "---\ntitle: \"Example news: an old address that redirects\"\ndescription: An example post that shows a redirect from an old address.\ndate: 2026-03-05\naliases: [old/news/third/]\n---\n\n(Example) `aliases` lists the page's old addresses: each redirects here, so a URL printed in an old brochure still works.\n",
    ),
    (".gitignore", "/public\n/.brochure-cache\n"),
];

/// Writes a new site into `dir`, which must not exist or be empty.
pub fn new_site(dir: &Path) -> Result<usize> {
    refuse_unless_empty(
        dir,
        "new",
        "create a site in",
        "choose a new folder name: `brochure new my-site`",
    )?;
    let mut written = 0;
    let text_files = CONTENT.iter().map(|(p, t)| (*p, t.as_bytes()));
    let text_files = text_files.map(|(p, t)| (p, std::borrow::Cow::Borrowed(t)));
    let all = std::iter::once((
        "site.yaml",
        std::borrow::Cow::Borrowed(SITE_YAML.as_bytes()),
    ))
    .chain(text_files)
    .chain(theme_files());
    for (rel, bytes) in all {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", &e))?;
        }
        std::fs::write(&path, &bytes).map_err(|e| io_error(&path, "write", &e))?;
        written += 1;
    }
    record_translations(dir)?;
    Ok(written + 1)
}

/// An error unless `dir` does not exist or is an empty folder: a new site (`brochure
/// new`, `brochure import`) never writes over anything. `doing` completes "cannot … `dir`".
pub fn refuse_unless_empty(dir: &Path, code: &'static str, doing: &str, hint: &str) -> Result<()> {
    let why = if dir.is_file() {
        "it is a file"
    } else if dir.is_dir()
        && std::fs::read_dir(dir)
            .map_err(|e| io_error(dir, "read", &e))?
            .next()
            .is_some()
    {
        "the folder is not empty"
    } else {
        return Ok(());
    };
    Err(Diagnostic::error(
        code,
        Location::file_start(dir),
        format!("cannot {doing} `{}`: {why}", display_path(dir)),
    )
    .with_hint(hint)
    .into())
}

/// The default theme and its locales as a new site gets them: (path in the site, bytes),
/// the locales' messages about the repository's own site made neutral.
pub fn theme_files() -> impl Iterator<Item = (&'static str, std::borrow::Cow<'static, [u8]>)> {
    embedded::FILES.iter().map(|&(rel, bytes)| {
        let data = match neutral_locale(rel, bytes) {
            Some(owned) => std::borrow::Cow::Owned(owned),
            None => std::borrow::Cow::Borrowed(bytes),
        };
        (rel, data)
    })
}

/// Writes the new site's `translations.lock`, every translation marked up to date: from
/// here on an edit of a Chinese page makes its English page stale.
fn record_translations(dir: &Path) -> Result<()> {
    let options = crate::pipeline::Options {
        drafts: true,
        ..Default::default()
    };
    let prepared = crate::pipeline::prepare_site(dir, options)?;
    let status = &prepared.translations;
    let mut lock = crate::translations::Lock::default();
    let existing = status.entries.iter().filter(|e| e.target_at.is_some());
    crate::translations::done::record(&mut lock, status, existing);
    lock.write(dir)
}

/// A locale file of the default theme with [`NEUTRAL_MESSAGES`] in place of the
/// repository's own text; `None` for any other file.
fn neutral_locale(rel: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let lang = rel.strip_prefix("locales/")?.split('/').next()?;
    let text = std::str::from_utf8(bytes).ok()?;
    let mut changed = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let own = NEUTRAL_MESSAGES.iter().find(|(l, id, _)| {
                *l == lang && line.split_once(" = ").is_some_and(|(key, _)| key == *id)
            });
            match own {
                Some((_, id, neutral)) => {
                    changed = true;
                    format!("{id} = {neutral}")
                }
                None => line.to_string(),
            }
        })
        .collect();
    changed.then(|| (lines.join("\n") + "\n").into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_messages_about_the_default_site_are_made_neutral() {
        let ftl = b"# x\nmeta-description-default = About USST.\nnav-home = Home\n";
        let out = neutral_locale("locales/en/theme.ftl", ftl).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "# x\nmeta-description-default = A Chinese and English website made with brochure.\nnav-home = Home\n"
        );
        assert_eq!(
            neutral_locale("themes/brochure/static/style.css", ftl),
            None
        );
        assert_eq!(neutral_locale("locales/en/other.ftl", b"a = b\n"), None);
    }
}

//! brochure: a static site generator for bilingual (Simplified Chinese + English) sites.
//!
//! The build is a pipeline of plain stages: [`load`] (disk → [`content::Content`], data,
//! locales, templates) → [`resolve`] (URLs, translations, links) → [`render`] (pages → HTML,
//! in parallel) → [`output`] (an output folder, swapped in atomically). `build` drives them.

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod diagnostic;
pub mod fingerprint;
pub mod frontmatter;
pub mod i18n;
pub mod markdown;
pub mod output;
pub mod pdf;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod templates;
pub mod urls;
pub mod yaml;

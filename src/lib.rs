//! brochure: a static site generator for bilingual (Simplified Chinese + English) sites.
//!
//! The build is a pipeline of plain stages ([`pipeline`]): [`inputs`] (the one walker: every
//! input file, read once) → load ([`content`], [`data`], [`i18n`], [`templates`]) →
//! [`resolve`] (URLs, translations, links, each page's Markdown parsed once) = a
//! [`pipeline::Prepared`] site → [`output`] (each kind of output, rendered through [`render`]
//! into a sink: an output folder swapped in atomically, or nothing for `check`). `build`,
//! `check`, `serve` and `pdf` drive it.

pub mod atomic;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod date;
pub mod date_format;
pub mod diagnostic;
pub mod entities;
pub mod fingerprint;
pub mod frontmatter;
pub mod i18n;
pub mod images;
pub mod import;
pub mod inputs;
pub mod markdown;
pub mod output;
pub mod patch;
pub mod pdf;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod script;
pub mod search;
pub mod serve;
pub mod suggest;
pub mod template_uses;
pub mod templates;
pub mod translations;
pub mod urls;
pub mod yaml;

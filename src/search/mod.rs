//! Search: the tokenizer shared with the browser ([`tokenize`]) and the index a language's
//! pages make ([`index`]). The output kind that writes it is [`crate::output::search`].
//! The browser's side is `runtime.js`, written beside the indexes as `search/runtime.js`.

pub mod index;
mod memo;
mod postings;
pub mod shown;
pub mod tokenize;

/// The browser's runtime: tokenizer, stemmer, loader and ranking (a classic script).
pub const RUNTIME: &str = include_str!("runtime.js");

/// Where the runtime is written, from the output's root.
pub const RUNTIME_FILE: &str = "search/runtime.js";

/// Where the index of language `code` is written, from the output's root.
pub fn index_file(code: &str) -> String {
    format!("search/{code}.js")
}

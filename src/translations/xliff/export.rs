//! Writing XLIFF.

use crate::pipeline::Prepared;

/// The XLIFF document for language `lang` and a one-line summary.
pub fn export(_prepared: &Prepared, _lang: usize, _all: bool) -> (String, String) {
    (String::new(), String::new())
}

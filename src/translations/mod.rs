//! The translation workflow: which translations are up to date, stale or missing, the
//! record of what each was translated from (`translations.lock`), and the round trip with
//! translators' tools through XLIFF 1.2.
//!
//! Everything here sees a translation as a list of units ([`blocks`] of pages, [`fluent`]
//! messages), each unit text with inline codes ([`inline`]): the hashes that say what
//! changed, the XLIFF units and the import all use the same units.

pub mod blocks;
pub mod done;
pub mod fallback;
pub mod fluent;
pub mod hash;
pub mod inline;
pub mod lock;
pub mod status;
pub mod xliff;

pub use lock::{LOCK_FILE, Lock};
pub use status::{Counts, State, Status};

//! XLIFF 1.2, the exchange format every CAT tool reads: [`export`] writes the units of a
//! language's stale and missing translations, [`import`] reads a translated file back.

pub mod export;
pub mod import;
pub mod read;

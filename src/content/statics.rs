//! Static files: the theme's `static/`, then the site's `static/` over it (the site's file
//! wins on the same path), as the walker read them. The output copies them to the root;
//! templates ask for them through `asset()`, `inline()` and `data_uri()`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::inputs::{Inputs, Root};

/// One static file.
#[derive(Debug, Clone)]
pub struct StaticFile {
    pub path: PathBuf,
    pub bytes: Arc<[u8]>,
}

/// Static files by output path (`style.css`, `img/logo.svg`).
#[derive(Debug, Clone, Default)]
pub struct StaticFiles {
    pub files: BTreeMap<String, StaticFile>,
}

impl StaticFiles {
    /// The theme's static files, then the site's.
    pub fn load(inputs: &Inputs) -> StaticFiles {
        let files = [Root::ThemeStatic, Root::SiteStatic]
            .into_iter()
            .flat_map(|root| inputs.files(root))
            .map(|f| {
                let file = StaticFile {
                    path: f.path.clone(),
                    bytes: Arc::clone(&f.bytes),
                };
                (f.rel.clone(), file)
            })
            .collect();
        StaticFiles { files }
    }

    /// Whether `rel` is a static file.
    pub fn contains(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    /// The static file at `rel`.
    pub fn get(&self, rel: &str) -> Option<&StaticFile> {
        self.files.get(rel)
    }
}

/// The media type of a file, by its extension (`application/octet-stream` when unknown).
pub fn media_type(path: &Path) -> mime_guess::Mime {
    mime_guess::from_path(path).first_or_octet_stream()
}

/// `bytes`, the content of a file named like `path`, as a `data:` URI for self-contained
/// documents.
pub fn data_uri(path: &Path, bytes: &[u8]) -> String {
    use base64::Engine;
    let mut uri = format!("data:{};base64,", media_type(path).essence_str());
    base64::engine::general_purpose::STANDARD.encode_string(bytes, &mut uri);
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_of_the_files_a_theme_ships() {
        for (name, media) in [
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.svg", "image/svg+xml"),
            ("a.css", "text/css"),
            ("a.js", "text/javascript"),
            ("a.woff2", "font/woff2"),
            ("a.webp", "image/webp"),
            ("a.unknown-ext", "application/octet-stream"),
        ] {
            assert_eq!(media_type(Path::new(name)).essence_str(), media, "{name}");
        }
    }

    #[test]
    fn data_uris_carry_the_media_type() {
        assert_eq!(
            data_uri(Path::new("dot.svg"), b"<svg/>"),
            "data:image/svg+xml;base64,PHN2Zy8+"
        );
    }
}

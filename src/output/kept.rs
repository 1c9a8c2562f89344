//! What a build keeps of the output it replaces: the PDFs `brochure pdf` printed beside the
//! print editions (`print/brochure.zh.pdf`). `pdf` runs after `build`, so the next build
//! finds files it did not write: it carries those PDFs into the new output (recorded in the
//! marker like its own files) and the pages link them, instead of refusing the folder or
//! dropping them. Any other file brochure did not write is still refused (see [`super::guard`]).

use std::collections::BTreeMap;
use std::path::Path;

use super::print::Edition;
use crate::config::Config;
use crate::urls::output_file;

/// The output path of each edition's PDF, by edition name: `zh` → `print/brochure.zh.pdf`.
pub fn pdf_files(config: &Config) -> BTreeMap<String, String> {
    Edition::all(config)
        .into_iter()
        .map(|e| {
            let html = output_file(&e.path(config));
            let pdf = format!("{}.pdf", html.trim_end_matches(".html"));
            (e.name(config), pdf)
        })
        .collect()
}

/// The editions whose PDF the output folder `target` holds, by name, with the PDF's path.
pub fn existing_pdfs(config: &Config, target: &Path) -> BTreeMap<String, String> {
    let mut files = pdf_files(config);
    files.retain(|_, rel| {
        std::fs::symlink_metadata(target.join(rel.as_str())).is_ok_and(|m| m.is_file())
    });
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pdfs_of_the_sites_editions_that_exist_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: t\nbase_url: https://x.org/\nlanguages:\n  - { code: zh, locale: zh-CN, name: 中文 }\n  - { code: en, locale: en, name: English }\n",
        )
        .unwrap();
        let config = Config::load(dir.path()).unwrap();
        let pdfs: Vec<String> = pdf_files(&config).into_values().collect();
        assert_eq!(
            pdfs,
            [
                "print/brochure.bilingual.pdf",
                "print/brochure.en.pdf",
                "print/brochure.zh.pdf"
            ]
        );
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("print/brochure.en.pdf.d")).unwrap();
        std::fs::write(out.join("print/brochure.bilingual.pdf"), "%PDF").unwrap();
        std::fs::write(out.join("print/brochure.fr.pdf"), "%PDF").unwrap();
        std::fs::create_dir_all(out.join("print/brochure.zh.pdf")).unwrap();
        let kept = existing_pdfs(&config, &out);
        assert_eq!(
            kept.into_iter().collect::<Vec<_>>(),
            [(
                "bilingual".to_string(),
                "print/brochure.bilingual.pdf".to_string()
            )]
        );
    }
}

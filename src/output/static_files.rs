//! Static files copied to the output root, and co-located content assets beside the pages
//! of every language. Both come with their bytes from the walker: nothing is read again.

use rayon::prelude::*;

use super::{OutputKind, Run, Sink};
use crate::diagnostic::Result;

/// The theme's and the site's static files, and the content assets.
pub struct Static;

impl OutputKind for Static {
    fn name(&self) -> &'static str {
        "static"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        let prepared = run.prepared;
        let mut jobs: Vec<(&[u8], String)> = prepared
            .statics
            .files
            .iter()
            .map(|(rel, file)| (&file.bytes[..], rel.clone()))
            .collect();
        for asset in &prepared.site.assets {
            for lang in &prepared.site.config.languages {
                jobs.push((&asset.bytes[..], format!("{}/{}", lang.code, asset.rel)));
            }
        }
        jobs.par_iter()
            .try_for_each(|(bytes, rel)| sink.write(rel, bytes))
    }
}

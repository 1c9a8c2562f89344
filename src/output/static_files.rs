//! Static files copied to the output root, and co-located content assets stored once,
//! beside the default language's pages (every language links them there). Both come with
//! their bytes from the walker: nothing is read again. Raster images are written by
//! [`super::images`] instead, as variants.

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
        let site = &prepared.site;
        let code = &site.config.default_language().code;
        for (asset, image) in site.assets.iter().zip(&site.images) {
            if !image.is_some_and(|i| i.format.is_raster()) {
                jobs.push((&asset.bytes[..], format!("{code}/{}", asset.published)));
            }
        }
        jobs.par_iter()
            .try_for_each(|(bytes, rel)| sink.write(rel, bytes))
    }
}

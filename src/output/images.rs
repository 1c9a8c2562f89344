//! Image variants: every raster image of the content at each width of its plan, in WebP
//! and in its own format (see [`crate::images`]), made in parallel, each at most once:
//! a variant in the site's cache is linked in from there, and the cache is pruned of what
//! this build did not use.

use std::path::PathBuf;

use rayon::prelude::*;

use super::{OutputKind, Run, Sink, collect_errors};
use crate::content::Asset;
use crate::diagnostic::{Diagnostic, Location, Result};
use crate::images::cache::Cache;
use crate::images::{self, Info, encode};

/// The variants of the content's raster images.
pub struct Images;

impl OutputKind for Images {
    fn name(&self) -> &'static str {
        "images"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        if sink.discards() {
            return Ok(());
        }
        let site = &run.prepared.site;
        let cache = Cache::open(&site.config.root);
        let code = &site.config.default_language().code;
        let results: Vec<Result<()>> = site
            .assets
            .par_iter()
            .zip(&site.images)
            .filter_map(|(asset, info)| Some((asset, info.as_ref()?)))
            .filter(|(_, info)| info.format.is_raster())
            .map(|(asset, info)| {
                let rel = format!("{code}/{}", asset.published);
                write_variants(asset, info, &rel, &site.config.images.widths, &cache, sink)
            })
            .collect();
        // The print editions' copies are kept too (see `images::print`).
        for (asset, info) in site.assets.iter().zip(&site.images) {
            if let Some(info) = info.filter(|i| i.format.is_raster()) {
                cache.mark(&images::print::cache_name(asset, &info));
            }
        }
        let result = collect_errors(results);
        if result.is_ok() {
            cache.prune();
        }
        result
    }
}

/// Writes every variant of one image at output path `rel`, decoding it only when one of
/// them is not in the cache.
fn write_variants(
    asset: &Asset,
    info: &Info,
    rel: &str,
    widths: &[u32],
    cache: &Cache,
    sink: &dyn Sink,
) -> Result<()> {
    let plan = images::plan(info, widths);
    let hash = asset.hash;
    let variants = images::variants(info, &plan);
    let cached: Vec<Option<PathBuf>> = variants
        .iter()
        .map(|&v| cache.path(&Cache::name(hash, v)))
        .collect();
    let source = if cached.iter().any(Option::is_none) {
        Some(encode::decode(&asset.bytes).map_err(|why| bad_image(asset, &why))?)
    } else {
        None
    };
    let results: Vec<Result<()>> = variants
        .par_iter()
        .zip(cached)
        .map(|(&variant, cached)| {
            let rel = images::variant_path(rel, info, &plan, variant);
            match (cached, &source) {
                (Some(file), _) => sink.write_file(&rel, &file),
                (None, Some(source)) => {
                    let bytes =
                        encode::encode(source, variant).map_err(|why| bad_image(asset, &why))?;
                    cache.put(&Cache::name(hash, variant), &bytes);
                    sink.write(&rel, &bytes)
                }
                (None, None) => unreachable!("decoded when a variant is not cached"),
            }
        })
        .collect();
    collect_errors(results)
}

fn bad_image(asset: &Asset, why: &str) -> crate::diagnostic::Failure {
    Diagnostic::error(
        "image",
        Location::file_start(&asset.source),
        format!("cannot decode this image: {why}"),
    )
    .with_hint("open it in an image editor and save it again as JPEG, PNG or WebP")
    .into()
}

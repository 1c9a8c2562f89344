//! `robots.txt`: everything allowed, and where the sitemap is.

use super::{OutputKind, Run, Sink};
use crate::diagnostic::Result;
use crate::resolve::Site;

/// `robots.txt`.
pub struct Robots;

impl OutputKind for Robots {
    fn name(&self) -> &'static str {
        "robots"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        sink.write("robots.txt", robots(&run.prepared.site).as_bytes())
    }
}

/// The text of `robots.txt`.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    )
}

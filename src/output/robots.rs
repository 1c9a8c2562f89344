//! `robots.txt`: everything allowed, and where the sitemap is.

use super::{OutputKind, Run, Sink};
use crate::config::Config;
use crate::diagnostic::Result;
use crate::resolve::Site;

/// `robots.txt`.
pub struct Robots;

impl OutputKind for Robots {
    fn name(&self) -> &'static str {
        "robots"
    }

    fn write(&self, run: &Run, sink: &dyn Sink) -> Result<()> {
        sink.write(FILE, robots(&run.prepared.site).as_bytes())
    }

    fn fixed_files(&self, _config: &Config) -> Vec<(String, &'static str)> {
        vec![(FILE.to_string(), "robots.txt")]
    }
}

const FILE: &str = "robots.txt";

/// The text of `robots.txt`.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    )
}

//! `brochure serve`: build, serve on loopback, watch the sources, rebuild and reload open
//! browsers. The reload script is injected into responses only, never into build output.

use std::net::IpAddr;
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Location, Result};

/// What `brochure serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub site: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
}

/// Serves until interrupted.
pub fn run(options: &ServeOptions) -> Result<()> {
    Err(Diagnostic::error(
        "serve",
        Location::file_start(options.site.join("site.yaml")),
        "serve is not implemented yet",
    )
    .into())
}

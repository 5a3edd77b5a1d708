//! Which site a command works on when none is given: the current folder
//! if it is one, else the nearest folder above it with a `retrospect.yaml`,
//! as git looks for `.git`; so `check`, `build`, `actions`, `serve` and
//! `new` work from `reports/2025/` too.

use crate::config::CONFIG_FILE;
use crate::error::{Error, ErrorKind};
use std::path::{Path, PathBuf};

/// The site folder: `given` as it is, or the one found from the current
/// folder upward, as a relative path (`..`, `../..`) so that file names in
/// messages read as the user would type them. `how` says how to give a
/// site to this command (`retrospect check SITE`, `--site DIR`).
pub fn site_dir(given: Option<&Path>, how: &str) -> Result<PathBuf, Error> {
    if let Some(dir) = given {
        return Ok(dir.to_path_buf());
    }
    let here = Path::new(".");
    if is_site(here) {
        return Ok(here.to_path_buf());
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Error::io(format!("cannot read the current folder: {e}")))?;
    for (up, dir) in cwd.ancestors().enumerate().skip(1) {
        if dir.join(CONFIG_FILE).is_file() {
            return Ok(std::iter::repeat_n("..", up).collect());
        }
    }
    Err(Error::new(
        ErrorKind::Site,
        format!(
            "no Retrospect site here: . has no `reports/` folder and no `{CONFIG_FILE}`, nor has any \
         folder above it a `{CONFIG_FILE}`; give the site's folder ({how}), or create a site \
         with `retrospect init`"
        ),
    ))
}

fn is_site(dir: &Path) -> bool {
    dir.join(CONFIG_FILE).is_file() || dir.join("reports").is_dir()
}

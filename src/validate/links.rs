//! A report's links to files beside it: a file that may not be copied to
//! the site (it leads outside `reports/`, is not a regular file, or is too
//! large) is an error on the line of the link (`R058`), so that `check`
//! fails where `build` would otherwise leave the link broken, or, before
//! this rule, publish whatever the link led to.

use crate::confine::{Refusal, Root};
use crate::diagnostic::{Code, FileReporter};
use crate::parse::links::LocalLink;

pub(super) fn check(r: &mut FileReporter, links: &[LocalLink]) {
    if links.is_empty() {
        return;
    }
    let file = r.file;
    let reports = crate::load::reports_folder(&file.path, &file.rel_path);
    let Ok(root) = Root::new(&reports) else {
        return;
    };
    let dir = file.rel_path.rsplit_once('/').map_or("", |(d, _)| d);
    for link in links {
        let rel = if dir.is_empty() {
            link.path.clone()
        } else {
            format!("{dir}/{}", link.path)
        };
        // What `load` ignores is no attachment; nor is a report.
        if rel.split('/').any(|p| p.starts_with(['.', '_'])) || rel.ends_with(".md") {
            continue;
        }
        let path = reports.join(&rel);
        // A missing file, or a folder, is not copied, and not refused.
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if !meta.is_dir() => {}
            _ => continue,
        }
        let Err(refusal) = crate::load::attachment(&root, &path) else {
            continue;
        };
        let help = match refusal {
            Refusal::Outside(_) => {
                "attachments are copied only from inside `reports/`: copy the file beside the report instead of linking to it"
            }
            Refusal::TooLarge(_) => {
                "link to the file where it is stored instead (a tracker, a bucket), or make it smaller"
            }
            _ => "an attachment is a regular file beside the report",
        };
        r.report(
            Code::AttachmentRefused,
            link.span.clone(),
            format!(
                "the linked file `{}` is not copied to the site: {refusal}",
                link.path
            ),
        )
        .set_help(help);
    }
}

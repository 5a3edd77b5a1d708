//! Reading the site's files without ever leaving the site. A site is built
//! in CI from pull requests, with secrets in the environment and on disk;
//! git stores symlinks, so a merged report could otherwise link its way to
//! `/proc/self/environ` or `.git/config`. Every file Retrospect reads or
//! copies from a site (reports, attachments, `retrospect.yaml`, templates,
//! theme files) goes through [`Root::check`] and [`read_limited`]:
//!
//! - its real path (all symlinks resolved) must lie inside the real path of
//!   the folder it was found in (`reports/`, `templates/`, the theme's
//!   folder, or the site for `retrospect.yaml`), with no hidden (`.`) name
//!   below that folder, so that nothing outside the site, and nothing that
//!   is not part of it (`.git/`), can be reached through a link;
//! - it must be a regular file: never a FIFO (which blocks a reader for
//!   good), a device (`/dev/zero` never ends), a socket or a folder;
//! - it is read with a hard limit counted while reading, never trusting
//!   the size on disk: a file that grows while it is read is still cut off.
//!
//! The file is opened without following a last symlink and without
//! blocking, and checked again through the open handle, so that a file
//! swapped for a link or a FIFO after the check is refused too.

use crate::error::{Error, ErrorKind};
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// Why a file of the site is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Its real path is outside the folder it belongs to, or hidden.
    Outside(PathBuf),
    /// Not a regular file; says what it is ("a FIFO", "a folder", …).
    NotAFile(&'static str),
    /// More than this many bytes.
    TooLarge(u64),
    /// It cannot be opened or read.
    Unreadable(String),
}

impl Refusal {
    /// The kind of error a refusal is for the command that met it: a file
    /// that cannot be read is an I/O error; the others are refused.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Refusal::Unreadable(_) => ErrorKind::Io,
            _ => ErrorKind::Refused,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Refusal::Outside(real) => write!(
                f,
                "it leads to {}, outside the folder it belongs to (or below a hidden folder), so it is not read",
                real.display()
            ),
            Refusal::NotAFile(kind) => write!(f, "it is {kind}, not a regular file"),
            Refusal::TooLarge(limit) => write!(f, "it is larger than {}", size(*limit)),
            Refusal::Unreadable(e) => write!(f, "it cannot be read: {e}"),
        }
    }
}

/// `10 MiB`, `512 KiB`, `100 bytes`.
pub fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// A folder of the site whose files may be read, by its real path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    real: PathBuf,
}

impl Root {
    /// The folder, resolved once.
    pub fn new(folder: &Path) -> io::Result<Root> {
        Ok(Root {
            real: folder.canonicalize()?,
        })
    }

    /// The real path of `path` when it is a regular file inside this root.
    pub fn check(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let real = path
            .canonicalize()
            .map_err(|e| Refusal::Unreadable(e.to_string()))?;
        if !self.holds(&real) {
            return Err(Refusal::Outside(real));
        }
        // The real path has no symlink left: this is the file itself.
        let meta =
            std::fs::symlink_metadata(&real).map_err(|e| Refusal::Unreadable(e.to_string()))?;
        match kind(&meta.file_type()) {
            None => Ok(real),
            Some(kind) => Err(Refusal::NotAFile(kind)),
        }
    }

    /// [`Root::check`], then [`read_limited`].
    pub fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
        read_limited(&self.check(path)?, limit)
    }

    /// [`Root::read`] for the many files of a few folders (a site's
    /// reports): a file that is not itself a symlink has the real path of
    /// its folder with its name added, and each folder's real path is
    /// resolved once, in `folders`, instead of again for every file (a
    /// `readlink` per part of the path). Anything else (a symlink, a file
    /// that cannot be looked at) goes through [`Root::check`] as before.
    pub fn read_in(&self, path: &Path, folders: &Folders, limit: u64) -> Result<Vec<u8>, Refusal> {
        // The usual report in one `open` and one `fstat`: the file opened
        // at its real path without following a last symlink, and found a
        // regular file through the handle, is what the check below would
        // open; anything else (a symlink, a FIFO, an error) goes the long
        // way, for its own answer.
        if let Some((folder, name)) = path.parent().zip(path.file_name())
            && let Some(real) = folders.real(folder).map(|f| f.join(name))
            && self.holds(&real)
            && let Ok((file, meta)) = open_regular_meta(&real)
        {
            return read_open(file, meta.len(), limit);
        }
        read_limited(&self.check_in(path, folders)?, limit)
    }

    fn check_in(&self, path: &Path, folders: &Folders) -> Result<PathBuf, Refusal> {
        let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
            return self.check(path);
        };
        let meta = match std::fs::symlink_metadata(path) {
            Ok(meta) if !meta.file_type().is_symlink() => meta,
            _ => return self.check(path),
        };
        let Some(real_folder) = folders.real(folder) else {
            return self.check(path);
        };
        let real = real_folder.join(name);
        if !self.holds(&real) {
            return Err(Refusal::Outside(real));
        }
        match kind(&meta.file_type()) {
            None => Ok(real),
            Some(kind) => Err(Refusal::NotAFile(kind)),
        }
    }

    /// Whether a real path is inside this root, below no hidden name.
    fn holds(&self, real: &Path) -> bool {
        real.strip_prefix(&self.real).is_ok_and(|below| {
            below.components().all(|c| match c {
                Component::Normal(name) => !name.to_string_lossy().starts_with('.'),
                _ => false,
            })
        })
    }
}

/// Real paths of folders, each resolved once ([`Root::read_in`]).
#[derive(Debug, Default)]
pub struct Folders(std::sync::Mutex<std::collections::HashMap<PathBuf, PathBuf>>);

impl Folders {
    fn real(&self, folder: &Path) -> Option<PathBuf> {
        let mut known = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(real) = known.get(folder) {
            return Some(real.clone());
        }
        let real = folder.canonicalize().ok()?;
        known.insert(folder.to_path_buf(), real.clone());
        Some(real)
    }
}

/// Reads a UTF-8 file found in `folder` (a template), as [`Root::read`]
/// does; the error names the file.
pub fn read_text(folder: &Path, path: &Path, limit: u64) -> Result<String, Error> {
    let fail =
        |kind, why: String| Error::new(kind, format!("cannot read {}: {why}", path.display()));
    let root = Root::new(folder).map_err(|e| fail(ErrorKind::Io, e.to_string()))?;
    let bytes = root
        .read(path, limit)
        .map_err(|r| fail(r.kind(), r.to_string()))?;
    String::from_utf8(bytes).map_err(|_| fail(ErrorKind::Io, "it is not UTF-8 text".into()))
}

/// What a file is when it is not a regular file.
fn kind(file_type: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
    }
    if file_type.is_dir() {
        Some("a folder")
    } else if file_type.is_symlink() {
        Some("a symbolic link")
    } else if !file_type.is_file() {
        Some("not a file")
    } else {
        None
    }
}

/// Opens a file for reading: never through a last symlink, never blocking
/// on a FIFO; and only when the open handle is a regular file.
pub fn open_regular(real: &Path) -> Result<File, Refusal> {
    open_regular_meta(real).map(|(file, _)| file)
}

/// [`open_regular`], with the metadata it looked at through the handle.
fn open_regular_meta(real: &Path) -> Result<(File, std::fs::Metadata), Refusal> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(target_os = "linux"))]
    {
        // Without those flags, check before opening (a FIFO would block).
        let meta =
            std::fs::symlink_metadata(real).map_err(|e| Refusal::Unreadable(e.to_string()))?;
        if let Some(kind) = kind(&meta.file_type()) {
            return Err(Refusal::NotAFile(kind));
        }
    }
    let file = options.open(real).map_err(|e| {
        #[cfg(target_os = "linux")]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return Refusal::NotAFile("a symbolic link");
        }
        Refusal::Unreadable(e.to_string())
    })?;
    let meta = file
        .metadata()
        .map_err(|e| Refusal::Unreadable(e.to_string()))?;
    match kind(&meta.file_type()) {
        None => Ok((file, meta)),
        Some(kind) => Err(Refusal::NotAFile(kind)),
    }
}

/// Reads a regular file, refusing it once more than `limit` bytes have
/// been read (the size on disk is only a hint for the buffer).
pub fn read_limited(real: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    let (file, meta) = open_regular_meta(real)?;
    read_open(file, meta.len(), limit)
}

/// Reads an opened file of `len` bytes on disk (a hint only) up to `limit`.
fn read_open(file: File, len: u64, limit: u64) -> Result<Vec<u8>, Refusal> {
    let hint = len.min(limit);
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Refusal::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge(limit));
    }
    Ok(bytes)
}

/// Copies a regular file to `to`, refusing it (and removing what was
/// written) once more than `limit` bytes have been copied.
pub fn copy_limited(real: &Path, to: &Path, limit: u64) -> Result<(), Error> {
    let file = open_regular(real)
        .map_err(|r| Error::new(r.kind(), format!("cannot copy {}: {r}", real.display())))?;
    let mut out =
        File::create(to).map_err(|e| Error::io(format!("cannot write {}: {e}", to.display())))?;
    let copied = io::copy(&mut file.take(limit.saturating_add(1)), &mut out).map_err(|e| {
        Error::io(format!(
            "cannot copy {} to {}: {e}",
            real.display(),
            to.display()
        ))
    })?;
    if copied > limit {
        drop(out);
        let _ = std::fs::remove_file(to);
        let refusal = Refusal::TooLarge(limit);
        return Err(Error::new(
            refusal.kind(),
            format!("cannot copy {}: {refusal}", real.display()),
        ));
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("retrospect-confine-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("site/reports/sub")).unwrap();
        dir
    }

    #[test]
    fn links_are_followed_only_inside_the_folder() {
        let dir = temp("links");
        let reports = dir.join("site/reports");
        std::fs::write(reports.join("sub/graph.png"), b"png").unwrap();
        std::fs::write(dir.join("site/retrospect.yaml"), b"title: x").unwrap();
        std::fs::write(dir.join("secret.txt"), b"TOKEN").unwrap();
        std::fs::create_dir_all(reports.join(".git")).unwrap();
        std::fs::write(reports.join(".git/config"), b"TOKEN").unwrap();
        symlink("sub/graph.png", reports.join("inside.png")).unwrap();
        symlink("../../secret.txt", reports.join("outside.txt")).unwrap();
        symlink("../retrospect.yaml", reports.join("config.txt")).unwrap();
        symlink(".git/config", reports.join("git.txt")).unwrap();
        symlink("/etc/passwd", reports.join("passwd.txt")).unwrap();
        symlink("/proc/self/environ", reports.join("env.txt")).unwrap();
        symlink("nowhere", reports.join("broken.txt")).unwrap();
        let root = Root::new(&reports).unwrap();

        assert_eq!(root.read(&reports.join("inside.png"), 100).unwrap(), b"png");
        assert_eq!(
            root.read(&reports.join("sub/graph.png"), 100).unwrap(),
            b"png"
        );
        for name in [
            "outside.txt",
            "config.txt",
            "git.txt",
            "passwd.txt",
            "env.txt",
        ] {
            let refusal = root.read(&reports.join(name), 100).unwrap_err();
            assert!(matches!(refusal, Refusal::Outside(_)), "{name}: {refusal}");
        }
        assert!(matches!(
            root.read(&reports.join("broken.txt"), 100),
            Err(Refusal::Unreadable(_))
        ));
        // The site's own file is inside the site's root.
        let site = Root::new(&dir.join("site")).unwrap();
        assert!(site.read(&reports.join("config.txt"), 100).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_regular_files_are_read_and_never_past_the_limit() {
        let dir = temp("kinds");
        let reports = dir.join("site/reports");
        let root = Root::new(&reports).unwrap();
        let fifo = reports.join("x.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // A FIFO is refused at once (reading it would wait for a writer).
        assert_eq!(
            root.read(&fifo, 100),
            Err(Refusal::NotAFile("a FIFO (named pipe)"))
        );
        assert!(matches!(open_regular(&fifo), Err(Refusal::NotAFile(_))));
        assert_eq!(
            root.read(&reports.join("sub"), 100),
            Err(Refusal::NotAFile("a folder"))
        );
        // A device is refused even when the check is skipped.
        assert_eq!(
            read_limited(Path::new("/dev/zero"), 100),
            Err(Refusal::NotAFile("a device"))
        );
        // A last symlink is never followed when opening.
        symlink("/etc/hostname", reports.join("link")).unwrap();
        assert_eq!(
            open_regular(&reports.join("link")).err(),
            Some(Refusal::NotAFile("a symbolic link"))
        );
        std::fs::write(reports.join("big.md"), vec![b'x'; 101]).unwrap();
        assert_eq!(
            root.read(&reports.join("big.md"), 100),
            Err(Refusal::TooLarge(100))
        );
        assert_eq!(root.read(&reports.join("big.md"), 101).unwrap().len(), 101);
        let to = dir.join("copy");
        assert!(copy_limited(&reports.join("big.md"), &to, 100).is_err());
        assert!(!to.exists(), "a refused copy leaves nothing");
        copy_limited(&reports.join("big.md"), &to, 101).unwrap();
        assert_eq!(std::fs::read(&to).unwrap().len(), 101);
        assert_eq!(size(10 * 1024 * 1024), "10 MiB");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

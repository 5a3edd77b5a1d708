//! A file of the site written as it is made ([`Sink::put_written`]), and
//! linked from the previous site instead when it has the same bytes, as
//! [`FolderSink::put`] does for the files it is handed whole.
//!
//! [`Sink::put_written`]: crate::output::Sink::put_written

use super::FolderSink;
use crate::error::Error;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;

impl FolderSink {
    pub(super) fn stream(
        &self,
        rel: &str,
        write: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Error> {
        let path = self.root.join(rel);
        let failed = |e: io::Error| Error::io(format!("cannot write {}: {e}", path.display()));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("cannot create {}: {e}", dir.display())))?;
        }
        let mut out = BufWriter::with_capacity(1 << 16, File::create(&path).map_err(failed)?);
        write(&mut out).and_then(|()| out.flush()).map_err(failed)?;
        drop(out);
        if let Some(previous) = &self.previous {
            let old = previous.join(rel);
            if same_bytes(&old, &path) {
                // Linked beside it, then moved over it: the file is never
                // missing if the link cannot be made.
                let linked = path.with_extension("retrospect-link");
                if std::fs::hard_link(&old, &linked).is_ok() {
                    std::fs::rename(&linked, &path).map_err(failed)?;
                }
            }
        }
        Ok(())
    }
}

/// Whether two regular files hold the same bytes, read a block at a time.
fn same_bytes(a: &Path, b: &Path) -> bool {
    let open = |p: &Path| -> io::Result<(u64, BufReader<File>)> {
        let meta = std::fs::symlink_metadata(p)?;
        if !meta.is_file() {
            return Err(io::ErrorKind::InvalidInput.into());
        }
        Ok((
            meta.len(),
            BufReader::with_capacity(1 << 16, File::open(p)?),
        ))
    };
    let (Ok((len_a, mut a)), Ok((len_b, mut b))) = (open(a), open(b)) else {
        return false;
    };
    if len_a != len_b {
        return false;
    }
    let (mut block_a, mut block_b) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let n = match a.read(&mut block_a) {
            Ok(0) => return b.read(&mut block_b).is_ok_and(|n| n == 0),
            Ok(n) => n,
            Err(_) => return false,
        };
        if b.read_exact(&mut block_b[..n]).is_err() || block_a[..n] != block_b[..n] {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_the_same_only_with_the_same_bytes() {
        let dir = std::env::temp_dir().join(format!("retrospect-same-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let long: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut changed = long.clone();
        changed[150_000] ^= 1;
        let write = |name: &str, bytes: &[u8]| {
            std::fs::write(dir.join(name), bytes).unwrap();
            dir.join(name)
        };
        let (a, b) = (write("a", &long), write("b", &long));
        let (c, d) = (write("c", &changed), write("d", &long[..199_999]));
        assert!(same_bytes(&a, &b));
        assert!(!same_bytes(&a, &c), "one byte differs");
        assert!(!same_bytes(&a, &d), "shorter");
        assert!(!same_bytes(&a, &dir.join("missing")));
        assert!(!same_bytes(&dir, &dir), "not a file");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

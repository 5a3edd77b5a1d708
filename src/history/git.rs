//! Reading the reports' past from git: a few `git` processes for the whole
//! site, whatever its size. `rev-parse` finds the repository (and whether
//! it is a shallow clone, and the commit of its branch); one `log` lists,
//! for every commit of the branch (its first parents: each change dated
//! when it reached the branch; only those since the log an earlier run
//! kept, [`super::log_cache`], when there is one), the report files it changed with their blob ids, renames detected; one
//! `cat-file --batch`, running at the same time, streams the blobs, each
//! version of a report read once, asked for as soon as the log names it
//! (and not at all when an earlier run kept what it says: [`super::cache`]).
//! The `git` command rather than a Rust git library: it is what the
//! site's own repository was written with, so it reads every repository
//! format, pack and extension that the site's git does, it keeps the
//! binary free of a large dependency, and it is as fast as any (its log
//! and cat-file are the same code a library would reimplement).

use super::log::{Log, parse_log};
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Why the history of the reports is not known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unknown {
    /// `git` is not installed (or not on the `PATH`).
    NoGit,
    /// The site is not in a git checkout.
    NotARepository,
    /// A shallow clone: its oldest commit looks like the creation of every
    /// file, so any figure would be wrong.
    Shallow,
    /// git failed: a corrupt repository, one owned by another user, …
    Unreadable(String),
    /// The command did not ask for it (`check`, `actions` in a table).
    NotRead,
}

/// The git command, unaffected by the user's settings that change its
/// output, with English messages.
fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "log.showSignature=false",
            "-c",
            "core.quotePath=false",
        ])
        .env("LC_ALL", "C")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null());
    command
}

/// Runs git to the end, giving its standard output.
fn output(mut command: Command) -> Result<Vec<u8>, Unknown> {
    let out = command.output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Unknown::NoGit,
        _ => Unknown::Unreadable(format!("cannot run git: {e}")),
    })?;
    if out.status.success() {
        return Ok(out.stdout);
    }
    let message = String::from_utf8_lossy(&out.stderr);
    if message.contains("not a git repository") {
        return Err(Unknown::NotARepository);
    }
    Err(Unknown::Unreadable(first_line(&message)))
}

fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("git failed");
    line.strip_prefix("fatal: ").unwrap_or(line).to_string()
}

/// Whether `reports` is in a work tree whose branch has commits: the
/// commit its branch is at, or `Ok(None)` for a repository with nothing
/// committed yet.
pub fn check(reports: &Path) -> Result<Option<String>, Unknown> {
    let mut command = git(reports);
    command.args([
        "rev-parse",
        "--is-shallow-repository",
        "--is-inside-work-tree",
    ]);
    let text = String::from_utf8_lossy(&output(command)?).into_owned();
    let mut lines = text.lines();
    if lines.next() == Some("true") {
        return Err(Unknown::Shallow);
    }
    if lines.next() != Some("true") {
        return Err(Unknown::NotARepository);
    }
    let mut head = git(reports);
    head.args(["rev-parse", "--verify", "--quiet", "HEAD"]);
    Ok(head
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|id| !id.is_empty()))
}

/// Whether commit `head` is `old` or comes after it on its first-parent
/// line: then the log of `old..head` followed by the log of `old` is the
/// log of `head`.
pub fn descends(reports: &Path, old: &str, head: &str) -> bool {
    if old == head {
        return true;
    }
    let mut command = git(reports);
    command.args([
        "rev-list",
        "--first-parent",
        "--parents",
        &format!("{old}..{head}"),
    ]);
    let Ok(out) = output(command) else {
        return false;
    };
    // The oldest commit of the range, and its first parent: `old` itself.
    let text = String::from_utf8_lossy(&out);
    text.lines()
        .last()
        .and_then(|line| line.split(' ').nth(1))
        .is_some_and(|parent| parent == old)
}

/// Starts git with `args`, its standard output piped.
fn spawn(reports: &Path, args: &[&str], stdin: Stdio) -> Result<Child, Unknown> {
    let mut command = git(reports);
    command
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Unknown::NoGit,
        _ => Unknown::Unreadable(format!("cannot run git: {e}")),
    })
}

/// Waits for a child whose standard output has been read to the end: its
/// error, if it failed.
fn finish(mut child: Child, what: &str) -> Result<(), Unknown> {
    let mut message = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut message);
    }
    match child.wait() {
        Ok(status) if status.success() => Ok(()),
        _ if message.contains("not a git repository") => Err(Unknown::NotARepository),
        _ if message.trim().is_empty() => Err(Unknown::Unreadable(format!("{what} failed"))),
        _ => Err(Unknown::Unreadable(first_line(&message))),
    }
}

/// The repository's git directory (where what a run read is kept) and the
/// path of `reports` from the top of the work tree (`site/reports/`).
pub fn git_dir(reports: &Path) -> Option<(std::path::PathBuf, String)> {
    let mut command = git(reports);
    command.args(["rev-parse", "--absolute-git-dir", "--show-prefix"]);
    let out = output(command).ok()?;
    let text = String::from_utf8(out).ok()?;
    let mut lines = text.lines();
    let dir = lines.next()?.trim_end_matches('\r');
    let prefix = lines.next().unwrap_or("").trim_end_matches('\r');
    (!dir.is_empty()).then(|| (dir.into(), prefix.to_string()))
}

/// The arguments of the one `git log`: every commit of the branch's first
/// parents, with the report files it changed.
pub const LOG: [&str; 10] = [
    "log",
    "--first-parent",
    "-m",
    "-M",
    "--raw",
    "--no-abbrev",
    "--no-color",
    "-z",
    "--relative",
    "--format=%x01%H%x00%cI%x00%an%x00%s",
];

/// The versions of the files `current` (paths relative to `reports/`),
/// from one `git log` of the branch's first parents, and the content of
/// each, from one `git cat-file --batch`, handed to `each` (with its index
/// in [`Log::blobs`]) as it arrives. The two processes run at once: each
/// version is asked of `cat-file` as soon as `log` names it (newest first,
/// the order in which git's delta chains are cheapest to read). A version
/// larger than `max_bytes` is handed over empty.
///
/// The log has no pathspec: `--relative`, run in `reports/`, already keeps
/// it to the reports, and a pathspec would make git compare every commit's
/// trees twice (once to simplify the history, once for `--raw`), which
/// took 40% longer on a history of 50,000 commits (BENCHMARKS.md).
/// A version whose blob id `known` accepts is not asked for (the caller
/// has it already).
///
/// With `kept`, the log an earlier run read up to a commit on the first-parent
/// line of `head` ([`descends`]), git is asked only for the commits since
/// (none when `head` is that commit). Gives the log and git's output as read
/// this time (new commits first, then what was kept): what to keep; empty
/// when git was asked for nothing.
pub fn read(
    reports: &Path,
    current: &[&str],
    max_bytes: u64,
    head: &str,
    kept: Option<(&str, &[u8])>,
    known: impl Fn(&str) -> bool,
    each: impl FnMut(usize, Vec<u8>) + Send,
) -> Result<(Log, Vec<u8>), Unknown> {
    let (revision, kept_bytes) = match kept {
        // Nothing new: the kept log is the log.
        Some((old, bytes)) if old == head => (None, bytes),
        Some((old, bytes)) => (Some(format!("{old}..{head}")), bytes),
        None => (Some(head.to_string()), &[][..]),
    };
    let mut log = match &revision {
        Some(revision) => Some(spawn(
            reports,
            &[&LOG[..], &[revision.as_str(), "--"]].concat(),
            Stdio::null(),
        )?),
        None => None,
    };
    // `--buffer`: answers are written in blocks rather than one by one;
    // they are read on a thread of their own as they come.
    let mut cat = match spawn(
        reports,
        &["cat-file", "--batch", "--buffer"],
        Stdio::piped(),
    ) {
        Ok(cat) => cat,
        Err(reason) => {
            if let Some(log) = log.as_mut() {
                let _ = log.kill();
                let _ = log.wait();
            }
            return Err(reason);
        }
    };
    let requests = BufWriter::new(cat.stdin.take().expect("piped"));
    let answers = cat.stdout.take().expect("piped");
    let mut fresh = Vec::new();
    let new = Tee {
        inner: log.as_mut().and_then(|log| log.stdout.take()),
        copy: &mut fresh,
    };
    let tokens = BufReader::with_capacity(1 << 16, new.chain(kept_bytes));
    // The index of each blob asked for, in the order asked: cat-file
    // answers in that order.
    let (asked, indexes) = std::sync::mpsc::channel::<usize>();
    let mut count = 0;
    let (parsed, streamed) = std::thread::scope(|scope| {
        let reader = scope.spawn(move || blobs(answers, indexes, max_bytes, each));
        let mut requests = Some(requests);
        let parsed = parse_log(tokens, current, |index, id| {
            if known(id) {
                return;
            }
            count += 1;
            let _ = asked.send(index);
            if let Some(writer) = requests.as_mut() {
                // cat-file gone: its reader says why.
                if writeln!(writer, "{id}").is_err() {
                    requests = None;
                }
            }
        });
        drop(asked);
        // Closing its input ends cat-file once it has answered.
        drop(requests);
        let streamed = reader
            .join()
            .unwrap_or_else(|_| Err("cat-file reader failed".into()));
        (parsed, streamed)
    });
    let logged = log.map_or(Ok(()), |log| finish(log, "git log"));
    let catted = finish(cat, "git cat-file");
    let parsed = parsed.map_err(Unknown::Unreadable)?;
    logged?;
    let answered = streamed.map_err(Unknown::Unreadable)?;
    catted?;
    if answered != count {
        return Err(Unknown::Unreadable("git cat-file stopped early".into()));
    }
    // What to keep: only when git was asked (a kept log that is still
    // current is not copied to be written again).
    if revision.is_some() {
        fresh.extend_from_slice(kept_bytes);
    }
    Ok((parsed, fresh))
}

/// Reads `inner` (nothing when `None`), keeping a copy of what it read.
struct Tee<'a, R> {
    inner: Option<R>,
    copy: &'a mut Vec<u8>,
}

impl<R: Read> Read for Tee<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let Some(inner) = self.inner.as_mut() else {
            return Ok(0);
        };
        let n = inner.read(buf)?;
        self.copy.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// Reads `git cat-file --batch` answers to the end, handing each blob to
/// `each` with its index (from `indexes`, in the order asked); the number
/// read. A blob larger than `max_bytes` is handed over empty.
fn blobs(
    answers: impl Read,
    indexes: std::sync::mpsc::Receiver<usize>,
    max_bytes: u64,
    mut each: impl FnMut(usize, Vec<u8>),
) -> Result<usize, String> {
    let mut reader = BufReader::with_capacity(1 << 16, answers);
    let mut header = String::new();
    let mut answered = 0;
    loop {
        header.clear();
        match reader.read_line(&mut header) {
            Ok(0) => return Ok(answered),
            Ok(_) => {}
            Err(_) => return Err("git cat-file stopped early".into()),
        }
        // `<id> blob <size>`, or `<id> missing`.
        let size = match header.trim_end().rsplit_once(' ') {
            Some((_, size)) if header.contains(" blob ") => size.parse::<u64>().ok(),
            _ => None,
        };
        let Some(size) = size else {
            return Err(format!("git cat-file: {}", header.trim_end()));
        };
        let mut bytes = Vec::new();
        let read = if size > max_bytes {
            std::io::copy(&mut (&mut reader).take(size), &mut std::io::sink()).map(|_| ())
        } else {
            bytes.reserve_exact(size as usize);
            (&mut reader).take(size).read_to_end(&mut bytes).map(|_| ())
        };
        let mut newline = [0u8; 1];
        if read.and_then(|_| reader.read_exact(&mut newline)).is_err() {
            return Err("git cat-file stopped early".into());
        }
        let Ok(index) = indexes.recv() else {
            return Err("git cat-file answered what was not asked".into());
        };
        each(index, bytes);
        answered += 1;
    }
}

//! `retrospect serve`: build into memory, serve on 127.0.0.1, rebuild on
//! every change and reload the open pages, until Ctrl-C.

use super::Outcome;
use crate::cli::{AudienceArg, ServeArgs};
use crate::diagnostic;
use crate::error::{Error, ErrorKind};
use crate::serve::rebuild::{Builder, Changes, Problems, Settings};
use crate::serve::search::SearchIndex;
use crate::serve::state::{Live, SiteInMemory};
use crate::serve::{http, live, watch};
use crate::site::Audience;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// What the loop waits for.
enum Message {
    Changed(Changes),
    WatchFailed(Error),
    Stop,
}

/// After a change, how long to wait for more before rebuilding, and at
/// most: the debouncer reports the changes of a burst of saves in batches
/// a tick apart, and saving many files (a `git checkout`) is one rebuild.
const SETTLE: Duration = Duration::from_millis(75);
const SETTLE_AT_MOST: Duration = Duration::from_secs(1);

pub fn run(args: &ServeArgs) -> Result<Outcome, Error> {
    let site: PathBuf = super::site_dir::site_dir(args.site.as_deref(), "`retrospect serve SITE`")?;
    if !site.join("reports").is_dir() {
        return Err(crate::load::no_reports_folder(&site));
    }
    let server = Arc::new(http::bind(args.port)?);
    let port = server.port();
    let url = format!("http://127.0.0.1:{port}/");
    let audience = match args.audience {
        AudienceArg::Internal => Audience::Internal,
        AudienceArg::Public => Audience::Public,
    };

    let (sender, messages) = mpsc::channel();
    let stop = sender.clone();
    // Set at once, so that changes queued before it are not rebuilt first.
    let stopping = Arc::new(AtomicBool::new(false));
    let stop_flag = Arc::clone(&stopping);
    ctrlc::set_handler(move || {
        stop_flag.store(true, Ordering::SeqCst);
        let _ = stop.send(Message::Stop);
    })
    .map_err(|e| Error::new(ErrorKind::Server, format!("cannot handle Ctrl-C: {e}")))?;
    // Watching starts before the first build, so no change is missed.
    let mut watcher = watch::Watcher::start(&site, move |change| {
        let _ = sender.send(match change {
            Ok(changes) => Message::Changed(changes),
            Err(e) => Message::WatchFailed(e),
        });
    })?;

    let settings = Settings {
        site: site.clone(),
        audience,
        today: args.today,
        base_url: url.clone(),
    };
    let mut builder = Builder::new(settings.clone());
    let live = Arc::new(Live::new());
    let search = SearchIndex::start();
    let started = Instant::now();
    let first = rebuild(
        &mut builder,
        &settings,
        &live,
        &search,
        &Changes::everything(),
    );
    match &first {
        Ok(built) => {
            println!(
                "serving {} at {url} ({} audience; Ctrl-C to stop)",
                diagnostic::plural(built.reports, "report", "reports"),
                audience.as_str(),
            );
            if let Some(warnings) = warnings(built.warnings) {
                eprintln!("note: {warnings}");
            }
        }
        Err(count) => println!(
            "serving {url}: the site has {count}, shown on every page until they are fixed (Ctrl-C to stop)"
        ),
    }
    if let Some(warning) = builder.git_warning() {
        eprintln!("warning: {warning}");
    }
    timings(&format!("first build: {:.0} ms", ms(started.elapsed())));
    let _ = std::io::stdout().flush();

    let http = {
        let (server, live) = (Arc::clone(&server), Arc::clone(&live));
        std::thread::spawn(move || http::serve(&server, &live))
    };
    if args.open {
        let url = url.clone();
        std::thread::spawn(move || {
            if let Err(e) = opener::open(&url) {
                eprintln!("warning: cannot open a browser ({e}); open {url}");
            }
        });
    }

    while let Ok(message) = messages.recv() {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let mut changes = match message {
            Message::Changed(changes) => changes,
            Message::WatchFailed(e) => {
                eprintln!("warning: {e}");
                continue;
            }
            Message::Stop => break,
        };
        if !settle(&messages, &mut changes) || stopping.load(Ordering::SeqCst) {
            break;
        }
        if let Err(e) = watcher.follow_folders() {
            eprintln!("warning: {e}");
        }
        let started = Instant::now();
        if let Ok(built) = rebuild(&mut builder, &settings, &live, &search, &changes) {
            let warnings = warnings(built.warnings).map(|w| format!("; {w}"));
            println!(
                "rebuilt in {:.0} ms ({}){}",
                ms(started.elapsed()),
                what(&changes),
                warnings.unwrap_or_default()
            );
            let _ = std::io::stdout().flush();
        }
    }
    live.stop();
    server.unblock();
    let _ = http.join();
    Ok(Outcome::Clean)
}

/// Waits for more changes until none come for a moment, and adds them to
/// `changes`. `false` when the server is to stop.
fn settle(messages: &mpsc::Receiver<Message>, changes: &mut Changes) -> bool {
    let until = Instant::now() + SETTLE_AT_MOST;
    loop {
        let wait = SETTLE.min(until.saturating_duration_since(Instant::now()));
        match messages.recv_timeout(wait) {
            Ok(Message::Changed(more)) => changes.merge(more),
            Ok(Message::WatchFailed(e)) => eprintln!("warning: {e}"),
            Ok(Message::Stop) => return false,
            Err(mpsc::RecvTimeoutError::Timeout) => return true,
            Err(mpsc::RecvTimeoutError::Disconnected) => return false,
        }
        if Instant::now() >= until {
            return true;
        }
    }
}

/// What a rebuild that worked gave.
struct Served {
    reports: usize,
    warnings: usize,
}

/// [`Builder::rebuild`], surviving a panic: a bug met by one rebuild is
/// shown as that rebuild's error (on every page, as for any failed build),
/// and the next rebuild starts afresh, with nothing kept from before.
fn guarded_rebuild(
    builder: &mut Builder,
    settings: &Settings,
    changes: &Changes,
) -> Result<crate::serve::rebuild::Built, Problems> {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        panic_for_tests(settings);
        builder.rebuild(changes)
    }));
    outcome.unwrap_or_else(|panic| {
        *builder = Builder::new(settings.clone());
        Err(Problems {
            messages: vec![format!(
                "Retrospect failed while rebuilding the site: {}. This is a bug; please report it                  (SECURITY.md says how). The next change rebuilds everything.",
                http::panic_message(&panic)
            )],
            ..Problems::default()
        })
    })
}

/// A test's way to make a rebuild panic (debug builds only): while the
/// file that `RETROSPECT_TEST_PANIC_IN_REBUILD` names exists in the site,
/// every rebuild panics.
fn panic_for_tests(settings: &Settings) {
    #[cfg(debug_assertions)]
    if let Some(name) = std::env::var_os("RETROSPECT_TEST_PANIC_IN_REBUILD")
        && settings.site.join(name).exists()
    {
        panic!("a panic asked for by RETROSPECT_TEST_PANIC_IN_REBUILD");
    }
    let _ = settings;
}

/// Rebuilds and serves the result; `Err("N errors")` after printing them.
fn rebuild(
    builder: &mut Builder,
    settings: &Settings,
    live: &Live,
    search: &SearchIndex,
    changes: &Changes,
) -> Result<Served, String> {
    match guarded_rebuild(builder, settings, changes) {
        Ok(built) => {
            let served = Served {
                reports: built.plan.site().reports().len(),
                warnings: built.warnings,
            };
            for (stage, took) in &built.timings.0 {
                timings(&format!("  {stage}: {:.1} ms", ms(*took)));
            }
            search.update(built.plan.site());
            live.publish(Ok(SiteInMemory::new(built, Some(search.clone()))));
            Ok(served)
        }
        Err(problems) => {
            let count = live::count(&problems);
            print_problems(&problems);
            let still = if live.snapshot().site.is_some() {
                "still serving the last version that built, with the errors on every page"
            } else {
                "every page lists them until they are fixed"
            };
            eprintln!("error: the site has {count}; {still}");
            live.publish(Err(problems));
            Err(count)
        }
    }
}

fn print_problems(problems: &Problems) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut text = diagnostic::human::render(&problems.diagnostics, None, color);
    for message in &problems.messages {
        text.push_str(&format!("error: {message}\n\n"));
    }
    eprint!("{text}");
}

/// What changed, for the rebuild line: a file, or what kind of files.
fn what(changes: &Changes) -> String {
    let mut parts: Vec<String> = Vec::new();
    match changes.reports.as_slice() {
        [] => {}
        [one] => parts.push(format!("reports/{one}")),
        many => parts.push(diagnostic::plural(many.len(), "file", "files") + " in reports/"),
    }
    if changes.config {
        parts.push(crate::config::CONFIG_FILE.into());
    }
    if changes.templates {
        parts.push("templates".into());
    }
    if changes.theme {
        parts.push("theme".into());
    }
    if changes.everything {
        parts.push("everything".into());
    }
    parts.join(", ")
}

/// `3 warnings (see `retrospect check`)`, when there are any.
fn warnings(count: usize) -> Option<String> {
    (count > 0).then(|| {
        format!(
            "{} (see `retrospect check`)",
            diagnostic::plural(count, "warning", "warnings")
        )
    })
}

/// Stage timings on stderr when `RETROSPECT_TIMINGS` is set, for profiling.
fn timings(line: &str) {
    if std::env::var_os("RETROSPECT_TIMINGS").is_some() {
        eprintln!("{line}");
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

//! `retrospect build`: the pipeline to a prepared site, rendered and
//! written to disk with its search index.

use super::Outcome;
use crate::cli::{AudienceArg, BuildArgs};
use crate::diagnostic;
use crate::error::Error;
use crate::pipeline::{self, OnErrors, Request};
use crate::render;
use crate::site::Audience;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

pub fn run(args: &BuildArgs) -> Result<Outcome, Error> {
    let started = Instant::now();
    let site_dir: PathBuf =
        super::site_dir::site_dir(args.site.as_deref(), "`retrospect build SITE`")?;
    let out = args.out.clone().unwrap_or_else(|| site_dir.join("public"));
    let out = crate::load::display_path(&out);
    let audience = match args.audience {
        AudienceArg::Internal => Audience::Internal,
        AudienceArg::Public => Audience::Public,
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut config = match crate::config::load(&site_dir) {
        Ok(config) => config,
        Err(diagnostics) => {
            eprint!("{}", diagnostic::human::render(&diagnostics, None, color));
            eprintln!("error: `retrospect.yaml` has errors; nothing was built");
            return Ok(Outcome::Failed);
        }
    };
    if let Some(base_url) = &args.base_url {
        config.base_url = base_url.clone();
    }
    // Refuse a foreign output folder before doing any work.
    crate::write::check_not_site(&out, &site_dir)?;
    crate::write::check_target(&out)?;
    let progress = Progress::new();

    let timings = Timings::new();
    progress.stage("reading reports");
    let run = pipeline::prepare(
        Request {
            site: &site_dir,
            config,
            audience,
            today: args.today.unwrap_or_else(crate::time::today),
            search: !args.no_search,
            attachments: true,
            git_dates: true,
            on_errors: OnErrors::Stop,
        },
        None,
    )?;
    let summary = run.summary();
    timings.show(&run.timings);
    let Some(prepared) = run.prepared else {
        progress.finish();
        eprint!(
            "{}",
            diagnostic::human::render(&run.diagnostics, Some(&summary), color)
        );
        eprintln!(
            "error: the reports have errors; nothing was built ({} is unchanged)",
            out.display()
        );
        return Ok(Outcome::Problems);
    };
    // Counted in `summary`, and not shown by a build without errors: not
    // held through the render (94,000 warnings at 100,000 reports).
    drop(run.diagnostics);

    progress.stage("rendering");
    let tera = render::templates::load(&site_dir)?;
    let theme = render::theme::files(&site_dir, &prepared.site().config().theme)?;
    let plan = render::Plan::new(prepared, tera, theme);
    crate::memory::probe("the render's plan");
    let rendered = match crate::write::write_atomically(&out, |sink| {
        // The index is built mostly on one thread: beside the rendering,
        // which uses every core, it costs less than after it. Its files
        // are written as soon as they are made, not held until the pages
        // are done: at 100,000 reports the pages took 25 s more, with the
        // whole bundle (0.6 GB) held beside them.
        let (rendered, search) = rayon::join(
            || plan.render_all(sink),
            || -> Result<(), Error> {
                if plan.site().search() {
                    crate::search::index_into(plan.site(), &mut |file| sink.put(file))?;
                }
                Ok(())
            },
        );
        let rendered = rendered?;
        search?;
        Ok(rendered)
    }) {
        Ok(stats) => stats,
        Err(e) => {
            progress.finish();
            eprintln!("error: {e}");
            eprintln!("nothing was built ({} is unchanged)", out.display());
            // The kind says whose fault it is: a template that fails is a
            // problem in the site (1), a file that cannot be written means
            // the build could not run (2).
            return Ok(Outcome::after(e.kind()));
        }
    };
    progress.finish();
    timings.mark("render and write");

    let model = plan.site();
    let absolute = model.config().base_url.starts_with("http://")
        || model.config().base_url.starts_with("https://");
    if audience == Audience::Public && !absolute {
        eprintln!(
            "note: no sitemap.xml and relative feed links: give the site's address with --base-url \
             (or base_url in retrospect.yaml), e.g. https://status.example.com/incidents/"
        );
    }
    if let Some(warning) = run.git_warning {
        eprintln!("warning: {warning}");
    }
    if summary.warnings > 0 {
        eprintln!(
            "note: {} (see `retrospect check`)",
            diagnostic::plural(summary.warnings, "warning", "warnings")
        );
    }
    println!(
        "built {} for {} ({} audience) in {:.2} s: open {}",
        diagnostic::plural(rendered.pages, "page", "pages"),
        diagnostic::plural(model.reports().len(), "report", "reports"),
        audience.as_str(),
        started.elapsed().as_secs_f64(),
        out.join("index.html").display()
    );
    Ok(Outcome::Clean)
}

/// Stage timings on stderr when `RETROSPECT_TIMINGS` is set, for profiling.
struct Timings(Option<std::cell::Cell<Instant>>);

impl Timings {
    fn new() -> Self {
        Timings(
            std::env::var_os("RETROSPECT_TIMINGS").map(|_| std::cell::Cell::new(Instant::now())),
        )
    }
    fn mark(&self, stage: &str) {
        if let Some(last) = &self.0 {
            eprintln!("{stage}: {:.3} s", last.get().elapsed().as_secs_f64());
            last.set(Instant::now());
        }
    }

    /// The stages the pipeline timed.
    fn show(&self, timings: &pipeline::Timings) {
        if let Some(last) = &self.0 {
            for (stage, took) in &timings.0 {
                eprintln!("{stage}: {:.3} s", took.as_secs_f64());
            }
            last.set(Instant::now());
        }
    }
}

/// A spinner naming the stage, on a terminal only (indicatif hides it
/// otherwise).
struct Progress(indicatif::ProgressBar);

impl Progress {
    fn new() -> Self {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress(bar)
    }
    fn stage(&self, name: &'static str) {
        self.0.set_message(name);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Rendering a large site allocates many small strings; mimalloc makes that
/// about 8% faster than the system allocator (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use retrospect::cli::Command;
use retrospect::cmd;
use std::process::ExitCode;

fn main() -> ExitCode {
    retrospect::memory::without_huge_pages();
    let cli = retrospect::cli::parse();
    let result = match &cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Build(args) => cmd::build::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Actions(args) => cmd::actions::run(args),
        Command::Summary(args) => cmd::summary::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Man(args) => cmd::man::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Help(args) => cmd::help::run(args),
    };
    match result {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(error.kind().exit_code())
        }
    }
}

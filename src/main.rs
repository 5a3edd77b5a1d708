/// Rendering a large site allocates many small strings; mimalloc makes that
/// about 8% faster than the system allocator (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use retrospect::cli::Command;
use retrospect::cmd::{self, Outcome};
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
        Command::Schema(args) => cmd::schema::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Man(args) => cmd::man::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Help(args) => cmd::help::run(args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Ok(Outcome::Failed) => ExitCode::from(2),
        Err(cmd::Fatal(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

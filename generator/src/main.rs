//! The `pagegen` command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use pagegen::{write, Error, FileSet, GenerateOptions, JobConfig, Warning};

// See the `mimalloc` feature in Cargo.toml.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate a typed async Rust client from API documentation pages and OpenAPI documents.
///
/// Without a command, regenerates the crate described by the nearest `pagegen.toml`.
#[derive(Parser)]
#[command(name = "pagegen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Print every warning (by default the first few and a count).
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the crate of `pagegen.toml` (what `cargo run` does).
    Run,
    /// Exit non-zero, listing what differs, when the crate of `pagegen.toml` is stale.
    Check,
    /// Write the assembled OpenAPI document.
    Spec {
        /// Pages (*.api.mdx), OpenAPI documents, or folders of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output file; standard output when absent.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Yaml)]
        format: Format,
    },
    /// Write a complete client crate.
    Generate {
        /// Pages (*.api.mdx), OpenAPI documents, or folders of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The crate folder; replaced as a whole, atomically.
        #[arg(long)]
        out: PathBuf,
        /// Package name (default: the output folder's name).
        #[arg(long)]
        crate_name: Option<String>,
        /// The types (and webhook payloads) without the client: no HTTP client, no async runtime.
        #[arg(long)]
        types_only: bool,
        /// A derive added to every type that can take it (`Eq`, `Hash`, `schemars::JsonSchema`);
        /// repeat for more.
        #[arg(long = "derive", value_name = "PATH")]
        derives: Vec<String>,
        /// Write the types with serde's derive and attributes (for derives that read them).
        #[arg(long)]
        serde_derive: bool,
        /// A dependency of the generated crate, as a Cargo.toml line: `'schemars = "0.8"'`;
        /// repeat for more.
        #[arg(long = "dependency", value_name = "LINE")]
        dependencies: Vec<String>,
        /// No cargo feature per tag: the whole client in one `src/client.rs`, always compiled.
        #[arg(long)]
        no_tag_features: bool,
    },
    /// List every documented example that contradicts its own schema (exit 1 if any).
    Lint {
        /// Pages (*.api.mdx), OpenAPI documents, or folders of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Draft an operation page from the text a browser shows for a rendered page.
    ImportText {
        /// The copied page text.
        file: PathBuf,
        /// Output page; standard output when absent.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Yaml,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut warnings = Vec::new();
    let result = run(cli.command.unwrap_or(Command::Run), &mut warnings);
    report(&warnings, cli.verbose);
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn report(warnings: &[Warning], verbose: bool) {
    const SHOWN: usize = 10;
    let shown = if verbose { warnings.len() } else { SHOWN.min(warnings.len()) };
    for w in &warnings[..shown] {
        eprintln!("{w}");
    }
    if warnings.len() > shown {
        eprintln!("... and {} more warnings (--verbose shows them all)", warnings.len() - shown);
    }
}

fn job() -> Result<JobConfig, Error> {
    let cwd = std::env::current_dir().map_err(|e| Error::new(format!("cannot read the current folder: {e}")))?;
    let file = JobConfig::find(&cwd).ok_or_else(|| {
        Error::new(format!("no {} in {} or any folder above it", JobConfig::FILE_NAME, cwd.display()))
    })?;
    JobConfig::load(&file)
}

/// Everything the job in `pagegen.toml` writes.
fn job_files(job: &JobConfig, warnings: &mut Vec<Warning>) -> Result<FileSet, Error> {
    let (api, w) = pagegen::load(&job.inputs)?;
    warnings.extend(w);
    let mut files = pagegen::generate(&api, &job.options, warnings)?;
    if let Some(extra) = &job.extra {
        files.extend(write::read_tree(extra)?);
    }
    Ok(files)
}

fn run(command: Command, warnings: &mut Vec<Warning>) -> Result<ExitCode, Error> {
    match command {
        Command::Run => {
            let job = job()?;
            let files = job_files(&job, warnings)?;
            write::write_crate(&job.output, &files)?;
            eprintln!("wrote {} files to {}", files.len(), job.output.display());
        }
        Command::Check => {
            let job = job()?;
            let files = job_files(&job, warnings)?;
            let differences = write::diff(&job.output, &files)?;
            if !differences.is_empty() {
                eprintln!("{} is stale: it differs from what the inputs generate", job.output.display());
                for d in &differences {
                    eprintln!("  {d}");
                }
                eprintln!("run `cargo run` and commit the result");
                return Ok(ExitCode::FAILURE);
            }
            eprintln!("{} is up to date", job.output.display());
        }
        Command::Spec { inputs, output, format } => {
            let (api, w) = pagegen::load(&inputs)?;
            warnings.extend(w);
            let document = pagegen::assemble::document(&api);
            let text = match format {
                Format::Yaml => serde_yaml::to_string(&document).map_err(|e| Error::new(e.to_string()))?,
                Format::Json => serde_json::to_string_pretty(&document).map_err(|e| Error::new(e.to_string()))? + "\n",
            };
            write_output(output.as_deref(), &text)?;
        }
        Command::Generate {
            inputs,
            out,
            crate_name,
            types_only,
            derives,
            serde_derive,
            dependencies,
            no_tag_features,
        } => {
            let (api, w) = pagegen::load(&inputs)?;
            warnings.extend(w);
            let name = match crate_name {
                Some(name) => name,
                None => out
                    .file_name()
                    .map(|n| GenerateOptions::crate_name_from(&n.to_string_lossy()))
                    .ok_or_else(|| Error::new("--out has no folder name; pass --crate-name"))?,
            };
            let dependencies = dependencies.iter().map(|line| dependency(line)).collect::<Result<_, _>>()?;
            let options = GenerateOptions {
                types_only,
                extra_derives: derives,
                serde_derive,
                dependencies,
                tag_features: !no_tag_features,
                ..GenerateOptions::new(name)
            };
            let files = pagegen::generate(&api, &options, warnings)?;
            write::write_crate(&out, &files)?;
            eprintln!("wrote {} files to {}", files.len(), out.display());
        }
        Command::Lint { inputs } => {
            let (findings, w) = pagegen::lint::lint(&inputs)?;
            warnings.extend(w);
            for finding in &findings {
                println!("{finding}");
            }
            if !findings.is_empty() {
                eprintln!("{} documented examples contradict their schemas", findings.len());
                return Ok(ExitCode::FAILURE);
            }
            eprintln!("every documented example matches its schema");
        }
        Command::ImportText { file, output } => {
            let page = pagegen::import_text::import_file(&file, warnings)?;
            write_output(output.as_deref(), &page)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a single output file, or prints it.
fn write_output(output: Option<&Path>, text: &str) -> Result<(), Error> {
    match output {
        Some(path) => write::write_file(path, text),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// `name = value` of `--dependency`, as `pagegen.toml`'s `[crate.dependencies]` takes it.
fn dependency(line: &str) -> Result<(String, String), Error> {
    let (name, value) =
        line.split_once('=').ok_or_else(|| Error::new(format!("--dependency {line:?}: write `name = \"version\"`")))?;
    Ok((name.trim().to_owned(), value.trim().to_owned()))
}

//! `cargo bench --bench generate`: generation time per input beside the floor (only reading and
//! decoding the same files), and peak memory of a whole `pagegen generate` run.
//!
//! Like the command line, the bench allocates with mimalloc (the default `mimalloc` feature), the
//! floor included. Medians of several runs; `PAGEGEN_BENCH_QUICK=1` runs each once (CI). Inputs
//! come from the shared data folder (`$PAGEGEN_SHARED`, else `../shared` beside the checkout).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use pagegen::GenerateOptions;

// See the `mimalloc` feature in Cargo.toml.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn inputs() -> Vec<(String, PathBuf)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = std::env::var_os("PAGEGEN_SHARED").map(PathBuf::from).unwrap_or_else(|| root.join("../shared"));
    assert!(shared.join("corpus").is_dir(), "shared data not found at {} (set PAGEGEN_SHARED)", shared.display());
    let mut list = vec![("specs (seeds)".to_owned(), root.join("specs"))];
    for folder in ["pages-2022-raw/beta", "pages-2022-raw/v3", "pages-2024-compressed/beta", "pages-2024-compressed/v3"]
    {
        list.push((folder.to_owned(), shared.join("corpus").join(folder)));
    }
    list.push((
        "reference beta (split spec)".to_owned(),
        shared.join("reference/sailpoint-api-specs/idn/sailpoint-api.beta.yaml"),
    ));
    list
}

/// Peak resident memory of `pagegen generate INPUT`, from the child's own `VmHWM`.
fn peak_memory(input: &Path) -> String {
    let out_dir = tempfile::tempdir().unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--peak-memory-child", &input.to_string_lossy(), &out_dir.path().join("c").to_string_lossy()])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn child(input: &str, out: &str) {
    let (api, mut warnings) = pagegen::load(&[input]).unwrap();
    let files = pagegen::generate(&api, &GenerateOptions::new("bench-client"), &mut warnings).unwrap();
    pagegen::write::write_crate(Path::new(out), &files).unwrap();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status.lines().find(|l| l.starts_with("VmHWM:")).map_or("n/a", |l| l["VmHWM:".len()..].trim());
    println!("{peak}");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--peak-memory-child") {
        return child(&args[i + 1], &args[i + 2]);
    }
    let quick = std::env::var_os("PAGEGEN_BENCH_QUICK").is_some();
    let runs = if quick { 1 } else { 9 };
    println!(
        "pagegen generation, median of {runs} run(s) ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:<30} {:>10} {:>10} {:>10} {:>8} {:>12}",
        "input", "floor", "assemble", "generate", "ratio", "peak memory"
    );
    for (name, input) in inputs() {
        // The three measurements alternate, so drift of a shared machine hits them alike; the
        // first round warms the page cache and the allocator and is not counted.
        let (mut floor, mut load, mut generate) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..=runs {
            let f = time(|| {
                pagegen::sources::read_inputs(&[&input], &mut Vec::new()).unwrap();
            });
            let l = time(|| {
                pagegen::load(&[&input]).unwrap();
            });
            let g = time(|| {
                let (api, mut warnings) = pagegen::load(&[&input]).unwrap();
                pagegen::generate(&api, &GenerateOptions::new("bench-client"), &mut warnings).unwrap();
            });
            if round > 0 {
                floor.push(f);
                load.push(l);
                generate.push(g);
            }
        }
        let (floor, load, generate) = (median(floor), median(load), median(generate));
        println!(
            "{:<30} {:>8.1}ms {:>8.1}ms {:>8.1}ms {:>7.2}x {:>12}",
            name,
            floor.as_secs_f64() * 1e3,
            load.as_secs_f64() * 1e3,
            generate.as_secs_f64() * 1e3,
            generate.as_secs_f64() / floor.as_secs_f64(),
            peak_memory(&input)
        );
    }
}

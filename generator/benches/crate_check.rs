//! `cargo bench --bench crate_check`: how long `cargo check` takes on each generated crate alone
//! (dependencies built beforehand, no incremental cache), and how many lines it has; with the
//! types written by the runtime's macros (the default) and by serde's derive (`serde-derive`).
//!
//! Medians of 3 checks; `PAGEGEN_BENCH_QUICK=1` checks once and only the seeds and the 2024 beta
//! folder (CI). Dependencies build once into a shared target folder under the system temp dir.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use pagegen::GenerateOptions;

fn lines(dir: &Path) -> usize {
    let files = pagegen::write::read_tree(dir).unwrap();
    files.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "rs")).map(|(_, t)| t.lines().count()).sum()
}

fn cargo_check(dir: &Path, target: &Path) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--all-features", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .unwrap();
    assert!(status.success(), "cargo check failed in {}", dir.display());
    start.elapsed()
}

fn main() {
    let quick = std::env::var_os("PAGEGEN_BENCH_QUICK").is_some();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = std::env::var_os("PAGEGEN_SHARED").map(PathBuf::from).unwrap_or_else(|| root.join("../shared"));
    assert!(shared.join("corpus").is_dir(), "shared data not found at {} (set PAGEGEN_SHARED)", shared.display());
    let mut inputs = vec![("specs (seeds)", root.join("specs"))];
    let folders: &[&str] = if quick {
        &["pages-2024-compressed/beta"]
    } else {
        &["pages-2022-raw/beta", "pages-2022-raw/v3", "pages-2024-compressed/beta", "pages-2024-compressed/v3"]
    };
    for folder in folders {
        inputs.push((folder, shared.join("corpus").join(folder)));
    }
    if !quick {
        inputs.push(("reference beta", shared.join("reference/sailpoint-api-specs/idn/sailpoint-api.beta.yaml")));
    }
    let target = std::env::temp_dir().join("pagegen-crate-check-target");
    let work = tempfile::tempdir().unwrap();
    println!("cargo check of each generated crate alone, median of {} run(s)", if quick { 1 } else { 3 });
    println!("{:<30} {:>10} {:>12} {:>12} {:>14}", "input", "lines", "check", "serde lines", "serde check");
    for (name, input) in inputs {
        let (api, _) = pagegen::load(&[&input]).unwrap();
        let mut row = format!("{name:<30}");
        for serde_derive in [false, true] {
            let options = GenerateOptions { serde_derive, ..GenerateOptions::new("bench-client") };
            let files = pagegen::generate(&api, &options, &mut Vec::new()).unwrap();
            let form = if serde_derive { "serde" } else { "macros" };
            let dir = work.path().join(format!("{}-{form}", name.replace(['/', ' ', '(', ')'], "-")));
            pagegen::write::write_crate(&dir, &files).unwrap();
            // A standalone crate, not a member of whatever workspace the temp dir sits in.
            let manifest = dir.join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest).unwrap() + "\n[workspace]\n";
            std::fs::write(&manifest, text).unwrap();
            let lockfile = root.join("Cargo.lock");
            std::fs::copy(&lockfile, dir.join("Cargo.lock")).ok();
            // First check builds the dependencies; it is not counted.
            cargo_check(&dir, &target);
            let mut runs: Vec<Duration> = (0..if quick { 1 } else { 3 })
                .map(|_| {
                    let lib = dir.join("src/lib.rs");
                    let text = std::fs::read_to_string(&lib).unwrap();
                    std::fs::write(&lib, text).unwrap(); // new mtime: the crate itself is checked again
                    cargo_check(&dir, &target)
                })
                .collect();
            runs.sort();
            let (lines_width, check_width) = if serde_derive { (12, 13) } else { (10, 11) };
            let check = runs[runs.len() / 2].as_secs_f64();
            row += &format!(" {:>lines_width$} {check:>check_width$.1}s", lines(&dir));
        }
        println!("{row}");
    }
}

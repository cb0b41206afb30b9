//! `cargo bench --bench compile_cost`: what compiling the generated client of SailPoint's beta
//! reference specification costs its users, beside the best peer's crate for the same API
//! (`../shared/anchors/progenitor-beta`, made by progenitor 0.15.1; see its README).
//!
//! Ours with every tag (the default), with one tag alone and with five (the first by feature
//! name: `default-features = false`, as a user calling a few sections writes it).
//!
//! `cargo check` and `cargo build --release` of each crate alone: dependencies built beforehand,
//! no incremental cache, the crate's `src/lib.rs` rewritten before each build. Wall time and peak
//! memory (GNU time's maximum resident set of cargo, which counts the rustc it waits for). Medians
//! of 3, the crates alternating so that a slow minute of a shared machine hits both;
//! `PAGEGEN_BENCH_QUICK=1` builds each once (CI).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use pagegen::GenerateOptions;

/// One build: seconds and peak megabytes.
#[derive(Clone, Copy)]
struct Cost {
    seconds: f64,
    megabytes: f64,
}

fn build(dir: &Path, target: &Path, args: &[String]) -> Cost {
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read(&lib).unwrap();
    std::fs::write(&lib, text).unwrap(); // a new mtime: the crate itself is built again
    let report = dir.join("peak-memory.txt");
    let start = Instant::now();
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(env!("CARGO"))
        .args(args)
        .args(["--quiet", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .unwrap_or_else(|e| panic!("cannot run /usr/bin/time (GNU time, for peak memory): {e}"));
    let seconds = start.elapsed().as_secs_f64();
    assert!(status.success(), "cargo {args:?} failed in {}", dir.display());
    let kilobytes: f64 = std::fs::read_to_string(&report).unwrap().trim().parse().unwrap();
    Cost { seconds, megabytes: kilobytes / 1024.0 }
}

/// Downloads the crate's dependencies (the peer's are not among the workspace's), so that the
/// builds can run offline.
fn fetch(dir: &Path) {
    let status = Command::new(env!("CARGO")).args(["fetch", "--quiet"]).current_dir(dir).status().unwrap();
    assert!(status.success(), "cargo fetch failed in {}", dir.display());
}

fn median(mut costs: Vec<Cost>) -> Cost {
    costs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let seconds = costs[costs.len() / 2].seconds;
    costs.sort_by(|a, b| a.megabytes.total_cmp(&b.megabytes));
    Cost { seconds, megabytes: costs[costs.len() / 2].megabytes }
}

fn lines(dir: &Path) -> usize {
    let files = pagegen::write::read_tree(dir).unwrap();
    files.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "rs")).map(|(_, t)| t.lines().count()).sum()
}

/// A standalone crate (not a member of the workspace the temp dir may sit in).
fn standalone(dir: &Path) {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, text + "\n[workspace]\n").unwrap();
    }
}

fn main() {
    let quick = std::env::var_os("PAGEGEN_BENCH_QUICK").is_some();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = std::env::var_os("PAGEGEN_SHARED").map(PathBuf::from).unwrap_or_else(|| root.join("../shared"));
    let anchor = shared.join("anchors/progenitor-beta");
    assert!(anchor.join("Cargo.toml").is_file(), "peer crate not found at {} (set PAGEGEN_SHARED)", anchor.display());
    let spec = shared.join("reference/sailpoint-api-specs/idn/sailpoint-api.beta.yaml");

    let work = tempfile::tempdir().unwrap();
    let ours = work.path().join("pagegen-beta");
    let (api, _) = pagegen::load(&[&spec]).unwrap();
    let files = pagegen::generate(&api, &GenerateOptions::new("beta-client"), &mut Vec::new()).unwrap();
    pagegen::write::write_crate(&ours, &files).unwrap();
    standalone(&ours);
    std::fs::copy(root.join("Cargo.lock"), ours.join("Cargo.lock")).unwrap();
    let peer = work.path().join("progenitor-beta");
    std::fs::create_dir_all(peer.join("src")).unwrap();
    for file in ["Cargo.toml", "Cargo.lock", "src/lib.rs"] {
        std::fs::copy(anchor.join(file), peer.join(file)).unwrap();
    }
    standalone(&peer);

    let manifest: toml::Table = toml::from_str(&std::fs::read_to_string(ours.join("Cargo.toml")).unwrap()).unwrap();
    let tags: Vec<&str> = manifest["features"]["full"].as_array().unwrap().iter().filter_map(|f| f.as_str()).collect();
    let (one, five) = (tags[..1].join(","), tags[..5].join(","));

    let target = std::env::temp_dir().join("pagegen-compile-cost-target");
    let runs = if quick { 1 } else { 3 };
    println!("building each crate alone, median of {runs} run(s) (dependencies built first, not counted)");
    println!("{:<44} {:>16} {:>18}", "crate", "cargo check", "release build");
    let subset =
        |features: &str| vec!["--no-default-features".to_owned(), "--features".to_owned(), features.to_owned()];
    let crates: [(String, &PathBuf, Vec<String>); 4] = [
        (format!("pagegen, {} tags ({} lines)", tags.len(), lines(&ours)), &ours, vec![]),
        (format!("pagegen, one tag ({one})"), &ours, subset(&one)),
        ("pagegen, five tags".to_owned(), &ours, subset(&five)),
        (format!("progenitor 0.15.1 ({} lines)", lines(&peer)), &peer, vec![]),
    ];
    fetch(&ours);
    fetch(&peer);
    let modes: [&[&str]; 2] = [&["check"], &["build", "--release"]];
    let args = |mode: &[&str], features: &[String]| -> Vec<String> {
        mode.iter().map(|a| a.to_string()).chain(features.iter().cloned()).collect()
    };
    for mode in modes {
        for (_, dir, features) in &crates {
            build(dir, &target, &args(mode, features)); // dependencies
        }
    }
    let mut results = Vec::new();
    for mode in modes {
        let mut costs = vec![Vec::new(); crates.len()];
        for _ in 0..runs {
            for (i, (_, dir, features)) in crates.iter().enumerate() {
                costs[i].push(build(dir, &target, &args(mode, features)));
            }
        }
        results.push(costs.into_iter().map(median).collect::<Vec<_>>());
    }
    for (i, (name, ..)) in crates.iter().enumerate() {
        let (check, release) = (results[0][i], results[1][i]);
        println!(
            "{name:<44} {:>7.1}s {:>5.0} MB {:>8.1}s {:>6.0} MB",
            check.seconds, check.megabytes, release.seconds, release.megabytes
        );
    }
    let peer = crates.len() - 1;
    for (mode, costs) in ["cargo check", "release build"].iter().zip(&results) {
        for (i, (name, ..)) in crates[..peer].iter().enumerate() {
            println!(
                "{mode}, {}: / progenitor = {:.2} in time, {:.2} in peak memory",
                name.split(" (").next().unwrap_or(name),
                costs[i].seconds / costs[peer].seconds,
                costs[i].megabytes / costs[peer].megabytes
            );
        }
    }
}

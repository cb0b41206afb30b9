//! Stages 1 and 2 on every core: each worker reads a file and prepares it for assembly (the
//! tolerance pass, schema interning and strict deserialisation of a page need nothing from any
//! other page); the prepared documents are then merged in their sorted order on this thread.
//!
//! The result, warnings and error are the same as reading everything with
//! [`sources::read_inputs`] and then calling [`assemble::assemble`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::assemble::{self, Prepared, Preparer, SortKey};
use crate::sources::{self, Document, InputFile};
use crate::{Error, Warning};

/// Most worker threads; more would mostly add memory (each keeps its own schema interner).
const MAX_WORKERS: usize = 4;

/// What became of one input file.
struct Outcome {
    /// Warnings of reading it, reported in file order.
    warnings: Vec<Warning>,
    read: Result<Option<Read>, Error>,
}

struct Read {
    defines_operations: bool,
    /// Files outside the inputs that an OpenAPI document's `$ref`s read.
    referenced: Vec<PathBuf>,
    key: SortKey,
    prepared: Result<Prepared, Error>,
}

/// Reads every input (file or folder) and assembles one OpenAPI document.
pub fn load(inputs: &[impl AsRef<Path>]) -> Result<(openapiv3::OpenAPI, Vec<Warning>), Error> {
    load_tracked(inputs).map(|(api, warnings, _)| (api, warnings))
}

/// [`load`], also returning the files outside the inputs that `$ref`s read, sorted.
pub(crate) fn load_tracked(
    inputs: &[impl AsRef<Path>],
) -> Result<(openapiv3::OpenAPI, Vec<Warning>, Vec<PathBuf>), Error> {
    let files = sources::input_files(inputs)?;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MAX_WORKERS).min(files.len());
    let next = AtomicUsize::new(0);
    // A read error ends the run, and reading errors come before assembly errors: once one is
    // found, files after it need not be read.
    let failed = AtomicBool::new(false);
    let work = || {
        let mut preparer = Preparer::default();
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= files.len() || failed.load(Ordering::Relaxed) {
                return done;
            }
            let outcome = one_file(&files[index], &mut preparer);
            if outcome.read.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            done.push((index, outcome));
        }
    };
    let mut outcomes = if workers <= 1 {
        work()
    } else {
        std::thread::scope(|scope| {
            let others: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
            let mut all = work();
            for handle in others {
                all.extend(handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
            }
            all
        })
    };
    outcomes.sort_by_key(|(index, _)| *index);

    let mut warnings = Vec::new();
    let mut prepared = Vec::with_capacity(outcomes.len());
    let mut defines_operations = false;
    let mut referenced = Vec::new();
    for (_, outcome) in outcomes {
        warnings.extend(outcome.warnings);
        if let Some(read) = outcome.read? {
            defines_operations |= read.defines_operations;
            referenced.extend(read.referenced);
            prepared.push((read.key, read.prepared));
        }
    }
    sources::require_operations(inputs, defines_operations)?;
    let api = assemble::assemble_prepared(prepared, &mut warnings)?;
    referenced.sort();
    referenced.dedup();
    Ok((api, warnings, referenced))
}

fn one_file(file: &InputFile, preparer: &mut Preparer) -> Outcome {
    let mut warnings = Vec::new();
    let read = sources::read_file(&file.path, file.named, &mut warnings).map(|doc| {
        doc.map(|doc| Read {
            defines_operations: doc.defines_operations(),
            referenced: match &doc {
                Document::OpenApi(doc) => doc.referenced.clone(),
                _ => Vec::new(),
            },
            key: assemble::sort_key(&doc),
            prepared: preparer.prepare(doc),
        })
    });
    Outcome { warnings, read }
}

//! Per-thread memory for pure text conversions that generation repeats thousands of times: the
//! same parameter and property descriptions come back on every operation.

use std::cell::RefCell;
use std::thread::LocalKey;

use rustc_hash::FxHashMap;

/// A cache for [`cached`], declared with `thread_local!`.
pub(crate) type Cache<V> = RefCell<FxHashMap<String, V>>;

/// Entries kept per cache; a full cache starts over, so a long-lived thread calling the
/// library again and again holds a bounded amount.
const MAX_ENTRIES: usize = 50_000;

/// `convert(key)`, computed once per thread while the cache holds it.
pub(crate) fn cached<V: Clone>(cache: &'static LocalKey<Cache<V>>, key: &str, convert: impl FnOnce(&str) -> V) -> V {
    cache.with_borrow_mut(|cache| {
        if let Some(done) = cache.get(key) {
            return done.clone();
        }
        if cache.len() >= MAX_ENTRIES {
            cache.clear();
        }
        let done = convert(key);
        cache.insert(key.to_owned(), done.clone());
        done
    })
}

//! What reading a body into the generated types costs beyond parsing it: nothing. A body is parsed
//! once into a `serde_json::Value` and the types take their parts of it (strings are moved, not
//! copied), and keeping undeclared members costs nothing when there are none. Counted with a
//! global allocator of this test binary (one test, so nothing else allocates meanwhile).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations<T>(f: impl FnOnce() -> T) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let value = f();
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    drop(value);
    after - before
}

#[test]
fn reading_a_body_allocates_no_more_than_parsing_it() {
    use fixture_client::types::Item;
    let bodies = [
        // No allocation for the empty maps of the rest (outer and owner), none to copy strings.
        r#"{"id":"i1","name":"n","owner":{"id":"o"}}"#,
        // An undeclared member stays in the map it was parsed into, which becomes the rest.
        r#"{"id":"i1","extra":"x","owner":{"id":"o","more":[1,2]}}"#,
    ];
    for text in bodies {
        let parsed = allocations(|| serde_json::from_str::<serde_json::Value>(text).unwrap());
        assert!(parsed >= 3, "{text}: the strings at least, counted {parsed}");
        let read = allocations(|| serde_json::from_str::<Item>(text).unwrap());
        assert_eq!(read, parsed, "{text}");
    }
}

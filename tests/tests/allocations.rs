//! What keeping undeclared members costs when there are none: nothing. Counted with a global
//! allocator of this test binary (one test, so nothing else allocates meanwhile).

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
fn an_open_object_without_undeclared_members_allocates_only_its_strings() {
    use fixture_client::types::Item;
    // Three strings: three allocations, none for the empty maps of the rest (outer and owner).
    let text = r#"{"id":"i1","name":"n","owner":{"id":"o"}}"#;
    assert_eq!(allocations(|| serde_json::from_str::<Item>(text).unwrap()), 3);
    // One undeclared member: its key, its value and the map's storage.
    let text = r#"{"id":"i1","extra":"x"}"#;
    assert!(allocations(|| serde_json::from_str::<Item>(text).unwrap()) > 3);
}

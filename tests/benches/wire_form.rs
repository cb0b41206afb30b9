//! `cargo bench -p pagegen-tests --bench wire_form`: reading and writing JSON with the
//! `runtime::object!` impls of a generated struct, beside the same struct with serde's derive.
//! The macro reads through `runtime::FromJson` (the text parsed into a `serde_json::Value`, then
//! the value taken apart), which cuts the compile time of a generated client; this shows what
//! that costs at run time. Both keep the members the schema does not declare (the derive with
//! `#[serde(flatten)]`). Median of 15 rounds, nanoseconds per object.

use std::time::{Duration, Instant};

use sailpoint_client::types::{
    AdminReassignResponse202, AdminReassignResponse202ErrorsItem, AdminReassignResponse202Status,
    AdminReassignResponse202TargetType, AdminReassignResponse202Type,
};
use serde::{Deserialize, Serialize};

/// `AdminReassignResponse202` as serde's derive would implement it.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Derived {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    type_: Option<AdminReassignResponse202Type>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_type: Option<AdminReassignResponse202TargetType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<AdminReassignResponse202Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<Vec<AdminReassignResponse202ErrorsItem>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    /// Members not declared, kept as the generated struct keeps them.
    #[serde(flatten)]
    additional_properties: serde_json::Map<String, serde_json::Value>,
}

const ONE: &str = r#"{"id":"abc0123456789def0123456789abcdef","type":"ADMIN_REASSIGN","targetType":"CAMPAIGN","targetId":"2c918086719eec070171a7e3355a360a","status":"QUEUED","errors":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"Something went wrong"}],"created":"2022-05-11T22:23:16Z","unlisted":{"deep":[1,2,3]}}"#;
const COPIES: usize = 2000;
const ROUNDS: usize = 100;

fn median_ns(mut runs: Vec<Duration>) -> f64 {
    runs.sort();
    runs[runs.len() / 2].as_secs_f64() * 1e9 / (ROUNDS * COPIES) as f64
}

/// Median time per object of `f` run over the whole array, alternating with `g` round by round.
fn race(f: impl Fn(), g: impl Fn()) -> (f64, f64) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        let start = Instant::now();
        (0..ROUNDS).for_each(|_| f());
        a.push(start.elapsed());
        let start = Instant::now();
        (0..ROUNDS).for_each(|_| g());
        b.push(start.elapsed());
    }
    (median_ns(a), median_ns(b))
}

fn main() {
    // With a member the schema does not declare (kept and written back), and without one.
    let plain = ONE.replace(r#","unlisted":{"deep":[1,2,3]}"#, "");
    for (what, one) in [("an undeclared member", ONE), ("declared members only", plain.as_str())] {
        println!("{what}:");
        compare(&format!("[{}]", vec![one; COPIES].join(",")));
    }
}

fn compare(text: &str) {
    let listed: Vec<AdminReassignResponse202> = serde_json::from_str(text).unwrap();
    let derived: Vec<Derived> = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_string(&listed).unwrap(), serde_json::to_string(&derived).unwrap());
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&serde_json::to_string(&listed).unwrap()).unwrap(),
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
    let text = text.to_owned();

    let (object, derive) = race(
        || drop(std::hint::black_box(serde_json::from_str::<Vec<AdminReassignResponse202>>(&text).unwrap())),
        || drop(std::hint::black_box(serde_json::from_str::<Vec<Derived>>(&text).unwrap())),
    );
    println!("  read:  runtime::object! {object:.0} ns, serde derive (flatten) {derive:.0} ns per object");
    let (object, derive) = race(
        || drop(std::hint::black_box(serde_json::to_string(&listed).unwrap())),
        || drop(std::hint::black_box(serde_json::to_string(&derived).unwrap())),
    );
    println!("  write: runtime::object! {object:.0} ns, serde derive (flatten) {derive:.0} ns per object");
}

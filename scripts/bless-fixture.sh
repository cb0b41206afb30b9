#!/usr/bin/env bash
# Rewrites tests/fixture-client from tests/fixtures/fixture.yaml, even when tests/tests/fixture.rs
# does not compile against the stale crate (it uses what the new crate has).
set -euo pipefail
cd "$(dirname "$0")/.."
cp tests/tests/fixture.rs "${TMPDIR:-/tmp}/fixture.rs.keep"
trap 'cp "${TMPDIR:-/tmp}/fixture.rs.keep" tests/tests/fixture.rs' EXIT
sed -n '/^\/\/\/ `tests\/fixture-client` is what pagegen generates/,/^}/p' "${TMPDIR:-/tmp}/fixture.rs.keep" > tests/tests/fixture.rs
PAGEGEN_BLESS=1 cargo test -q -p pagegen-tests --test fixture fixture_crate

//! End-to-end tests of pagegen and the crates it generates; see `tests/`.

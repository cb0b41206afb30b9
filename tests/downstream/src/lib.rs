//! A downstream crate that generates its client from `build.rs` with [`pagegen::Config`] instead
//! of committing it: the client is one file in `OUT_DIR`, included here as a module.

/// The SailPoint client generated from `specs/`.
pub mod sailpoint {
    include!(concat!(env!("OUT_DIR"), "/sailpoint.rs"));
}

//! Generates the SailPoint client from the seed pages at build time.

fn main() -> Result<(), pagegen::Error> {
    pagegen::Config::new("sailpoint").input("../../specs").compile()?;
    Ok(())
}

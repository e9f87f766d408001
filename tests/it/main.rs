//! gutcheck's integration tests, in one test binary (one link, one run; see the README,
//! "Development"). Each module is one suite; `common` holds what several of them share.
//! Data stays beside this directory: tests/cmd (CLI cases run by trycmd), tests/snapshots
//! (insta), tests/fixtures, tests/vignettes, tests/corpus-dev and tests/phrasings*.toml.

mod architecture;
mod cli;
mod cmd;
mod common;
mod conventions;
mod fuzz;
mod hostile;
mod localisation;
mod personas;
mod properties;
mod pty;
mod readme;
mod rules;
mod scan;
mod snapshots;
mod vignettes;

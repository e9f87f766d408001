//! gutcheck: a triage helper for "leaky gut" claims.
//!
//! ```text
//! rules/*.toml ─load─► RuleBase ─┬─► matcher / scan(text) ─► findings ─┐
//!                                │                                     │
//! --answers FILE ─┐              ▼                                     │
//! prompt ─────────┴─► Answers ─► evaluate ─► Report ───────────────────┴─► render ─► stdout
//!                                                                 text | markdown | json
//! ```
//!
//! Every step before `render` returns a value; only `run` writes to standard output.

pub mod answers;
pub mod answers_file;
pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diag;
pub mod embedded;
pub mod error;
pub mod evalset;
pub mod evaluate;
pub mod input;
pub mod loader;
pub mod matcher;
pub mod personas;
pub mod printable;
#[cfg(feature = "cli")]
pub mod prompt;
pub mod render;
pub mod report;
pub mod rules;
#[cfg(feature = "cli")]
pub mod run;
#[cfg(feature = "cli")]
pub mod save;
pub mod scan;
#[cfg(feature = "cli")]
pub mod term;
#[cfg(feature = "cli")]
pub mod widgets;

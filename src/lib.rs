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
pub mod assertion;
pub mod cli;
pub mod diag;
pub mod embedded;
pub mod error;
pub mod evalset;
pub mod evaluate;
pub mod input;
pub mod matcher;
pub mod personas;
pub mod printable;
pub mod prompt;
pub mod render;
pub mod report;
pub mod rules;
pub mod run;
pub mod save;
pub mod scan;
pub mod term;
pub mod widgets;

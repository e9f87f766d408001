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
//!
//! The library works without the command line: build it with `--no-default-features` (no
//! `cli` feature: no clap, prompts or terminal) and another program can load a rule base,
//! evaluate an answers file and render the report:
//!
//! ```
//! use gutcheck::{answers_file, evaluate, loader, matcher::Matcher, render};
//!
//! let rb = loader::load_builtin(Default::default()).expect("the built-in rules load");
//! let file = answers_file::parse(
//!     "answers.toml",
//!     "[answers]\nnsaid-use = \"daily\"\nblood-in-stool = \"yes\"\n",
//!     &rb,
//! )
//! .expect("a valid answers file");
//! let report = evaluate::evaluate(&rb, &file.answers, &Matcher::lazy(&rb));
//! // An alarm feature makes the report urgent, whatever else was answered.
//! assert_eq!(report.urgency, gutcheck::report::Urgency::Urgent);
//! assert!(report.causes.iter().any(|c| c.id == "nsaids"));
//!
//! let mut json = Vec::new();
//! render::ReportFormat::Json
//!     .renderer(render::Style::plain())
//!     .report(&mut json, &report)
//!     .unwrap();
//! assert!(String::from_utf8(json).unwrap().contains("\"disclaimer\""));
//! ```
//!
//! or scan a string for the claims of the rule base, with the reason a mention is not
//! counted:
//!
//! ```
//! use gutcheck::{loader, matcher::Matcher, scan::{Prefilter, Scanner}};
//!
//! let rb = loader::load_builtin(Default::default()).unwrap();
//! let (matcher, prefilter) = (Matcher::lazy(&rb), Prefilter::new(&rb));
//! let scanner = Scanner { matcher: &matcher, prefilter: &prefilter, all: true, context: false };
//! let found = scanner.scan_str(
//!     "Heal your leaky gut in 14 days with our protocol!\n\n\
//!      Some bloggers claim zonulin proves a leaky gut.\n",
//! );
//! let claim = |f: &gutcheck::scan::Finding| rb.claims[f.claim].id.as_str();
//! assert!(found.iter().any(|f| claim(f) == "quick-fix-timeline" && !f.refuted));
//! assert!(found.iter().any(|f| claim(f) == "zonulin-proof" && f.refuted));
//! ```

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
pub mod precompiled;
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

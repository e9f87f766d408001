//! The built-in rule base as `build.rs` loaded it: the files of `rules/`, parsed, checked
//! and spelled out at build time, stored in the binary in postcard form. A run reads it back
//! instead of parsing the TOML again, which was most of a scripted triage's time (figures in
//! the README). `build.rs` writes an empty file when the built-in rules do not load; the
//! loader then reads the TOML and reports the problems as it does for `--rules DIR`.

use crate::rules::RuleBase;

/// The stored form, empty when the built-in rules did not load at build time.
pub(crate) static STORED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rule-base.postcard"));

/// The built-in rule base as loaded at build time, or `None` when it was not stored.
pub fn rule_base() -> Option<RuleBase> {
    if STORED.is_empty() {
        return None;
    }
    postcard::from_bytes(STORED).ok()
}

/// The stored form of a rule base (what `build.rs` writes).
pub fn store(rb: &RuleBase) -> Vec<u8> {
    postcard::to_allocvec(rb).unwrap_or_default()
}

//! The built-in rule base: the files of `rules/`, compiled into the binary so that an
//! installed `gutcheck` works from any directory.

use crate::rules::RULE_FILES;

macro_rules! rule_file {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $name)),
        )
    };
}

/// `(file name, text)` for every built-in rule file, in `RULE_FILES` order.
pub const BUILT_IN: [(&str, &str); 8] = [
    rule_file!("meta.toml"),
    rule_file!("concepts.toml"),
    rule_file!("questions.toml"),
    rule_file!("red-flags.toml"),
    rule_file!("guidance.toml"),
    rule_file!("claims.toml"),
    rule_file!("causes.toml"),
    rule_file!("sources.toml"),
];

/// The built-in files as owned pairs, ready for `loader::load`.
pub fn files() -> Vec<(String, String)> {
    debug_assert!(BUILT_IN.iter().map(|(n, _)| *n).eq(RULE_FILES));
    BUILT_IN
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

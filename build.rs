//! Build-time data from the built-in rule base:
//! - its version, for `gutcheck --version`;
//! - the words each claim and refute pattern requires (see `src/matcher/required.rs`), so a
//!   triage does not parse every pattern to find them.

use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "src/matcher/required.rs"]
mod required;

fn main() {
    println!("cargo:rerun-if-changed=rules/meta.toml");
    println!("cargo:rerun-if-changed=rules/claims.toml");
    println!("cargo:rerun-if-changed=src/matcher/required.rs");
    let meta = std::fs::read_to_string("rules/meta.toml").unwrap_or_default();
    let version = meta
        .lines()
        .find_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("version")?.trim_start().strip_prefix('=')?;
            Some(rest.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=GUTCHECK_RULES_VERSION={version}");

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("builtin_required.rs"), required_table()).expect("OUT_DIR is writable");
}

/// Every pattern string of `rules/claims.toml` (claim patterns, claim and global refute
/// cues). A file that does not parse gives none: the table is only a shortcut, and the
/// rule base's own checks report the problem.
fn patterns() -> Vec<String> {
    let text = std::fs::read_to_string("rules/claims.toml").unwrap_or_default();
    let Ok(doc) = toml::from_str::<toml::Table>(&text) else {
        return Vec::new();
    };
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut all = strings(doc.get("refute"));
    if let Some(claims) = doc.get("claim").and_then(toml::Value::as_array) {
        for c in claims {
            all.extend(strings(c.get("patterns")));
            all.extend(strings(c.get("refute")));
        }
    }
    all.sort();
    all.dedup();
    all
}

/// A Rust expression: `&[(pattern, &[&[literal, ...], ...]), ...]`, one clause per inner list.
fn required_table() -> String {
    let mut s = String::from("&[\n");
    for p in patterns() {
        let clauses: Vec<String> = required::required(&p)
            .iter()
            .map(|c| {
                let lits: Vec<String> = c.iter().map(|l| format!("&{l:?}")).collect();
                format!("&[{}]", lits.join(", "))
            })
            .collect();
        writeln!(s, "    ({p:?}, &[{}]),", clauses.join(", ")).expect("writing to a String");
    }
    s.push(']');
    s
}

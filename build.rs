//! Build-time data from the built-in rule base:
//! - its version, for `gutcheck --version`;
//! - the rule base itself, loaded and checked by the same code as at run time (the modules
//!   below are the crate's own files) and stored in postcard form for `src/precompiled.rs`.
//!   A run then reads the finished rule base instead of parsing and spelling out the TOML
//!   files. If the rules do not load, an empty file is stored and the run loads the TOML,
//!   reporting the problems with their file, line and column.

// The loader and what it needs, compiled a second time into this build script. Their
// `crate::…` paths resolve here because each is declared at this crate's root, as in lib.rs.
#![allow(dead_code, unused_imports, unused_macros)]
#[path = "src/answers.rs"]
mod answers;
#[path = "src/check/mod.rs"]
mod check;
#[path = "src/diag.rs"]
mod diag;
#[path = "src/embedded.rs"]
mod embedded;
#[path = "src/error.rs"]
mod error;
#[path = "src/input.rs"]
mod input;
#[path = "src/loader.rs"]
mod loader;
#[path = "src/matcher/mod.rs"]
mod matcher;
#[path = "src/printable.rs"]
mod printable;
#[path = "src/rules/mod.rs"]
mod rules;

/// Here nothing is stored yet: the loader reads the TOML.
mod precompiled {
    pub fn rule_base() -> Option<crate::rules::RuleBase> {
        None
    }
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src");
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

    let stored = match loader::load_builtin(loader::LoadOptions::default()) {
        Ok(rb) => postcard::to_allocvec(&rb).unwrap_or_default(),
        Err(_) => {
            println!(
                "cargo:warning=the built-in rule base does not load; `gutcheck rules check` shows why"
            );
            Vec::new()
        }
    };
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("rule-base.postcard"), stored).expect("OUT_DIR is writable");
}

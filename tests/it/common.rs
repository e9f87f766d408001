//! Shared by the suites: the binary under test, a command for it with a clean color
//! environment, and the built-in rule base and its matcher for the property and fuzz suites
//! (loaded, with every pattern compiled, once per test binary).

use std::sync::OnceLock;
use std::time::Duration;

use gutcheck::loader::{self, LoadOptions};
use gutcheck::matcher::Matcher;
use gutcheck::rules::RuleBase;

pub const BIN: &str = env!("CARGO_BIN_EXE_gutcheck");

/// The binary with no color or width settings inherited from the caller's environment, and a
/// timeout so that a hang fails the test instead of stalling the run.
pub fn gutcheck() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(BIN);
    c.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("COLUMNS")
        .timeout(Duration::from_secs(30));
    c
}

/// The built-in rule base exported by the binary into `r/` of a new temporary directory, for
/// tests that edit it; the directory lives as long as the returned guard.
pub fn exported_rules() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("r");
    gutcheck()
        .args(["rules", "export", rules.to_str().unwrap()])
        .assert()
        .success();
    (dir, rules)
}

/// `gutcheck rules check DIR` on a rule base that must be refused: checks that it exits with
/// code 2 and returns what it printed on standard error.
pub fn refused_rules(rules: &std::path::Path) -> String {
    let out = gutcheck()
        .args(["rules", "check", rules.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

pub fn rb() -> &'static RuleBase {
    static RB: OnceLock<RuleBase> = OnceLock::new();
    RB.get_or_init(|| {
        loader::load_builtin(LoadOptions {
            check_patterns: true,
            ..Default::default()
        })
        .unwrap()
    })
}

pub fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::new(rb()).ok().unwrap())
}

//! Shared by the property and fuzz suites: the built-in rule base and its matcher, loaded
//! (and every pattern compiled) once per test binary.

use std::sync::OnceLock;

use gutcheck::loader::{self, LoadOptions};
use gutcheck::matcher::Matcher;
use gutcheck::rules::RuleBase;

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

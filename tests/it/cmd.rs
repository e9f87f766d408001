//! The CLI cases in tests/cmd, run by trycmd: each `NAME.toml` gives the arguments and the
//! exit code, `NAME.stdin` what is typed or piped in, `NAME.stdout` and `NAME.stderr` the
//! whole expected output (an empty file: nothing may be printed), and `NAME.in/` the working
//! directory when a case reads files. `TRYCMD=overwrite cargo test --test it cmd::` rewrites
//! the expected output from the actual; read the diff before committing it.

use std::path::Path;

use crate::common::BIN;

/// Cases run as a person at a terminal would see them piped: no color, 80 columns, no pager.
pub fn cases() -> trycmd::TestCases {
    let t = trycmd::TestCases::new();
    t.register_bin("gutcheck", Path::new(BIN))
        .default_bin_name("gutcheck")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .env("PAGER", "cat");
    t
}

#[test]
fn cli_cases() {
    cases().case("tests/cmd/*.toml").run();
}

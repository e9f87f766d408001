//! The README's terminal sessions are real output. Each ```console block (`$ gutcheck ...`,
//! an optional `? CODE` line for the exit code, then the output) is run by trycmd's Markdown
//! mode (80 columns, no color) and must print exactly what the block shows;
//! `TRYCMD=overwrite cargo test --test it readme::` rewrites the blocks from the actual output.
//! The block after `<!-- pty-session -->` must equal the screen of a real interactive session
//! (80x24) after the keys listed in that comment; on a mismatch the test prints the real screen.

use std::process::Command;
use std::time::Duration;

use expectrl::{Expect, Session};

use crate::common::BIN;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn readme_console_blocks_match_real_output() {
    // trycmd runs every ```console block (see tests/it/cmd.rs for the environment); a block
    // that does not start with `$ gutcheck` would name an unknown program and fail.
    assert!(
        readme().contains("```console\n$ gutcheck "),
        "expected console blocks in the README"
    );
    crate::cmd::cases().case("README.md").run();
}

fn trim_lines(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    let mut text = lines.join("\n");
    while text.ends_with('\n') {
        text.pop();
    }
    text
}

#[test]
fn readme_interactive_session_matches_the_screen() {
    let text = readme();
    let marker = "<!-- pty-session keys: ";
    let at = text.find(marker).expect("README has a pty-session block");
    let keys_end = text[at..].find(" -->").unwrap() + at;
    let keys: Vec<&str> = text[at + marker.len()..keys_end]
        .split_whitespace()
        .collect();
    let block_start = text[keys_end..].find("```text\n").unwrap() + keys_end + "```text\n".len();
    let block_end = text[block_start..].find("\n```").unwrap() + block_start;
    let expected = &text[block_start..block_end];

    let mut cmd = Command::new(BIN);
    cmd.env("TERM", "xterm-256color")
        .env("PAGER", "cat")
        .env("NO_COLOR", "1")
        .env("LANG", "C.UTF-8");
    let mut s = Session::spawn(cmd).unwrap();
    s.get_process_mut().set_window_size(80, 24).unwrap();
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(24).unwrap(),
        std::num::NonZeroU16::new(80).unwrap(),
        0,
    );
    let mut question = 1;
    let mut synced = false;
    assert_eq!(
        keys.last(),
        Some(&"Enter"),
        "the README's keys end with Enter"
    );
    for key in &keys {
        let bytes: &[u8] = match *key {
            "Enter" => b"\r",
            "Down" => b"\x1b[B",
            "Up" => b"\x1b[A",
            "Space" => b" ",
            other => panic!("unknown key {other} in README"),
        };
        if !synced {
            // Wait for the current question's list before pressing its keys.
            // Questions that do not apply (follow-ups) are skipped, so numbers may jump.
            let c = s
                .expect(expectrl::Regex(r"Question \d+ of"))
                .unwrap_or_else(|e| {
                    panic!("question {question}: {e}\n{}", parser.screen().contents())
                });
            parser.process(c.as_bytes());
            let c = s.expect("(Why do we ask this?)").unwrap();
            parser.process(c.as_bytes());
            synced = true;
        }
        s.send(bytes).unwrap();
        if *key == "Enter" {
            question += 1;
            synced = false;
        }
    }
    let c = s.expect(expectrl::Regex(r"Question \d+ of")).unwrap();
    parser.process(c.as_bytes());
    let c = s.expect("(Why do we ask this?)").unwrap();
    parser.process(c.as_bytes());
    let screen = parser.screen().contents();
    s.send("\x03").unwrap();
    assert_eq!(
        trim_lines(&screen),
        trim_lines(expected),
        "README interactive session is out of date; the real screen is:\n{screen}"
    );
}

//! The README's terminal sessions are real output. Each ```console block whose first line is
//! `$ gutcheck ...` is run (80 columns, no color) and must print exactly what the block shows;
//! the block after `<!-- pty-session -->` must equal the screen of a real interactive session
//! (80x24) after the keys listed in that comment. Set README_UPDATE=1 to print the actual
//! output for a failing block.

use std::process::Command;
use std::time::Duration;

use expectrl::{Expect, Session};

use crate::common::BIN;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// (command line, expected output) for every ```console block.
fn console_blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("```console\n") {
        let body_start = i + "```console\n".len();
        let end = rest[body_start..]
            .find("\n```")
            .map(|e| body_start + e)
            .unwrap();
        let body = &rest[body_start..end];
        if let Some(first) = body.lines().next()
            && let Some(cmd) = first.strip_prefix("$ ")
        {
            let expected: String = body.lines().skip(1).map(|l| format!("{l}\n")).collect();
            out.push((cmd.to_string(), expected));
        }
        rest = &rest[end + 4..];
    }
    out
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
fn readme_console_blocks_match_real_output() {
    let blocks = console_blocks(&readme());
    assert!(!blocks.is_empty(), "expected console blocks in the README");
    let mut failures = Vec::new();
    for (cmd, expected) in blocks {
        let words: Vec<&str> = cmd.split_whitespace().collect();
        assert_eq!(
            words[0], "gutcheck",
            "README console blocks run gutcheck only: {cmd}"
        );
        let out = Command::new(BIN)
            .args(&words[1..])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("COLUMNS", "80")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let actual = String::from_utf8_lossy(&out.stdout).into_owned();
        if trim_lines(&actual) != trim_lines(&expected) {
            failures.push(format!(
                "$ {cmd}\n--- README\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "README is out of date:\n{}",
        failures.join("\n\n")
    );
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

//! insta snapshots of whole outputs, committed in tests/snapshots: every workshop persona in
//! every report format (text at 80 columns without color, Markdown, JSON), and every page in
//! tests/fixtures/scan as `scan` prints it (text and JSON). A change to any of them fails
//! until the new output is reviewed: `cargo insta review` (or `INSTA_UPDATE=always cargo test
//! --test it snapshots::` and read the diff). In CI (`CI=true`) insta never writes a snapshot,
//! so a mismatch or a missing snapshot fails.

use std::fs;
use std::process::{Command, Output};

use crate::common::BIN;

/// The binary from the repository root, as piped output: no color, 80 columns, no pager.
fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .env("PAGER", "cat")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .output()
        .unwrap()
}

fn snapshot(name: &str, args: &[&str], out: &Output) {
    let stdout = String::from_utf8(out.stdout.clone()).expect("UTF-8 output");
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => format!("gutcheck {}", args.join(" ")),
    }, {
        insta::assert_snapshot!(name, stdout);
    });
}

/// The persona names, as `gutcheck examples` lists them (one a line, beginning with the name).
fn personas() -> Vec<String> {
    let out = run(&["examples"]);
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

#[test]
fn every_persona_in_every_format() {
    let names = personas();
    assert!(names.len() >= 8, "{names:?}");
    for name in &names {
        for format in ["text", "markdown", "json"] {
            let args = ["--example", name, "--format", format];
            let out = run(&args);
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(out.stderr.is_empty(), "{args:?}");
            snapshot(&format!("persona-{name}-{format}"), &args, &out);
        }
    }
}

#[test]
fn every_scan_fixture_in_text_and_json() {
    let mut pages: Vec<String> =
        fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/scan"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
    pages.sort();
    assert!(pages.len() >= 6, "{pages:?}");
    for page in &pages {
        let path = format!("tests/fixtures/scan/{page}");
        let json_args = ["scan", "--format", "json", path.as_str()];
        let json = run(&json_args);
        let text_args = ["scan", path.as_str()];
        let text = run(&text_args);
        // Exit 1 exactly when claims were found, in both formats.
        let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON document");
        let found = v["summary"]["findings"].as_u64().unwrap();
        let code = if found > 0 { 1 } else { 0 };
        assert_eq!(json.status.code(), Some(code), "{page}");
        assert_eq!(text.status.code(), Some(code), "{page}");
        assert!(json.stderr.is_empty() && text.stderr.is_empty(), "{page}");
        snapshot(&format!("scan-{page}-text"), &text_args, &text);
        snapshot(&format!("scan-{page}-json"), &json_args, &json);
    }
}

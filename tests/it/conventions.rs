//! What terminal users expect of a well-behaved CLI: --version with the rule base's version,
//! completions, a man page, --trace and --quiet. Every --help (examples, exit codes) is
//! snapshotted in tests/cmd/help*.toml.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use crate::common::BIN;

fn gutcheck() -> Command {
    Command::new(BIN)
}

#[test]
fn version_names_the_rule_base_version() {
    let list: Value = serde_json::from_slice(
        &gutcheck()
            .args(["list", "-f", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let rules_version = list["rules"]["version"].as_str().unwrap().to_string();
    gutcheck()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")))
        .stdout(predicate::str::contains(rules_version));
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = gutcheck().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("gutcheck") && text.contains("explain"),
            "{shell}"
        );
    }
    gutcheck()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH gutcheck"))
        .stdout(predicate::str::contains("leaky gut"));
    // An unknown shell: tests/cmd/completions-unknown-shell.toml.
}

#[test]
fn trace_lists_every_rule_with_the_answers_that_decided_it() {
    let out = gutcheck()
        .args(["--example", "daily-ibuprofen", "--trace", "-f", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let trace = v["trace"].as_array().expect("trace array");
    let list: Value = serde_json::from_slice(
        &gutcheck()
            .args(["list", "-f", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let n = ["red_flags", "guidance", "claims", "causes"]
        .iter()
        .map(|k| list[k].as_array().unwrap().len())
        .sum::<usize>();
    assert_eq!(trace.len(), n);
    let nsaids = trace
        .iter()
        .find(|t| t["kind"] == "cause" && t["id"] == "nsaids")
        .unwrap();
    assert_eq!(nsaids["fired"], true);
    assert!(
        nsaids["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["result"] == "yes"
                && c["answers"][0]["question"] == "nsaid-use"
                && c["answers"][0]["answer"] == "daily")
    );
    let alcohol = trace
        .iter()
        .find(|t| t["kind"] == "cause" && t["id"] == "alcohol")
        .unwrap();
    assert_eq!(alcohol["fired"], false);
    // Without --trace there is no trace field; with it the text and Markdown show it too.
    let plain: Value = serde_json::from_slice(
        &gutcheck()
            .args(["--example", "daily-ibuprofen", "-f", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(plain.get("trace").is_none());
    for format in ["text", "markdown"] {
        gutcheck()
            .args(["--example", "daily-ibuprofen", "--trace", "-f", format])
            .assert()
            .success()
            .stdout(predicate::str::contains("Trace"))
            .stdout(predicate::str::contains("nsaid-use = daily"));
    }
}

#[test]
fn quiet_prints_nothing_on_success() {
    let dir = tempfile::tempdir().unwrap();
    gutcheck()
        .args(["-q", "rules", "check"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    gutcheck()
        .args([
            "--quiet",
            "rules",
            "export",
            dir.path().join("r").to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    assert!(dir.path().join("r/claims.toml").exists());
}

/// With color forced, every persona's report is painted with real control codes, never with
/// codes made visible as text (wrapping escapes control characters, so painting comes after).
#[test]
fn color_is_drawn_not_printed() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for entry in std::fs::read_dir(examples).unwrap() {
        let path = entry.unwrap().path();
        let out = gutcheck()
            .args(["--color", "always", "--no-pager", "--trace", "--answers"])
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("\u{1b}["), "{}: no color", path.display());
        assert!(
            !text.contains("\\u{1b}"),
            "{}: a control code printed as text:\n{text}",
            path.display()
        );
    }
}

//! Scripted runs through the real binary, where a test needs logic: JSON contracts, formats,
//! the disclaimer everywhere, saved answers, and bad files or rule bases written by the test.
//! Each kind of bad answers file (file, line, column, hint, exit 2) is a case in
//! tests/cmd/answers-*.toml.

use std::fs;
use std::path::Path;
use std::time::Duration;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{BIN, exported_rules, gutcheck, refused_rules};

fn json_of(args: &[&str], stdin: &str) -> Value {
    let out = gutcheck().args(args).write_stdin(stdin).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn disclaimer() -> String {
    let v = json_of(&["--answers", "-", "--format", "json"], "");
    v["disclaimer"].as_str().unwrap().to_string()
}

const URGENT: &str = r#"
[answers]
blood-in-stool = "yes"
"#;

#[test]
fn disclaimer_is_in_every_format() {
    let d = disclaimer();
    assert!(d.len() > 40);
    let first_words: String = d.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    for format in ["text", "markdown"] {
        let out = gutcheck()
            .args(["--answers", "-", "--format", format])
            .write_stdin(URGENT)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&first_words),
            "{format} report lacks the disclaimer:\n{text}"
        );
    }
}

#[test]
fn an_empty_answers_file_is_valid_and_everything_is_unanswered() {
    let v = json_of(&["--answers", "-", "--format", "json"], "");
    let list = json_of(&["list", "--format", "json"], "");
    let all: Vec<&str> = list["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    let unanswered: Vec<&str> = v["unanswered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q.as_str().unwrap())
        .collect();
    assert_eq!(unanswered, all);
    assert_eq!(v["urgency"], "info");
    assert_eq!(v["schema_version"], 1);
    // Unanswered alarm questions are not read as "no": they are listed as not ruled out.
    assert!(!v["red_flags_not_ruled_out"].as_array().unwrap().is_empty());
}

#[test]
fn an_alarm_answer_makes_the_report_urgent_in_json_and_text() {
    let v = json_of(&["--answers", "-", "--format", "json"], URGENT);
    assert_eq!(v["urgency"], "urgent");
    assert_eq!(v["red_flags"][0]["id"], "blood-in-stool");
    gutcheck()
        .args(["--answers", "-"])
        .write_stdin(URGENT)
        .assert()
        .success()
        .stdout(predicate::str::contains("URGENT"))
        .stdout(predicate::str::contains("See a clinician promptly"));
}

#[test]
fn json_is_deterministic_and_causes_list_their_triggers() {
    let answers = r#"
[answers]
nsaid-use = "daily"
alcohol = "above-guidelines"
"#;
    let a = gutcheck()
        .args(["-a", "-", "-f", "json"])
        .write_stdin(answers)
        .output()
        .unwrap();
    let b = gutcheck()
        .args(["-a", "-", "-f", "json"])
        .write_stdin(answers)
        .output()
        .unwrap();
    assert_eq!(a.stdout, b.stdout);
    let v: Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["urgency"], "routine");
    let causes = v["causes"].as_array().unwrap();
    let nsaids = causes
        .iter()
        .find(|c| c["id"] == "nsaids")
        .expect("nsaids cause");
    assert_eq!(nsaids["triggered_by"], serde_json::json!(["nsaid-use"]));
    assert!(causes.iter().any(|c| c["id"] == "alcohol"));
    assert!(a.stdout.ends_with(b"\n"));
}

#[test]
fn piped_text_has_no_color_and_color_always_does() {
    gutcheck()
        .args(["-a", "-"])
        .write_stdin(URGENT)
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
    gutcheck()
        .args(["-a", "-", "--color", "always"])
        .write_stdin(URGENT)
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b["));
    gutcheck()
        .args(["-a", "-"])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .write_stdin(URGENT)
        .assert()
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn the_template_runs_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let out = gutcheck().arg("template").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let list = json_of(&["list", "--format", "json"], "");
    for q in list["questions"].as_array().unwrap() {
        let id = q["id"].as_str().unwrap();
        assert!(text.contains(&format!("\n{id} = ")), "template lacks {id}");
    }
    let path = dir.path().join("t.toml");
    fs::write(&path, &text).unwrap();
    let v = json_of(&["--answers", path.to_str().unwrap(), "-f", "json"], "");
    assert!(v["unanswered"].as_array().unwrap().is_empty());
}

#[test]
fn list_json_contract() {
    let v = json_of(&["list", "--format", "json"], "");
    for q in v["questions"].as_array().unwrap() {
        assert!(["single", "multi", "yes-no", "text"].contains(&q["kind"].as_str().unwrap()));
        assert!(q["options"].is_array());
        assert!(!q["default"].is_null());
    }
    let claims: Vec<&str> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for id in [
        "quick-fix-timeline",
        "supplement-cure",
        "zonulin-proof",
        "symptom-bucket",
        "root-cause-of-everything",
        "restrictive-diet-first",
        "healing-signs",
        "fake-condition",
    ] {
        assert!(claims.contains(&id), "claim {id} missing");
    }
    let causes: Vec<&str> = v["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        causes,
        [
            "celiac",
            "ibd",
            "nsaids",
            "infection",
            "alcohol",
            "endurance-stress"
        ]
    );
    for c in v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["causes"].as_array().unwrap())
    {
        assert!(
            !c["sources"].as_array().unwrap().is_empty(),
            "{} cites no source",
            c["id"]
        );
    }
    for c in v["claims"].as_array().unwrap() {
        let ways = c["recognise"].as_array().unwrap();
        assert!(!ways.is_empty(), "{} has no recognise rule", c["id"]);
        assert!(
            ways.iter()
                .all(|r| !r["all"].as_array().unwrap().is_empty())
        );
        assert!(c["verdict"].is_string());
    }
    assert!(v["red_flags"].as_array().unwrap().len() >= 8);
}

#[test]
fn missing_file_directory_binary_and_invalid_utf8_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let run = |p: &Path, expect: &str| {
        let out = gutcheck()
            .args(["--answers", p.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(expect), "{err}");
        assert!(!err.contains("panicked"));
    };
    run(&dir.path().join("nope.toml"), "No such file or directory");
    run(dir.path(), "is a directory");
    let bin = dir.path().join("bin.toml");
    fs::write(&bin, b"\x7fELF\x02\x01\x01\0\0\0\0").unwrap();
    run(&bin, "binary file");
    let bad = dir.path().join("bad.toml");
    fs::write(&bad, b"[answers]\nclaims-text = \"caf\xe9\"\n").unwrap();
    run(&bad, "bad.toml:2:");
}

#[test]
fn nothing_is_written_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--answers", "-"],
        vec!["--answers", "-", "-f", "json"],
        vec!["--answers", "-", "-f", "markdown"],
        vec!["list"],
        vec!["template"],
        vec!["rules", "check"],
        vec!["explain", "celiac"],
    ] {
        gutcheck()
            .current_dir(dir.path())
            .args(&args)
            .write_stdin(URGENT)
            .assert()
            .success();
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn save_answers_writes_a_private_file_that_replays_to_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved.toml");
    let input = "[answers]\nnsaid-use = \"daily\"\nclaims-met = [\"zonulin-proof\"]\nsymptoms = [\"bloating\"]\n";
    let first = gutcheck()
        .args([
            "-a",
            "-",
            "-f",
            "json",
            "--save-answers",
            saved.to_str().unwrap(),
        ])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(first.status.success());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&saved).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let replay = gutcheck()
        .args(["-a", saved.to_str().unwrap(), "-f", "json"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        String::from_utf8_lossy(&replay.stdout)
    );
    // A second save refuses to overwrite, before doing anything.
    let before = fs::read(&saved).unwrap();
    gutcheck()
        .args(["-a", "-", "--save-answers", saved.to_str().unwrap()])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"))
        .stdout(predicate::str::is_empty());
    assert_eq!(fs::read(&saved).unwrap(), before);
    gutcheck()
        .args([
            "-a",
            "-",
            "--save-answers",
            saved.to_str().unwrap(),
            "--force",
        ])
        .write_stdin("")
        .assert()
        .success();
    assert!(
        fs::read_to_string(&saved)
            .unwrap()
            .contains("# nsaid-use = (unanswered)")
    );
}

#[test]
fn rules_export_then_check_round_trips_and_refuses_to_overwrite() {
    let (_dir, rules) = exported_rules();
    gutcheck()
        .args(["rules", "check", rules.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("ok:"));
    gutcheck()
        .args(["rules", "export", rules.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    let builtin = json_of(&["list", "-f", "json"], "");
    let exported = json_of(
        &["--rules", rules.to_str().unwrap(), "list", "-f", "json"],
        "",
    );
    assert_eq!(builtin["claims"], exported["claims"]);
}

#[test]
fn a_broken_rule_base_reports_every_problem_with_file_line_and_rule() {
    let (_dir, rules) = exported_rules();
    let causes = rules.join("causes.toml");
    let mut text = fs::read_to_string(&causes).unwrap();
    text = text.replacen("id = \"nsaids\"", "id = \"celiac\"", 1);
    text.push_str("\n[[cause]]\nid = \"extra\"\nname = \"x\"\nabout = \"x\"\ncheck = \"x\"\nwho = \"x\"\nwhen = [ { fevr = \"yes\" } ]\nsources = []\n");
    fs::write(&causes, text).unwrap();
    let red = rules.join("red-flags.toml");
    let text = fs::read_to_string(&red).unwrap().replacen(
        "[[red-flag]]\n",
        "[[red-flag]]\nunless = [ { fever = \"no\" } ]\n",
        1,
    );
    fs::write(&red, text).unwrap();
    let claims = rules.join("claims.toml");
    let text = fs::read_to_string(&claims).unwrap().replacen(
        "recognise = [",
        "recognise = [\n  { all = [\"repair\"], regex = '(unclosed' },\n  { all = [\"barier\"] },\n  { all = [\"barrier\", \"first-person\"] },",
        1,
    );
    fs::write(&claims, text).unwrap();
    let err = refused_rules(&rules);
    for want in [
        "causes.toml:",
        "duplicate cause id `celiac`",
        "unknown question `fevr`",
        "did you mean `fever`",
        "no source cited",
        "claims.toml:",
        "regex does not compile",
        "unknown concept `barier`",
        "did you mean `barrier`",
        "error[R505]",
        "`first-person` cannot be named by a rule",
        "a red flag cannot have `unless`",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    // The same rule base is refused for a triage run too.
    gutcheck()
        .args(["--rules", rules.to_str().unwrap(), "-a", "-"])
        .write_stdin("")
        .assert()
        .code(2);
}

/// Odd phrases an educator may write: a hyphen at an edge ("zonk-") is found between two
/// words, a phrase with a full stop of its own ("e.g. gut") that runs past a sentence end is
/// read without a panic, and a phrase of more than 40 words is refused with its place.
#[test]
fn odd_phrases_in_a_rule_base_are_found_or_refused_never_a_panic() {
    let (dir, rules) = exported_rules();
    let concepts = rules.join("concepts.toml");
    let original = fs::read_to_string(&concepts).unwrap();
    let barrier = original.find("id = \"barrier\"").unwrap();
    let at = barrier + original[barrier..].find("phrases = [").unwrap() + "phrases = [".len();
    let with = |extra: &str| format!("{}{extra}{}", &original[..at], &original[at..]);
    fs::write(&concepts, with("\"zonk-\", \"e.g. gut\", ")).unwrap();
    let page = dir.path().join("p.txt");
    let filler = "We went for a walk by the river and talked about the weather. ".repeat(12);
    fs::write(
        &page,
        format!("Your zonk is healed in 30 days. {filler}\nshow up as.E.g. GuT\n"),
    )
    .unwrap();
    let out = gutcheck()
        .args([
            "--rules",
            rules.to_str().unwrap(),
            "scan",
            "--format",
            "jsonl",
        ])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"claim\":\"quick-fix-timeline\""), "{text}");
    fs::write(
        &concepts,
        with(&format!("\"{}\", ", "very ".repeat(41).trim())),
    )
    .unwrap();
    let err = refused_rules(&rules);
    assert!(
        err.contains("concepts.toml:") && err.contains("more than 40 words"),
        "{err}"
    );
}

#[test]
fn a_failing_claim_example_is_reported_at_its_line_and_column() {
    let (_dir, rules) = exported_rules();
    let claims = rules.join("claims.toml");
    let text = fs::read_to_string(&claims).unwrap();
    // The first `match` example becomes a sentence that makes no claim.
    let at = text.find("match = [\n").unwrap() + "match = [\n".len();
    let start = at + text[at..].find('"').unwrap();
    let end = start + 1 + text[start + 1..].find('"').unwrap() + 1;
    let text = format!(
        "{}\"The weather is mild today.\"{}",
        &text[..start],
        &text[end..]
    );
    fs::write(&claims, &text).unwrap();
    let line = text[..start].matches('\n').count() + 1;
    let col = start - text[..start].rfind('\n').unwrap();
    let err = refused_rules(&rules);
    let want = format!("error[R701]: {}:{line}:{col}: [", claims.display());
    assert!(err.starts_with(&want), "want {want:?} in:\n{err}");
    assert!(
        err.contains("`match` example is not found: \"The weather is mild today.\""),
        "{err}"
    );
    assert!(err.contains("The weather is mild today.\""), "{err}");
}

#[test]
fn an_empty_rules_directory_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    gutcheck()
        .args(["--rules", dir.path().to_str().unwrap(), "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("meta.toml"))
        .stderr(predicate::str::contains("rules export"));
    // A directory that does not exist: tests/cmd/rules-missing-directory.toml.
}

#[test]
fn closed_stdout_is_not_an_error() {
    // `gutcheck list | head -1`: the reader goes away; no panic, no noise.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' list | head -1; '{}' template | head -c 10 >/dev/null",
            BIN, BIN
        ))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error() {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(BIN)
        .arg("template")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
}

#[test]
fn enormous_regexes_are_rejected_not_compiled_forever() {
    let (_dir, rules) = exported_rules();
    let claims = rules.join("claims.toml");
    let long = "a".repeat(5000);
    let text = fs::read_to_string(&claims).unwrap().replacen(
        "recognise = [",
        &format!(
            "recognise = [\n  {{ all = [\"repair\"], regex = '(?:x{{1000}}){{1000}}' }},\n  {{ all = [\"repair\"], regex = '{long}' }},"
        ),
        1,
    );
    fs::write(&claims, text).unwrap();
    let out = gutcheck()
        .timeout(Duration::from_secs(20))
        .args(["rules", "check", rules.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("regex does not compile"), "{err}");
    assert!(
        err.contains("size limit") || err.contains("too big"),
        "{err}"
    );
    assert!(err.contains("the limit is 2000"), "{err}");
    assert!(err.contains("claims.toml:"), "{err}");
}

#[test]
fn save_answers_into_a_missing_directory_fails_before_anything_else() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no/such/dir/a.toml");
    gutcheck()
        .args(["-a", "-", "--save-answers", target.to_str().unwrap()])
        .write_stdin(URGENT)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("directory does not exist"));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn free_text_counts_claims_the_person_was_told_and_says_when_nothing_matched() {
    let told = json_of(
        &["--answers", "-", "--format", "json"],
        "[answers]\nclaims-text = \"My naturopath says my zonulin is high so my gut is leaking.\"\n",
    );
    let ids: Vec<&str> = told["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["zonulin-proof"], "{told:#}");
    assert_eq!(told["claims_text_matched_none"], false);
    // A denial is not a claim met.
    let denied = json_of(
        &["--answers", "-", "--format", "json"],
        "[answers]\nclaims-text = \"Probiotics do not heal a leaky gut.\"\n",
    );
    assert!(
        denied["claims"].as_array().unwrap().is_empty(),
        "{denied:#}"
    );
    // Text that holds no known claim is said so, in every format.
    let none = "[answers]\nclaims-text = \"My cousin swears by cold showers.\"\n";
    let v = json_of(&["--answers", "-", "--format", "json"], none);
    assert_eq!(v["claims_text_matched_none"], true);
    for format in ["text", "markdown"] {
        gutcheck()
            .args(["--answers", "-", "--format", format])
            .write_stdin(none)
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "matched none of the claims gutcheck knows",
            ));
    }
}

#[test]
fn rules_check_honours_the_global_rules_option() {
    let (_dir, rules) = exported_rules();
    let concepts = rules.join("concepts.toml");
    let text =
        fs::read_to_string(&concepts)
            .unwrap()
            .replacen("\"leaky gut{,s}\"", "\"leaky gut{,s\"", 1);
    fs::write(&concepts, text).unwrap();
    gutcheck()
        .args(["--rules", rules.to_str().unwrap(), "rules", "check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("concepts.toml:"))
        .stderr(predicate::str::contains("`{` without `}`"));
}

#[test]
fn a_phrase_that_does_not_start_with_a_word_is_an_error_with_its_position() {
    let (_dir, rules) = exported_rules();
    let concepts = rules.join("concepts.toml");
    let text = fs::read_to_string(&concepts).unwrap().replacen(
        "\"per month\", ",
        "\"per month\", \"% off\", ",
        1,
    );
    fs::write(&concepts, text).unwrap();
    gutcheck()
        .args(["--rules", rules.to_str().unwrap(), "rules", "check"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::is_match(
                r#"concepts\.toml:\d+:\d+: \[billing-period\] phrase "% off""#,
            )
            .unwrap(),
        )
        .stderr(predicate::str::contains(
            "does not start with a letter or digit",
        ));
}

#[test]
fn save_answers_confirms_on_stderr_and_report_header_fits_50_columns() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("me.toml");
    gutcheck()
        .args(["--answers", "-", "--save-answers", file.to_str().unwrap()])
        .write_stdin("[answers]\nblood-in-stool = \"no\"\n")
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "answers saved to {}",
            file.display()
        )));
    let out = gutcheck()
        .args(["--example", "alarm-among-mild"])
        .env("COLUMNS", "50")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines().take(12) {
        assert!(line.chars().count() <= 50, "{line:?}");
    }
}

#[test]
fn handout_lists_the_answers_and_ends_with_the_bottom_line_then_the_disclaimer() {
    let out = gutcheck()
        .args([
            "--example",
            "gluten-free-wants-test",
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    let answers = md.find("## Your answers").expect("answers listed");
    let bottom = md.find("## Bottom line").expect("bottom line");
    let disclaimer = md.find("## Disclaimer").expect("disclaimer");
    assert!(answers < bottom && bottom < disclaimer, "{md}");
    // The same headings as the text report.
    let text = String::from_utf8(
        gutcheck()
            .args(["--example", "gluten-free-wants-test"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for h in [
        "Claims you met",
        "Causes worth checking",
        "Bottom line",
        "Disclaimer",
    ] {
        assert!(md.contains(&format!("## {h}")), "markdown lacks {h}");
        assert!(text.contains(h), "text lacks {h}");
    }
}

/// `rules eval --errors` lists the tuning part's mistakes only, so that nobody tunes on the
/// held-out documents by accident; `--held-out-errors` lists theirs on purpose.
#[test]
fn eval_errors_keep_the_held_out_part_hidden() {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus-dev");
    let listed = |args: &[&str]| -> Vec<String> {
        let out = std::process::Command::new(BIN)
            .args(["rules", "eval", corpus])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("DOC ") || l.starts_with("sent "))
            .map(|l| l.split_whitespace().nth(2).unwrap().to_string())
            .collect()
    };
    let held_out = |file: &String| {
        file.trim_end_matches(".txt")
            .parse::<u32>()
            .is_ok_and(|n| n % 4 == 0)
    };
    let tuning = listed(&["--errors"]);
    assert!(!tuning.is_empty());
    assert!(!tuning.iter().any(held_out), "{tuning:?}");
    let all = listed(&["--errors", "--held-out-errors"]);
    assert!(all.iter().any(held_out));
    assert!(all.len() > tuning.len());
}

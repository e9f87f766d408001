//! `gutcheck scan` through the real binary, where a test needs logic: the linter-style report,
//! JSON and JSON Lines contracts, real-looking pages, bad input (binary, invalid UTF-8, huge
//! lines, unreadable files), several files in order, and a reader that stops early. Plain
//! input-to-output cases (exit codes, wrapped lines, markup and typographic characters, each
//! reason a mention is not counted) are data: tests/cmd/scan-*.toml.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use crate::common::BIN;

/// The common command with a longer timeout: some inputs here are several megabytes.
fn gutcheck() -> Command {
    let mut c = crate::common::gutcheck();
    c.timeout(Duration::from_secs(60));
    c
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scan")
        .join(name)
}

/// Runs `scan --format jsonl` on standard input; returns (exit code, findings).
fn jsonl(args: &[&str], stdin: impl Into<Vec<u8>>) -> (i32, Vec<Value>) {
    let out = gutcheck()
        .args(["scan", "--format", "jsonl"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    (out.status.code().unwrap(), parse_jsonl(out.stdout))
}

/// One finding per line of `--format jsonl` output.
fn parse_jsonl(stdout: Vec<u8>) -> Vec<Value> {
    let text = String::from_utf8(stdout).expect("UTF-8 output");
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// `gutcheck scan --format jsonl` reading a pipe the test writes to (and may leave open).
fn scan_jsonl_from_pipe() -> (std::process::Child, std::process::ChildStdin) {
    let mut child = StdCommand::new(BIN)
        .args(["scan", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    (child, stdin)
}

/// Each finding's line and claim.
fn lines_and_claims(found: &[Value]) -> Vec<(u64, &str)> {
    found
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["claim"].as_str().unwrap()))
        .collect()
}

fn claims(found: &[Value]) -> Vec<&str> {
    found.iter().map(|f| f["claim"].as_str().unwrap()).collect()
}

/// Scanning `text` finds no asserted claim (exit 0), and `--all` shows `claim` set aside for
/// `reason`.
fn assert_not_asserted(text: &str, claim: &str, reason: &str) {
    let (code, found) = jsonl(&["--all"], text);
    assert_eq!(code, 0, "{found:#?}");
    assert!(
        found
            .iter()
            .any(|f| f["claim"] == claim && f["reason"] == reason),
        "{claim} {reason}: {found:#?}"
    );
}

/// Scanning `text` finds claims (exit 1), `claim` among them as asserted.
fn assert_asserted(text: &str, claim: &str) {
    let (code, found) = jsonl(&[], text);
    assert_eq!(code, 1, "{text:?}: {found:#?}");
    assert!(
        found
            .iter()
            .any(|f| f["claim"] == claim && f["refuted"] == false),
        "{claim} in {text:?}: {found:#?}"
    );
}

fn place(f: &Value) -> (u64, u64) {
    (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap())
}

fn disclaimer() -> String {
    let out = gutcheck()
        .args(["--answers", "-", "--format", "json"])
        .write_stdin("")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["disclaimer"].as_str().unwrap().to_string()
}

#[test]
fn a_wellness_blog_is_reported_like_a_linter_with_summary_and_disclaimer() {
    let out = gutcheck()
        .args(["scan", fixture("wellness-blog.md").to_str().unwrap()])
        .current_dir(fixture(""))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let path = fixture("wellness-blog.md").display().to_string();
    // path:line:col  claim-id  [verdict]
    assert!(
        text.contains(&format!("{path}:1:9  quick-fix-timeline  [unsupported]\n")),
        "{text}"
    );
    // The source line, the match underlined, the summary and where to read more.
    assert!(
        text.contains("    # How I Healed My Leaky Gut in 30 Days"),
        "{text}"
    );
    assert!(text.contains("^^^^^^^^"), "{text}");
    assert!(
        text.contains("(gutcheck explain quick-fix-timeline)"),
        "{text}"
    );
    for id in [
        "zonulin-proof",
        "supplement-cure",
        "root-cause-of-everything",
        "healing-signs",
    ] {
        assert!(text.contains(&format!("  {id}  ")), "{id} missing:\n{text}");
    }
    // A count per claim, then the disclaimer.
    assert!(text.contains("findings in 1 file:"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("  quick-fix-timeline ") && l.contains(" ×2 ")),
        "{text}"
    );
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.ends_with(&disclaimer()), "{text}");
    // Piped output has no color.
    assert!(!text.contains('\x1b'));
}

#[test]
fn color_highlights_the_match_when_asked() {
    let out = gutcheck()
        .args(["--color", "always", "scan"])
        .write_stdin("Heal your leaky gut in 2 weeks!\n")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\x1b["), "{text}");
    assert!(
        text.contains("Heal your leaky gut in 2 weeks\x1b[0m"),
        "{text:?}"
    );
}

#[test]
fn evidence_based_articles_come_out_clean() {
    // The second is a fact-check with "Claim N:" headings, reported speech ("Clinics
    // sometimes say ...", "You may be told ...") and quoted myths.
    for (name, mentions) in [("evidence-based.md", 2), ("fact-check.md", 10)] {
        let path = fixture(name);
        gutcheck()
            .args(["scan", path.to_str().unwrap()])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("No claims found in 1 file."))
            .stdout(predicate::str::contains(&disclaimer()[..40]));
        // Its debunkings are there with --all, marked, and still do not count.
        let out = gutcheck()
            .args(["scan", "--all", "--format", "json", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let found = v["findings"].as_array().unwrap();
        assert!(found.len() >= mentions, "{name}: {v:#}");
        assert!(found.iter().all(|f| f["refuted"] == true), "{name}: {v:#}");
        assert_eq!(v["summary"]["findings"], 0);
    }
}

#[test]
fn a_lab_report_interpretation_is_read_and_its_result_table_is_not() {
    let (code, found) = jsonl(&[], fs::read(fixture("lab-report.txt")).unwrap());
    assert_eq!(code, 1);
    assert_eq!(
        claims(&found),
        [
            "zonulin-proof",
            "zonulin-proof",
            "quick-fix-timeline",
            "supplement-cure"
        ]
    );
    // The table rows (numbers, flags) are not claims; the findings start at the
    // interpretation below it.
    assert!(
        found.iter().all(|f| f["line"].as_u64().unwrap() >= 9),
        "{found:?}"
    );
}

#[test]
fn a_sales_page_makes_every_kind_of_claim_and_each_is_found() {
    let (code, found) = jsonl(&[], fs::read(fixture("sales-page.md")).unwrap());
    assert_eq!(code, 1);
    let ids = claims(&found);
    for id in [
        "quick-fix-timeline",
        "supplement-cure",
        "zonulin-proof",
        "symptom-bucket",
        "root-cause-of-everything",
        "restrictive-diet-first",
        "healing-signs",
    ] {
        assert!(ids.contains(&id), "{id} not found: {ids:?}");
    }
    // 21 claim sentences, most of them found; the page's one "leaky gut doesn't exist" is a
    // doctor's remark it quotes to reject, so it is reported speech, not the page's claim.
    assert!(found.len() >= 17, "{} findings: {ids:?}", found.len());
    assert!(!ids.contains(&"fake-condition"), "{ids:?}");
    let (_, all) = jsonl(&["--all"], fs::read(fixture("sales-page.md")).unwrap());
    let fake: Vec<&Value> = all
        .iter()
        .filter(|f| f["claim"] == "fake-condition")
        .collect();
    assert_eq!(fake.len(), 1, "{all:#?}");
    assert_eq!(fake[0]["refuted"], true);
    assert_eq!(fake[0]["reason"], "reported");
}

#[test]
fn json_is_one_document_with_schema_version_findings_and_disclaimer() {
    let out = gutcheck()
        .args(["scan", "--format", "json"])
        .arg(fixture("wellness-blog.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["disclaimer"].as_str().unwrap(), disclaimer());
    let found = v["findings"].as_array().unwrap();
    assert!(found.len() >= 6);
    for f in found {
        for key in [
            "line",
            "column",
            "end_line",
            "end_column",
            "offset",
            "end_offset",
        ] {
            assert!(f[key].as_u64().is_some(), "{key} in {f}");
        }
        for key in ["file", "claim", "verdict", "matched"] {
            assert!(f[key].as_str().is_some(), "{key} in {f}");
        }
        assert_eq!(f["refuted"], false);
        assert!(f["line"].as_u64() <= f["end_line"].as_u64());
    }
    // Sorted by position.
    let places: Vec<(u64, u64)> = found.iter().map(place).collect();
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(places, sorted);
    // No findings: still a complete document.
    let out = gutcheck()
        .args(["scan", "-f", "json"])
        .write_stdin("Nothing to see here.\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"], Value::Array(vec![]));
    assert!(v["disclaimer"].is_string());
}

#[test]
fn jsonl_is_one_finding_per_line_and_nothing_else() {
    let (code, found) = jsonl(&[], fs::read(fixture("wellness-blog.md")).unwrap());
    assert_eq!(code, 1);
    assert!(found.len() >= 6);
    for f in &found {
        assert_eq!(f["file"], "<stdin>");
        assert!(f.get("disclaimer").is_none());
    }
}

#[test]
fn a_binary_file_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("image.png");
    fs::write(
        &bin,
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR heal your leaky gut in 2 weeks",
    )
    .unwrap();
    gutcheck()
        .args(["scan", bin.to_str().unwrap()])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(format!(
            "gutcheck: {}: binary file, skipped",
            bin.display()
        )));
}

#[test]
fn invalid_utf8_is_read_lossily_with_correct_positions() {
    let mut text = b"caf\xe9 \xff\xfe ok\n".to_vec();
    text.extend_from_slice(b"\x80\x80 heal your leaky gut in 2 weeks\n");
    let (code, found) = jsonl(&[], text);
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1);
    // Two bad bytes are two replacement characters, then a space: column 4.
    assert_eq!(place(&found[0]), (2, 4));
    assert_eq!(found[0]["offset"], 14);
    assert_eq!(found[0]["matched"], "heal your leaky gut in 2 weeks");
}

#[test]
fn a_line_of_several_megabytes_works() {
    let mut line = "Words without any claim in them, over and over. ".repeat(110_000);
    let col = line.chars().count() as u64 + 1;
    line.push_str("Heal your leaky gut in 2 weeks. ");
    line.push_str(&"And more filler words after it. ".repeat(1000));
    assert!(line.len() > 5_000_000);
    let (code, found) = jsonl(&[], line);
    assert_eq!(code, 1);
    assert_eq!(claims(&found), ["quick-fix-timeline"]);
    assert_eq!(place(&found[0]), (1, col));
    // The text report shows a window of the line, not megabytes of it.
    let out = gutcheck()
        .arg("scan")
        .write_stdin(format!(
            "{}Heal your leaky gut in 2 weeks.",
            "x ".repeat(3_000_000)
        ))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.len() < 4000, "{} bytes of report", text.len());
    assert!(text.contains("…"));
}

#[test]
fn several_files_print_in_order_whatever_finishes_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    let mut expected = Vec::new();
    for i in 0..24 {
        // Big and small files alternate so later files often finish first.
        let filler =
            "Nothing to report in this line of text.\n".repeat(if i % 2 == 0 { 40_000 } else { 1 });
        let text = format!(
            "{filler}\nMy zonulin test proves I have leaky gut, file {i}.\n\nHeal your gut in 2 weeks!\n"
        );
        let p = dir.path().join(format!("page-{i:02}.md"));
        fs::write(&p, text).unwrap();
        let lines = filler.lines().count() as u64;
        expected.push((p.display().to_string(), lines + 2));
        expected.push((p.display().to_string(), lines + 4));
        paths.push(p);
    }
    let out = gutcheck()
        .args(["scan", "-f", "jsonl"])
        .args(&paths)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let got: Vec<(String, u64)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["file"].as_str().unwrap().to_string(),
                v["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    // The text summary counts every file.
    gutcheck()
        .arg("scan")
        .args(&paths)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("48 findings in 24 files:"));
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_are_still_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.md");
    fs::write(&good, "Heal your leaky gut in 2 weeks!\n").unwrap();
    let missing = dir.path().join("missing.md");
    let out = gutcheck()
        .args(["scan", "-f", "jsonl"])
        .arg(&missing)
        .arg(dir.path())
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("good.md"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("cannot read {}", missing.display())),
        "{stderr}"
    );
    assert!(stderr.contains("is a directory"), "{stderr}");
    // The messages come in the order of the files.
    assert!(stderr.find("missing.md").unwrap() < stderr.find("is a directory").unwrap());
}

#[test]
fn a_closed_output_pipe_ends_quietly() {
    // Like `gutcheck scan big.txt | head -n 2`: many findings, a reader that stops early.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.md");
    fs::write(&big, "Heal your leaky gut in 2 weeks!\n\n".repeat(20_000)).unwrap();
    for format in ["text", "jsonl", "json"] {
        let mut child = StdCommand::new(BIN)
            .args(["scan", "--format", format])
            .arg(&big)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 256];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        // The rest is read with the output discarded: the exit code still says "claims
        // found", whatever the timing (issue 13).
        assert_eq!(status.code(), Some(1), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
}

/// Writes `text` to `gutcheck scan --format jsonl` and keeps its input open: the first finding
/// must arrive while the writer waits (within 20 s, so a scan that waits for the end of the
/// input fails rather than hangs). Then the input ends, and the exit code says "claims found".
fn first_finding_while_the_writer_waits(text: &[u8]) -> Value {
    let (mut child, mut stdin) = scan_jsonl_from_pipe();
    stdin.write_all(text).unwrap();
    stdin.flush().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while stdout.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
            line.push(byte[0]);
        }
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(20));
    drop(stdin);
    let line = line.expect("no finding while the writer waited");
    assert_eq!(child.wait().unwrap().code(), Some(1));
    serde_json::from_slice(&line).unwrap()
}

#[test]
fn findings_stream_out_before_the_input_ends() {
    // A writer that pauses after the first paragraph: the finding arrives meanwhile.
    let mut text = "Heal your leaky gut in 2 weeks!\n\n".to_string();
    text.push_str(&"filler line\n".repeat(1000));
    text.push('\n');
    let v = first_finding_while_the_writer_waits(text.as_bytes());
    assert_eq!(v["claim"], "quick-fix-timeline");
}

#[test]
fn a_short_paragraph_and_a_silent_writer_still_give_the_finding() {
    // Less than the 8 KiB a short read waits for (a log being written, a paste): the writer
    // stays silent and the input stays open, yet the finding arrives.
    let v = first_finding_while_the_writer_waits(b"Heal your leaky gut in 2 weeks!\n\n");
    assert_eq!(v["claim"], "quick-fix-timeline");
}

#[test]
fn a_log_written_line_by_line_gives_its_finding_when_the_writer_pauses() {
    // No blank line at all, as in a log: on a pause, what has arrived is read up to its last
    // line break.
    let v = first_finding_while_the_writer_waits(b"Heal your leaky gut in 2 weeks!\nline two\n");
    assert_eq!(v["claim"], "quick-fix-timeline");
}

#[test]
fn a_page_whose_writer_pauses_after_it_is_judged_like_the_same_file() {
    // `(cat page; sleep 2) | gutcheck scan`: the whole page arrives, then a pause. The pause
    // releases the findings, judged on the whole page: the label on line 9 stays uncounted.
    let (child, mut stdin) = scan_jsonl_from_pipe();
    stdin.write_all(CAREFUL_PAGE.as_bytes()).unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    drop(stdin);
    let paused = parse_jsonl(child.wait_with_output().unwrap().stdout);
    let lines = lines_and_claims(&paused);
    let (_, file) = jsonl(&[], CAREFUL_PAGE);
    assert_eq!(lines, lines_and_claims(&file));
    assert!(!lines.iter().any(|(l, _)| *l == 9), "{lines:?}");
}

#[test]
fn standard_input_named_twice_is_read_once() {
    let text = "Leaky gut causes autism.\n\n".repeat(5_000);
    let (_, found) = jsonl(&["-", "-"], text);
    assert_eq!(found.len(), 5_000);
}

#[test]
fn a_claim_across_a_block_or_chunk_cut_in_one_long_line_is_found_once() {
    let filler = "plain words about the weather and the garden in spring ";
    for at in [32_768usize, 65_536, 131_072, 1_048_576] {
        let mut line = filler.repeat((1_200_000 + at) / filler.len());
        let start = at - 12;
        let claim = " heal your leaky gut in 14 days for sure ";
        line.replace_range(start..start + claim.len(), claim);
        line.push('\n');
        let (code, found) = jsonl(&[], line.clone());
        assert_eq!(code, 1, "claim at {at} not found");
        assert_eq!(
            claims(&found),
            ["quick-fix-timeline"],
            "at {at}: {found:#?}"
        );
        assert_eq!(found[0]["offset"], start + 1, "at {at}");
        assert_eq!(found[0]["matched"], "heal your leaky gut in 14 days");
    }
}

#[test]
fn every_finding_on_a_long_line_with_many_claims_has_its_own_line_and_column() {
    // Thousands of claims on one line, with accented words so that columns (characters)
    // and offsets (bytes) differ, then a second line: each finding is placed exactly.
    let sentence =
        "Café owners say: leaky gut causes autism. Glutamine heals leaky gut in 14 days. ";
    let first = sentence.repeat(4_000);
    let text = format!("{first}\nÉté: leaky gut causes autism.\n");
    let (code, found) = jsonl(&["--all"], text.clone());
    assert_eq!(code, 1);
    assert!(found.len() >= 8_000, "{} findings", found.len());
    let mut last_line = 0;
    for f in &found {
        let offset = f["offset"].as_u64().unwrap() as usize;
        let before = &text[..offset];
        let line = before.matches('\n').count() as u64 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() as u64 + 1;
        assert_eq!(place(f), (line, column), "finding at byte {offset}: {f}");
        assert!(text[offset..].starts_with(f["matched"].as_str().unwrap()));
        last_line = line;
    }
    assert_eq!(last_line, 2, "the claim on the second line is found");
}

#[test]
fn titles_under_a_related_posts_heading_are_links_not_the_pages_claims() {
    // Text extracted from a web page: the article, then a block of links to other pages.
    let page = "How we make our broth\n\n\
        Simmer the bones for a few hours with onion, carrot and bay.\n\n\
        Related posts\n\
        Heal Your Leaky Gut in 14 Days With This Broth\n\
        Why a Leaky Gut Is the Root of Every Autoimmune Disease\n";
    let (code, found) = jsonl(&[], page);
    assert_eq!(code, 0, "{found:#?}");
    // The same titles under a heading of the page's own are its claims.
    let own = page.replace("Related posts", "Our promise");
    let (code, found) = jsonl(&[], own);
    assert_eq!(code, 1);
    assert!(claims(&found).contains(&"quick-fix-timeline"), "{found:#?}");
}

#[test]
fn numbered_items_under_a_heading_that_lists_myths_are_the_claims_it_answers() {
    // A sceptic's listicle as text extracted from a web page: the title labels myths, and each
    // numbered line that opens a section names one claim, answered in the lines below it.
    let page = "5 leaky gut myths that don't hold up\n\
        By a dietitian\n\n\
        I read the popular pages so you don't have to.\n\n\
        1. Leaky gut is the root of all disease\n\
        Permeability rises in some diseases, which is not the same thing.\n\n\
        2. Glutamine seals your gut lining in two weeks\n\
        The trials are small and were done in people in hospital.\n";
    let (code, found) = jsonl(&[], page);
    assert_eq!(code, 0, "{found:#?}");
    let (_, all) = jsonl(&["--all"], page);
    let reasons: Vec<_> = all.iter().map(|f| f["reason"].as_str()).collect();
    assert!(reasons.len() >= 2, "{all:#?}");
    assert!(
        reasons.iter().all(|r| *r == Some("myth-heading")),
        "{all:#?}"
    );
    // The same numbered lines under a title that promises something are the page's claims.
    let own = page.replace(
        "5 leaky gut myths that don't hold up",
        "Our gut plan in five steps",
    );
    let (code, found) = jsonl(&[], own);
    assert_eq!(code, 1);
    assert!(
        claims(&found).contains(&"root-cause-of-everything"),
        "{found:#?}"
    );
    assert!(claims(&found).contains(&"supplement-cure"), "{found:#?}");
}

#[test]
fn a_cue_word_inside_a_user_name_is_a_name() {
    // A reader comment signed with a handle that holds a reporting word ("sceptic").
    let comment =
        "Comments\n\nben.r.sceptic Leaky gut is a made-up disease invented to sell powders.\n";
    let (code, found) = jsonl(&[], comment);
    assert_eq!(code, 1, "{found:#?}");
    assert_eq!(claims(&found), ["fake-condition"]);
    // Written as a word of the sentence, the same cue reports the claim.
    let reported = comment.replace("ben.r.sceptic", "One sceptic says");
    let (code, found) = jsonl(&[], reported);
    assert_eq!(code, 0, "{found:#?}");
}

#[test]
fn a_checklist_verdict_after_a_bulleted_list_is_read_on_its_own() {
    // The last item ends without a full stop; the verdict under the list is its own sentence,
    // not part of an item that a denial inside it ("didn't") would cover.
    let page = "How many of these sound familiar?\n\
        • The afternoon energy crash\n\
        • Sore knees even though you \"didn't do anything\"\n\
        If you ticked two or more, your gut lining is very likely leaky.\n";
    let (code, found) = jsonl(&[], page);
    assert_eq!(code, 1, "{found:#?}");
    assert_eq!(claims(&found), ["symptom-bucket"]);
    assert!(
        found[0]["matched"].as_str().unwrap().starts_with("ticked"),
        "{found:#?}"
    );
}

#[test]
fn a_quoted_claim_answered_by_the_sentence_after_it_is_not_asserted() {
    // A careful page sets each claim out as a quotation of its own, then answers it.
    let page = "What you may come across\n\n\
        \"Seal your leaky gut in just 14 days with our powder.\"\n\
        Repair of the gut lining does not run to a timetable, and no supplement has been shown to seal it.\n\n\
        \"Leaky gut is the root cause of autoimmune disease, depression and autism.\"\n\
        Researchers are looking at barrier changes in some conditions, but there is no good evidence that a leaky gut starts them.\n";
    let (code, found) = jsonl(&["--all"], page);
    assert_eq!(code, 0, "{found:#?}");
    let rebutted = found
        .iter()
        .filter(|f| f["reason"] == "rebutted")
        .map(|f| f["claim"].as_str().unwrap())
        .collect::<Vec<_>>();
    for claim in [
        "quick-fix-timeline",
        "supplement-cure",
        "root-cause-of-everything",
    ] {
        assert!(rebutted.contains(&claim), "{claim}: {found:#?}");
    }
    // A fact-check box: a one-word label, the quoted claim, its source, then the verdict.
    let box_ = "--------------------\nCLAIM\n\"Follow these steps for 10 days and your leaky gut will be sealed.\"\n\
        SOURCE: a wellness coach's video\nVERDICT: False\n";
    assert_not_asserted(box_, "quick-fix-timeline", "rebutted");
    // A numbered example, answered past a short label line.
    let example = "Example 4: \"Leaky gut is the root cause of autoimmune disease, allergies and anxiety.\"\n\
        Red flag: one cause for everything. No study shows a leaky gut starts them.\n";
    assert_not_asserted(example, "root-cause-of-everything", "rebutted");
    // A testimonial followed by the next testimonial, or by a plain sentence, is the page's.
    let sales = "\"This powder sealed my leaky gut in 14 days.\"\n\
        \"I don't know how I lived without it.\"\n\n\
        \"Leaky gut is the root cause of my autoimmune disease and my depression.\"\n\
        Order today and get free shipping.\n";
    let (code, found) = jsonl(&[], sales);
    assert_eq!(code, 1, "{found:#?}");
    let mut found = claims(&found);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "quick-fix-timeline",
            "root-cause-of-everything",
            "supplement-cure"
        ]
    );
}

#[test]
fn a_denial_after_the_symptoms_denies_the_sign_they_are_said_to_be() {
    let careful = "Leaky gut protocols say a flare is good news. A new rash, worse tummy \
        symptoms or feeling unwell are not signs of healing and should not be ignored.\n";
    assert_not_asserted(careful, "symptom-bucket", "negated");
    // Without the denial the same sentence is the claim.
    let (code, found) = jsonl(&[], careful.replace("are not signs", "are signs"));
    assert_eq!(code, 1, "{found:#?}");
    assert!(claims(&found).contains(&"symptom-bucket"), "{found:#?}");
}

#[test]
fn every_sentence_of_a_quotation_opened_after_a_reporting_cue_is_reported() {
    // The cue stands in the sentence where the quotation opens; the quotation runs on.
    let page = "A wellness site tells readers that \"You may break out at first. That's the \
        die-off, a sign your gut is healing.\"\n";
    assert_not_asserted(page, "healing-signs", "reported");
    // Without the cue the same words are the page's own.
    let own = page.replace("A wellness site tells readers that ", "");
    let (code, found) = jsonl(&[], own);
    assert_eq!(code, 1, "{found:#?}");
    assert_eq!(claims(&found), ["healing-signs"]);
}

#[test]
fn a_verdict_column_is_the_pages_own_voice() {
    // A comparison table as extracted text: the label's words are someone else's, the verdict
    // column is the reviewer's own.
    let table = "Gut supplements compared\n\n\
        Product\tWhat the label promises\tOur verdict\n\
        SealGuard\t\"Repairs your gut lining in 30 days\"\tBest overall: glutamine rebuilds the gut lining.\n";
    let (code, found) = jsonl(&[], table);
    assert_eq!(code, 1, "{found:#?}");
    assert_eq!(claims(&found), ["supplement-cure"], "{found:#?}");
    assert!(
        found[0]["matched"]
            .as_str()
            .unwrap()
            .starts_with("glutamine")
    );
    // A verdict that keeps its distance leaves nothing asserted.
    let careful = table.replace(
        "Best overall: glutamine rebuilds the gut lining.",
        "Skip: no good evidence it does anything.",
    );
    let (code, found) = jsonl(&[], careful);
    assert_eq!(code, 0, "{found:#?}");
}

/// A sceptical page (a pharmacist answering readers) that sets out many claims to answer them,
/// quotes one more with no cue ("The label on one tub reads: …"), and carries readers'
/// comments.
const CAREFUL_PAGE: &str = "Ask the pharmacist

Several readers wrote in about powders sold to fix a leaky gut. Here is what the evidence says.

There is no good evidence that glutamine heals a leaky gut in otherwise healthy people. No supplement has been shown to seal the gut lining in 14 days. A zonulin test cannot tell you whether your gut is leaking. Tiredness and brain fog are not reliable signs of a leaky gut. Some websites claim that a rash after starting a powder means your gut is healing; it does not.

Collagen does not repair the gut wall either, and nobody has shown that cutting out whole food groups heals the gut lining.

The label on one tub reads: repairs the gut lining in 30 days.

If your symptoms last, ask your GP about coeliac testing before you cut out gluten.

Comments

Dana: Bone broth healed my leaky gut in three weeks, so I'll keep drinking it.

Rob: Leaky gut is a made-up disease invented to sell powders.
";

#[test]
fn a_careful_page_counts_its_readers_claims_not_the_ones_it_quotes_without_a_cue() {
    let (code, found) = jsonl(&[], CAREFUL_PAGE);
    assert_eq!(code, 1);
    // Dana's comment, in the first person, and Rob's "made up", which a careful page's own
    // voice could say; not the label's promise on line 9.
    assert_eq!(
        lines_and_claims(&found),
        [
            (15, "supplement-cure"),
            (15, "quick-fix-timeline"),
            (17, "fake-condition")
        ]
    );
    let (_, all) = jsonl(&["--all"], CAREFUL_PAGE);
    let label: Vec<&Value> = all.iter().filter(|f| f["line"] == 9).collect();
    assert!(!label.is_empty(), "{all:#?}");
    for f in label {
        assert_eq!(f["refuted"], true);
        assert_eq!(f["reason"], "careful-page");
    }
    // The text output names the reason in words.
    let out = gutcheck()
        .args(["scan", "--all", "--color", "never"])
        .write_stdin(CAREFUL_PAGE)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("not asserted: careful-page"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_same_label_counts_on_a_page_that_answers_too_few_claims() {
    // Without its two paragraphs of answers the page is no longer careful: the label's
    // promise is the page's claim like any other.
    let plain: String = CAREFUL_PAGE
        .lines()
        .filter(|l| !l.starts_with("There is no good") && !l.starts_with("Collagen does not"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_, found) = jsonl(&[], plain);
    assert!(
        found
            .iter()
            .any(|f| f["line"] == 7 && f["claim"] == "quick-fix-timeline"),
        "{found:#?}"
    );
}

#[test]
fn a_page_reads_the_same_from_a_file_a_pipe_and_a_redirect() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.txt");
    fs::write(&path, CAREFUL_PAGE).unwrap();
    let strip = |out: std::process::Output| {
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| l.replace(&path.display().to_string(), "<stdin>"))
            .collect::<Vec<_>>()
    };
    let from_file = strip(
        gutcheck()
            .args(["scan", "--all", "--format", "jsonl"])
            .arg(&path)
            .output()
            .unwrap(),
    );
    let from_pipe = strip(
        gutcheck()
            .args(["scan", "--all", "--format", "jsonl"])
            .write_stdin(CAREFUL_PAGE)
            .output()
            .unwrap(),
    );
    let from_redirect = strip(
        StdCommand::new(BIN)
            .args(["scan", "--all", "--format", "jsonl"])
            .stdin(fs::File::open(&path).unwrap())
            .output()
            .unwrap(),
    );
    assert!(from_file.len() >= 10, "{from_file:#?}");
    assert_eq!(from_file, from_pipe);
    assert_eq!(from_file, from_redirect);
}

/// English wording that only English text can show (the rule base's examples are also run
/// pseudo-localised, so these live here): a quotation followed by "is not just" is agreed
/// with, not denied, and a quotation closed by a comma that goes on into another clause with
/// "and" is not given a speaker by a noun further on ("products").
#[test]
fn a_quotation_that_goes_on_to_agree_stays_the_pages_claim() {
    for (text, claim) in [
        (
            "\"Heals leaky gut in 14 days\" is not just a slogan, it is our guarantee.\n",
            "quick-fix-timeline",
        ),
        (
            "\"Our capsules heal your leaky gut,\" and that is why they outsell all the other products on the shelf.\n",
            "supplement-cure",
        ),
        (
            "\"Leaky gut is behind your fatigue and brain fog\" is no longer a fringe idea.\n",
            "symptom-bucket",
        ),
    ] {
        assert_asserted(text, claim);
    }
    // And a quotation denied as a whole is not the page's claim.
    assert_not_asserted(
        "\"Probiotics heal the gut lining\" isn't something the evidence supports.\n",
        "supplement-cure",
        "negated",
    );
}

/// Scare quotes in a heading set in capitals keep the claim at a distance, as they do in
/// lower case; a quoted name in capitals in an ordinary sentence is still a name. (English:
/// the pseudo-localised rule base has no capitals to go by.)
#[test]
fn scare_quotes_in_a_heading_in_capitals_are_still_scare_quotes() {
    assert_not_asserted(
        "WHY \"GUT SEALING\" POWDERS WASTE YOUR MONEY\n",
        "supplement-cure",
        "reported",
    );
    assert_asserted(
        "Our \"Gut Glow\" powder seals your leaky gut.\n",
        "supplement-cure",
    );
}

/// A news story quotes its speaker on over several paragraphs: a paragraph that is one
/// quotation, straight after a quotation someone is named as saying, is theirs too. Without a
/// speaker named in the paragraph before, it is the page's.
#[test]
fn a_quotation_in_the_next_paragraph_goes_on_from_the_speaker_before() {
    let story = "Pop star's gut diet\n\n\
        \"My gut was leaking, that is why I had acne,\" the singer says in the clip.\n\n\
        \"Two weeks of bone broth and my gut was sealed. Two weeks!\"\n";
    assert_not_asserted(story, "quick-fix-timeline", "reported");
    let alone = "Pop star's gut diet\n\n\
        The singer posted a clip about her skin.\n\n\
        \"Two weeks of bone broth and my gut was sealed. Two weeks!\"\n";
    assert_asserted(alone, "quick-fix-timeline");
}

/// A list under a "Red flags in …" heading, led in by a warning, sets out claims to beware
/// of, not the page's own.
#[test]
fn a_list_under_red_flags_in_marketing_is_not_the_pages_claim() {
    assert_not_asserted(
        "Choosing a gut health adviser\n\n\
         Red flags in gut-health marketing\n\
         Be cautious if a coach or product:\n  \
         * offers a quick test, such as a zonulin kit\n  \
         * describes leaky gut as the hidden root of nearly every chronic illness\n",
        "root-cause-of-everything",
        "myth-heading",
    );
}

/// The same story with Windows line ends: the paragraph before a quotation is found at its
/// blank line, so a speaker two paragraphs up does not own it.
#[test]
fn a_quotation_continues_only_from_the_paragraph_just_before_with_crlf_too() {
    let story = "Actor's gut diet\n\n\
        \"My skin was a mess,\" the actor says in the video.\n\n\
        Then the actor showed a photo of his kitchen.\n\n\
        \"Two weeks of bone broth and my leaky gut was sealed. Two weeks!\"\n";
    for text in [story.to_string(), story.replace('\n', "\r\n")] {
        assert_asserted(&text, "quick-fix-timeline");
    }
}

/// A comment that never names the gut is still read on a page about it when it names a diet
/// or die-off in the words such comments use ("GFCF", "dying off"): the thread's question
/// supplies the gut.
#[test]
fn a_comment_naming_only_gfcf_or_die_off_is_read_on_a_page_about_the_gut() {
    let page = |comment: &str| {
        format!(
            "Family forum > Health > Autism\n\n\
             Has anyone tried the gut diet with their son?\n\n{comment}\n"
        )
    };
    assert_asserted(
        &page("Go full GFCF straight away, before you bother with any tests."),
        "restrictive-diet-first",
    );
    assert_asserted(
        &page(
            "Week one she had a rash round her mouth, that's the yeast dying off and it means \
             it's working.",
        ),
        "healing-signs",
    );
}

/// "Should not be read as" denies what follows it, also where a heading supplies the test.
#[test]
fn a_result_that_should_not_be_read_as_a_diagnosis_is_not_the_claim() {
    assert_not_asserted(
        "Zonulin and other gut barrier markers after a heavy weekend\n\n\
         The researchers stress that the results show no lasting harm and should not be read \
         as a way to diagnose \"leaky gut\" in any one person.\n",
        "zonulin-proof",
        "negated",
    );
}

/// A reaction video's transcript sets each clip out as a label naming the clip and its
/// account, then the clip's words in quotes on the next line: those words are the clip's,
/// even when the account's handle has a full stop in it.
#[test]
fn a_clip_quoted_under_its_label_in_a_transcript_is_the_clips() {
    for handle in ["@kenna.thrives", "@kennathrives"] {
        let page = format!(
            "Leaky gut clips, reviewed\n\n0:41\n[CLIP - {handle}]\n\
             \"If you're exhausted all the time, breaking out, and foggy by three p.m., that's \
             your gut leaking. Period.\"\n"
        );
        assert_not_asserted(&page, "symptom-bucket", "reported");
    }
}

/// A sentence that opens with "It" is about what the sentence before named, for a rule's `none`
/// list as for its topic: symptoms that IBS "can cause" are not leaky-gut symptoms, while the
/// same words after a sentence about the gut lining are.
#[test]
fn a_pronoun_carries_the_condition_named_before_into_the_rules_exclusions() {
    let page = |first: &str| {
        format!(
            "Leaky gut: what we know\n\n{first} It can cause cramps, bloating, tiredness and \
             constipation.\n"
        )
    };
    let (code, found) = jsonl(
        &[],
        page("IBS is a common, long-term condition of the bowel."),
    );
    assert_eq!(code, 0, "{found:#?}");
    assert_asserted(
        &page("Our gut lining gets damaged by stress."),
        "symptom-bucket",
    );
    // A sentence about leaky gut that names a condition only to set it aside: "It" is leaky
    // gut, and the condition does not exclude the claim.
    assert_asserted(
        &page("Unlike coeliac disease, leaky gut is everywhere."),
        "symptom-bucket",
    );
}

/// A speaker named as "my doctor" is one only as a label before the quotation ('my doctor:
/// "…"'), not anywhere in the clause before it.
#[test]
fn my_doctor_speaks_only_as_a_label_before_the_quotation() {
    assert_not_asserted(
        "My doctor: \"leaky gut is not a real thing.\"\n",
        "fake-condition",
        "reported",
    );
    assert_asserted(
        "Unlike my doctor, I know: \"GutSeal heals leaky gut in 14 days.\"\n",
        "quick-fix-timeline",
    );
}

/// A stop before a bracket or a quote mark ends the clause between a speech word and a
/// quotation, so the page's own "Ours:" line is its own claim.
#[test]
fn a_stop_before_a_bracket_ends_the_clause_before_a_quotation() {
    for text in [
        "Loved the clip (wow!) Ours: \"GutSeal heals leaky gut in 14 days.\"\n",
        "What a caption.' Ours: \"GutSeal heals leaky gut in 14 days.\"\n",
    ] {
        assert_asserted(text, "quick-fix-timeline");
    }
}

/// Quoted lines one under another, led in by a line that ends with a colon under a heading
/// that labels them ("What the marketing says"), are set out like a list with bullets: the
/// heading labels each line.
#[test]
fn quoted_lines_under_a_lead_in_take_the_heading_above_like_a_list() {
    let page = "Leaky gut in pet food\n\nWhat the marketing says\n\n\
        Here are a few lines I copied from packaging and product pages:\n\n\
        \"Our grain-free recipe heals leaky gut in just 30 days.\"\n\
        \"Itchy paws and tear stains are all signs of a leaky gut.\"\n";
    let (code, found) = jsonl(&[], page);
    assert_eq!(code, 0, "{found:#?}");
    assert_not_asserted(page, "quick-fix-timeline", "myth-heading");
    // Under a heading that labels nothing, the same lines are the page's own.
    assert_asserted(
        &page.replace("What the marketing says", "Our favourite recipes"),
        "quick-fix-timeline",
    );
}

/// A chat export's turns seldom end in a stop: each turn (a time and a name, or a name after
/// another turn) is read on its own, so one member's claims are theirs and the next member's
/// "it's a myth" is not read as the same sentence, refuting them.
#[test]
fn each_turn_of_a_chat_export_is_read_on_its_own() {
    let chat = "Book club group chat\n\
        [Tue 20:01] Nadia: my skin and my brain fog are both from my leaky gut\n\
        [Tue 20:02] Nadia: been taking collagen, it seals the gut lining\n\
        [Tue 20:04] Owen: leaky gut is a total myth made up to sell powders\n";
    assert_asserted(chat, "symptom-bucket");
    assert_asserted(chat, "supplement-cure");
    assert_asserted(chat, "fake-condition");
}

/// A phone's chat export that opens each message with a date ("12/03/2024, 19:05 - Zoë: …",
/// "3/12/24, 7:05 PM - Rob: …") is read turn by turn like one with the time alone, and a name
/// with letters beyond ASCII is a speaker's name like any other.
#[test]
fn dated_chat_exports_and_names_beyond_ascii_are_read_turn_by_turn() {
    for (date, zoe) in [("12/03/2024, 19:0", "Zoë"), ("3/12/24, 7:0", "Zoë")] {
        let suffix = if date.starts_with('3') { " PM" } else { "" };
        let chat = format!(
            "Running club chat\n\
            {date}5{suffix} - {zoe}: my eczema and my brain fog are both from my leaky gut\n\
            {date}6{suffix} - {zoe}: been taking collagen, it seals the gut lining\n\
            {date}8{suffix} - Rob: leaky gut is a total myth made up to sell powders\n"
        );
        assert_asserted(&chat, "symptom-bucket");
        assert_asserted(&chat, "supplement-cure");
        assert_asserted(&chat, "fake-condition");
    }
    let untimed = "Zoë: my eczema and my brain fog are both from my leaky gut\n\
        Élodie: leaky gut is a total myth made up to sell powders\n";
    assert_asserted(untimed, "symptom-bucket");
}

/// The next speaker's answer does not take a turn's claim back: in a chat or a transcript the
/// claim is its speaker's own, and the page holds it. A verdict label after it still answers.
#[test]
fn a_turn_answered_by_the_next_speaker_stays_asserted() {
    let chat = "[10:01] Sam: glutamine seals your leaky gut lining in 2 weeks\n\
        [10:02] Ana: That is not true.\n";
    assert_asserted(chat, "quick-fix-timeline");
    let checked = "[10:01] Sam: glutamine seals your leaky gut lining in 2 weeks\n\
        Verdict: That is not true.\n";
    let (code, found) = jsonl(&[], checked);
    assert_eq!(code, 0, "{found:#?}");
}

/// A tick, a cross or an arrow opens a list item as a bullet does: each ticked line of a
/// review's "Pros" box is its own sentence, so "gluten and dairy free" on one line is not read
/// with "heals and seals the gut lining" on the line above as a diet to heal the gut.
#[test]
fn ticked_lines_are_list_items_each_its_own_sentence() {
    let review = "Leaky gut powder review\n\nPROS\n\
        ✔ Heals and seals the gut lining with research-backed ingredients\n\
        ✔ No proprietary blends, every dose is on the label\n\
        ✔ Third-party tested, gluten and dairy free\n";
    let (code, found) = jsonl(&[], review);
    assert_eq!(code, 1, "{found:#?}");
    assert_eq!(claims(&found), ["supplement-cure"], "{found:#?}");
    assert_eq!(found[0]["end_line"], 4, "{found:#?}");
}

/// Each item of a list led in by someone's words ("I was told that:") reports them, as the
/// lead-in says, not only the first item (which shares its sentence with the lead-in).
#[test]
fn every_item_of_a_list_led_in_by_someone_elses_words_is_reported() {
    let page = "What the group told me\nI was told that:\n\
        - his tummy aches and tiredness were all signs of a leaky gut\n\
        - bone broth every morning would heal his gut lining\n\
        - I should take him off gluten straight away, before any tests\n";
    let (code, found) = jsonl(&[], page);
    assert_eq!(code, 0, "{found:#?}");
    assert_not_asserted(page, "supplement-cure", "reported");
    assert_not_asserted(page, "restrictive-diet-first", "reported");
    // Led in by the writer's own words, the same items are the page's.
    assert_asserted(
        &page.replace("I was told that:", "Here is what I know:"),
        "supplement-cure",
    );
}

/// Review of the lead-in and turn readings: a reporting cue in an earlier sentence of the
/// lead-in, or one the writer endorses, reports nothing; the writer's own line run on below
/// the list stays theirs; untimed label pairs ("Rumour:" / "Debunked:") still answer each
/// other; a timed turn after a lead-in ending with a colon is still its own.
#[test]
fn lead_ins_and_turns_report_only_what_they_say() {
    let truth = "Our story\nEverything I was told was wrong. Here is the truth:\n\
        - his tummy aches were all signs of a leaky gut\n\
        - bone broth every morning would heal his gut lining\n";
    assert_asserted(truth, "supplement-cure");
    let endorsed = "Here is what I was told, and it was right:\n- one\n\
        - bone broth every morning would heal his gut lining\n";
    assert_asserted(endorsed, "supplement-cure");
    let run_on = "What the group told me\nI was told that:\n\
        - his tummy aches were all signs of a leaky gut\n\
        - bone broth every morning would heal his gut lining\n\
        They were wrong, but from my own experience glutamine seals your leaky gut lining in 2 weeks.\n";
    assert_asserted(run_on, "quick-fix-timeline");
    let labels = "Rumour: Glutamine seals your leaky gut lining in 2 weeks.\n\
        Debunked: there is no evidence for this, it is not true.\n";
    let (code, found) = jsonl(&[], labels);
    assert_eq!(code, 0, "{found:#?}");
    let chat = "[10:00] Ana: quick question for everyone:\n\
        [10:01] Sam: glutamine seals your leaky gut lining in 2 weeks\n\
        [10:02] Ana: That is not true.\n";
    assert_asserted(chat, "quick-fix-timeline");
}

/// A regulator or a fact-check sets out the wording it cites as quotations, one a line, under
/// short lead-ins or sub-headings, below a paragraph that says they are cited and not endorsed
/// (or below a heading that labels them): none of them is the page's claim. The same
/// quotations under a paragraph that stands behind them, as a shop's testimonials do, are.
#[test]
fn quotations_a_page_cites_below_its_own_disclaimer_are_not_its_claims() {
    let letter = "Standards office: warning letter summary\n\n\
        Examples of claims cited\n\
        The office listed the following statements from the seller's pages. They are reproduced \
        here as published and are not endorsed by the office.\n\n\
        From the powder's product page:\n\
        \"Our powder seals your leaky gut in 10 days.\"\n\
        \"Leaky gut is the hidden cause of eczema, arthritis and diabetes.\"\n\n\
        From a video on the seller's channel:\n\
        \"A high zonulin result proves your gut is leaking.\"\n";
    let (code, found) = jsonl(&[], letter);
    assert_eq!(code, 0, "{found:#?}");
    let bulletin = "Safety bulletin: gut test adverts\n\n\
        Wording we objected to\n\
        We reviewed adverts for home gut tests and repair powders this year.\n\n\
        Test sellers\n\
        - \"Our zonulin kit tells you for certain whether your gut is leaking.\"\n\n\
        Powder sellers\n\
        - \"Seals and repairs your leaky gut lining in 14 days.\"\n";
    let (code, found) = jsonl(&[], bulletin);
    assert_eq!(code, 0, "{found:#?}");
    let guide = "How to read a health page\n\n\
        Imagine a blog whose headline promises a fix. It makes three claims:\n\
        a) \"Bloating, brain fog and acne are all signs of a leaky gut.\"\n\
        b) \"A simple zonulin test will confirm whether your gut is leaking.\"\n\
        c) \"Our capsules seal the gut lining in four weeks.\"\n";
    let (code, found) = jsonl(&[], guide);
    assert_eq!(code, 0, "{found:#?}");
    let shop = "Gut reset powder\n\n\
        Customer stories\n\
        Thousands of customers have sealed their gut with our powder. Here is what they say.\n\n\
        From our reviews page:\n\
        \"Our powder seals your leaky gut in 10 days.\"\n";
    assert_asserted(shop, "quick-fix-timeline");
    // A shop's own words above its reviews, a disclaimer and a promise among them, and a
    // heading that does not label claims.
    let reviews = "GutSeal Pro\n\n\
        These statements have not been evaluated by the Food and Drug Administration. This \
        product is not intended to diagnose, treat, cure or prevent any disease, as our label \
        says. We never edit what customers said.\n\n\
        Customer reviews\n\
        \"GutSeal healed my leaky gut in 14 days!\"\n\
        \"This powder heals your gut lining.\"\n";
    assert_asserted(reviews, "quick-fix-timeline");
    assert_asserted(reviews, "supplement-cure");
    // Only the quotations are cited, not a heading of the block's own.
    let mail = "Reader mail\n\nExamples of claims we were sent:\n\n\
        Glutamine seals your gut lining\n\"I feel great.\"\n";
    assert_asserted(mail, "supplement-cure");
}

/// A denial set against the claim by a comma and a word pointing back is a contrast, and a
/// run of commas that is no list does not carry a denial forward.
#[test]
fn contrasts_and_asides_do_not_deny_the_claim() {
    assert_asserted(
        "Brain fog and bloating, that is not stress, that is a leaky gut.\n",
        "symptom-bucket",
    );
    assert_asserted(
        "Never again, ladies, mums, friends, I promise you this powder heals your leaky gut.\n",
        "supplement-cure",
    );
    let (_, found) = jsonl(
        &[],
        "A high zonulin result > 50 means your gut is leaking.\n",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
}

/// In a social post a line that ends with a picture ends its sentence, and one that opens
/// with a picture is a list item: "Not in this house 🙅" on the line above does not deny the
/// supplement claim on the next line.
#[test]
fn a_picture_at_a_line_end_ends_the_sentence_of_a_social_post() {
    let post = "Leaky gut? Not in this house 🙅\nGlutamine seals your gut lining in 10 days ✨\n";
    assert_asserted(post, "supplement-cure");
    let routine = "My morning stack 👇\n🌱 5g glutamine\n🍋 lemon water\n\
        Leaky gut? Never again 🙅\nThis powder heals the gut lining while you sleep\n";
    assert_asserted(routine, "supplement-cure");
}

/// A claim followed by more blank lines of spaces than a block holds (over 32 KiB) used to hang
/// the scan; now the claim is reported and the scan ends (the helper's time limit is 30 s).
#[test]
fn a_long_run_of_blank_lines_of_spaces_does_not_hang_the_scan() {
    let text = format!("Leaky gut causes autism\n{}word\n", " \n".repeat(20_000));
    assert_asserted(&text, "root-cause-of-everything");
}

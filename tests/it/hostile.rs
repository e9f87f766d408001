//! Hostile input, round 2 (issue 13): gutcheck writes only what was asked, prints no control
//! characters that did not come from itself, and never panics on its output.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use crate::common::{BIN, exported_rules, gutcheck};

const ANSWERS: &str = "[answers]\nblood-in-stool = \"no\"\n";

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn save(target: &Path, force: bool) -> std::process::Output {
    let mut args = vec!["-a", "-", "--save-answers", target.to_str().unwrap()];
    if force {
        args.push("--force");
    }
    gutcheck()
        .args(&args)
        .write_stdin(ANSWERS)
        .output()
        .unwrap()
}

// ---- Writing files ----------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn save_answers_never_replaces_a_device_even_with_force() {
    use std::os::unix::fs::FileTypeExt;
    for dev in ["/dev/null", "/dev/full"] {
        if !Path::new(dev).exists() {
            continue;
        }
        for force in [false, true] {
            let out = save(Path::new(dev), force);
            assert_eq!(out.status.code(), Some(2), "{dev} force={force}");
            let err = stderr_of(&out);
            assert!(err.contains("character device"), "{err}");
            assert!(err.contains("will not replace it"), "{err}");
            assert!(out.stdout.is_empty());
            let meta = fs::symlink_metadata(dev).unwrap();
            assert!(meta.file_type().is_char_device(), "{dev} was replaced");
        }
    }
}

#[cfg(unix)]
#[test]
fn save_answers_never_replaces_a_fifo_even_with_force() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let out = save(&fifo, true);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("named pipe (FIFO)"),
        "{}",
        stderr_of(&out)
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("a.toml");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
    let out = save(&link, false);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("symlink"), "{}", stderr_of(&out));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!dir.path().join("nowhere").exists());
    // With --force the link itself is replaced by the file (what it pointed to is not made).
    let out = save(&link, true);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_file());
}

#[test]
fn save_answers_dash_is_refused_and_creates_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = gutcheck()
        .current_dir(dir.path())
        .args(["-a", "-", "--save-answers", "-"])
        .write_stdin(ANSWERS)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("standard output"),
        "{}",
        stderr_of(&out)
    );
    assert!(out.stdout.is_empty());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn a_saved_file_is_mode_600_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("a.toml");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 777; printf '%s' '{ANSWERS}' | '{BIN}' -a - --save-answers '{}' >/dev/null",
            target.display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
}

// ---- Exit codes and hangs ---------------------------------------------------------------

#[cfg(target_os = "linux")]
#[test]
fn generated_text_into_a_full_disk_is_an_error_not_a_panic_or_silence() {
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["--help"],
        &["--version"],
    ] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(BIN)
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(err.contains("cannot write"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn generated_text_into_a_closed_pipe_is_quiet() {
    for args in ["completions bash", "man", "--help"] {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("'{BIN}' {args} | head -c 1 >/dev/null"))
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert!(err.is_empty(), "{args}: {err}");
    }
    // The exit code itself, with the reader gone before anything is written.
    for args in [&["completions", "bash"][..], &["man"], &["--help"]] {
        let mut child = std::process::Command::new(BIN)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr_of(&out));
        assert!(out.stderr.is_empty(), "{args:?}: {}", stderr_of(&out));
    }
}

/// `gutcheck scan | head -1`, made deterministic: the reader is gone before gutcheck writes.
fn scan_into_closed_pipe(text: &str) -> std::process::Output {
    let mut child = std::process::Command::new(BIN)
        .arg("scan")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(text.as_bytes());
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_does_not_turn_claims_found_into_no_claim_found() {
    let post = fs::read_to_string("docs/demo-post.md").unwrap();
    for _ in 0..3 {
        let out = scan_into_closed_pipe(&post);
        assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
        assert!(out.stderr.is_empty(), "{}", stderr_of(&out));
    }
    let out = scan_into_closed_pipe("Nothing about the gut here.\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_utf16_answers_file_is_recognised() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in ANSWERS.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let out = gutcheck()
        .args(["-a", "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("UTF-16"), "{err}");
    assert!(err.contains("save it as UTF-8"), "{err}");
    assert!(!err.contains("binary"), "{err}");
}

#[test]
fn a_full_disk_says_the_disk_is_full() {
    // Rule export writes real files: into /dev/full's file system is not possible, so the
    // message is checked on the error itself.
    let e = gutcheck::error::Error::Write {
        path: "/mnt/a.toml".into(),
        source: std::io::Error::from(std::io::ErrorKind::StorageFull),
    };
    let shown = e.to_string();
    assert!(shown.contains("disk is full"), "{shown}");
    assert!(
        !shown.contains("check that the directory exists"),
        "{shown}"
    );
}

// ---- The rule base ----------------------------------------------------------------------

/// Exports the built-in rules, applies `edit(file name, text) -> text` and runs
/// `rules check`; returns (exit code, stderr).
fn check_edited(edit: impl Fn(&str, String) -> String) -> (Option<i32>, String) {
    let (_dir, rules) = exported_rules();
    for entry in fs::read_dir(&rules).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, edit(&name, text)).unwrap();
    }
    let out = gutcheck()
        .args(["rules", "check", rules.to_str().unwrap()])
        .output()
        .unwrap();
    (out.status.code(), stderr_of(&out))
}

#[test]
fn ids_that_would_not_replay_in_an_answers_file_are_refused() {
    for bad in [r"fe.ver", r#"fe\"ver"#, "[fe]", "févér", "fe ver", "Fever"] {
        let (code, err) = check_edited(|name, text| {
            if name == "questions.toml" {
                text.replacen("id = \"weight-loss\"", &format!("id = \"{bad}\""), 1)
            } else {
                text
            }
        });
        assert_eq!(code, Some(2), "{bad}: {err}");
        assert!(err.contains("characters ids cannot hold"), "{bad}: {err}");
    }
    // Source ids keep their capitals.
    let (code, err) = check_edited(|_, t| t);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_rule_base_name_with_a_line_break_is_refused() {
    let (code, err) = check_edited(|name, text| {
        if name == "meta.toml" {
            let start = text.find("name = ").unwrap();
            let end = start + text[start..].find('\n').unwrap();
            format!(
                "{}name = \"Mine\\n[answers]\"{}",
                &text[..start],
                &text[end..]
            )
        } else {
            text
        }
    });
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("`name` has a line break"), "{err}");
}

#[test]
fn a_rule_base_without_red_flags_is_refused() {
    let (code, err) = check_edited(|name, text| {
        if name == "red-flags.toml" {
            String::new()
        } else {
            text
        }
    });
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no red flags"), "{err}");
    // ... and every alarm question is then unused.
    assert!(
        err.contains("alarm question `blood-in-stool` is used by no red flag"),
        "{err}"
    );
}

#[test]
fn an_alarm_question_no_red_flag_uses_is_refused() {
    let (code, err) = check_edited(|name, text| {
        if name == "questions.toml" {
            text.replacen(
                "\n[[question]]\n",
                "\n[[question]]\nid = \"chest-pain\"\nsection = \"alarm\"\nkind = \"single\"\nprompt = \"Chest pain?\"\nwhy = \"Alarm.\"\ndefault = \"no\"\noptions = [{ id = \"yes\", label = \"Yes\" }, { id = \"no\", label = \"No\" }]\n\n[[question]]\n",
                1,
            )
        } else {
            text
        }
    });
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("alarm question `chest-pain` is used by no red flag"),
        "{err}"
    );
}

#[test]
fn a_cause_with_a_red_flag_id_is_refused() {
    let (code, err) = check_edited(|name, text| {
        if name == "causes.toml" {
            text.replacen("id = \"celiac\"", "id = \"blood-in-stool\"", 1)
        } else {
            text
        }
    });
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("cause id `blood-in-stool` is also the id of a red flag"),
        "{err}"
    );
}

#[test]
fn ask_if_cycles_are_named() {
    let (code, err) = check_edited(|name, text| {
        if name == "questions.toml" {
            // blood-in-stool waits for weight-loss, which waits for blood-in-stool.
            text.replacen(
                "default = \"not-sure\"\noptions",
                "default = \"not-sure\"\nask-if = [ { weight-loss = \"yes\" } ]\noptions",
                1,
            )
            .replacen(
                "prompt = \"Have you lost weight without meaning to?\"",
                "prompt = \"Have you lost weight without meaning to?\"\nask-if = [ { blood-in-stool = \"yes\" } ]",
                1,
            )
        } else {
            text
        }
    });
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("`ask-if` cycle: blood-in-stool → weight-loss → blood-in-stool"),
        "{err}"
    );
}

#[test]
fn control_characters_in_rule_text_are_refused_and_shown_escaped() {
    let (code, err) = check_edited(|name, text| {
        if name == "red-flags.toml" {
            text.replacen(
                "title = \"Blood in or on the stool\"",
                "title = \"Blood \\u001b]0;pwned\\u0007\\u001b[2J\"",
                1,
            )
        } else {
            text
        }
    });
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("control character"), "{err}");
    assert!(err.contains("\\u{1b}]0;pwned"), "{err}");
    assert!(!err.contains('\x1b'), "raw ESC in the diagnostic: {err:?}");
}

// ---- Printing ---------------------------------------------------------------------------

#[test]
fn escape_sequences_in_an_answers_file_never_reach_the_terminal() {
    let file = "description = \"Me \\u001b]0;pwned\\u0007\\u001b[2J\\u202e\"\n[answers]\nclaims-text = \"\\u001b[31mheal your leaky gut in 2 weeks\\u009b\"\nblood-in-stool = \"yes\"\n";
    for format in ["text", "markdown", "json"] {
        let out = gutcheck()
            .args(["-a", "-", "--color", "never", "-f", format, "--trace"])
            .write_stdin(file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let s = String::from_utf8(out.stdout).unwrap();
        assert!(!s.contains('\x1b'), "{format}: raw ESC");
        assert!(!s.contains('\u{9b}') && !s.contains('\u{202e}'), "{format}");
        assert!(!s.contains('\x07'), "{format}: raw BEL");
        // Shown, not sent (Markdown escapes the backslash and the bracket once more).
        let shown = match format {
            "text" => "\\u{1b}]0;pwned",
            "markdown" => "\\\\u{1b}\\]0;pwned",
            _ => "\\u001b]0;pwned",
        };
        assert!(s.contains(shown), "{format}: not shown:\n{s}");
    }
}

fn markdown_blocks(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser};
    let mut depth = 0;
    let mut kinds = Vec::new();
    for e in Parser::new(md) {
        match e {
            Event::Start(tag) => {
                if depth == 0 {
                    let k = format!("{tag:?}");
                    kinds.push(k.split(['(', ' ', '{']).next().unwrap().to_string());
                }
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            Event::Html(_) => kinds.push("Html".into()),
            _ => {}
        }
    }
    kinds
}

#[test]
fn markdown_in_a_description_stays_one_paragraph_and_the_disclaimer_ends_the_handout() {
    let handout = |desc: &str| {
        let file = format!("description = {}\n", toml_string(desc));
        let out = gutcheck()
            .args(["-a", "-", "-f", "markdown"])
            .write_stdin(file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let plain = markdown_blocks(&handout("Me"));
    assert_eq!(plain.last().map(String::as_str), Some("Paragraph"));
    for desc in [
        "Me\n~~~", "Me\n===", "- x", "Me\n```", "1. x", "> x", "# x", "<div>x", "    x",
    ] {
        let md = handout(desc);
        assert_eq!(markdown_blocks(&md), plain, "{desc:?}:\n{md}");
        let last = md.trim_end().rsplit("\n\n").next().unwrap();
        assert!(
            last.starts_with("gutcheck is an educational tool"),
            "{desc:?}: {last}"
        );
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn a_5_mb_unknown_key_gives_a_short_error_quickly() {
    let file = format!("[answers]\n{} = \"yes\"\n", "x".repeat(5_000_000));
    let start = std::time::Instant::now();
    let out = gutcheck()
        .args(["-a", "-"])
        .write_stdin(file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stderr.len() < 10_000,
        "{} bytes of error",
        out.stderr.len()
    );
    let err = stderr_of(&out);
    assert!(err.contains("more characters"), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_with_a_new_line_or_escape_keeps_path_line_col_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a\nb\x1b[31m.md";
    fs::copy("docs/demo-post.md", dir.path().join(name)).unwrap();
    let out = gutcheck()
        .current_dir(dir.path())
        .args(["scan", "--color", "never", name])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(!s.contains('\x1b'), "raw ESC in the output");
    assert!(
        s.lines()
            .any(|l| l.starts_with("a\\nb\\u{1b}[31m.md:3:36  symptom-bucket")),
        "{s}"
    );
    // And in JSON the name is the same string, escaped by JSON.
    let out = gutcheck()
        .current_dir(dir.path())
        .args(["scan", "-f", "json", name])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["file"], name);
    // An unreadable file with such a name: the error is escaped too.
    let out = gutcheck()
        .current_dir(dir.path())
        .args(["scan", "no\x1b[2Jsuch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr_of(&out).contains('\x1b'), "{}", stderr_of(&out));
}

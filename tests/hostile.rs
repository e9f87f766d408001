//! Hostile input, round 2 (issue 13): gutcheck writes only what was asked, prints no control
//! characters that did not come from itself, and never panics on its output.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;

const BIN: &str = env!("CARGO_BIN_EXE_gutcheck");

fn gutcheck() -> Command {
    let mut c = Command::new(BIN);
    c.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("COLUMNS")
        .timeout(Duration::from_secs(30));
    c
}

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

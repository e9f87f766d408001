//! Every word gutcheck says comes from the rule base: with a pseudo-localised rule base (every
//! text wrapped in ⟦…⟧ and every letter accented), the reports in every format, the scan
//! output and the interactive session show no English of their own. And matching does not
//! assume ASCII letters: the accented claim phrases still find the accented claims.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_gutcheck");

/// Accented look-alikes of the 26 letters, lower and upper case. Each upper-case one lowers to
/// its lower-case one, as the matcher's case folding expects.
const ACCENTS: [(char, char, char); 26] = [
    ('a', 'á', 'Á'),
    ('b', 'ƀ', 'Ƀ'),
    ('c', 'ç', 'Ç'),
    ('d', 'ď', 'Ď'),
    ('e', 'é', 'É'),
    ('f', 'ƒ', 'Ƒ'),
    ('g', 'ĝ', 'Ĝ'),
    ('h', 'ĥ', 'Ĥ'),
    ('i', 'í', 'Í'),
    ('j', 'ĵ', 'Ĵ'),
    ('k', 'ķ', 'Ķ'),
    ('l', 'ľ', 'Ľ'),
    ('m', 'ḿ', 'Ḿ'),
    ('n', 'ñ', 'Ñ'),
    ('o', 'ó', 'Ó'),
    ('p', 'ṕ', 'Ṕ'),
    ('q', 'ɋ', 'Ɋ'),
    ('r', 'ŕ', 'Ŕ'),
    ('s', 'š', 'Š'),
    ('t', 'ţ', 'Ţ'),
    ('u', 'ú', 'Ú'),
    ('v', 'ṽ', 'Ṽ'),
    ('w', 'ŵ', 'Ŵ'),
    ('x', 'ẋ', 'Ẋ'),
    ('y', 'ý', 'Ý'),
    ('z', 'ž', 'Ž'),
];

/// Every ASCII letter accented (phrases too: `heal{,s}` is `ĥéáľ{,š}`).
fn accent(s: &str) -> String {
    accent_but(s, false)
}

/// Every ASCII letter accented, and with `keep_names` a `{name}` placeholder kept as it is.
fn accent_but(s: &str, keep_names: bool) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    let mut in_name = false;
    for c in s.chars() {
        match c {
            '{' => in_name = keep_names,
            '}' => in_name = false,
            _ => {}
        }
        let a = ACCENTS
            .iter()
            .find(|(l, _, _)| *l == c.to_ascii_lowercase() && c.is_ascii_alphabetic());
        out.push(match a {
            Some((_, lower, upper)) if !in_name => {
                if c.is_ascii_uppercase() {
                    *upper
                } else {
                    *lower
                }
            }
            _ => c,
        });
    }
    out
}

fn wrapped(s: &str) -> String {
    format!("⟦{}⟧", accent_but(s, true))
}

/// Keys whose strings are words for people: wrapped and accented.
const WORDS: &[&str] = &[
    "name",
    "disclaimer",
    "intro",
    "urgent",
    "emergency",
    "prompt",
    "help",
    "why",
    "label",
    "title",
    "message",
    "text",
    "summary",
    "evidence",
    "instead",
    "about",
    "check",
    "who",
    "citation",
];
/// Keys whose strings are phrases to match: accented only, so that matching is what is tested.
const PHRASES: &[&str] = &["phrases", "mentioned-by", "match", "no-match"];

fn localise(v: &mut toml::Value, key: &str, in_messages: bool) {
    match v {
        toml::Value::String(s) if in_messages || WORDS.contains(&key) => *s = wrapped(s),
        toml::Value::String(s) if PHRASES.contains(&key) => *s = accent(s),
        toml::Value::Array(items) => {
            for i in items {
                localise(i, key, in_messages);
            }
        }
        toml::Value::Table(t) => {
            for (k, v) in t.iter_mut() {
                localise(v, k, in_messages || k == "messages");
            }
        }
        _ => {}
    }
}

/// The built-in rule base, pseudo-localised, in a new directory.
fn pseudo_rules(dir: &Path) -> PathBuf {
    let rules = dir.join("rules");
    let ok = Command::new(BIN)
        .args(["rules", "export"])
        .arg(&rules)
        .output()
        .unwrap();
    assert!(ok.status.success(), "{ok:?}");
    for entry in std::fs::read_dir(&rules).unwrap() {
        let path = entry.unwrap().path();
        let mut v: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        localise(&mut v, "", false);
        std::fs::write(&path, toml::to_string(&v).unwrap()).unwrap();
    }
    rules
}

/// The pseudo-localised rule base, made once for the whole test binary.
fn pseudo() -> PathBuf {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    static RULES: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    RULES.get_or_init(|| pseudo_rules(dir.path())).clone()
}

/// Ids and codes may show as they are: every id of the rule base and the JSON codes.
fn allowed() -> BTreeSet<String> {
    let out = Command::new(BIN)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids = BTreeSet::new();
    fn walk(v: &serde_json::Value, key: &str, ids: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::String(s)
                if [
                    "id",
                    "options",
                    "section",
                    "kind",
                    "default",
                    "ask_if",
                    "sources",
                    "verdict",
                    "claims",
                    "questions",
                ]
                .contains(&key) =>
            {
                ids.insert(s.clone());
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, key, ids)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| walk(x, k, ids)),
            _ => {}
        }
    }
    walk(&v, "", &mut ids);
    for code in [
        // program and command names, file names
        "gutcheck",
        "explain",
        "stdin",
        // JSON codes: urgency and disposition, verdicts, trace kinds and results, reasons
        "info",
        "routine",
        "urgent",
        "emergency",
        "red-flag",
        "guidance",
        "claim",
        "cause",
        "yes",
        "no",
        "unknown",
        "true",
        "false",
        "question",
        "myth-heading",
        "reported",
        "refuted",
        "negated",
        "hedged",
        "rebutted",
        "unsupported",
        "overstated",
        "wrong-order",
        "overreach",
    ] {
        ids.insert(code.to_string());
    }
    ids
}

/// What is left of `text` outside ⟦…⟧ (nested pairs included) that looks like English: runs
/// of ASCII letters, digits and hyphens with two letters or more that are not ids or codes.
fn unwrapped_english(text: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    let mut outside = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '⟦' => depth += 1,
            '⟧' => depth = depth.saturating_sub(1),
            c if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    assert_eq!(depth, 0, "a ⟦ is never closed in:\n{text}");
    outside
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map(|t| t.trim_matches('-'))
        .filter(|t| t.bytes().filter(u8::is_ascii_alphabetic).count() >= 2)
        .filter(|t| !allowed.contains(*t))
        .map(String::from)
        .collect()
}

fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

fn run(args: &[&str], rules: &Path, stdin: Option<&str>) -> (i32, String) {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .arg("--rules")
        .arg(rules)
        .args(args)
        .env("NO_COLOR", "1")
        .env("PAGER", "cat")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.unwrap_or("").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code() != Some(2),
        "{args:?} failed with the pseudo-localised rules:\n{stderr}"
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// A persona's answers, its free text accented like the rule base and its description left
/// out (the person's own words, not gutcheck's).
fn persona(path: &Path) -> String {
    let mut v: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let t = v.as_table_mut().unwrap();
    t.remove("description");
    t.remove("expect");
    if let Some(text) = t.get_mut("answers").and_then(|a| a.get_mut("claims-text"))
        && let toml::Value::String(s) = text
    {
        *s = accent(s);
    }
    toml::to_string(&v).unwrap()
}

#[test]
fn the_accents_lower_to_themselves() {
    for (_, lower, upper) in ACCENTS {
        assert_eq!(upper.to_lowercase().collect::<String>(), lower.to_string());
    }
    assert_eq!(accent_but("Heal {n} gut", true), "Ĥéáľ {n} ĝúţ");
    assert_eq!(accent("heal{,s}"), "ĥéáľ{,š}");
}

#[test]
fn the_pseudo_localised_rule_base_checks_and_its_examples_match() {
    let rules = pseudo();
    // `rules check` runs every claim's examples: accented examples against accented phrases.
    let (code, out) = run(&["rules", "check"], &rules, None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("claim examples pass"), "{out}");
}

#[test]
fn reports_in_every_format_say_nothing_of_their_own_in_english() {
    let rules = pseudo();
    let allowed = allowed();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut personas: Vec<PathBuf> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    personas.sort();
    assert!(personas.len() >= 5);
    let mut free_text_found = false;
    for p in &personas {
        let answers = persona(p);
        for format in ["text", "markdown", "json"] {
            let (_, out) = run(
                &[
                    "--answers",
                    "-",
                    "--format",
                    format,
                    "--trace",
                    "--no-pager",
                ],
                &rules,
                Some(&answers),
            );
            let texts = if format == "json" {
                let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                free_text_found |= v["claims"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["matched"].as_array().is_some_and(|m| !m.is_empty()));
                let mut s = Vec::new();
                json_strings(&v, &mut s);
                s
            } else {
                vec![out.clone()]
            };
            for t in texts {
                let english = unwrapped_english(&t, &allowed);
                assert!(
                    english.is_empty(),
                    "{} --format {format}: English outside the rule base: {english:?}\n{t}",
                    p.display()
                );
            }
            assert!(out.contains('⟦'), "{out}");
        }
    }
    // The accented free text of a persona was read with the accented claim phrases.
    assert!(free_text_found, "no persona's free text matched a claim");
}

#[test]
fn the_answers_file_template_says_nothing_of_its_own_in_english() {
    let rules = pseudo();
    let (code, out) = run(&["template"], &rules, None);
    assert_eq!(code, 0);
    // Keys and values are ids; only the comments are words.
    let comments: String = out
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let english = unwrapped_english(&comments, &allowed());
    assert!(english.is_empty(), "{english:?}\n{out}");
    // And the template still replays.
    let (code, _) = run(&["--answers", "-", "--no-pager"], &rules, Some(&out));
    assert_eq!(code, 0);
}

#[test]
fn list_and_explain_say_nothing_of_their_own_in_english() {
    let rules = pseudo();
    let allowed = allowed();
    // The rules directory's own path is not gutcheck's words.
    let path = rules.display().to_string();
    let (_, list) = run(&["list"], &rules, None);
    let mut outputs = vec![list.replace(&path, "")];
    let ids = Command::new(BIN)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let ids: serde_json::Value = serde_json::from_slice(&ids.stdout).unwrap();
    // Two of each kind: every kind of explanation, without a process per id.
    for kind in ["claims", "causes", "red_flags", "guidance", "questions"] {
        for item in ids[kind].as_array().unwrap().iter().take(2) {
            let (code, out) = run(&["explain", item["id"].as_str().unwrap()], &rules, None);
            assert_eq!(code, 0);
            outputs.push(out);
        }
    }
    assert_eq!(outputs.len(), 11, "list and ten explanations");
    for out in outputs {
        let english = unwrapped_english(&out, &allowed);
        assert!(english.is_empty(), "{english:?}\n{out}");
    }
}

#[test]
fn scan_output_says_nothing_of_its_own_in_english_and_finds_the_same_claims() {
    let rules = pseudo();
    let allowed = allowed();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-dev");
    let mut compared = 0;
    for n in ["001", "005", "013", "021", "041", "066"] {
        let text = std::fs::read_to_string(corpus.join(format!("{n}.txt"))).unwrap();
        // Claims found (asserted), from a JSON scan with --all.
        let asserted = |out: &str| -> BTreeSet<String> {
            let v: serde_json::Value = serde_json::from_str(out).unwrap();
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["refuted"] == false)
                .map(|f| f["claim"].as_str().unwrap().to_string())
                .collect()
        };
        let plain = Command::new(BIN)
            .args(["scan", "--all", "--format", "json", "-"])
            .stdin(std::fs::File::open(corpus.join(format!("{n}.txt"))).unwrap())
            .output()
            .unwrap();
        let want = asserted(&String::from_utf8(plain.stdout).unwrap());
        let pseudo = accent(&text);
        let (_, json) = run(
            &["scan", "--all", "--format", "json", "-"],
            &rules,
            Some(&pseudo),
        );
        assert_eq!(
            asserted(&json),
            want,
            "{n}.txt: claims found, accented vs plain"
        );
        compared += usize::from(!want.is_empty());
        let mut strings = Vec::new();
        json_strings(&serde_json::from_str(&json).unwrap(), &mut strings);
        let (_, text_out) = run(&["scan", "--all", "-"], &rules, Some(&pseudo));
        strings.push(text_out);
        for s in strings {
            let english = unwrapped_english(&s, &allowed);
            assert!(english.is_empty(), "{n}.txt: {english:?}\n{s}");
        }
    }
    assert!(compared >= 4, "too few documents with claims to compare");
}

#[cfg(unix)]
#[test]
fn the_interactive_session_says_nothing_of_its_own_in_english() {
    use expectrl::{Eof, Expect, Session};
    let rules = pseudo();
    let allowed = allowed();
    let mut cmd = Command::new(BIN);
    cmd.arg("--rules")
        .arg(&rules)
        .arg("--explain")
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .env("PAGER", "cat")
        .env_remove("NO_COLOR");
    let mut s = Session::spawn(cmd).expect("spawn gutcheck in a pty");
    s.get_process_mut().set_window_size(120, 50).unwrap();
    s.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    let why_item = accent("(Why do we ask this?)");
    let text_keys = accent("Type ? and Enter for why we ask; Esc goes back.");
    let mut raw = Vec::new();
    // The questions every session asks (follow-ups are asked only after an alarm answer).
    let list = Command::new(BIN)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let questions = list["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["ask_if"].as_array().is_none_or(|a| a.is_empty()))
        .count();
    for _ in 0..questions {
        let c = s
            .expect(expectrl::Regex(format!(
                "{}|{}",
                regex::escape(&why_item),
                regex::escape(&text_keys)
            )))
            .unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(&raw)));
        raw.extend_from_slice(c.before());
        raw.extend_from_slice(c.get(0).unwrap());
        s.send("\r").unwrap();
    }
    let c = s.expect(Eof).unwrap();
    raw.extend_from_slice(c.as_bytes());
    let screen = String::from_utf8_lossy(&raw).into_owned();
    // Terminal control sequences are not words.
    let plain = regex::Regex::new(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Za-z0-9]")
        .unwrap()
        .replace_all(&screen, "");
    let last = accent(&format!("Question {questions} of {questions}"));
    assert!(plain.contains(&last), "{plain}");
    let english = unwrapped_english(&plain, &allowed);
    assert!(english.is_empty(), "{english:?}\n{plain}");
}

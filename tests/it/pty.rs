//! The interactive session in a real pseudo-terminal: answering with Enter reaches the report,
//! and Ctrl-C leaves with exit code 130 and a visible cursor.
#![cfg(unix)]

use std::process::Command;
use std::time::Duration;

use expectrl::{Eof, Expect, Session};

use crate::common::BIN;

fn spawn(args: &[&str], cols: u16, rows: u16) -> expectrl::session::OsSession {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .env("PAGER", "cat")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    let mut s = Session::spawn(cmd).expect("spawn gutcheck in a pty");
    s.get_process_mut()
        .set_window_size(cols, rows)
        .expect("set window size");
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    s
}

/// Runs gutcheck under `sh` with echo on, and prints the terminal's echo setting and
/// gutcheck's exit code after it ends, so a test can see the terminal as the shell will.
fn spawn_in_shell(cols: u16, rows: u16) -> expectrl::session::OsSession {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "trap : INT; stty echo icanon; '{BIN}'; code=$?; echo; stty -a | grep -o -- ' -\\?echo ' | head -1 | sed 's/^/TTY:/'; echo EXIT:$code"
        ))
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .env("PAGER", "cat")
        .env_remove("NO_COLOR");
    let mut s = Session::spawn(cmd).expect("spawn sh in a pty");
    s.get_process_mut().set_window_size(cols, rows).unwrap();
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    s
}

/// Everything the program drew, replayed on a virtual screen.
struct Screen {
    parser: vt100::Parser,
    raw: Vec<u8>,
}

impl Screen {
    fn new(rows: u16, cols: u16) -> Self {
        Screen {
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(rows).unwrap(),
                std::num::NonZeroU16::new(cols).unwrap(),
                10_000,
            ),
            raw: Vec::new(),
        }
    }
    fn feed(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.raw.extend_from_slice(bytes);
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}

fn exit_code(s: &expectrl::session::OsSession) -> String {
    format!("{:?}", s.get_process().wait().expect("wait"))
}

/// The questions every session asks ("Question N of M"); follow-ups (`ask-if`) are shown as
/// "Follow-up question" and not counted.
fn main_ids() -> Vec<String> {
    let out = Command::new(BIN)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["ask_if"].as_array().is_none_or(|a| a.is_empty()))
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect()
}

fn question_count() -> usize {
    main_ids().len()
}

/// The 1-based number "Question N of M" shows for question `id` (not a follow-up).
fn number_of(id: &str) -> usize {
    main_ids()
        .iter()
        .position(|q| q == id)
        .expect("a numbered question")
        + 1
}

/// How many questions are asked, with Enter at each, before question `id`.
fn asked_before(id: &str) -> usize {
    number_of(id) - 1
}

/// The numbers of the questions a session asks when Enter is pressed at every prompt:
/// questions with `ask-if` (such as "how long?" after no symptoms) are skipped.
fn asked() -> Vec<usize> {
    (1..=question_count()).collect()
}

#[test]
fn pressing_enter_at_every_prompt_completes_a_session() {
    let n = question_count();
    let mut s = spawn(&[], 100, 40);
    let mut screen = Screen::new(40, 100);
    for i in asked() {
        let c = s
            .expect(format!("Question {i} of {n}"))
            .unwrap_or_else(|e| {
                panic!(
                    "waiting for question {i}: {e}\n--- screen so far ---\n{}",
                    screen.text()
                )
            });
        screen.feed(c.as_bytes());
        // The prompt line itself is drawn after the counter; wait for the why-we-ask entry
        // (select and multi-select) or the text hint before pressing Enter.
        let c = s
            .expect(expectrl::Regex(
                r"Why do we ask|\? and Enter for why we ask",
            ))
            .unwrap();
        screen.feed(c.as_bytes());
        s.send("\r").unwrap();
    }
    let c = s
        .expect("Disclaimer")
        .expect("the report follows the last answer");
    screen.feed(c.as_bytes());
    let c = s.expect(Eof).expect("program ends");
    screen.feed(c.as_bytes());
    let all = screen.text();
    assert!(all.contains("gutcheck report"), "{all}");
    // The green tick after each answer is drawn, not printed as escaped control codes.
    assert!(!all.contains("\\u{1b}"), "{all}");
    assert!(all.contains("\u{1b}[32m✔"), "{all}");
    // Every alarm question defaults to "not sure", so skipping them is never read as "no".
    assert!(all.contains("Alarm features not ruled out"), "{all}");
    let status = exit_code(&s);
    assert!(
        status.contains("Exited") && status.contains(", 0)"),
        "{status}"
    );
    assert!(!screen.parser.screen().hide_cursor(), "cursor left hidden");
}

#[test]
fn answering_yes_to_an_alarm_question_makes_the_report_urgent() {
    let n = question_count();
    let mut s = spawn(&["--format", "text"], 100, 40);
    let mut screen = Screen::new(40, 100);
    // First question: blood in stool. Options are Yes / No / Not sure, default "Not sure":
    // two Up presses select "Yes".
    let c = s.expect("Question 1 of").unwrap();
    screen.feed(c.as_bytes());
    let c = s.expect("Why do we ask").unwrap();
    screen.feed(c.as_bytes());
    s.send("\x1b[A").unwrap();
    s.send("\x1b[A").unwrap();
    s.send("\r").unwrap();
    // "Yes, blood" opens two follow-ups that decide same-day care (heavy bleeding, feeling
    // faint), asked where they belong; Enter leaves them "not sure".
    for _ in 0..(n - 1 + 2) {
        let c = s
            .expect(expectrl::Regex(r"Question \d+ of|Follow-up question"))
            .unwrap();
        screen.feed(c.as_bytes());
        let c = s
            .expect(expectrl::Regex(
                r"Why do we ask|\? and Enter for why we ask",
            ))
            .unwrap();
        screen.feed(c.as_bytes());
        s.send("\r").unwrap();
    }
    let c = s.expect(Eof).unwrap();
    screen.feed(c.as_bytes());
    let all = screen.text();
    assert!(all.contains("URGENT"), "{all}");
    assert!(all.contains("See a clinician promptly"), "{all}");
    // The last screen, as the person sees it when the session ends, holds the bottom line.
    let last = screen.parser.screen().contents();
    assert!(last.contains("Bottom line"), "{last}");
    assert!(last.contains("See a clinician within days"), "{last}");
}

#[test]
fn ctrl_c_at_a_prompt_exits_130_and_restores_the_cursor() {
    let mut s = spawn(&[], 80, 24);
    let mut screen = Screen::new(24, 80);
    let c = s.expect("Question 1 of").unwrap();
    screen.feed(c.as_bytes());
    let c = s.expect("Why do we ask").unwrap();
    screen.feed(c.as_bytes());
    s.send("\x03").unwrap();
    let c = s.expect(Eof).unwrap();
    screen.feed(c.as_bytes());
    let status = exit_code(&s);
    assert!(
        status.contains(", 130)"),
        "exit status {status}\n{}",
        screen.text()
    );
    assert!(
        !screen.parser.screen().hide_cursor(),
        "cursor left hidden after Ctrl-C"
    );
    assert!(!screen.text().contains("gutcheck report"));
}

#[test]
fn why_we_ask_is_shown_on_request() {
    let mut s = spawn(&[], 100, 40);
    let mut screen = Screen::new(40, 100);
    let c = s.expect("Why do we ask").unwrap();
    screen.feed(c.as_bytes());
    // The why entry is the last item: Up from "Not sure" (the default) wraps? Go down once.
    s.send("\x1b[B").unwrap();
    s.send("\r").unwrap();
    let c = s.expect("Why we ask:").expect("explanation printed");
    screen.feed(c.as_bytes());
    // Asked again, the reason is not printed a second time (it is on the screen above).
    let c = s.expect("Why do we ask").unwrap();
    screen.feed(c.as_bytes());
    s.send("\x1b[B").unwrap();
    s.send("\r").unwrap();
    let c = s.expect("Why do we ask").unwrap();
    screen.feed(c.as_bytes());
    s.send("\x03").unwrap();
    let rest = s
        .expect(Eof)
        .map(|c| c.as_bytes().to_vec())
        .unwrap_or_default();
    screen.feed(&rest);
    let text = screen.text();
    assert_eq!(text.matches("Why we ask:").count(), 1, "{text}");
}

#[test]
fn esc_goes_back_to_the_previous_question() {
    let mut s = spawn(&[], 100, 40);
    s.expect("Question 1 of").unwrap();
    s.expect("Why do we ask").unwrap();
    s.send("\r").unwrap();
    let second = asked()[1];
    s.expect(format!("Question {second} of")).unwrap();
    s.expect("Why do we ask").unwrap();
    s.send("\x1b").unwrap();
    s.expect("Question 1 of")
        .expect("Esc returns to question 1");
    // Esc at the first question says there is none before it.
    s.expect("Why do we ask").unwrap();
    s.send("\x1b").unwrap();
    s.expect("no earlier one").unwrap();
    s.send("\x03").unwrap();
    let _ = s.expect(Eof);
}

/// Answers the first `n` questions with Enter.
fn skip(s: &mut expectrl::session::OsSession, n: usize) {
    for &i in &asked()[..n] {
        s.expect(format!("Question {i} of")).unwrap();
        s.expect(expectrl::Regex(
            r"Why do we ask|\? and Enter for why we ask",
        ))
        .unwrap();
        settle();
        s.send("\r").unwrap();
    }
}

/// The prompt is drawn just before it starts reading keys in raw mode; on a loaded machine a
/// key sent at once can arrive first, so tests wait a moment before each key.
fn settle() {
    std::thread::sleep(Duration::from_millis(50));
}

fn ends_interrupted(s: &mut expectrl::session::OsSession) {
    let c = s.expect(Eof).unwrap();
    let mut screen = Screen::new(40, 100);
    screen.feed(c.as_bytes());
    let text = screen.text();
    assert!(text.contains("EXIT:130"), "{text}");
    assert!(
        text.contains("TTY: echo "),
        "terminal echo left off:\n{text}"
    );
    assert!(!text.contains("gutcheck report"));
    assert!(!screen.parser.screen().hide_cursor(), "cursor left hidden");
}

#[test]
fn ctrl_d_at_a_list_ends_the_session() {
    let mut s = spawn_in_shell(100, 40);
    skip(&mut s, 1);
    s.expect(format!("Question {} of", asked()[1])).unwrap();
    s.expect("Why do we ask").unwrap();
    s.send("\x04").unwrap();
    ends_interrupted(&mut s);
}

#[test]
fn ctrl_c_at_a_multi_select_ends_the_session() {
    let n_alarm = number_of("family-history"); // the first multi-select
    let mut s = spawn_in_shell(100, 40);
    skip(&mut s, asked_before("family-history"));
    s.expect(format!("Question {n_alarm} of")).unwrap();
    s.expect("Space ticks").unwrap();
    s.expect("Why do we ask").unwrap();
    s.send(" ").unwrap();
    s.send("\x03").unwrap();
    ends_interrupted(&mut s);
}

#[test]
fn ctrl_c_and_ctrl_d_at_the_text_prompt_end_the_session() {
    let n = question_count();
    for key in ["\x03", "\x04"] {
        let mut s = spawn_in_shell(100, 40);
        skip(&mut s, asked().len() - 1);
        s.expect(format!("Question {n} of")).unwrap();
        s.expect("Your words").unwrap();
        settle();
        s.send(key).unwrap();
        ends_interrupted(&mut s);
    }
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = spawn_in_shell(100, 40);
    s.expect("Question 1 of").unwrap();
    s.expect("Why do we ask").unwrap();
    // The list is waiting for a key, so the terminal is in raw mode now.
    // Signal gutcheck itself: the child of the shell this test started.
    let shell = s.get_process().pid().to_string();
    let out = Command::new("pkill")
        .args(["-TERM", "-P", &shell])
        .status()
        .unwrap();
    assert!(out.success(), "pkill found no gutcheck");
    ends_interrupted(&mut s);
}

#[test]
fn a_40_by_10_terminal_still_completes_a_session() {
    let s = spawn(&[], 40, 10);
    completes_paged(s, None);
}

/// A window made smaller during the session: the next question's list is paged to it.
#[test]
fn a_window_resized_during_the_session_pages_the_next_list() {
    let s = spawn(&[], 100, 40);
    completes_paged(s, Some((40, 10)));
}

/// Presses Enter at every question (after resizing the terminal to `resize` at the first, if
/// given) and checks the session ends well, with the symptoms list paged to 10 rows.
fn completes_paged(mut s: expectrl::session::OsSession, resize: Option<(u16, u16)>) {
    let n = question_count();
    let mut screen = Screen::new(10, 40);
    for i in asked() {
        if i == 2
            && let Some((cols, rows)) = resize
        {
            s.get_process_mut().set_window_size(cols, rows).unwrap();
        }
        let c = s
            .expect(format!("Question {i} of {n}"))
            .unwrap_or_else(|e| panic!("question {i}: {e}\n{}", screen.text()));
        screen.feed(c.as_bytes());
        // Wait for the list (or the text prompt) to be drawn.
        let c = s
            .expect(expectrl::Regex("❯|Your words"))
            .unwrap_or_else(|e| panic!("list {i}: {e}\n{}", screen.text()));
        screen.feed(c.as_bytes());
        settle();
        s.send("\r").unwrap();
    }
    let c = s.expect(Eof).unwrap();
    screen.feed(c.as_bytes());
    let code = exit_code(&s);
    assert!(code.contains(", 0)"), "{code}\n{}", screen.text());
    let text = screen.text();
    assert!(text.contains("Disclaimer"));
    // The list is paged to the terminal's height.
    assert!(
        text.contains("of 13; arrows scroll"),
        "symptoms list not paged"
    );
}

#[test]
fn a_100_kb_paste_into_the_text_prompt_is_handled() {
    let n = question_count();
    let mut s = spawn(&["--format", "json"], 100, 40);
    skip(&mut s, asked().len() - 1);
    s.expect(format!("Question {n} of")).unwrap();
    s.expect("Your words").unwrap();
    let sentence = "Our protocol heals leaky gut in just 14 days. ";
    let paste: String = sentence.repeat(100_000 / sentence.len() + 1);
    for chunk in paste.as_bytes().chunks(4096) {
        s.send(chunk).unwrap();
    }
    s.send("\r").unwrap();
    let c = s.expect(Eof).unwrap();
    let out = String::from_utf8_lossy(c.as_bytes()).into_owned();
    assert!(exit_code(&s).contains(", 0)"));
    assert!(
        out.contains("\"quick-fix-timeline\""),
        "claim not found in the pasted text"
    );
}

#[test]
fn reading_why_in_a_pick_any_list_keeps_the_ticks() {
    let mut s = spawn(&["--format", "json"], 100, 40);
    let fh = number_of("family-history");
    skip(&mut s, asked_before("family-history"));
    s.expect(format!("Question {fh} of")).unwrap();
    s.expect("Why do we ask").unwrap();
    s.send(" ").unwrap(); // tick "Bowel (colorectal) cancer"
    s.send("\x1b[A").unwrap(); // up wraps to the why entry
    s.send(" ").unwrap();
    s.expect("Why we ask:").unwrap();
    s.expect("Why do we ask").unwrap();
    s.send("\r").unwrap();
    for i in asked().into_iter().filter(|&i| i > fh) {
        s.expect(format!("Question {i} of")).unwrap();
        s.expect(expectrl::Regex(
            r"Why do we ask|\? and Enter for why we ask",
        ))
        .unwrap();
        s.send("\r").unwrap();
    }
    let c = s.expect(Eof).unwrap();
    let out = String::from_utf8_lossy(c.as_bytes()).into_owned();
    let json = &out[out
        .find("{\r\n")
        .or_else(|| out.find("{\n"))
        .expect("json report")..];
    let v: serde_json::Value = serde_json::from_str(&json.replace("\r\n", "\n")).unwrap();
    // A family history without gut symptoms: advice on checks for relatives, routine.
    assert_eq!(
        v["urgency"], "routine",
        "family history lost after reading why"
    );
    let guidance: Vec<&str> = v["guidance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert!(guidance.contains(&"family-history-checks"), "{guidance:?}");
}

#[test]
fn how_long_is_asked_only_when_a_symptom_was_ticked() {
    let mut s = spawn(&[], 100, 40);
    let sym = number_of("symptoms");
    skip(&mut s, asked_before("symptoms"));
    s.expect(format!("Question {sym} of")).unwrap();
    s.expect("Why do we ask").unwrap();
    // No symptom ticked: skipped, and the pattern and duration questions are skipped too...
    s.send("\r").unwrap();
    s.expect("skipped").unwrap();
    s.expect(format!("Question {} of", number_of("infection-start")))
        .unwrap();
    s.expect("Why do we ask").unwrap();
    // ...and Esc goes back over them to the symptoms list.
    s.send("\x1b").unwrap();
    s.expect(format!("Question {sym} of")).unwrap();
    s.expect("Why do we ask").unwrap();
    s.send(" ").unwrap(); // tick the first symptom
    s.send("\r").unwrap();
    s.expect("Follow-up question")
        .expect("with a symptom, how often is asked");
    s.expect("How often do the symptoms come?").unwrap();
    s.send("\x03").unwrap();
    let _ = s.expect(Eof);
}

#[test]
fn a_report_taller_than_the_terminal_goes_through_the_pager() {
    let dir = tempfile::tempdir().unwrap();
    let paged = dir.path().join("paged.txt");
    // `tee FILE` stands in for less: it shows what it is given and keeps a copy.
    let mut cmd = Command::new(BIN);
    cmd.args(["--example", "alarm-among-mild"])
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .env("PAGER", format!("tee {}", paged.display()));
    let mut s = Session::spawn(cmd).unwrap();
    s.get_process_mut().set_window_size(100, 30).unwrap();
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    let _ = s.expect(Eof);
    let copy = std::fs::read_to_string(&paged).expect("the pager was given the report");
    assert!(
        copy.contains("Bottom line") && copy.contains("Disclaimer"),
        "{copy}"
    );
    // --no-pager prints it straight out.
    let paged2 = dir.path().join("paged2.txt");
    let mut cmd = Command::new(BIN);
    cmd.args(["--example", "alarm-among-mild", "--no-pager"])
        .env("TERM", "xterm-256color")
        .env("PAGER", format!("tee {}", paged2.display()));
    let mut s = Session::spawn(cmd).unwrap();
    s.get_process_mut().set_window_size(100, 30).unwrap();
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    let _ = s.expect(Eof);
    assert!(!paged2.exists(), "--no-pager still paged");
}

#[test]
fn alarm_words_in_the_pasted_text_ask_the_alarm_question_again() {
    let mut s = spawn(&["--format", "json"], 100, 40);
    skip(&mut s, asked().len() - 1);
    s.expect("Your words").unwrap();
    s.send("I keep seeing blood in my stool\r").unwrap();
    s.expect("Your text mentions").unwrap();
    s.expect("Have you seen blood in or on your stool").unwrap();
    s.expect("Why do we ask").unwrap();
    s.send("\x1b[A").unwrap();
    s.send("\x1b[A").unwrap();
    s.send("\r").unwrap(); // Yes
    // Its follow-ups (heavy bleeding, feeling faint) come next: Enter leaves them "not sure".
    for _ in 0..2 {
        s.expect("Why do we ask").unwrap();
        s.send("\r").unwrap();
    }
    let c = s.expect(Eof).unwrap();
    let out = String::from_utf8_lossy(c.as_bytes()).into_owned();
    let json = &out[out
        .find("{\r\n")
        .or_else(|| out.find("{\n"))
        .expect("json report")..];
    let v: serde_json::Value = serde_json::from_str(&json.replace("\r\n", "\n")).unwrap();
    assert_eq!(v["urgency"], "urgent", "{v:#}");
    assert_eq!(v["red_flags"][0]["id"], "blood-in-stool");
}

#[test]
fn answers_from_a_terminal_say_what_is_awaited() {
    let mut s = spawn(&["--answers", "-", "--format", "json"], 100, 40);
    s.expect("reading an answers file").unwrap();
    s.expect("Ctrl-D").unwrap();
    s.send("[answers]\rblood-in-stool = \"yes\"\r").unwrap();
    s.send("\x04").unwrap();
    let c = s.expect(Eof).unwrap();
    let out = String::from_utf8_lossy(c.as_bytes()).into_owned();
    assert!(out.contains("\"urgency\": \"urgent\""), "{out}");
    assert!(exit_code(&s).contains(", 0)"));
}

#[test]
fn a_paste_over_1_mib_says_it_was_cut() {
    let n = question_count();
    let mut s = spawn(&["--format", "json"], 100, 40);
    skip(&mut s, asked().len() - 1);
    s.expect(format!("Question {n} of")).unwrap();
    s.expect("Your words").unwrap();
    let paste = "x".repeat((1 << 20) + 500);
    for chunk in paste.as_bytes().chunks(4096) {
        s.send(chunk).unwrap();
    }
    s.send("\r").unwrap();
    s.set_expect_timeout(Some(Duration::from_secs(120)));
    let c = s.expect(Eof).unwrap();
    let out = String::from_utf8_lossy(c.as_bytes()).into_owned();
    assert!(exit_code(&s).contains(", 0)"));
    assert!(out.contains("1 MiB limit"), "no note about the cut");
    assert!(
        out.contains("the last 500 characters were left out"),
        "wrong count"
    );
}

//! The interactive session: the only user of dialoguer. Questions in, `Answers` out. Prompts
//! go to standard error so that standard output carries only the report.
//!
//! gutcheck prints each question itself, wrapped to the terminal, and draws only the list of
//! answers below it (`widgets`): a widget redraws by counting lines, and a prompt that wraps
//! would leave stale lines behind on narrow terminals. Long answer labels are shortened to
//! fit, and long lists are paged to the terminal's height.

use dialoguer::console::{Style as TermStyle, Term};
use dialoguer::theme::ColorfulTheme;

use crate::answers::{Answer, Answers};
use crate::error::Error;
use crate::render::wrap;
use crate::rules::messages::Messages;
use crate::rules::{Question, QuestionKind, RuleBase};

pub struct PromptOptions {
    /// Print "why we ask" before every question.
    pub explain: bool,
    /// Column to wrap explanations at.
    pub width: usize,
}

/// What the person did at one question.
enum Step {
    Answer(Answer),
    /// Left without an answer (recorded as unanswered, shown as an open point).
    Skip,
    Back,
}

struct Ui<'a> {
    /// The rule base's words.
    m: &'a Messages,
    term: Term,
    theme: ColorfulTheme,
    dim: TermStyle,
    bold: TermStyle,
    green: TermStyle,
    /// Columns and rows of the terminal.
    cols: usize,
    rows: usize,
}

impl Ui<'_> {
    /// A message of the rule base.
    fn text(&self, id: &str) -> String {
        self.m.get(id).into_owned()
    }

    fn say(&self, s: &str) -> Result<(), Error> {
        self.term.write_line(s).map_err(|_| Error::Interrupted)
    }

    /// `✔ answer`, the tick in green: the answer is wrapped (and made printable) first, so
    /// the color codes are not escaped as text.
    fn answered(&self, shown: &str) -> Result<(), Error> {
        let wrapped = crate::render::wrap_hanging(shown, self.cols, "✔ ", "  ");
        let tick = self.green.apply_to("✔").to_string();
        self.say(&wrapped.replacen('✔', &tick, 1))
    }

    fn dim_para(&self, s: &str, indent: &str) -> Result<(), Error> {
        self.say(&self.dim.apply_to(wrap(s, self.cols, indent)).to_string())
    }

    /// An item label that fits on one line beside dialoguer's two-column marker.
    fn fit<'a>(&self, label: &'a str) -> std::borrow::Cow<'a, str> {
        let room = self.cols.saturating_sub(5).max(10);
        if label.chars().count() <= room {
            label.into()
        } else {
            let mut s: String = label.chars().take(room - 1).collect();
            s.push('…');
            s.into()
        }
    }

    /// Reads the terminal's size again, so a window resized during the session wraps and
    /// pages the next question to fit.
    fn fit_to_terminal(&mut self, width: usize) {
        let (rows, cols) = self.term.size();
        self.cols = (cols as usize).clamp(20, width.max(20));
        self.rows = rows as usize;
    }

    /// How many list items fit on screen at once (dialoguer pages the rest).
    fn page(&self) -> usize {
        self.rows.saturating_sub(5).max(3)
    }
}

/// Asks every question in order and returns the answers. Esc goes back one question.
/// Ctrl-C or end of input ends the session with `Error::Interrupted`, the cursor shown again.
pub fn ask(rb: &RuleBase, opts: &PromptOptions) -> Result<Answers, Error> {
    let term = Term::stderr();
    let mut ui = Ui {
        m: &rb.meta.messages,
        term: term.clone(),
        theme: ColorfulTheme::default(),
        dim: TermStyle::new().for_stderr().dim(),
        bold: TermStyle::new().for_stderr().bold(),
        green: TermStyle::new().for_stderr().green(),
        cols: 0,
        rows: 0,
    };
    ui.fit_to_terminal(opts.width);
    let result = ask_all(rb, opts, &mut ui);
    if result.is_err() {
        // Ctrl-C or Ctrl-D: the widgets read keys raw, so this is an answer, not a signal;
        // leave the cursor visible and the next shell prompt on a fresh line.
        let _ = term.show_cursor();
        let _ = term.write_line("");
    }
    result
}

fn ask_all(rb: &RuleBase, opts: &PromptOptions, ui: &mut Ui) -> Result<Answers, Error> {
    ui.say(&ui.bold.apply_to(ui.text("session-title")).to_string())?;
    ui.say(&wrap(&rb.meta.intro, ui.cols, ""))?;
    ui.say("")?;
    // Not dim: the disclaimer must be readable on a projector.
    ui.say(&wrap(&rb.meta.disclaimer, ui.cols, ""))?;
    ui.say("")?;
    ui.dim_para(&ui.text("session-keys"), "")?;

    let mut answers = Answers::default();
    let n = rb.questions.len();
    // Questions that always apply are numbered; a follow-up (`ask-if`) is asked only when an
    // earlier answer calls for it, and is shown as a follow-up, so the count never jumps.
    let main_total = rb.questions.iter().filter(|q| q.ask_if.is_none()).count();
    let mut i = 0;
    let mut going_back = false;
    while i < n {
        let q = &rb.questions[i];
        if let Some(cond) = &q.ask_if
            && !cond.holds(&answers)
        {
            // Not relevant given earlier answers (no symptoms: no "how long"): the default
            // stands, and Esc skips over it too.
            answers.insert(&q.id, q.default.clone());
            if going_back && i > 0 {
                i -= 1;
            } else {
                i += 1;
            }
            continue;
        }
        going_back = false;
        ui.fit_to_terminal(opts.width);
        let ui = &*ui;
        ui.say("")?;
        let counter = if q.ask_if.is_some() {
            ui.m.fill(
                "session-follow-up",
                &[("section", &section_title(ui, &q.section))],
            )
        } else {
            let k = rb.questions[..=i]
                .iter()
                .filter(|q| q.ask_if.is_none())
                .count();
            ui.m.fill(
                "session-question",
                &[
                    ("k", &k),
                    ("total", &main_total),
                    ("section", &section_title(ui, &q.section)),
                ],
            )
        };
        ui.say(&ui.dim.apply_to(counter).to_string())?;
        ui.say(&ui.bold.apply_to(wrap(&q.prompt, ui.cols, "")).to_string())?;
        if let Some(help) = &q.help {
            ui.dim_para(help, "")?;
        }
        if q.kind == QuestionKind::Multi {
            ui.dim_para(&ui.text("session-multi-keys"), "")?;
        }
        if opts.explain {
            ui.dim_para(&ui.m.fill("session-why", &[("why", &q.why)]), "")?;
        }
        let previous = answers
            .get(&q.id)
            .cloned()
            .unwrap_or_else(|| q.default.clone());
        match ask_one(ui, q, &previous)? {
            Step::Answer(a) => {
                let mut shown = q.describe(&a, ui.m);
                if shown.chars().count() > 2 * ui.cols {
                    shown = format!(
                        "{}…",
                        shown.chars().take(2 * ui.cols - 1).collect::<String>()
                    );
                }
                ui.answered(&shown)?;
                answers.insert(&q.id, a);
                i += 1;
            }
            Step::Skip => {
                ui.say(&format!(
                    "{} {}",
                    ui.dim.apply_to("–"),
                    ui.text("session-skipped")
                ))?;
                answers.remove(&q.id);
                i += 1;
            }
            Step::Back if i == 0 => {
                ui.dim_para(&ui.text("session-first-question"), "")?;
            }
            Step::Back => {
                ui.say(&ui.dim.apply_to(ui.text("session-back")).to_string())?;
                going_back = true;
                i = i.saturating_sub(1);
            }
        }
    }
    recheck_mentioned_alarms(rb, ui, &mut answers)?;
    ui.say("")?;
    Ok(answers)
}

/// When the pasted text mentions an alarm feature ("I keep seeing blood in my stool") that the
/// answers do not confirm, ask that question again, and then any follow-up it opens.
fn recheck_mentioned_alarms(rb: &RuleBase, ui: &Ui, answers: &mut Answers) -> Result<(), Error> {
    let Some(Answer::Text(text)) = answers.get(crate::rules::CLAIMS_TEXT).cloned() else {
        return Ok(());
    };
    let mut asked: Vec<String> = Vec::new();
    for (i, words) in crate::evaluate::mentioned_red_flags(rb, &text) {
        let rf = &rb.red_flags[i];
        if rf.when.holds(answers) {
            continue;
        }
        for qid in rf.when.questions() {
            if asked.iter().any(|a| a == qid) {
                continue;
            }
            let Some(q) = rb.question(qid) else { continue };
            if q.ask_if.is_some() {
                continue; // a follow-up: asked below if its question now calls for it
            }
            asked.push(qid.to_string());
            ui.say("")?;
            ui.say(
                &ui.bold
                    .apply_to(wrap(
                        &ui.m.fill("session-mentioned-again", &[("words", &words)]),
                        ui.cols,
                        "",
                    ))
                    .to_string(),
            )?;
            ask_again(ui, q, answers)?;
        }
    }
    if asked.is_empty() {
        return Ok(());
    }
    // Follow-ups that the new answers call for (after "yes, blood": dizziness, heavy bleeding).
    for q in &rb.questions {
        if q.section == "alarm"
            && q.ask_if.as_ref().is_some_and(|c| c.holds(answers))
            && !asked.contains(&q.id)
            && answers.get(&q.id) == Some(&q.default)
        {
            asked.push(q.id.clone());
            ask_again(ui, q, answers)?;
        }
    }
    Ok(())
}

fn ask_again(ui: &Ui, q: &Question, answers: &mut Answers) -> Result<(), Error> {
    ui.say(&ui.bold.apply_to(wrap(&q.prompt, ui.cols, "")).to_string())?;
    if let Some(help) = &q.help {
        ui.dim_para(help, "")?;
    }
    let previous = answers
        .get(&q.id)
        .cloned()
        .unwrap_or_else(|| q.default.clone());
    loop {
        match ask_one(ui, q, &previous)? {
            Step::Answer(a) => {
                ui.answered(&q.describe(&a, ui.m))?;
                answers.insert(&q.id, a);
                return Ok(());
            }
            Step::Skip => {
                answers.remove(&q.id);
                return Ok(());
            }
            // No going back from here: the question stays until it is answered.
            Step::Back => ui.dim_para(&ui.text("session-answer-this"), "")?,
        }
    }
}

/// A section's title in the rule base's words (`section-ID`).
fn section_title(ui: &Ui, s: &str) -> String {
    if crate::rules::SECTIONS.contains(&s) {
        ui.text(&format!("section-{s}"))
    } else {
        s.to_string()
    }
}

fn ask_one(ui: &Ui, q: &Question, previous: &Answer) -> Result<Step, Error> {
    use crate::widgets::{self, Outcome, Picked};
    // The answer as it stands while this question is open (kept across "why do we ask").
    let mut current = previous.clone();
    // The reason is printed once: asked again, it is already on the screen above.
    let why_shown = std::cell::Cell::new(false);
    let show_why = || {
        if why_shown.replace(true) {
            return Ok(());
        }
        ui.dim_para(&ui.m.fill("session-why", &[("why", &q.why)]), "")
    };
    let why_item = ui.text("session-why-item");
    let labels = |extra: &[&str]| -> Vec<String> {
        q.options
            .iter()
            .map(|o| ui.fit(&o.label).into_owned())
            .chain(extra.iter().map(|s| s.to_string()))
            .collect()
    };
    loop {
        match q.kind {
            QuestionKind::Single => {
                let default = match previous {
                    Answer::Single(s) => q.options.iter().position(|o| &o.id == s).unwrap_or(0),
                    _ => 0,
                };
                match widgets::select(
                    ui.m,
                    &ui.term,
                    &ui.theme,
                    &labels(&[&why_item]),
                    default,
                    ui.page(),
                ) {
                    Outcome::Quit => return Err(Error::Interrupted),
                    Outcome::Back => return Ok(Step::Back),
                    Outcome::Done(i) if i == q.options.len() => show_why()?,
                    Outcome::Done(i) => {
                        return Ok(Step::Answer(Answer::Single(q.options[i].id.clone())));
                    }
                }
            }
            QuestionKind::Multi => {
                let checked: Vec<bool> = q
                    .options
                    .iter()
                    .map(|o| matches!(&current, Answer::Multi(v) if v.contains(&o.id)))
                    .collect();
                let ids = |p: Vec<usize>| -> Vec<String> {
                    p.into_iter()
                        .filter(|&i| i < q.options.len())
                        .map(|i| q.options[i].id.clone())
                        .collect()
                };
                let exclusive: Vec<bool> = q.options.iter().map(|o| o.exclusive).collect();
                match widgets::multi_select(
                    ui.m,
                    &ui.term,
                    &ui.theme,
                    &labels(&[&why_item]),
                    &checked,
                    &exclusive,
                    ui.page(),
                    true,
                ) {
                    Outcome::Quit => return Err(Error::Interrupted),
                    Outcome::Back => return Ok(Step::Back),
                    Outcome::Done(Picked::Action(p)) => {
                        // Keep what was ticked while the reason is shown.
                        current = Answer::Multi(ids(p));
                        show_why()?;
                    }
                    // Nothing ticked in a list that offers "None of these": skipped, not "none".
                    Outcome::Done(Picked::Ticked(p))
                        if p.is_empty() && q.options.iter().any(|o| o.exclusive) =>
                    {
                        return Ok(Step::Skip);
                    }
                    Outcome::Done(Picked::Ticked(p)) => {
                        return Ok(Step::Answer(Answer::Multi(ids(p))));
                    }
                }
            }
            QuestionKind::YesNo => {
                let default = if matches!(previous, Answer::YesNo(true)) {
                    0
                } else {
                    1
                };
                let items = vec![
                    ui.text("session-yes"),
                    ui.text("session-no"),
                    why_item.clone(),
                ];
                match widgets::select(ui.m, &ui.term, &ui.theme, &items, default, ui.page()) {
                    Outcome::Quit => return Err(Error::Interrupted),
                    Outcome::Back => return Ok(Step::Back),
                    Outcome::Done(2) => show_why()?,
                    Outcome::Done(i) => return Ok(Step::Answer(Answer::YesNo(i == 0))),
                }
            }
            QuestionKind::Text => {
                let initial = match previous {
                    Answer::Text(t) => t.clone(),
                    _ => String::new(),
                };
                ui.dim_para(&ui.text("session-text-keys"), "")?;
                let label = ui.text("session-text-label");
                match widgets::text(ui.m, &ui.term, &ui.theme, &label, &initial, ui.cols * 3) {
                    Outcome::Quit => return Err(Error::Interrupted),
                    Outcome::Back => return Ok(Step::Back),
                    Outcome::Done(t) if t.trim() == "?" => show_why()?,
                    Outcome::Done(t) => return Ok(Step::Answer(Answer::Text(t))),
                }
            }
        }
    }
}

//! The interactive session: the only user of dialoguer. Questions in, `Answers` out. Prompts
//! go to standard error so that standard output carries only the report.
//!
//! gutcheck prints each question itself, wrapped to the terminal, and gives dialoguer only
//! the list of answers: dialoguer redraws by counting lines, and a prompt that wraps would
//! leave stale lines behind on narrow terminals. Long answer labels are shortened to fit.

use dialoguer::console::{Style as TermStyle, Term};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Input, MultiSelect, Select};

use crate::answers::{Answer, Answers};
use crate::error::Error;
use crate::render::wrap;
use crate::rules::{Question, QuestionKind, RuleBase};

pub struct PromptOptions {
    /// Print "why we ask" before every question.
    pub explain: bool,
    /// Column to wrap explanations at.
    pub width: usize,
}

const WHY_ITEM: &str = "(Why do we ask this?)";

/// Ctrl-C in raw mode, end of input, or a terminal that went away: all end the session.
fn interrupted(_: dialoguer::Error) -> Error {
    Error::Interrupted
}

/// What the person did at one question.
enum Step {
    Answer(Answer),
    Back,
}

struct Ui {
    term: Term,
    theme: ColorfulTheme,
    dim: TermStyle,
    bold: TermStyle,
    green: TermStyle,
    /// Columns and rows of the terminal.
    cols: usize,
    rows: usize,
}

impl Ui {
    fn say(&self, s: &str) -> Result<(), Error> {
        self.term.write_line(s).map_err(|_| Error::Interrupted)
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

    /// How many list items fit on screen at once (dialoguer pages the rest).
    fn page(&self) -> usize {
        self.rows.saturating_sub(5).max(3)
    }
}

/// Asks every question in order and returns the answers. Esc goes back one question.
/// Ctrl-C or end of input ends the session with `Error::Interrupted`, the cursor shown again.
pub fn ask(rb: &RuleBase, opts: &PromptOptions) -> Result<Answers, Error> {
    let term = Term::stderr();
    let (rows, cols) = term.size();
    let ui = Ui {
        term: term.clone(),
        theme: ColorfulTheme::default(),
        dim: TermStyle::new().for_stderr().dim(),
        bold: TermStyle::new().for_stderr().bold(),
        green: TermStyle::new().for_stderr().green(),
        cols: (cols as usize).clamp(20, opts.width.max(20)),
        rows: rows as usize,
    };
    let result = ask_all(rb, opts, &ui);
    if result.is_err() {
        // dialoguer hides the cursor while a list is shown; Ctrl-C read in raw mode comes back
        // here as an error rather than a signal, so restore it ourselves.
        let _ = term.show_cursor();
        let _ = term.write_line("");
    }
    result
}

fn ask_all(rb: &RuleBase, opts: &PromptOptions, ui: &Ui) -> Result<Answers, Error> {
    ui.say(
        &ui.bold
            .apply_to("gutcheck: leaky-gut claims and what to check")
            .to_string(),
    )?;
    ui.say(&wrap(&rb.meta.intro, ui.cols, ""))?;
    ui.say("")?;
    ui.dim_para(&rb.meta.disclaimer, "")?;
    ui.say("")?;
    ui.dim_para(
        "Enter accepts the highlighted answer. Space ticks items in a list. Esc goes back one question. Ctrl-C quits.",
        "",
    )?;

    let mut answers = Answers::default();
    let n = rb.questions.len();
    let mut i = 0;
    while i < n {
        let q = &rb.questions[i];
        ui.say("")?;
        ui.say(
            &ui.dim
                .apply_to(format!(
                    "Question {} of {} · {}",
                    i + 1,
                    n,
                    section_title(&q.section)
                ))
                .to_string(),
        )?;
        ui.say(&ui.bold.apply_to(wrap(&q.prompt, ui.cols, "")).to_string())?;
        if let Some(help) = &q.help {
            ui.dim_para(help, "")?;
        }
        if q.kind == QuestionKind::Multi {
            ui.dim_para("Space ticks or unticks; Enter when done.", "")?;
        }
        if opts.explain {
            ui.dim_para(&format!("Why we ask: {}", q.why), "")?;
        }
        let previous = answers
            .get(&q.id)
            .cloned()
            .unwrap_or_else(|| q.default.clone());
        match ask_one(ui, q, &previous)? {
            Step::Answer(a) => {
                let shown = q.describe(&a);
                let line = format!("{} {}", ui.green.apply_to("✔"), shown);
                ui.say(&wrap(&line, ui.cols, ""))?;
                answers.insert(&q.id, a);
                i += 1;
            }
            Step::Back => {
                ui.say(&ui.dim.apply_to("↩ back").to_string())?;
                i = i.saturating_sub(1);
            }
        }
    }
    ui.say("")?;
    Ok(answers)
}

fn section_title(s: &str) -> &str {
    match s {
        "alarm" => "warning signs",
        "symptoms" => "symptoms",
        "medicines" => "medicines",
        "lifestyle" => "alcohol and exercise",
        "history" => "history",
        "diet" => "diet",
        "labs" => "tests you have had",
        "claims" => "claims you have met",
        other => other,
    }
}

fn ask_one(ui: &Ui, q: &Question, previous: &Answer) -> Result<Step, Error> {
    let show_why = || ui.dim_para(&format!("Why we ask: {}", q.why), "");
    loop {
        match q.kind {
            QuestionKind::Single => {
                let mut items: Vec<_> = q.options.iter().map(|o| ui.fit(&o.label)).collect();
                items.push(WHY_ITEM.into());
                let default = match previous {
                    Answer::Single(s) => q.options.iter().position(|o| &o.id == s).unwrap_or(0),
                    _ => 0,
                };
                let pick = Select::with_theme(&ui.theme)
                    .items(&items)
                    .default(default)
                    .max_length(ui.page())
                    .report(false)
                    .interact_on_opt(&ui.term)
                    .map_err(interrupted)?;
                match pick {
                    None => return Ok(Step::Back),
                    Some(i) if i == q.options.len() => show_why()?,
                    Some(i) => return Ok(Step::Answer(Answer::Single(q.options[i].id.clone()))),
                }
            }
            QuestionKind::Multi => {
                let mut items: Vec<_> = q.options.iter().map(|o| ui.fit(&o.label)).collect();
                items.push(WHY_ITEM.into());
                let mut checked: Vec<bool> = q
                    .options
                    .iter()
                    .map(|o| matches!(previous, Answer::Multi(v) if v.contains(&o.id)))
                    .collect();
                checked.push(false);
                let picks = MultiSelect::with_theme(&ui.theme)
                    .items(&items)
                    .defaults(&checked)
                    .max_length(ui.page())
                    .report(false)
                    .interact_on_opt(&ui.term)
                    .map_err(interrupted)?;
                match picks {
                    None => return Ok(Step::Back),
                    Some(p) if p.contains(&q.options.len()) => show_why()?,
                    Some(p) => {
                        return Ok(Step::Answer(Answer::Multi(
                            p.into_iter().map(|i| q.options[i].id.clone()).collect(),
                        )));
                    }
                }
            }
            QuestionKind::YesNo => {
                let default = matches!(previous, Answer::YesNo(true));
                let pick = Select::with_theme(&ui.theme)
                    .items(["Yes", "No", WHY_ITEM])
                    .default(if default { 0 } else { 1 })
                    .report(false)
                    .interact_on_opt(&ui.term)
                    .map_err(interrupted)?;
                match pick {
                    None => return Ok(Step::Back),
                    Some(2) => show_why()?,
                    Some(i) => return Ok(Step::Answer(Answer::YesNo(i == 0))),
                }
            }
            QuestionKind::Text => {
                let initial = match previous {
                    Answer::Text(t) => t.clone(),
                    _ => String::new(),
                };
                ui.dim_para("Type ? for why we ask, < to go back.", "")?;
                let text: String = Input::with_theme(&ui.theme)
                    .with_prompt(">")
                    .with_initial_text(initial)
                    .allow_empty(true)
                    .report(false)
                    .interact_text_on(&ui.term)
                    .map_err(interrupted)?;
                match text.trim() {
                    "?" => show_why()?,
                    "<" => return Ok(Step::Back),
                    _ => return Ok(Step::Answer(Answer::Text(text))),
                }
            }
        }
    }
}

//! The interactive session: the only user of dialoguer. Questions in, `Answers` out. Prompts
//! go to standard error so that standard output carries only the report.

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

fn io_to_interrupt(e: dialoguer::Error) -> Error {
    // Ctrl-C in raw mode, end of input, or a terminal that went away: all end the session.
    let dialoguer::Error::IO(_) = e;
    Error::Interrupted
}

/// What the person did at one question.
enum Step {
    Answer(Answer),
    Back,
}

/// Asks every question in order and returns the answers. Esc goes back one question.
/// Ctrl-C or end of input ends the session with `Error::Interrupted`, the cursor shown again.
pub fn ask(rb: &RuleBase, opts: &PromptOptions) -> Result<Answers, Error> {
    let term = Term::stderr();
    let result = ask_all(rb, opts, &term);
    if result.is_err() {
        // dialoguer hides the cursor while a list is shown; Ctrl-C read in raw mode comes back
        // here as an error rather than a signal, so restore it ourselves.
        let _ = term.show_cursor();
        let _ = term.write_line("");
    }
    result
}

fn ask_all(rb: &RuleBase, opts: &PromptOptions, term: &Term) -> Result<Answers, Error> {
    let term = term.clone();
    let theme = ColorfulTheme::default();
    let dim = TermStyle::new().for_stderr().dim();
    let bold = TermStyle::new().for_stderr().bold();
    let w = opts.width;
    let say = |s: &str| term.write_line(s).map_err(|_| Error::Interrupted);

    say(&bold
        .apply_to("gutcheck: leaky-gut claims and what to check")
        .to_string())?;
    say(&wrap(&rb.meta.intro, w, ""))?;
    say(&dim.apply_to(wrap(&rb.meta.disclaimer, w, "")).to_string())?;
    say(&dim
        .apply_to(wrap(
            "Enter accepts the highlighted answer; Space ticks items in a list; Esc goes back one question; Ctrl-C quits.",
            w,
            "",
        ))
        .to_string())?;

    let mut answers = Answers::default();
    let n = rb.questions.len();
    let mut i = 0;
    while i < n {
        let q = &rb.questions[i];
        say("")?;
        say(&dim
            .apply_to(format!(
                "Question {} of {} · {}",
                i + 1,
                n,
                section_title(&q.section)
            ))
            .to_string())?;
        if opts.explain {
            say(&dim
                .apply_to(wrap(&format!("Why we ask: {}", q.why), w, "  "))
                .to_string())?;
        }
        if let Some(help) = &q.help {
            say(&dim.apply_to(wrap(help, w, "  ")).to_string())?;
        }
        let previous = answers
            .get(&q.id)
            .cloned()
            .unwrap_or_else(|| q.default.clone());
        match ask_one(&term, &theme, q, &previous, w, &dim)? {
            Step::Answer(a) => {
                answers.insert(&q.id, a);
                i += 1;
            }
            Step::Back => {
                i = i.saturating_sub(1);
            }
        }
    }
    say("")?;
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

fn ask_one(
    term: &Term,
    theme: &ColorfulTheme,
    q: &Question,
    previous: &Answer,
    width: usize,
    dim: &TermStyle,
) -> Result<Step, Error> {
    let show_why = || {
        let _ = term.write_line(
            &dim.apply_to(wrap(&format!("Why we ask: {}", q.why), width, "  "))
                .to_string(),
        );
    };
    loop {
        match q.kind {
            QuestionKind::Single => {
                let mut items: Vec<&str> = q.options.iter().map(|o| o.label.as_str()).collect();
                items.push(WHY_ITEM);
                let default = match previous {
                    Answer::Single(s) => q.options.iter().position(|o| &o.id == s).unwrap_or(0),
                    _ => 0,
                };
                let pick = Select::with_theme(theme)
                    .with_prompt(&q.prompt)
                    .items(&items)
                    .default(default)
                    .interact_on_opt(term)
                    .map_err(io_to_interrupt)?;
                match pick {
                    None => return Ok(Step::Back),
                    Some(i) if i == q.options.len() => show_why(),
                    Some(i) => return Ok(Step::Answer(Answer::Single(q.options[i].id.clone()))),
                }
            }
            QuestionKind::Multi => {
                let mut items: Vec<&str> = q.options.iter().map(|o| o.label.as_str()).collect();
                items.push(WHY_ITEM);
                let mut checked: Vec<bool> = q
                    .options
                    .iter()
                    .map(|o| matches!(previous, Answer::Multi(v) if v.contains(&o.id)))
                    .collect();
                checked.push(false);
                let picks = MultiSelect::with_theme(theme)
                    .with_prompt(format!("{} (Space to tick, Enter when done)", q.prompt))
                    .items(&items)
                    .defaults(&checked)
                    .interact_on_opt(term)
                    .map_err(io_to_interrupt)?;
                match picks {
                    None => return Ok(Step::Back),
                    Some(p) if p.contains(&q.options.len()) => show_why(),
                    Some(p) => {
                        return Ok(Step::Answer(Answer::Multi(
                            p.into_iter().map(|i| q.options[i].id.clone()).collect(),
                        )));
                    }
                }
            }
            QuestionKind::YesNo => {
                let default = matches!(previous, Answer::YesNo(true));
                let items = ["Yes", "No", WHY_ITEM];
                let pick = Select::with_theme(theme)
                    .with_prompt(&q.prompt)
                    .items(items)
                    .default(if default { 0 } else { 1 })
                    .interact_on_opt(term)
                    .map_err(io_to_interrupt)?;
                match pick {
                    None => return Ok(Step::Back),
                    Some(2) => show_why(),
                    Some(i) => return Ok(Step::Answer(Answer::YesNo(i == 0))),
                }
            }
            QuestionKind::Text => {
                let initial = match previous {
                    Answer::Text(t) => t.clone(),
                    _ => String::new(),
                };
                let text: String = Input::with_theme(theme)
                    .with_prompt(format!("{} [? = why we ask, < = back]", q.prompt))
                    .with_initial_text(initial)
                    .allow_empty(true)
                    .interact_text_on(term)
                    .map_err(io_to_interrupt)?;
                match text.trim() {
                    "?" => show_why(),
                    "<" => return Ok(Step::Back),
                    _ => return Ok(Step::Answer(Answer::Text(text))),
                }
            }
        }
    }
}

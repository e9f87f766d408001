//! `when` conditions: a list of alternatives (any one may hold), each a set of clauses (all
//! must hold). Pure logic over `Answers`; no I/O.

use serde::{Deserialize, Serialize};

use crate::answers::{Answer, Answers};

/// The option id that means "I don't know": never read as yes or no.
pub const NOT_SURE: &str = "not-sure";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expect {
    /// A yes-no question must have this answer.
    Bool(bool),
    /// A single question's answer is one of these; a multi question's answer includes one.
    AnyOf(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    pub question: String,
    pub expect: Expect,
}

/// Whether a clause holds, does not hold, or cannot be known from the answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    Yes,
    No,
    Unknown,
}

impl Clause {
    pub fn truth(&self, answers: &Answers) -> Truth {
        let Some(answer) = answers.get(&self.question) else {
            return Truth::Unknown;
        };
        let holds = match (&self.expect, answer) {
            (Expect::Bool(b), Answer::YesNo(a)) => a == b,
            (Expect::AnyOf(opts), Answer::Single(a)) => {
                if opts.iter().any(|o| o == a) {
                    return Truth::Yes;
                }
                return if a == NOT_SURE {
                    Truth::Unknown
                } else {
                    Truth::No
                };
            }
            (Expect::AnyOf(opts), Answer::Multi(sel)) => {
                if sel.iter().any(|a| opts.contains(a)) {
                    return Truth::Yes;
                }
                return if sel.iter().any(|a| a == NOT_SURE) {
                    Truth::Unknown
                } else {
                    Truth::No
                };
            }
            _ => false,
        };
        if holds { Truth::Yes } else { Truth::No }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub alternatives: Vec<Vec<Clause>>,
    /// Lines that, when one holds, keep the rule from applying (`unless` in the TOML; never
    /// allowed on red flags).
    pub unless: Vec<Vec<Clause>>,
}

fn line_holds(line: &[Clause], answers: &Answers) -> bool {
    !line.is_empty() && line.iter().all(|c| c.truth(answers) == Truth::Yes)
}

impl Condition {
    /// True when an `unless` line holds.
    pub fn suppressed(&self, answers: &Answers) -> bool {
        self.unless.iter().any(|l| line_holds(l, answers))
    }

    /// The question ids of every alternative that holds, in the order written, without
    /// repeats; empty when the condition does not hold.
    pub fn fired_by(&self, answers: &Answers) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        if self.suppressed(answers) {
            return ids;
        }
        for alt in &self.alternatives {
            if line_holds(alt, answers) {
                for c in alt {
                    if !ids.contains(&c.question) {
                        ids.push(c.question.clone());
                    }
                }
            }
        }
        ids
    }

    pub fn holds(&self, answers: &Answers) -> bool {
        !self.fired_by(answers).is_empty()
    }

    /// When the condition does not hold but could, had the unsure or missing answers been
    /// otherwise: the question ids that left it open. Empty when it holds or is ruled out.
    pub fn open_on(&self, answers: &Answers) -> Vec<String> {
        if self.holds(answers) || self.suppressed(answers) {
            return Vec::new();
        }
        let mut ids: Vec<String> = Vec::new();
        for alt in &self.alternatives {
            let truths: Vec<Truth> = alt.iter().map(|c| c.truth(answers)).collect();
            if truths.contains(&Truth::No) {
                continue;
            }
            for (c, t) in alt.iter().zip(&truths) {
                if *t == Truth::Unknown && !ids.contains(&c.question) {
                    ids.push(c.question.clone());
                }
            }
        }
        ids
    }

    /// Every question id the condition looks at.
    pub fn questions(&self) -> impl Iterator<Item = &str> {
        self.alternatives
            .iter()
            .flatten()
            .map(|c| c.question.as_str())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn unless_keeps_a_rule_from_applying() {
        let cond = Condition {
            alternatives: vec![vec![any_of("diet", &["gluten-free"])]],
            unless: vec![vec![any_of("known", &["celiac"])]],
        };
        let mut a = answers(&[("diet", Answer::Multi(vec!["gluten-free".into()]))]);
        assert!(cond.holds(&a));
        a.insert("known", Answer::Multi(vec!["celiac".into()]));
        assert!(!cond.holds(&a));
        assert!(cond.open_on(&a).is_empty());
    }

    use super::*;

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        let mut a = Answers::default();
        for (k, v) in pairs {
            a.insert(k, v.clone());
        }
        a
    }

    fn any_of(q: &str, opts: &[&str]) -> Clause {
        Clause {
            question: q.into(),
            expect: Expect::AnyOf(opts.iter().map(|s| s.to_string()).collect()),
        }
    }

    #[test]
    fn any_line_fires_and_every_clause_in_a_line_must_hold() {
        let cond = Condition {
            alternatives: vec![
                vec![any_of("blood", &["yes"])],
                vec![
                    any_of("symptoms", &["diarrhoea"]),
                    any_of("duration", &["long"]),
                ],
            ],
            unless: vec![],
        };
        let a = answers(&[
            ("blood", Answer::Single("no".into())),
            ("symptoms", Answer::Multi(vec!["diarrhoea".into()])),
            ("duration", Answer::Single("short".into())),
        ]);
        assert!(!cond.holds(&a));
        let b = answers(&[
            (
                "symptoms",
                Answer::Multi(vec!["bloating".into(), "diarrhoea".into()]),
            ),
            ("duration", Answer::Single("long".into())),
        ]);
        assert_eq!(cond.fired_by(&b), vec!["symptoms", "duration"]);
    }

    #[test]
    fn unsure_and_missing_answers_leave_a_condition_open_not_false() {
        let cond = Condition {
            alternatives: vec![vec![any_of("blood", &["yes"])]],
            unless: vec![],
        };
        let unsure = answers(&[("blood", Answer::Single("not-sure".into()))]);
        assert!(!cond.holds(&unsure));
        assert_eq!(cond.open_on(&unsure), vec!["blood"]);
        assert_eq!(cond.open_on(&Answers::default()), vec!["blood"]);
        let no = answers(&[("blood", Answer::Single("no".into()))]);
        assert!(cond.open_on(&no).is_empty());
    }
}

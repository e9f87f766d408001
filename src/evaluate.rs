//! `(&RuleBase, &Answers) -> Report`: which red flags, guidance, claims and causes apply, and
//! why. Pure: no terminal, no files, no clock, so every case is a plain unit test.

use crate::answers::{Answer, Answers};
use crate::matcher::{Matcher, normalize};
use crate::report::*;
use crate::rules::condition::Truth;
use crate::rules::messages::Messages;
use crate::rules::{CLAIMS_MET, CLAIMS_TEXT, Clause, Condition, Expect, NOT_SURE, RuleBase};

/// Evaluates the answers. The free-text answer is read with `matcher` (a [`Matcher::lazy`] of
/// the same rule base costs nothing until there is text to read).
pub fn evaluate(rb: &RuleBase, answers: &Answers, matcher: &Matcher) -> Report {
    let m = &*rb.meta.messages;
    // Triggers are listed in the order the questions are asked, not the order written.
    let ordered = |mut ids: Vec<String>| -> Vec<String> {
        ids.sort_by_key(|id| rb.questions.iter().position(|q| &q.id == id));
        ids
    };
    let because = |ids: &[String]| -> Vec<Because> {
        ids.iter()
            .filter_map(|id| {
                let q = rb.question(id)?;
                let a = answers.get(id)?;
                Some(Because {
                    question: id.clone(),
                    prompt: short_prompt(&q.prompt),
                    answer: q.describe(a, m),
                })
            })
            .collect()
    };

    let mut red_flags = Vec::new();
    let mut open = Vec::new();
    for rf in &rb.red_flags {
        let fired = ordered(rf.when.fired_by(answers));
        if !fired.is_empty() {
            red_flags.push(RedFlagHit {
                id: rf.id.clone(),
                title: rf.title.clone(),
                message: rf.message.clone(),
                because: because(&fired),
                triggered_by: fired,
                sources: rf.sources.clone(),
            });
        } else {
            let questions = rf.when.open_on(answers);
            if !questions.is_empty() {
                open.push(OpenRedFlag {
                    id: rf.id.clone(),
                    title: rf.title.clone(),
                    questions,
                });
            }
        }
    }

    let guidance: Vec<GuidanceHit> = rb
        .guidance
        .iter()
        .filter_map(|g| {
            let fired = ordered(g.when.fired_by(answers));
            (!fired.is_empty()).then(|| GuidanceHit {
                id: g.id.clone(),
                title: g.title.clone(),
                text: g.text.clone(),
                because: because(&fired),
                triggered_by: fired,
                sources: g.sources.clone(),
            })
        })
        .collect();

    // Claims: selected, found in the free text, or implied by other answers.
    let selected: Vec<String> = match answers.get(CLAIMS_MET) {
        Some(Answer::Multi(v)) => v.clone(),
        _ => Vec::new(),
    };
    let mut text_hits: Vec<(usize, String)> = Vec::new();
    if let Some(Answer::Text(t)) = answers.get(CLAIMS_TEXT)
        && !t.trim().is_empty()
    {
        let norm = normalize(t);
        // A claim someone told the person, or that they asked about, is one they met; a
        // denial or a debunking is not.
        for hit in matcher.find_pasted(&norm.text) {
            // A few quotes per claim are enough to show the reader their words.
            let quoted = text_hits.iter().filter(|(c, _)| *c == hit.claim).count();
            if hit
                .reason
                .is_none_or(crate::matcher::assertion::Reason::still_met)
                && quoted < 3
            {
                text_hits.push((hit.claim, quote(matcher, &norm.text, hit.span)));
            }
        }
    }
    let claims_text_matched_none = matches!(answers.get(CLAIMS_TEXT), Some(Answer::Text(t)) if !t.trim().is_empty())
        && text_hits.is_empty();
    let mut claims = Vec::new();
    for (idx, c) in rb.claims.iter().enumerate() {
        let mut triggered: Vec<String> = Vec::new();
        if selected.contains(&c.id) {
            triggered.push(CLAIMS_MET.to_string());
        }
        let matched: Vec<String> = text_hits
            .iter()
            .filter(|(i, _)| *i == idx)
            .map(|(_, s)| s.clone())
            .collect();
        if !matched.is_empty() {
            triggered.push(CLAIMS_TEXT.to_string());
        }
        for q in c.when.fired_by(answers) {
            if !triggered.contains(&q) {
                triggered.push(q);
            }
        }
        if triggered.is_empty() {
            continue;
        }
        let triggered = ordered(triggered);
        claims.push(ClaimHit {
            id: c.id.clone(),
            title: c.title.clone(),
            verdict: c.verdict,
            summary: c.summary.clone(),
            evidence: c.evidence.clone(),
            instead: c.instead.clone(),
            because: because(&triggered),
            triggered_by: triggered,
            matched,
            sources: c.sources.clone(),
        });
    }

    let causes: Vec<CauseHit> = rb
        .causes
        .iter()
        .filter_map(|c| {
            let fired = ordered(c.when.fired_by(answers));
            (!fired.is_empty()).then(|| CauseHit {
                id: c.id.clone(),
                name: c.name.clone(),
                about: c.about.clone(),
                check: c.check.clone(),
                who: c.who.clone(),
                because: because(&fired),
                triggered_by: fired,
                sources: c.sources.clone(),
            })
        })
        .collect();

    // Alarm features the free text mentions that no answer confirms: never read as "no".
    let red_flags_mentioned: Vec<MentionedRedFlag> = match answers.get(CLAIMS_TEXT) {
        Some(Answer::Text(t)) if !t.trim().is_empty() => mentioned_red_flags(rb, t)
            .into_iter()
            .filter(|(i, _)| !red_flags.iter().any(|h| h.id == rb.red_flags[*i].id))
            .map(|(i, words)| MentionedRedFlag {
                id: rb.red_flags[i].id.clone(),
                title: rb.red_flags[i].title.clone(),
                words,
                questions: {
                    let mut q: Vec<String> = Vec::new();
                    for id in rb.red_flags[i].when.questions() {
                        if !q.iter().any(|x| x == id) {
                            q.push(id.to_string());
                        }
                    }
                    q
                },
            })
            .collect(),
        _ => Vec::new(),
    };

    let routine_advice = rb
        .guidance
        .iter()
        .any(|g| g.routine && guidance.iter().any(|h| h.id == g.id));
    let urgency = if !red_flags.is_empty() {
        Urgency::Urgent
    } else if !causes.is_empty() || routine_advice {
        Urgency::Routine
    } else {
        Urgency::Info
    };
    let disposition = rb
        .red_flags
        .iter()
        .filter(|rf| red_flags.iter().any(|h| h.id == rf.id))
        .map(|rf| rf.disposition)
        .max()
        .unwrap_or(match urgency {
            Urgency::Routine => Disposition::Routine,
            _ => Disposition::Info,
        });

    let unanswered: Vec<String> = rb
        .questions
        .iter()
        .filter(|q| answers.get(&q.id).is_none())
        .map(|q| q.id.clone())
        .collect();
    let not_sure: Vec<String> = rb
        .questions
        .iter()
        .filter(|q| match answers.get(&q.id) {
            Some(Answer::Single(s)) => s == NOT_SURE,
            Some(Answer::Multi(v)) => v.iter().any(|s| s == NOT_SURE),
            _ => false,
        })
        .map(|q| q.id.clone())
        .collect();

    // Number the sources in the order the report first cites them.
    let mut cited: Vec<String> = Vec::new();
    let all = red_flags
        .iter()
        .map(|h| &h.sources)
        .chain(guidance.iter().map(|h| &h.sources))
        .chain(claims.iter().map(|h| &h.sources))
        .chain(causes.iter().map(|h| &h.sources));
    for ids in all {
        for id in ids {
            if !cited.contains(id) {
                cited.push(id.clone());
            }
        }
    }
    let sources = cited
        .iter()
        .enumerate()
        .map(|(i, id)| SourceRef {
            number: i + 1,
            id: id.clone(),
            citation: rb
                .source(id)
                .map_or_else(String::new, |s| s.citation.clone()),
        })
        .collect();

    // Questions that could point to a cause but were skipped or answered "not sure": the
    // report must not reassure while they are open.
    let mut causes_open: Vec<String> = Vec::new();
    for c in &rb.causes {
        for q in c.when.questions() {
            if (unanswered.iter().any(|u| u == q) || not_sure.iter().any(|u| u == q))
                && !causes_open.iter().any(|x| x == q)
            {
                causes_open.push(q.to_string());
            }
        }
    }
    let bottom_line = bottom_line(
        m,
        disposition,
        &red_flags,
        &open,
        &red_flags_mentioned,
        &claims,
        &causes,
        &guidance,
        &causes_open,
    );

    let answered: Vec<Because> = rb
        .questions
        .iter()
        .filter_map(|q| {
            let a = answers.get(&q.id)?;
            Some(Because {
                question: q.id.clone(),
                prompt: short_prompt(&q.prompt),
                answer: q.describe(a, m),
            })
        })
        .collect();

    Report {
        schema_version: SCHEMA_VERSION,
        answers: answered,
        disposition,
        red_flags_mentioned,
        causes_open,
        bottom_line,
        claims_text_matched_none,
        rules: RulesInfo {
            name: rb.meta.name.clone(),
            version: rb.meta.version.clone(),
        },
        description: None,
        urgency,
        urgent_advice: (urgency == Urgency::Urgent).then(|| rb.meta.urgent.clone()),
        red_flags,
        red_flags_not_ruled_out: open,
        guidance,
        claims,
        causes,
        messages: rb.meta.messages.clone(),
        prompts: rb
            .questions
            .iter()
            .filter(|q| unanswered.contains(&q.id) || not_sure.contains(&q.id))
            .map(|q| (q.id.clone(), q.prompt.clone()))
            .collect(),
        unanswered,
        not_sure,
        sources,
        emergency: rb.meta.emergency.clone(),
        disclaimer: rb.meta.disclaimer.clone(),
        trace: None,
    }
}

/// The red flags (by index) whose `mentioned-by` phrases occur in `text` as whole words, with
/// the words found first. The phrases are read with the same vocabulary machinery as the
/// concepts: each red flag is a concept of its own.
pub fn mentioned_red_flags(rb: &RuleBase, text: &str) -> Vec<(usize, String)> {
    use crate::matcher::vocabulary::{Vocabulary, fold};
    let as_concepts: Vec<crate::rules::Concept> = rb
        .red_flags
        .iter()
        .map(|rf| crate::rules::Concept {
            id: rf.id.clone(),
            phrases: rf.mentioned_by.iter().collect(),
            ..Default::default()
        })
        .collect();
    let norm = normalize(text);
    let mut hits = Vec::new();
    Vocabulary::new(as_concepts).hits(&fold(&norm.text), &mut hits);
    let mut out: Vec<(usize, String)> = Vec::new();
    for h in hits {
        let i = usize::from(h.concept);
        if !out.iter().any(|(j, _)| *j == i) {
            out.push((i, norm.text[h.start..h.end].to_string()));
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

/// The bottom line: how soon, the one or two things to do next, and what was found.
#[allow(clippy::too_many_arguments)]
fn bottom_line(
    m: &Messages,
    disposition: Disposition,
    red_flags: &[RedFlagHit],
    open: &[OpenRedFlag],
    mentioned: &[MentionedRedFlag],
    claims: &[ClaimHit],
    causes: &[CauseHit],
    guidance: &[GuidanceHit],
    causes_open: &[String],
) -> BottomLine {
    let headline = m
        .get(match disposition {
            Disposition::Emergency => "bottom-emergency",
            Disposition::Urgent => "bottom-urgent",
            Disposition::Routine => "bottom-routine",
            Disposition::Info if !open.is_empty() || !mentioned.is_empty() => {
                "bottom-info-open-alarms"
            }
            Disposition::Info if !causes_open.is_empty() => "bottom-info-open-causes",
            Disposition::Info => "bottom-info",
        })
        .into_owned();
    let sep = m.get("list-separator");
    let mut next: Vec<String> = Vec::new();
    if !red_flags.is_empty() {
        let titles: Vec<&str> = red_flags.iter().map(|h| h.title.as_str()).collect();
        next.push(m.fill("next-tell", &[("list", &titles.join(&sep))]));
    }
    if let Some(g) = guidance.first() {
        next.push(m.fill(
            "next-read-first",
            &[("title", &g.title.trim_end_matches('.'))],
        ));
    }
    if next.len() < 2 && !causes.is_empty() {
        let names: Vec<&str> = causes.iter().take(2).map(|c| c.name.as_str()).collect();
        next.push(m.fill("next-ask-about", &[("list", &names.join(&sep))]));
    }
    if next.len() < 2 && (!open.is_empty() || !mentioned.is_empty()) {
        next.push(m.get("next-check-open").into_owned());
    }
    next.truncate(2);
    let unsupported = claims
        .iter()
        .filter(|c| c.verdict != crate::rules::Verdict::Overstated)
        .count();
    let overstated = claims.len() - unsupported;
    let mut parts = Vec::new();
    if !red_flags.is_empty() {
        parts.push(m.count("count-alarms", red_flags.len(), &[]));
    }
    if !claims.is_empty() {
        let how = match (unsupported, overstated) {
            (_, 0) => m.get("claims-how-unsupported").into_owned(),
            (0, _) => m.get("claims-how-overstated").into_owned(),
            (u, o) => m.fill(
                "claims-how-mixed",
                &[("unsupported", &u), ("overstated", &o)],
            ),
        };
        parts.push(m.count("count-claims", claims.len(), &[("how", &how)]));
    }
    if !causes.is_empty() {
        parts.push(m.count("count-causes", causes.len(), &[]));
    }
    let counts = if parts.is_empty() {
        m.get("counts-none").into_owned()
    } else {
        m.fill("counts", &[("list", &parts.join(&sep))])
    };
    BottomLine {
        headline,
        next,
        counts,
    }
}

/// Every red flag, guidance entry, claim and cause, fired or not, with the answers that
/// decided it: for presenters and sceptical readers who want to follow the reasoning.
pub fn trace(rb: &RuleBase, answers: &Answers, report: &Report) -> Vec<TraceEntry> {
    let m = &*rb.meta.messages;
    let mut out = Vec::new();
    let lines = |c: &Condition| -> Vec<TraceCheck> {
        c.alternatives
            .iter()
            .map(|alt| {
                let truths: Vec<Truth> = alt.iter().map(|cl| cl.truth(answers)).collect();
                let result = if truths.iter().all(|t| *t == Truth::Yes) {
                    "yes"
                } else if truths.contains(&Truth::No) {
                    "no"
                } else {
                    "unknown"
                };
                TraceCheck {
                    condition: alt
                        .iter()
                        .map(|c| describe_clause(m, c))
                        .collect::<Vec<_>>()
                        .join(&m.get("trace-and")),
                    answers: alt
                        .iter()
                        .map(|cl| TraceAnswer {
                            question: cl.question.clone(),
                            answer: answers.get(&cl.question).map(Answer::ids),
                        })
                        .collect(),
                    result,
                }
            })
            .collect()
    };
    for r in &rb.red_flags {
        out.push(TraceEntry {
            kind: "red-flag",
            id: r.id.clone(),
            fired: report.red_flags.iter().any(|h| h.id == r.id),
            open: report.red_flags_not_ruled_out.iter().any(|h| h.id == r.id),
            checks: lines(&r.when),
        });
    }
    for g in &rb.guidance {
        out.push(TraceEntry {
            kind: "guidance",
            id: g.id.clone(),
            fired: report.guidance.iter().any(|h| h.id == g.id),
            open: false,
            checks: lines(&g.when),
        });
    }
    for c in &rb.claims {
        let hit = report.claims.iter().find(|h| h.id == c.id);
        let mut checks = vec![
            TraceCheck {
                condition: m.fill(
                    "trace-claim-met",
                    &[("question", &CLAIMS_MET), ("claim", &c.id)],
                ),
                answers: vec![TraceAnswer {
                    question: CLAIMS_MET.to_string(),
                    answer: answers.get(CLAIMS_MET).map(Answer::ids),
                }],
                result: if hit.is_some_and(|h| h.triggered_by.iter().any(|q| q == CLAIMS_MET)) {
                    "yes"
                } else if answers.get(CLAIMS_MET).is_some() {
                    "no"
                } else {
                    "unknown"
                },
            },
            TraceCheck {
                condition: m.fill(
                    "trace-claim-text",
                    &[("question", &CLAIMS_TEXT), ("claim", &c.id)],
                ),
                answers: vec![TraceAnswer {
                    question: CLAIMS_TEXT.to_string(),
                    answer: answers.get(CLAIMS_TEXT).map(Answer::ids),
                }],
                result: if hit.is_some_and(|h| !h.matched.is_empty()) {
                    "yes"
                } else if answers.get(CLAIMS_TEXT).is_some() {
                    "no"
                } else {
                    "unknown"
                },
            },
        ];
        checks.extend(lines(&c.when));
        out.push(TraceEntry {
            kind: "claim",
            id: c.id.clone(),
            fired: hit.is_some(),
            open: false,
            checks,
        });
    }
    for c in &rb.causes {
        out.push(TraceEntry {
            kind: "cause",
            id: c.id.clone(),
            fired: report.causes.iter().any(|h| h.id == c.id),
            open: !c.when.open_on(answers).is_empty(),
            checks: lines(&c.when),
        });
    }
    out
}

fn describe_clause(m: &Messages, c: &Clause) -> String {
    let values = match &c.expect {
        Expect::Bool(b) => b.to_string(),
        Expect::AnyOf(opts) => opts.join(&m.get("trace-or")),
    };
    m.fill(
        "trace-clause",
        &[("question", &c.question), ("values", &values)],
    )
}

/// The sentence a claim was found in, at most 200 characters around the match, cut at
/// word boundaries, so the reader sees their own words in context.
fn quote(matcher: &Matcher, text: &str, span: std::ops::Range<usize>) -> String {
    let sentence = matcher.sentence_around(text, span.clone());
    let s = &text[sentence.clone()];
    if s.chars().count() <= 200 {
        return s.trim().to_string();
    }
    // Too long: the match plus a few words either side.
    let before = &text[sentence.start..span.start];
    let after = &text[span.end..sentence.end];
    let lead: Vec<&str> = before.split(' ').rev().take(6).collect();
    let tail: Vec<&str> = after.split(' ').take(6).collect();
    let lead: String = lead.into_iter().rev().collect::<Vec<_>>().join(" ");
    let tail = tail.join(" ");
    format!("…{lead}{}{tail}…", &text[span]).trim().to_string()
}

/// A prompt without its trailing hint in parentheses or question mark, for "because you
/// said" lines: "Paste or type a claim you read (Enter to skip)" → "Paste or type a claim
/// you read".
fn short_prompt(p: &str) -> String {
    let p = p.trim();
    let p = match p.rfind(" (") {
        Some(i) if p.ends_with(')') => &p[..i],
        _ => p,
    };
    p.trim_end_matches(['?', ' ', ',']).to_string()
}

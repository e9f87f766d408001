//! Invariants over arbitrary valid answers (proptest): the disclaimer is always there, an
//! alarm answer always makes the report urgent, every cause names the answers behind it.

use gutcheck::answers::{Answer, Answers};
use gutcheck::evaluate::evaluate;
use gutcheck::render::{self, Style};
use gutcheck::report::Urgency;
use gutcheck::rules::QuestionKind;
use proptest::prelude::*;

use crate::common::{matcher, rb};

/// For each question: absent, or a valid answer drawn from its options.
fn answers_strategy() -> impl Strategy<Value = Answers> {
    let per_question: Vec<BoxedStrategy<Option<Answer>>> = rb()
        .questions
        .iter()
        .map(|q| {
            let ids: Vec<String> = q.options.iter().map(|o| o.id.clone()).collect();
            let answer: BoxedStrategy<Answer> = match q.kind {
                QuestionKind::Single => proptest::sample::select(ids)
                    .prop_map(Answer::Single)
                    .boxed(),
                QuestionKind::Multi => proptest::sample::subsequence(ids.clone(), 0..=ids.len())
                    .prop_map(Answer::Multi)
                    .boxed(),
                QuestionKind::YesNo => any::<bool>().prop_map(Answer::YesNo).boxed(),
                QuestionKind::Text => ".{0,80}".prop_map(Answer::Text).boxed(),
            };
            proptest::option::weighted(0.8, answer).boxed()
        })
        .collect();
    per_question.prop_map(|values| {
        let mut a = Answers::default();
        for (q, v) in rb().questions.iter().zip(values) {
            if let Some(v) = v {
                a.insert(&q.id, v);
            }
        }
        a
    })
}

/// An independent reading of "an alarm feature was answered": any alarm-section question
/// answered yes (dizziness counts only with bleeding; for "can you keep fluids down?" the alarm
/// is "no"), or a family history other than "none" or "not sure" together with gut symptoms.
fn alarm_answered(a: &Answers) -> bool {
    let yes = |id: &str| matches!(a.get(id), Some(Answer::Single(s)) if s == "yes");
    let gut_symptoms = matches!(a.get("symptoms"), Some(Answer::Multi(v)) if v.iter().any(|s| {
        ["bloating", "abdominal-pain", "diarrhoea", "constipation", "heartburn", "nausea"].contains(&s.as_str())
    }));
    rb().questions
        .iter()
        .filter(|q| q.section == "alarm")
        .any(|q| match (q.id.as_str(), a.get(&q.id)) {
            ("bleeding-faint", _) => {
                yes("bleeding-faint")
                    && (yes("blood-in-stool") || yes("black-stool-or-blood-vomit"))
            }
            ("fluids-down", Some(Answer::Single(s))) => s == "no",
            (_, Some(Answer::Single(s))) => s == "yes",
            (_, Some(Answer::Multi(v))) => {
                gut_symptoms && v.iter().any(|s| s != "not-sure" && s != "none")
            }
            (_, Some(Answer::YesNo(b))) => *b,
            _ => false,
        })
}

proptest! {
    #[test]
    fn report_invariants(a in answers_strategy()) {
        let rb = rb();
        let r = evaluate(rb, &a, matcher());
        prop_assert_eq!(r.urgency == Urgency::Urgent, alarm_answered(&a));
        prop_assert_eq!(&r.disclaimer, &rb.meta.disclaimer);
        for c in &r.causes {
            prop_assert!(!c.triggered_by.is_empty());
            prop_assert!(!c.because.is_empty());
            for q in &c.triggered_by {
                prop_assert!(a.get(q).is_some(), "cause {} cites unanswered {}", c.id, q);
            }
        }
        if r.urgency != Urgency::Urgent {
            let routine_advice = r.guidance.iter().any(|g| rb.guidance.iter().any(|x| x.id == g.id && x.routine));
            prop_assert_eq!(r.urgency == Urgency::Routine, !r.causes.is_empty() || routine_advice);
        }
        // The disposition refines the urgency and never weakens it.
        use gutcheck::report::Disposition;
        prop_assert_eq!(
            r.urgency == Urgency::Urgent,
            matches!(r.disposition, Disposition::Urgent | Disposition::Emergency)
        );
        prop_assert!(!r.bottom_line.headline.is_empty());
        let first_words: String = rb.meta.disclaimer.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
        let mut text = Vec::new();
        render::ReportFormat::Text.renderer(Style::plain()).report(&mut text, &r).unwrap();
        let mut md = Vec::new();
        render::ReportFormat::Markdown.renderer(Style::plain()).report(&mut md, &r).unwrap();
        for out in [text, md] {
            let s = String::from_utf8(out).unwrap();
            let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert!(flat.contains(&first_words));
            prop_assert!(s.contains("Bottom line"));
        }
        let mut json = Vec::new();
        render::ReportFormat::Json.renderer(Style::plain()).report(&mut json, &r).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        prop_assert_eq!(v["disclaimer"].as_str().unwrap(), rb.meta.disclaimer.as_str());
    }

    #[test]
    fn answers_files_never_panic(s in "\\PC{0,300}") {
        let _ = gutcheck::answers_file::parse("<prop>", &s, rb());
        let text = format!("[answers]\n{s}");
        let _ = gutcheck::answers_file::parse("<prop>", &text, rb());
    }
}

/// Text as hostile as it gets: words that make claims, Markdown that opens blocks, and every
/// kind of control character (C0, DEL, C1, bidi overrides and isolates).
fn hostile_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "\\PC{0,6}",
            "[\\x00-\\x1f\\x7f\\x{80}-\\x{9f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}]",
            Just("\x1b]0;title\x07".to_string()),
            Just("\x1b[2J".to_string()),
            Just("\n~~~\n".to_string()),
            Just("\n===\n".to_string()),
            Just("\n- x\n".to_string()),
            Just("\n```\n".to_string()),
            Just("    ".to_string()),
            Just("<div>".to_string()),
            Just("&#27;".to_string()),
            Just("heal leaky gut in 2 weeks".to_string()),
            Just(" zonulin proves a leaky gut ".to_string()),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

/// New lines and tabs are layout; every other control character must have been escaped.
fn no_control_characters(s: &str) -> bool {
    !s.chars()
        .any(|c| c != '\n' && c != '\t' && gutcheck::printable::is_unsafe(c))
}

/// The top-level blocks of a CommonMark document, by kind, and the text of the last one.
fn blocks(md: &str) -> (Vec<String>, String) {
    use pulldown_cmark::{Event, Parser};
    let mut depth = 0;
    let mut kinds = Vec::new();
    let mut last = String::new();
    for e in Parser::new(md) {
        match e {
            Event::Start(tag) => {
                if depth == 0 {
                    kinds.push(
                        format!("{tag:?}")
                            .split(['(', ' ', '{'])
                            .next()
                            .unwrap()
                            .to_string(),
                    );
                    last.clear();
                }
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) => last.push_str(&t),
            Event::SoftBreak => last.push(' '),
            Event::Html(_) | Event::InlineHtml(_) => kinds.push("Html".into()),
            _ => {}
        }
    }
    (kinds, last)
}

proptest! {
    /// With color off nothing but gutcheck's own text layout reaches the output: no ESC, no
    /// control character, no bidi override, whatever the description, the pasted text and
    /// the answers (text, Markdown and JSON).
    #[test]
    fn no_control_character_reaches_the_output(
        a in answers_strategy(),
        description in hostile_text(),
        pasted in hostile_text(),
    ) {
        let rb = rb();
        let mut a = a;
        a.insert(gutcheck::rules::CLAIMS_TEXT, Answer::Text(pasted));
        let mut r = evaluate(rb, &a, matcher());
        r.description = Some(description);
        r.trace = Some(gutcheck::evaluate::trace(rb, &a, &r));
        let mut text = Vec::new();
        render::ReportFormat::Text.renderer(Style::plain()).report(&mut text, &r).unwrap();
        let mut md = Vec::new();
        render::ReportFormat::Markdown.renderer(Style::plain()).report(&mut md, &r).unwrap();
        let mut json = Vec::new();
        render::ReportFormat::Json.renderer(Style::plain()).report(&mut json, &r).unwrap();
        for out in [text, md, json] {
            prop_assert!(!out.contains(&0x1b));
            let s = String::from_utf8(out).unwrap();
            prop_assert!(no_control_characters(&s), "{:?}", s);
        }
    }

    /// User text in the handout stays one paragraph: the handout has the same blocks as with
    /// a plain description, and the disclaimer is its own paragraph at the end.
    #[test]
    fn markdown_user_text_stays_one_paragraph(description in hostile_text(), pasted in hostile_text()) {
        let rb = rb();
        let mut a = Answers::default();
        a.insert(gutcheck::rules::CLAIMS_TEXT, Answer::Text(pasted));
        let mut r = evaluate(rb, &a, matcher());
        r.description = Some("plain".into());
        let mut plain = Vec::new();
        render::ReportFormat::Markdown.renderer(Style::plain()).report(&mut plain, &r).unwrap();
        r.description = Some(description);
        let mut hostile = Vec::new();
        render::ReportFormat::Markdown.renderer(Style::plain()).report(&mut hostile, &r).unwrap();
        let (want, _) = blocks(&String::from_utf8(plain).unwrap());
        let (got, last) = blocks(&String::from_utf8(hostile).unwrap());
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(got.last().map(String::as_str), Some("Paragraph"));
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(flat(&last), flat(&rb.meta.disclaimer));
    }

    /// Diagnostics echo input: control characters in it are shown, never sent.
    #[test]
    fn diagnostics_print_no_control_character(key in hostile_text(), value in hostile_text()) {
        let text = format!(
            "description = {}\n[answers]\n{} = {}\n",
            toml::Value::String(value.clone()),
            toml::Value::String(key),
            toml::Value::String(value),
        );
        if let Err(diags) = gutcheck::answers_file::parse("<prop>\x1b[31m", &text, rb()) {
            for d in diags {
                let shown = d.to_string();
                prop_assert!(no_control_characters(&shown), "{:?}", shown);
            }
        }
    }
}

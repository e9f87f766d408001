//! Invariants over arbitrary valid answers (proptest): the disclaimer is always there, an
//! alarm answer always makes the report urgent, every cause names the answers behind it.

use gutcheck::answers::{Answer, Answers};
use gutcheck::evaluate::evaluate;
use gutcheck::render::{self, Style};
use gutcheck::report::Urgency;
use gutcheck::rules::QuestionKind;
use proptest::prelude::*;

mod common;
use common::{matcher, rb};

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
        let r = evaluate(rb, &a, Some(matcher()));
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
        render::text::report(&mut text, &r, rb, Style::plain()).unwrap();
        let mut md = Vec::new();
        render::markdown::report(&mut md, &r, rb).unwrap();
        for out in [text, md] {
            let s = String::from_utf8(out).unwrap();
            let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert!(flat.contains(&first_words));
            prop_assert!(s.contains("Bottom line"));
        }
        let mut json = Vec::new();
        render::json::report(&mut json, &r).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        prop_assert_eq!(v["disclaimer"].as_str().unwrap(), rb.meta.disclaimer.as_str());
    }

    #[test]
    fn answers_files_never_panic(s in "\\PC{0,300}") {
        let _ = gutcheck::answers::parse("<prop>", &s, rb());
        let text = format!("[answers]\n{s}");
        let _ = gutcheck::answers::parse("<prop>", &text, rb());
    }
}

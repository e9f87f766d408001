//! The standardized cases in tests/vignettes/ (from reference/vignettes-public.toml), each an
//! answers file with its expected urgency, causes and claims. All must pass: under-triage of
//! an alarm feature is the worst failure, over-triage the second worst.

use std::collections::BTreeSet;
use std::fs;

use gutcheck::answers_file;
use gutcheck::evaluate::evaluate;
use gutcheck::loader::{self, LoadOptions};
use gutcheck::matcher::Matcher;

#[derive(serde::Deserialize)]
struct Expect {
    urgency: String,
    /// Optional: the disposition (emergency, urgent, routine, info).
    disposition: Option<String>,
    /// Optional: alarm features mentioned in the free text and not confirmed.
    #[serde(default)]
    mentioned: Option<Vec<String>>,
    causes: Vec<String>,
    claims: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Case {
    expect: Expect,
}

#[test]
fn every_vignette_gets_its_expected_urgency_causes_and_claims() {
    let rb = loader::load_builtin(LoadOptions {
        check_patterns: true,
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let m = Matcher::new(&rb).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vignettes");
    let mut paths: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 15,
        "expected the 15 public vignettes, found {}",
        paths.len()
    );
    let mut failures = Vec::new();
    for p in &paths {
        let text = fs::read_to_string(p).unwrap();
        let case: Case = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let file = answers_file::parse(&p.display().to_string(), &text, &rb)
            .unwrap_or_else(|d| panic!("{}", d.iter().map(|d| d.to_string()).collect::<String>()));
        // Vignettes answer every question: nothing is left to "not ruled out".
        assert_eq!(
            file.answers.len(),
            rb.questions.len(),
            "{} leaves questions unanswered",
            p.display()
        );
        let r = evaluate(&rb, &file.answers, &m);
        let got_causes: BTreeSet<&str> = r.causes.iter().map(|c| c.id.as_str()).collect();
        let got_claims: BTreeSet<&str> = r.claims.iter().map(|c| c.id.as_str()).collect();
        let want_causes: BTreeSet<&str> = case.expect.causes.iter().map(String::as_str).collect();
        let want_claims: BTreeSet<&str> = case.expect.claims.iter().map(String::as_str).collect();
        let name = p.file_name().unwrap().to_string_lossy();
        if r.urgency.as_str() != case.expect.urgency {
            failures.push(format!(
                "{name}: urgency {} (expected {})",
                r.urgency.as_str(),
                case.expect.urgency
            ));
        }
        if let Some(d) = &case.expect.disposition
            && r.disposition.as_str() != d
        {
            failures.push(format!(
                "{name}: disposition {} (expected {d})",
                r.disposition.as_str()
            ));
        }
        if let Some(m) = &case.expect.mentioned {
            let got: Vec<&str> = r
                .red_flags_mentioned
                .iter()
                .map(|x| x.id.as_str())
                .collect();
            if got != m.iter().map(String::as_str).collect::<Vec<_>>() {
                failures.push(format!("{name}: mentioned {got:?} (expected {m:?})"));
            }
        }
        if got_causes != want_causes {
            failures.push(format!(
                "{name}: causes {got_causes:?} (expected {want_causes:?})"
            ));
        }
        if got_claims != want_claims {
            failures.push(format!(
                "{name}: claims {got_claims:?} (expected {want_claims:?})"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "vignette failures:\n{}",
        failures.join("\n")
    );
}

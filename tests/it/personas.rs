//! The workshop personas in examples/: embedded copies match the files, each has a
//! description, replays by name, and lands where a presenter expects it to.

use std::fs;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::BIN;

fn report(name: &str) -> Value {
    let out = Command::new(BIN)
        .args(["--example", name, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn embedded_personas_are_the_files_in_examples() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut files: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| n.trim_end_matches(".toml").to_string())
        .collect();
    files.sort();
    let embedded: Vec<String> = gutcheck::personas::PERSONAS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(files, embedded);
    assert!(embedded.len() >= 8);
    for (name, text) in gutcheck::personas::PERSONAS {
        assert_eq!(
            fs::read_to_string(format!("{dir}/{name}.toml")).unwrap(),
            text
        );
        assert!(
            gutcheck::personas::description(text).is_some(),
            "{name} has no description"
        );
    }
}

#[test]
fn examples_lists_one_persona_a_line_beginning_with_its_name() {
    let out = Command::new(BIN).arg("examples").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), gutcheck::personas::PERSONAS.len());
    for ((name, _), line) in gutcheck::personas::PERSONAS.iter().zip(lines) {
        assert!(line.starts_with(name), "{line}");
    }
}

#[test]
fn personas_land_where_expected() {
    let r = report("alarm-among-mild");
    assert_eq!(r["urgency"], "urgent");
    assert!(r["description"].as_str().unwrap().contains("weight"));

    let r = report("wellness-blog-reader");
    assert_eq!(r["urgency"], "info");
    assert!(ids(&r, "claims").contains(&"quick-fix-timeline".to_string()));

    let r = report("zonulin-high-report");
    assert!(ids(&r, "claims").contains(&"zonulin-proof".to_string()));
    assert!(ids(&r, "guidance").contains(&"zonulin-result".to_string()));

    let r = report("lactulose-mannitol-reader");
    assert_eq!(r["urgency"], "info");
    assert!(ids(&r, "guidance").contains(&"lactulose-mannitol".to_string()));

    let r = report("gluten-free-wants-test");
    assert_eq!(r["urgency"], "routine");
    assert_eq!(
        ids(&r, "guidance")[0],
        "test-while-eating-gluten",
        "gluten advice must come first"
    );

    let r = report("hot-race-marathoner");
    let causes = ids(&r, "causes");
    assert!(
        causes.contains(&"endurance-stress".to_string()) && causes.contains(&"nsaids".to_string())
    );

    let r = report("daily-ibuprofen");
    assert_eq!(ids(&r, "causes"), ["nsaids"]);

    let r = report("thinks-its-fake");
    assert_eq!(ids(&r, "claims"), ["fake-condition"]);

    let r = report("nothing-points-to-a-cause");
    assert_eq!(r["urgency"], "info");
    assert!(ids(&r, "causes").is_empty() && ids(&r, "claims").is_empty());
}

/// Advice that must never appear together in one report: each pair is a contradiction a
/// reader would act on (keep eating as usual vs. a supervised gluten challenge; nothing
/// points to a cause vs. a listed cause; no alarm vs. an urgent section).
const CONTRADICTIONS: &[(&str, &str)] = &[
    ("Keep eating as usual", "gluten challenge"),
    ("including gluten)", "already cut it out"),
    (
        "Nothing in your answers points to",
        "How it is usually checked:",
    ),
    ("no alarm feature reported", "See a clinician promptly"),
    (
        "no alarm feature reported",
        "same-day or emergency care now",
    ),
    (
        "Nothing here needs an appointment",
        "Causes worth checking\n\n  *",
    ),
];

#[test]
fn no_report_gives_contradictory_advice() {
    let mut texts: Vec<(String, String)> = Vec::new();
    let run = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(args)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "1000")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    for e in fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        texts.push((name.clone(), run(&["--example", &name])));
        texts.push((
            format!("{name} (markdown)"),
            run(&["--example", &name, "--format", "markdown"]),
        ));
    }
    for e in fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vignettes")).unwrap() {
        let p = e.unwrap().path();
        texts.push((
            p.display().to_string(),
            run(&["--answers", p.to_str().unwrap()]),
        ));
    }
    assert!(texts.len() > 30);
    let mut found = Vec::new();
    for (name, text) in &texts {
        for (a, b) in CONTRADICTIONS {
            if text.contains(a) && text.contains(b) {
                found.push(format!("{name}: {a:?} and {b:?}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "contradictory advice:\n{}",
        found.join("\n")
    );
}

//! `gutcheck rules eval DIR`: how well the claim recogniser does on a labelled set of documents.
//!
//! The directory holds text files and a `labels.toml` (the format of corpus-dev: one `[[doc]]`
//! per file with the claims it asserts, and `[[doc.span]]` sentences labelled asserted or not).
//! Every file is scanned as `gutcheck scan` would; the result is compared with the labels at
//! two levels:
//! - **document**: the set of claims a document asserts anywhere;
//! - **sentence**: each labelled asserted sentence is found when an asserted finding of that
//!   claim overlaps it; each asserted finding is right when it overlaps an asserted labelled
//!   sentence of its claim.
//!
//! Documents whose number is a multiple of 4 form the held-out part (reported separately,
//! never tuned on); the others are the tuning part.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::matcher::Matcher;
use crate::rules::RuleBase;
use crate::scan::prefilter::Prefilter;
use crate::scan::source::{Finding, Scanner};

#[derive(Debug, Deserialize)]
pub struct Labels {
    #[serde(default)]
    pub doc: Vec<LabelledDoc>,
}

#[derive(Debug, Deserialize)]
pub struct LabelledDoc {
    pub file: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub claims: Vec<String>,
    #[serde(default)]
    pub span: Vec<LabelledSpan>,
}

#[derive(Debug, Deserialize)]
pub struct LabelledSpan {
    pub claim: String,
    pub text: String,
    pub asserted: bool,
}

/// True and false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub tp: u32,
    pub fp: u32,
    pub fn_: u32,
}

impl Counts {
    pub fn precision(&self) -> Option<f64> {
        let d = self.tp + self.fp;
        (d > 0).then(|| f64::from(self.tp) / f64::from(d))
    }
    pub fn recall(&self) -> Option<f64> {
        let d = self.tp + self.fn_;
        (d > 0).then(|| f64::from(self.tp) / f64::from(d))
    }
    fn add(&mut self, o: &Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// Which part of the set a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    Tuning,
    HeldOut,
}

impl Part {
    pub fn of(file: &str) -> Part {
        let digits: String = file.chars().take_while(char::is_ascii_digit).collect();
        match digits.parse::<u32>() {
            Ok(n) if n % 4 == 0 => Part::HeldOut,
            _ => Part::Tuning,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Part::Tuning => "tuning",
            Part::HeldOut => "held-out",
        }
    }
}

/// A mistake, for `--errors`.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub file: String,
    pub claim: String,
    /// "missed" (a labelled asserted sentence not found) or "wrong" (a finding not labelled).
    pub kind: &'static str,
    pub text: String,
    pub doc_level: bool,
}

/// Counts per part and claim, at both levels.
#[derive(Debug, Default, Serialize)]
pub struct Evaluation {
    pub documents: BTreeMap<Part, usize>,
    pub doc: BTreeMap<Part, BTreeMap<String, Counts>>,
    pub sentence: BTreeMap<Part, BTreeMap<String, Counts>>,
    pub misses: Vec<Miss>,
}

impl Evaluation {
    /// Totals over every claim of one part and level.
    pub fn total(table: &BTreeMap<String, Counts>) -> Counts {
        let mut t = Counts::default();
        for c in table.values() {
            t.add(c);
        }
        t
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Evaluates the recogniser on the labelled directory `dir`. Errors are messages for the user.
pub fn evaluate_dir(rb: &RuleBase, dir: &Path) -> Result<Evaluation, String> {
    let labels_path = dir.join("labels.toml");
    let text = std::fs::read_to_string(&labels_path)
        .map_err(|e| format!("{}: cannot read: {e}", labels_path.display()))?;
    let labels: Labels = toml::from_str(&text).map_err(|e| {
        let (line, col) = e.span().map_or((0, 0), |s| {
            let before = &text[..s.start];
            (
                before.matches('\n').count() + 1,
                before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1,
            )
        });
        format!(
            "{}:{line}:{col}: {}",
            labels_path.display(),
            e.message().trim()
        )
    })?;
    let matcher = Matcher::lazy(rb);
    let prefilter = Prefilter::new(rb);
    let scanner = Scanner {
        matcher: &matcher,
        prefilter: &prefilter,
        all: true,
        context: false,
    };
    let mut ev = Evaluation::default();
    for d in &labels.doc {
        let path = dir.join(&d.file);
        let body =
            std::fs::read(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let body_text = String::from_utf8_lossy(&body).into_owned();
        let found: Vec<Finding> = scanner.scan_str(&body_text);
        let part = Part::of(&d.file);
        *ev.documents.entry(part).or_default() += 1;
        let asserted: Vec<&Finding> = found.iter().filter(|f| !f.refuted).collect();
        // Document level.
        let doc_table = ev.doc.entry(part).or_default();
        for c in &rb.claims {
            let predicted = asserted.iter().any(|f| rb.claims[f.claim].id == c.id);
            let labelled = d.claims.contains(&c.id);
            let e = doc_table.entry(c.id.clone()).or_default();
            match (predicted, labelled) {
                (true, true) => e.tp += 1,
                (true, false) => {
                    e.fp += 1;
                    let f = asserted
                        .iter()
                        .find(|f| rb.claims[f.claim].id == c.id)
                        .expect("predicted");
                    ev.misses.push(Miss {
                        file: d.file.clone(),
                        claim: c.id.clone(),
                        kind: "wrong",
                        text: sentence_of(&body_text, f),
                        doc_level: true,
                    });
                }
                (false, true) => {
                    e.fn_ += 1;
                    ev.misses.push(Miss {
                        file: d.file.clone(),
                        claim: c.id.clone(),
                        kind: "missed",
                        text: d
                            .span
                            .iter()
                            .find(|s| s.asserted && s.claim == c.id)
                            .map(|s| s.text.clone())
                            .unwrap_or_default(),
                        doc_level: true,
                    });
                }
                (false, false) => {}
            }
        }
        // Sentence level.
        // Every place a labelled sentence occurs (a title is often repeated as a heading).
        let spans: Vec<(&LabelledSpan, Vec<Range<usize>>)> = d
            .span
            .iter()
            .map(|s| {
                let places = body_text
                    .match_indices(&s.text)
                    .map(|(i, _)| i..i + s.text.len())
                    .collect();
                (s, places)
            })
            .collect();
        let sent_table = ev.sentence.entry(part).or_default();
        for (s, r) in &spans {
            if !s.asserted {
                continue;
            }
            let hit = r.iter().any(|r| {
                asserted
                    .iter()
                    .any(|f| rb.claims[f.claim].id == s.claim && overlaps(&offsets(f), r))
            });
            let e = sent_table.entry(s.claim.clone()).or_default();
            if hit {
                e.tp += 1;
            } else {
                e.fn_ += 1;
                ev.misses.push(Miss {
                    file: d.file.clone(),
                    claim: s.claim.clone(),
                    kind: "missed",
                    text: s.text.clone(),
                    doc_level: false,
                });
            }
        }
        for f in &asserted {
            let id = &rb.claims[f.claim].id;
            let right = spans.iter().any(|(s, r)| {
                s.asserted && &s.claim == id && r.iter().any(|r| overlaps(&offsets(f), r))
            });
            if !right {
                sent_table.entry(id.clone()).or_default().fp += 1;
                ev.misses.push(Miss {
                    file: d.file.clone(),
                    claim: id.clone(),
                    kind: "wrong",
                    text: sentence_of(&body_text, f),
                    doc_level: false,
                });
            }
        }
    }
    Ok(ev)
}

fn offsets(f: &Finding) -> Range<usize> {
    f.offset as usize..f.end_offset as usize
}

/// The line of text around a finding, for error listings.
fn sentence_of(text: &str, f: &Finding) -> String {
    let r = offsets(f);
    let start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[r.end.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| r.end + i);
    let line = &text[start..end];
    if line.chars().count() > 240 {
        let from = r.start - start;
        let mut a = from.saturating_sub(80);
        while !line.is_char_boundary(a) {
            a -= 1;
        }
        let mut b = (from + 160).min(line.len());
        while !line.is_char_boundary(b) {
            b += 1;
        }
        format!("…{}…", &line[a..b])
    } else {
        line.to_string()
    }
}

fn fmt(v: Option<f64>) -> String {
    v.map_or_else(|| "  -  ".to_string(), |x| format!("{x:.2}"))
}

/// The evaluation as a table: per part, per claim, document and sentence precision and recall.
pub fn write_text(
    w: &mut dyn std::io::Write,
    rb: &RuleBase,
    ev: &Evaluation,
    errors: bool,
    held_out_errors: bool,
) -> std::io::Result<()> {
    for (part, n) in &ev.documents {
        writeln!(
            w,
            "{} part: {n} documents (asserted claims only)\n",
            part.label()
        )?;
        writeln!(
            w,
            "{:<26} {:>4} {:>4} {:>4} {:>5} {:>5}   {:>4} {:>4} {:>4} {:>5} {:>5}",
            "claim", "tp", "fp", "fn", "P", "R", "tp", "fp", "fn", "P", "R"
        )?;
        writeln!(
            w,
            "{:<26} {:-^28}   {:-^28}",
            "", " documents ", " sentences "
        )?;
        let empty = BTreeMap::new();
        let docs = ev.doc.get(part).unwrap_or(&empty);
        let sents = ev.sentence.get(part).unwrap_or(&empty);
        let row = |name: &str, d: Counts, s: Counts| {
            format!(
                "{:<26} {:>4} {:>4} {:>4} {:>5} {:>5}   {:>4} {:>4} {:>4} {:>5} {:>5}",
                name,
                d.tp,
                d.fp,
                d.fn_,
                fmt(d.precision()),
                fmt(d.recall()),
                s.tp,
                s.fp,
                s.fn_,
                fmt(s.precision()),
                fmt(s.recall())
            )
        };
        for c in &rb.claims {
            let d = docs.get(&c.id).copied().unwrap_or_default();
            let s = sents.get(&c.id).copied().unwrap_or_default();
            writeln!(w, "{}", row(&c.id, d, s))?;
        }
        writeln!(
            w,
            "{}\n",
            row(
                "all claims",
                Evaluation::total(docs),
                Evaluation::total(sents)
            )
        )?;
    }
    if errors || held_out_errors {
        for part in ev.documents.keys() {
            if *part == Part::HeldOut && !held_out_errors {
                writeln!(
                    w,
                    "(the held-out part's mistakes are not listed, so that nobody tunes on them; --held-out-errors lists them)"
                )?;
                continue;
            }
            for m in ev.misses.iter().filter(|m| Part::of(&m.file) == *part) {
                writeln!(
                    w,
                    "{} {:<6} {} {:<24} {}",
                    if m.doc_level { "DOC " } else { "sent" },
                    m.kind,
                    crate::printable::line(&m.file),
                    crate::printable::line(&m.claim),
                    crate::scan::render::printable(&m.text)
                )?;
            }
        }
    }
    Ok(())
}

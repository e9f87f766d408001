//! Is a claim asserted where it is found? One place answers it, with the reason when it is not.
//!
//! A sentence can hold a claim's words without making the claim: it may deny it ("probiotics do
//! not heal a leaky gut"), hedge it ("may help"), report someone else saying it ("some websites
//! claim"), ask it, refute it ("there is no evidence that"), sit under a "Myth" heading, or be
//! answered by the next sentence ("Verdict: False."). The cue words are concepts of the rule
//! base with the reserved ids in [`CUES`]; a rule base without one of them simply does not use
//! that check.

use std::ops::Range;

use serde::Serialize;

use super::vocabulary::Hit;

/// The reserved concept ids that hold assertion cues, in the order of [`Cues`]' fields.
pub const CUES: [&str; 11] = [
    "negation",
    "hedge",
    "association",
    "reported",
    "refutation",
    "myth-label",
    "rebuttal",
    "attribution",
    "relative",
    "endorsement",
    "asks-back",
];

/// Why a mention of a claim does not count as asserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The sentence is a question.
    Question,
    /// Under a heading, or after a label, that marks myths or a fact-check.
    MythHeading,
    /// Someone else's words: "some websites claim", "proponents say".
    Reported,
    /// The sentence itself refutes it: "there is no evidence that", "unproven".
    Refuted,
    /// Denied: "does not heal", "cannot fix".
    Negated,
    /// Hedged: "may", "might", "is linked to", "research suggests".
    Hedged,
    /// The next sentence answers it: "Verdict: False.", "That is not true."
    Rebutted,
    /// On a page that rebuts most of the claims it mentions, in a sentence no one tells in
    /// the first person: the page's voice is sceptical, so an unmarked mention is read as
    /// one more claim it sets out to answer (see `scan::source::CAREFUL_PAGE_MIN`).
    CarefulPage,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Question => "question",
            Reason::MythHeading => "myth-heading",
            Reason::Reported => "reported",
            Reason::Refuted => "refuted",
            Reason::Negated => "negated",
            Reason::Hedged => "hedged",
            Reason::Rebutted => "rebutted",
            Reason::CarefulPage => "careful-page",
        }
    }

    /// The reason in the rule base's words: short (`reason-reported`, for the finding's line)
    /// or as a phrase (`reason-reported-long`, for its explanation).
    pub fn words(self, m: &crate::rules::messages::Messages, long: bool) -> String {
        let suffix = if long { "-long" } else { "" };
        m.get(&format!("reason-{}{suffix}", self.as_str()))
            .into_owned()
    }

    /// Whether a person who pasted this text has still *met* the claim (the triage's free
    /// text): a claim someone told them, asked about or hedged is one they met; a denial or
    /// a debunking is not.
    pub fn still_met(self) -> bool {
        matches!(self, Reason::Question | Reason::Reported | Reason::Hedged)
    }
}

/// Concept indices of the cue vocabularies (None when the rule base lacks one).
#[derive(Debug, Clone, Copy, Default)]
pub struct Cues {
    pub negation: Option<u16>,
    pub hedge: Option<u16>,
    pub association: Option<u16>,
    pub reported: Option<u16>,
    pub refutation: Option<u16>,
    pub myth_label: Option<u16>,
    pub rebuttal: Option<u16>,
    pub attribution: Option<u16>,
    pub relative: Option<u16>,
    pub endorsement: Option<u16>,
    pub asks_back: Option<u16>,
    /// Not a cue of its own: words that point back ("that is"), which after a comma read as
    /// a new clause's subject, not as a relative clause.
    pub refers_back: Option<u16>,
}

impl Cues {
    pub fn new(concept_ids: &[String]) -> Cues {
        let find = |id: &str| concept_ids.iter().position(|c| c == id).map(|i| i as u16);
        Cues {
            negation: find(CUES[0]),
            hedge: find(CUES[1]),
            association: find(CUES[2]),
            reported: find(CUES[3]),
            refutation: find(CUES[4]),
            myth_label: find(CUES[5]),
            rebuttal: find(CUES[6]),
            attribution: find(CUES[7]),
            relative: find(CUES[8]),
            endorsement: find(CUES[9]),
            asks_back: find(CUES[10]),
            refers_back: find(super::REFERS_BACK),
        }
    }

    pub fn is_cue(&self, c: u16) -> bool {
        [
            self.negation,
            self.hedge,
            self.association,
            self.reported,
            self.refutation,
            self.myth_label,
            self.rebuttal,
            self.attribution,
            self.relative,
            self.endorsement,
            self.asks_back,
        ]
        .contains(&Some(c))
    }
}

/// Words a cue may stand before the claim's first word and still govern it.
const NEGATION_REACH: usize = 6;
const HEDGE_REACH: usize = 4;
/// A denial after the claim's words (within [`NEGATION_REACH`]) this close before another word
/// of its vocabulary denies the claim ("… symptoms are not signs of healing").
const AFTER_REACH: usize = 2;
/// A rebuttal counts when it opens the next sentence (within this many words).
const REBUTTAL_REACH: usize = 6;
/// A next sentence this short (in words) is read as a verdict on the one before.
const SHORT_VERDICT: usize = 12;
/// A myth label counts when it opens the sentence.
const LABEL_REACH: usize = 3;
/// A speech verb names the speaker of a quotation when it follows the closing quote mark
/// within this many words ('," warns one site', '," she said').
pub const ATTRIBUTION_REACH: usize = 4;
/// ... and within this many words (a verb of speech only, in the same clause) when the
/// quotation closes on a comma, as a quotation that goes on into its sentence does.
pub const LONG_ATTRIBUTION_REACH: usize = 12;
/// Whether a denial at the start of `denial`, after `between` the closing quote mark and it,
/// is the quoted sentence's own verb: nothing or one helper verb between ('"…" is not true',
/// '"…" isn't'), and not "not just", "not only", "no longer" (which go on to agree).
fn denies_quotation(between: &str, denial: &str) -> bool {
    const HELPERS: [&str; 10] = [
        "is", "are", "was", "were", "does", "do", "did", "has", "have", "had",
    ];
    // The helper verbs and the words that go on to agree are English; in another script one
    // word between is taken for a helper, and the word after the denial is not read.
    let between = between.trim();
    let one_foreign_word = !between.is_ascii() && !between.contains(' ');
    if !(between.is_empty()
        || one_foreign_word
        || HELPERS.contains(&between.to_ascii_lowercase().as_str()))
    {
        return false;
    }
    let mut words = denial.split_whitespace();
    let first = words.next().unwrap_or("").to_ascii_lowercase();
    let next = words
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase();
    if first == "never" {
        return false;
    }
    !matches!(
        next.as_str(),
        "just" | "only" | "merely" | "simply" | "longer" | "the"
    )
}
/// A denial this close after a relative word ("that", in words: fewer than this many spaces
/// apart) is in the relative clause.
const RELATIVE_REACH: usize = 8;

/// Whether normalised text holds a colon, semicolon or dash (long dashes are normalised to
/// " - "), which ends one clause and starts the next.
fn parts_clauses(between: &str) -> bool {
    between.contains([';', ':']) || between.contains(" - ")
}

/// Whether a hit is glued by a dot, underscore or at sign to letters beside it, as a word in a
/// user name or web address is ("ben.r.skeptic", "@gut_myths_busted"): there it is a name,
/// not a cue.
fn in_handle(text: &str, h: &Hit) -> bool {
    let b = text.as_bytes();
    let glue = |c: u8| matches!(c, b'.' | b'_' | b'@');
    let before = h.start >= 2 && glue(b[h.start - 1]) && b[h.start - 2].is_ascii_alphanumeric();
    let after = b.get(h.end).is_some_and(|&c| glue(c))
        && b.get(h.end + 1).is_some_and(|c| c.is_ascii_alphanumeric());
    before || after
}

/// Whether a sentence of normalised text is a question. It stays one when a quote or bracket
/// closes it ('"… powder?"'); emphasis marks are gone and quote marks are straight.
fn is_question(sentence: &str) -> bool {
    sentence
        .trim_end()
        .trim_end_matches(['"', '\'', ')'])
        .ends_with('?')
}

/// One sentence and what was found in it.
pub struct Sentence<'a> {
    /// The normalised text the ranges refer to.
    pub text: &'a str,
    pub range: Range<usize>,
    /// Every concept hit inside `range`, sorted.
    pub hits: &'a [Hit],
}

impl Sentence<'_> {
    fn words_between(&self, from: usize, to: usize) -> usize {
        if to <= from {
            return 0;
        }
        self.text.as_bytes()[from..to]
            .iter()
            .filter(|&&b| b == b' ')
            .count()
    }

    fn cue(&self, cue: Option<u16>, ignore: &dyn Fn(&Hit) -> bool) -> impl Iterator<Item = &Hit> {
        self.hits
            .iter()
            .filter(move |h| cue == Some(h.concept) && !ignore(h))
    }

    /// Whether cue hit `h` lies inside a longer phrase of a concept that is no cue: the cue is
    /// that phrase's word ("wrong" in "what's been wrong with me" is no verdict).
    fn inside_longer(&self, cues: &Cues, h: &Hit) -> bool {
        self.hits.iter().any(|o| {
            !cues.is_cue(o.concept)
                && o.start <= h.start
                && h.end <= o.end
                && o.end - o.start > h.end - h.start
        })
    }
}

/// Whether sentence `s`, coming after a quoted claim, answers it: a denial or a refutation
/// anywhere in it, or a rebuttal that opens it. A sentence that is itself a quotation answers
/// nothing.
pub fn answers_quotation(cues: &Cues, s: &Sentence<'_>) -> bool {
    let sentence = &s.text[s.range.clone()];
    if sentence.trim().is_empty() || super::is_quotation(sentence) {
        return false;
    }
    let opening = |h: &Hit| !s.text[s.range.start..h.start].trim().contains(' ');
    s.hits.iter().any(|h| {
        h.start >= s.range.start
            && h.end <= s.range.end
            && ([cues.negation, cues.refutation].contains(&Some(h.concept))
                || (Some(h.concept) == cues.rebuttal && opening(h)))
            && !s.inside_longer(cues, h)
    })
}

/// What surrounds a sentence.
#[derive(Default)]
pub struct Surroundings<'a> {
    /// The heading above (or the page's label for this passage) marks myths or a fact-check.
    pub under_myth_heading: bool,
    /// The sentence is a quotation that goes on from a sentence reporting someone's words.
    pub continues_quote: bool,
    /// The next sentence, if known.
    pub next: Option<Sentence<'a>>,
    /// The claim stands in a quotation set out as sentences of its own, and the sentence
    /// after the quotation denies or refutes something: a quoted claim set up to be answered
    /// ('"Seal your gut in 14 days." No supplement has been shown to seal it.').
    pub quote_answered: bool,
}

/// Judges one claim mention. `span` covers the claim's own words (`own` hits); cue hits that
/// overlap them, or whose concept the claim ignores, do not count. Returns `None` when the
/// claim is asserted.
pub fn judge(
    cues: &Cues,
    s: &Sentence<'_>,
    span: Range<usize>,
    own: &[Hit],
    ignore: &[u16],
    uses: &[u16],
    around: &Surroundings<'_>,
) -> Option<Reason> {
    // Kept inside the sentence: a phrase with a full stop of its own ("e.g. gut") can run
    // past the sentence end the splitter found in it.
    let start = span.start.clamp(s.range.start, s.range.end);
    let span = start..span.end.clamp(start, s.range.end);
    // A cue inside one of the claim's own words is part of the claim ("not real" in "leaky
    // gut is not real"); a longer cue that merely overlaps them still counts ("pseudoscience
    // promoters" around "pseudoscience").
    // A cue inside a longer phrase of the claim's vocabulary belongs to that phrase too
    // ("whether" in "tells you whether"); a phrase of a concept the claim does not name does
    // not hide one ("won't" in "won't seal" stays a negation for a supplement claim).
    let skip = |h: &Hit| {
        ignore.contains(&h.concept)
            || in_handle(s.text, h)
            || own.iter().any(|o| o.start <= h.start && h.end <= o.end)
            // A cue that is also a word of one of the claim's own concepts is that word: in
            // "leaky gut is fake, it's a scam", "scam" says made up, as "fake" does.
            || s.hits.iter().any(|o| {
                o.start == h.start
                    && o.end == h.end
                    && !cues.is_cue(o.concept)
                    && own.iter().any(|w| w.concept == o.concept)
            })
            || s.hits.iter().any(|o| {
                !cues.is_cue(o.concept)
                    && uses.contains(&o.concept)
                    && o.start <= h.start
                    && h.end <= o.end
                    && o.end - o.start > h.end - h.start
            })
    };
    let sentence = s.text[s.range.clone()].trim_end();
    if is_question(sentence) {
        return Some(Reason::Question);
    }
    // A label that opens the sentence ("First myth on our list: ...") counts even when the
    // claim's own words include it.
    if around.under_myth_heading
        || s.cue(cues.myth_label, &|h: &Hit| ignore.contains(&h.concept))
            .any(|h| s.words_between(s.range.start, h.start) < LABEL_REACH)
    {
        return Some(Reason::MythHeading);
    }
    // Someone's words that the writer then takes as their own ("my friend told me it was
    // die-off, and she was right", "I read that it all starts in the gut, and everything
    // clicked") are the writer's claim: an endorsement after the reporting cue cancels it.
    let first_report = s.cue(cues.reported, &skip).map(|h| h.start).min();
    let endorsed = |from: usize| s.cue(cues.endorsement, &skip).any(|h| h.start >= from);
    if (around.continues_quote && !endorsed(s.range.start))
        || first_report.is_some_and(|r| !endorsed(r))
    {
        return Some(Reason::Reported);
    }
    // A claim inside quote marks that a speech verb follows ('"… can lead to arthritis,"
    // warns one wellness site') is the speaker's.
    let quoted = s.text[s.range.start..span.start].matches('"').count() % 2 == 1;
    let close = s.text[span.end..s.range.end]
        .find('"')
        .map(|c| span.end + c);
    if let Some(close) = close.filter(|_| quoted)
        && s.cue(cues.attribution, &skip)
            .any(|h| h.start > close && s.words_between(close, h.start) < ATTRIBUTION_REACH)
    {
        return Some(Reason::Reported);
    }
    // A quotation denied as a whole ('"Probiotics heal the gut" is not something the evidence
    // supports', '"… in 14 days" isn't true'): the denial is the quotation's own verb, right
    // after its closing mark or after one helper verb ("is not", "isn't"). The claim must lie
    // within the one quotation (a scare-quoted word before it does not make it quoted);
    // "not just", "not only", "no longer" do not deny, and a quotation that closes on a comma
    // goes on into another clause ('"…," not a single customer has asked').
    if let Some(close) = close.filter(|&c| {
        quoted && !s.text[span.clone()].contains('"') && !s.text[..c].trim_end().ends_with(',')
    }) && s.cue(cues.negation, &skip).any(|h| {
        h.start > close && denies_quotation(&s.text[close + 1..h.start], &s.text[h.start..])
    }) {
        return Some(Reason::Negated);
    }
    if s.cue(cues.refutation, &skip).next().is_some() {
        return Some(Reason::Refuted);
    }
    // A list of single words between a denial and the claim counts as one word, so "no single
    // blood, stool, hair or saliva test that diagnoses leaky gut" is denied: at least three
    // items, those between the commas one word each, the last one with its joining word and
    // at most one more word right before the claim ("or saliva test"). The spaces after the
    // commas are not counted.
    let list_items = |from: usize, to: usize| {
        let pieces: Vec<&str> = s.text[from..to].split(", ").collect();
        let one_word = |p: &&str| !p.is_empty() && !p.contains(' ');
        let closes = pieces.last().is_some_and(|last| {
            (2..=3).contains(&last.split_whitespace().count()) && !last.starts_with(' ')
        });
        if pieces.len() > 2 && closes && pieces[1..pieces.len() - 1].iter().all(one_word) {
            pieces.len() - 1
        } else {
            0
        }
    };
    let governs = |h: &Hit, reach: usize| {
        (h.start < span.end && h.end > span.start)
            || (h.end <= span.start
                && s.words_between(h.end, span.start) - list_items(h.end, span.start) < reach)
    };
    // A denial belongs to a side clause when it sits in a relative clause ("fatigue that
    // sleep doesn't fix is a sign of …") or, between the claim's words, when a colon,
    // semicolon or dash parts it from the claim's next word ("the low mood you can't explain
    // - that's a leaky gut"); "leaky gut does not cause fatigue, bloating …" is still denied.
    // Where words that point back ("that is") open a clause after a comma: such a "that"
    // opens no relative clause ("… after starting a new supplement, that is not a sign of
    // healing"), and such a clause may be set against a denial ("…, that is not stress, that
    // is a leaky gut"). Inside the claim's own words too: "that is a leaky gut" is one of them.
    let clauses_pointing_back: Vec<usize> = s
        .cue(cues.refers_back, &|_: &Hit| false)
        .filter(|b| s.text[..b.start].trim_end().ends_with(','))
        .map(|b| b.start)
        .collect();
    let side_clause = |h: &Hit| {
        let relatives = || {
            s.cue(cues.relative, &skip)
                .filter(|r| r.end <= h.start && !clauses_pointing_back.contains(&r.start))
        };
        if h.start <= span.start {
            // Before the claim, a colon, semicolon or dash ends the denial's clause ("what
            // most people never get told: those are messages from a leaky gut"), and so does
            // a relative clause hung on a phrase of the vocabulary ("brain fog that sleep
            // doesn't fix"), but not "the authors caution that the study cannot show …".
            if h.end <= span.start && parts_clauses(&s.text[h.end..span.start]) {
                return true;
            }
            return relatives().any(|r| {
                s.words_between(r.end, h.start) < RELATIVE_REACH
                    && s.hits.iter().any(|o| {
                        !cues.is_cue(o.concept) && uses.contains(&o.concept) && o.end + 1 == r.start
                    })
            });
        }
        let next_own = own
            .iter()
            .filter(|o| o.start >= h.end)
            .map(|o| o.start)
            .min();
        // The denial's own verb is a word of the claim ("a supplement that does not heal a
        // leaky gut"): it denies the claim, relative clause or not.
        let denies_claim_word = next_own.is_some_and(|n| s.words_between(h.end, n) < 2);
        let relative = !denies_claim_word
            && relatives().any(|r| r.start >= span.start && s.words_between(r.end, h.start) < 5);
        let parted = next_own.is_some_and(|n| parts_clauses(&s.text[h.end..n]));
        // The denial is of what a clause pointing back then sets against the claim.
        let contrasted =
            next_own.is_some_and(|n| clauses_pointing_back.iter().any(|&b| b > h.end && b <= n));
        relative || parted || contrasted
    };
    // A denial just after the claim's words that goes on to another word of the claim's
    // vocabulary denies the claim's predicate ("a new rash, headaches or worse symptoms are not
    // signs of healing").
    let denies_after = |h: &Hit| {
        h.start >= span.end
            && s.words_between(span.end, h.start) < NEGATION_REACH
            && s.hits.iter().any(|o| {
                !cues.is_cue(o.concept)
                    && uses.contains(&o.concept)
                    && o.start >= h.end
                    && s.words_between(h.end, o.start) < AFTER_REACH
            })
    };
    if s.cue(cues.negation, &skip)
        .any(|h| (governs(h, NEGATION_REACH) && !side_clause(h)) || denies_after(h))
    {
        return Some(Reason::Negated);
    }
    if s.cue(cues.hedge, &skip).any(|h| governs(h, HEDGE_REACH)) {
        return Some(Reason::Hedged);
    }
    // "is linked to" hedges the claim it joins, not a clause that merely holds it
    // ("triggers linked to permeability should always come first"): it counts when it stands
    // between the claim's first two words, or just before them.
    let inner = own.iter().map(|h| h.end).min().unwrap_or(span.start);
    if s.cue(cues.association, &skip).any(|h| {
        (h.start >= inner && h.end <= own.iter().map(|o| o.start).max().unwrap_or(span.end))
            || (h.end <= span.start && s.words_between(h.end, span.start) < HEDGE_REACH)
    }) {
        return Some(Reason::Hedged);
    }
    // A rebuttal answers the sentence before when it opens the next one, or when the next one
    // is a short verdict ("Verdict: False."); deeper in a long sentence it is about that
    // sentence's own subject.
    if let Some(next) = &around.next {
        let short = next.words_between(next.range.start, next.range.end) < SHORT_VERDICT;
        // As above, a cue inside a longer phrase is that phrase's ("wrong" in "what's been
        // wrong with me" is no verdict).
        let inside_longer = |h: &Hit| next.inside_longer(cues, h);
        // A question that opens by pointing back ("Doesn't that prove …?", "Does this mean
        // …?") asks about the sentence before: that sentence is its premise, not a claim
        // made ("My naturopath's zonulin test came back high. Doesn't that prove I have a
        // leaky gut?").
        if is_question(&next.text[next.range.clone()])
            && next
                .cue(cues.asks_back, &inside_longer)
                .any(|h| next.words_between(next.range.start, h.start) < 2)
        {
            return Some(Reason::Question);
        }
        if next.cue(cues.rebuttal, &inside_longer).any(|h| {
            let at = next.words_between(next.range.start, h.start);
            at < 2 || (short && at < REBUTTAL_REACH)
        }) {
            return Some(Reason::Rebutted);
        }
        // The clause after ", but" is the writer's answer to the one before: a refutation
        // anywhere in it answers the claim ("kits are sold as proof of a leaky gut, but the
        // assays are unreliable and a single result tells you very little").
        if sentence.ends_with(',') && next.cue(cues.refutation, &inside_longer).next().is_some() {
            return Some(Reason::Rebutted);
        }
    }
    if around.quote_answered {
        return Some(Reason::Rebutted);
    }
    None
}

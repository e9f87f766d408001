//! A deterministic generator of realistic text for the scan benchmark: paragraphs of everyday
//! prose (cooking, travel, work, gardening, money, sport, general health) wrapped like a
//! Markdown file, with an occasional paragraph about gut health that makes or debunks a
//! "leaky gut" claim. Nothing here is random between runs: the same seed gives the same bytes.

use std::io::{self, Write};

/// xorshift64*: small, fast and good enough to vary sentences.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability 1 in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

const PEOPLE: &[&str] = &[
    "my neighbour",
    "the author",
    "a colleague",
    "our guide",
    "the chef",
    "my sister",
    "the committee",
    "a local farmer",
    "the new manager",
    "my grandfather",
    "the team",
    "one reader",
    "the mayor",
    "a friend from school",
    "the landlord",
    "our teacher",
];
const PLACES: &[&str] = &[
    "Lisbon",
    "the old harbour",
    "the hills above the town",
    "Kyoto",
    "the market square",
    "a small village in Wales",
    "the city library",
    "the river path",
    "Montreal",
    "the train station",
    "the coast",
    "a mountain hut",
    "the community garden",
    "Vienna",
    "the north shore",
    "a quiet suburb",
];
const THINGS: &[&str] = &[
    "the bread",
    "a new laptop",
    "the tomato plants",
    "the budget",
    "the report",
    "the bike",
    "a wooden table",
    "the recipe",
    "the kitchen tap",
    "the spreadsheet",
    "the garden fence",
    "an old camera",
    "the roof",
    "the soup",
    "the timetable",
    "the contract",
    "the printer",
    "the boat",
    "a pair of boots",
    "the playlist",
];
const ADJS: &[&str] = &[
    "surprisingly good",
    "too expensive",
    "quite slow",
    "easy to follow",
    "a little noisy",
    "better than expected",
    "hard to find",
    "worth the wait",
    "rather confusing",
    "much cheaper",
    "very popular",
    "almost finished",
    "badly organised",
    "well made",
];
const TIMES: &[&str] = &[
    "last week",
    "on Sunday morning",
    "in early spring",
    "after lunch",
    "every other day",
    "during the holidays",
    "at the end of the month",
    "before the storm",
    "in 2019",
    "over the summer",
    "most evenings",
    "twice a year",
];
const NUMS: &[&str] = &[
    "two", "three", "five", "ten", "twelve", "20", "45", "100", "a dozen", "several",
];

/// Everyday sentences. `{p}` person, `{l}` place, `{t}` thing, `{a}` adjective, `{w}` when,
/// `{n}` number. Some use words that contain keyword letters (health, studied, diet,
/// ingredients, execute, fix) the way ordinary text does.
const GENERAL: &[&str] = &[
    "We visited {l} {w} and found {t} {a}.",
    "{P} said that {t} was {a}, which nobody had expected.",
    "The walk from {l} to the station takes about {n} minutes if the weather holds.",
    "I studied the map for a while before deciding to take the longer route through {l}.",
    "{P} has been trying to fix {t} since {w}, with mixed results.",
    "The ingredients are simple: flour, water, salt and a little patience.",
    "Prices at {l} went up again {w}, so we cut back on eating out.",
    "A good plan is easy to write and much harder to execute on a tight budget.",
    "{P} recommended a book about the history of {l}, and it was {a}.",
    "The meeting starts at nine, although half of the team usually arrives late.",
    "We bought {t} {w}; it turned out to be {a}.",
    "If you water the seedlings {w}, they grow strong roots before the heat arrives.",
    "The museum in {l} keeps {n} paintings in storage for every one on display.",
    "Public health officials asked residents to check on elderly neighbours during the heatwave.",
    "A balanced diet, regular sleep and a daily walk do more for most people than any gadget.",
    "{P} explained the new rules twice, and they still seemed {a}.",
    "The train to {l} was delayed by {n} minutes because of work on the line.",
    "Our kitchen smelled of cinnamon after {p} baked {n} loaves for the fair.",
    "The software update fixed the printer driver but broke the scanner.",
    "Most of the audience stayed until the end, which says something about the speaker.",
    "The contract runs for {n} months and can be renewed by either side.",
    "After the storm, {p} spent the whole weekend clearing branches from the path.",
    "Rent in {l} has doubled in ten years, and wages have not kept up.",
    "The recipe calls for self-raising flour, but plain flour and a little soda work in a pinch.",
    "Local researchers studied traffic at {l} for a year before redesigning the junction.",
    "We keep the receipts in a folder so the tax return takes an afternoon instead of a week.",
    "{P} prefers the early shift because the roads are quiet before seven.",
    "The football club signed {n} young players and sold two of its veterans.",
    "Tomatoes need sun, steady watering and a stake before the stems get heavy.",
    "Nobody could explain why {t} stopped working {w}.",
    "The report was {a}, but its conclusions were sensible.",
    "At {l} the bakery sells out of rye bread by ten o'clock.",
    "Cycling to work saved us money and, on most days, time as well.",
    "The library extended its opening hours, and the reading room is full every evening.",
    "{P} thinks the new bridge at {l} is {a}.",
    "Strict deadlines help some teams and paralyse others.",
    "Our dog refuses to walk past the fountain in {l}.",
    "The hotel had {n} rooms, a small garden and a view of the harbour.",
    "We repaired the fence with spare boards and a box of nails from the shed.",
    "The school trip to {l} was cancelled and moved to the following term.",
    "Interest rates rose {w}, and mortgage payments followed.",
    "{P} swims {n} lengths before breakfast and claims it clears the mind.",
    "Good coffee depends on fresh beans, clean equipment and water that is not too hot.",
    "The old mill at {l} now houses a cafe and a small cinema.",
    "A stretch of the coastal path has been closed while engineers restore the sea wall.",
    "Things got messier before they got tidier, as they usually do with renovations.",
    "The charity raised enough money to buy {n} new beds for the shelter.",
    "The soup needs more salt, and perhaps a squeeze of lemon at the end.",
    "Every spring the council repaints the lines on the car park at {l}.",
    "The survey asked {n} households how they travel to work.",
    "{P} kept a diary of every meal for a month and found it {a}.",
    "The orchestra played a programme of Haydn and Dvorak to a full hall.",
    "We sealed the bathroom window with new silicone before the winter.",
    "Our plan for the weekend is simple: walk, cook, read and sleep.",
    "Sales of electric bikes rose sharply {w}.",
    "The nurse at the clinic checked my blood pressure and said it was fine.",
    "Regular exercise lowers blood pressure in many people, though the effect varies.",
    "The documentary about {l} was {a}.",
    "The festival begins on Friday with a parade through the old town.",
    "{P} replaced {t} {w}, and it already works better.",
];

/// A heading now and then, as blog posts and reports have.
const HEADINGS: &[&str] = &[
    "## Getting there",
    "## What we ate",
    "## Notes from the garden",
    "## The budget",
    "## Lessons learned",
    "### Practical details",
    "## Further reading",
    "## Week two",
];

/// Evidence-based sentences about the gut: keywords, no claim.
const GUT_CAREFUL: &[&str] = &[
    "Intestinal permeability can be measured in research studies with sugar absorption tests.",
    "There is no evidence that leaky gut heals in two weeks with a supplement bundle.",
    "A zonulin result alone proves nothing, because the commercial tests are unreliable.",
    "Coeliac disease, Crohn's disease and some infections can make the gut lining leakier.",
    "Regular use of painkillers such as ibuprofen can irritate the lining of the gut.",
    "If you have lost weight without trying or see blood in your stool, see a doctor promptly.",
    "Probiotics help some people with specific conditions, but the effects depend on the strain.",
    "Bloating is common and has many causes, most of them harmless.",
];

/// Wellness-blog sentences that make a claim.
const GUT_CLAIMS: &[&str] = &[
    "Heal your leaky gut in just 14 days with our simple protocol!",
    "Bloating, fatigue and brain fog are all signs of a leaky gut.",
    "My zonulin test proves I have leaky gut.",
    "Leaky gut is the hidden root cause of autoimmune disease.",
    "Collagen powder seals the gut lining and stops the leaks for good.",
    "Follow the 30-day leaky gut protocol to restore your gut barrier.",
];

fn fill(rng: &mut Rng, template: &str, out: &mut String) {
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let key = &rest[i + 1..i + 2];
        let word = match key {
            "p" => rng.pick(PEOPLE).to_string(),
            "P" => {
                let p = rng.pick(PEOPLE);
                let mut c = p.chars();
                let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or(' ');
                format!("{first}{}", c.as_str())
            }
            "l" => rng.pick(PLACES).to_string(),
            "t" => rng.pick(THINGS).to_string(),
            "a" => rng.pick(ADJS).to_string(),
            "w" => rng.pick(TIMES).to_string(),
            _ => rng.pick(NUMS).to_string(),
        };
        out.push_str(&word);
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
}

/// Wraps a paragraph at 78 columns, as Markdown sources usually are.
fn wrap_into(text: &str, out: &mut String) {
    let mut col = 0;
    for word in text.split(' ') {
        if col > 0 && col + 1 + word.len() > 78 {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += word.len();
    }
    out.push('\n');
}

/// What share of paragraphs are about the gut.
#[derive(Clone, Copy)]
pub struct Mix {
    /// One paragraph in `gut_every` is about the gut (careful wording)…
    pub gut_every: usize,
    /// …and one in `claim_every` of those holds a claim.
    pub claim_every: usize,
}

/// No paragraph about the gut: the scanning machinery alone (prefilter, chunks, lines).
pub const CLEAN: Mix = Mix {
    gut_every: usize::MAX,
    claim_every: 4,
};

/// Claims are rare: one paragraph in 2,000 is about the gut (about one every 700 KB), a
/// quarter of those make a claim.
pub const RARE: Mix = Mix {
    gut_every: 2_000,
    claim_every: 4,
};

/// A general health site: one paragraph in 100 is about the gut.
pub const OCCASIONAL: Mix = Mix {
    gut_every: 100,
    claim_every: 4,
};

/// A wellness blog: a third of the paragraphs are about the gut, half of those make claims.
pub const WELLNESS: Mix = Mix {
    gut_every: 3,
    claim_every: 2,
};

/// Writes at least `bytes` bytes of text.
pub fn generate(w: &mut dyn Write, bytes: usize, mix: Mix, seed: u64) -> io::Result<usize> {
    let mut rng = Rng::new(seed);
    let mut written = 0;
    let mut para = String::new();
    let mut wrapped = String::new();
    while written < bytes {
        para.clear();
        wrapped.clear();
        if rng.one_in(12) {
            wrapped.push_str(rng.pick(HEADINGS));
            wrapped.push_str("\n\n");
        }
        let sentences = 3 + rng.below(4);
        let gut = rng.one_in(mix.gut_every);
        let claim_at = (gut && rng.one_in(mix.claim_every)).then(|| rng.below(sentences));
        for s in 0..sentences {
            if !para.is_empty() {
                para.push(' ');
            }
            if claim_at == Some(s) {
                para.push_str(rng.pick(GUT_CLAIMS));
            } else if gut && rng.one_in(2) {
                para.push_str(rng.pick(GUT_CAREFUL));
            } else {
                let t = rng.pick(GENERAL);
                fill(&mut rng, t, &mut para);
            }
        }
        if rng.one_in(15) {
            // A short list, as posts have.
            for _ in 0..3 {
                wrapped.push_str("- ");
                let t = rng.pick(GENERAL);
                let mut item = String::new();
                fill(&mut rng, t, &mut item);
                wrapped.push_str(&item);
                wrapped.push('\n');
            }
        } else {
            wrap_into(&para, &mut wrapped);
        }
        wrapped.push('\n');
        w.write_all(wrapped.as_bytes())?;
        written += wrapped.len();
    }
    Ok(written)
}

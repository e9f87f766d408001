//! Prepared personas for workshops: the answers files in `examples/`, embedded so that
//! `gutcheck --example NAME` works from any directory.

macro_rules! persona {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples/",
                $name,
                ".toml"
            )),
        )
    };
}

/// `(name, answers file text)` for every persona, sorted by name.
pub const PERSONAS: [(&str, &str); 10] = [
    persona!("after-travel-diarrhoea"),
    persona!("alarm-among-mild"),
    persona!("daily-ibuprofen"),
    persona!("gluten-free-wants-test"),
    persona!("hot-race-marathoner"),
    persona!("lactulose-mannitol-reader"),
    persona!("nothing-points-to-a-cause"),
    persona!("thinks-its-fake"),
    persona!("wellness-blog-reader"),
    persona!("zonulin-high-report"),
];

/// The text of a persona's answers file.
pub fn find(name: &str) -> Option<&'static str> {
    let name = name.strip_suffix(".toml").unwrap_or(name);
    PERSONAS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The one-line `description = "..."` of an answers file, if it has one.
pub fn description(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        description: Option<String>,
    }
    // Only the top of the file is needed; a parse error just means no description.
    let head: String = text
        .lines()
        .take_while(|l| !l.trim_start().starts_with('['))
        .collect::<Vec<_>>()
        .join("\n");
    toml::from_str::<Head>(&head).ok()?.description
}

//! The shape of `src/`, checked: the modules import each other without cycles, and the
//! library never imports the command line. Run it alone with `cargo test --test it architecture`
//! (`-- --nocapture` prints the module graph).
//!
//! A module is a file (`src/scan/render.rs` is `scan::render`). Every `crate::` and `super::`
//! path in code (comments are skipped) is an edge to the deepest module it names. A parent
//! may use its children and a child its parent (`scan` and `scan::render`); other edges are
//! lifted to the siblings below the nearest common ancestor (`scan::render` using
//! `render::text` is `scan` → `render`), and that graph must have no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules compiled only with the `cli` feature: the library must not import them.
const CLI_ONLY: &[&str] = &["cli", "run", "prompt", "widgets", "term", "save"];

fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|p| p == "mod") {
                    parts.pop();
                }
                if parts == ["lib"] || parts == ["main"] {
                    continue;
                }
                out.insert(parts.join("::"), std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The paths a file uses, each as segments from the crate root. `use crate::a::{b, c::d}`
/// gives `a::b` and `a::c`; `super::x` in `m::n` gives `m::x`.
fn paths(module: &str, text: &str) -> Vec<Vec<String>> {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let b = code.as_bytes();
    let mut out = Vec::new();
    for (kw, base) in [
        ("crate::", Vec::new()),
        ("super::", {
            let mut p: Vec<String> = module.split("::").map(String::from).collect();
            p.pop();
            p
        }),
    ] {
        let mut from = 0;
        while let Some(i) = code[from..].find(kw) {
            let start = from + i;
            from = start + kw.len();
            if start > 0 && is_ident(b[start - 1]) {
                continue;
            }
            // Segments up to a `{` group or the end of the path.
            let mut segs = base.clone();
            let mut j = from;
            loop {
                let s = j;
                while j < b.len() && is_ident(b[j]) {
                    j += 1;
                }
                if j > s {
                    segs.push(code[s..j].to_string());
                }
                let group = if code[j..].starts_with("::{") {
                    Some(j + 2)
                } else if j == from && code[j..].starts_with('{') {
                    Some(j)
                } else {
                    None
                };
                if let Some(open) = group {
                    // The matching `}`, and the items between at depth one.
                    let (mut depth, mut item_start, mut close) = (0, open + 1, b.len());
                    let mut items = Vec::new();
                    for (k, &c) in b.iter().enumerate().skip(open) {
                        match c {
                            b'{' => depth += 1,
                            b'}' => {
                                depth -= 1;
                                if depth == 0 {
                                    items.push(&code[item_start..k]);
                                    close = k;
                                    break;
                                }
                            }
                            b',' if depth == 1 => {
                                items.push(&code[item_start..k]);
                                item_start = k + 1;
                            }
                            _ => {}
                        }
                    }
                    for item in items {
                        let first = item.trim().split("::").next().unwrap_or("").trim();
                        if !first.is_empty() && first != "self" {
                            let mut p = segs.clone();
                            p.push(first.to_string());
                            out.push(p);
                        }
                    }
                    if !segs.is_empty() {
                        out.push(segs.clone());
                    }
                    from = close.max(from);
                    break;
                } else if code[j..].starts_with("::") {
                    j += 2;
                } else {
                    out.push(segs.clone());
                    break;
                }
            }
        }
    }
    out
}

/// Module → modules it uses, lifted to siblings (see the file's comment).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, text) in &mods {
        for p in paths(m, text) {
            let Some(target) = (1..=p.len())
                .rev()
                .map(|k| p[..k].join("::"))
                .find(|c| mods.contains_key(c))
            else {
                continue;
            };
            let (a, t): (Vec<&str>, Vec<&str>) =
                (m.split("::").collect(), target.split("::").collect());
            let common = a.iter().zip(&t).take_while(|(x, y)| x == y).count();
            if common == a.len() || common == t.len() {
                continue; // the module itself, a parent or a child
            }
            g.entry(a[..=common].join("::"))
                .or_default()
                .insert(t[..=common].join("::"));
        }
    }
    g
}

/// A cycle of the graph, if there is one.
fn find_cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for next in g.get(n).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let at = stack.iter().position(|s| s == next).unwrap();
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(next, g, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in g.keys() {
        if !state.contains_key(n.as_str())
            && let Some(c) = visit(n, g, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[test]
fn the_module_graph_has_no_cycles() {
    let g = graph();
    for (m, uses) in &g {
        println!(
            "{m} -> {}",
            uses.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    // The checker itself must see the edges it is meant to see.
    assert!(g["evaluate"].contains("matcher") && g["loader"].contains("check"));
    assert!(g["scan"].contains("render") && g["run"].contains("scan"));
    if let Some(cycle) = find_cycle(&g) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_library_does_not_import_the_command_line() {
    let g = graph();
    for (m, uses) in &g {
        if CLI_ONLY.contains(&m.as_str()) {
            continue;
        }
        for u in uses {
            assert!(
                !CLI_ONLY.contains(&u.as_str()),
                "library module `{m}` uses `{u}`, which exists only with the `cli` feature"
            );
        }
    }
}

#[test]
fn a_cycle_is_found_and_named() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("rules".into())
        .or_default()
        .insert("answers".into());
    g.entry("answers".into()).or_default().insert("diag".into());
    assert_eq!(find_cycle(&g), None);
    g.entry("diag".into()).or_default().insert("rules".into());
    assert_eq!(
        find_cycle(&g).unwrap(),
        ["answers", "diag", "rules", "answers"]
    );
    let used = paths(
        "scan::render",
        "use super::source::{Context, Finding};\nuse crate::{render::{Style, wrap}, rules};\n// use crate::cli;\n",
    );
    assert!(used.contains(&vec!["scan".into(), "source".into(), "Context".into()]));
    assert!(used.contains(&vec!["render".into()]));
    assert!(used.contains(&vec!["rules".into()]));
    assert!(!used.iter().any(|p| p.first().is_some_and(|s| s == "cli")));
}

//! Build-time data from the built-in rule base: its version, for `gutcheck --version`.

fn main() {
    println!("cargo:rerun-if-changed=rules/meta.toml");
    let meta = std::fs::read_to_string("rules/meta.toml").unwrap_or_default();
    let version = meta
        .lines()
        .find_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("version")?.trim_start().strip_prefix('=')?;
            Some(rest.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=GUTCHECK_RULES_VERSION={version}");
}

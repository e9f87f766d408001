//! Benchmark of `gutcheck scan`, compared in the same run with ripgrep on the same patterns
//! and with a literal keyword search, plus peak memory and the cost of a scripted triage.
//!
//! Run it with `cargo bench --bench scan` (release build). The comparisons need ripgrep and
//! hyperfine, and are skipped with a note when they are missing:
//!
//! ```text
//! sudo apt-get update && sudo apt-get install -y ripgrep hyperfine    # Debian, Ubuntu
//! brew install ripgrep hyperfine                                      # macOS
//! ```
//!
//! Settings (environment): `SCAN_BENCH_MIB` corpus size (default 128, at least 64),
//! `SCAN_BENCH_RUNS` timed runs per command, best taken (default 5), `SCAN_BENCH_STREAM_MIB`
//! size of the stream piped in for the memory check (default 256). Corpora are generated
//! once into `target/tmp/scan-bench/` (deterministic; delete the directory to regenerate).
//!
//! What is measured:
//! - three corpora of everyday prose wrapped like Markdown, where 0, 1 in 2,000 and 1 in 100
//!   paragraphs are about the gut (a quarter of those make a claim), each scanned on one
//!   core by gutcheck and by a literal search for the gut keywords (every phrase of the rule
//!   base's anchor concepts: `rg -j1 -i -F -c -f keywords.txt`, `grep -i -F -c -f
//!   keywords.txt`);
//! - pages that are all about leaky gut: `tests/corpus-dev` repeated to 8 MiB;
//! - one 4 MiB line with no sentence end and a claim straddling byte 65,536;
//! - one 1 MiB line of claim sentences (tens of thousands of findings on one line);
//! - startup (rule base and pattern compilation), and the steady rate: each corpus is also
//!   generated at half the size, and the second half's bytes are divided by the time they
//!   add, so start-up, pattern compilation and warm-up are left out;
//! - a wellness blog where a third of the paragraphs are about the gut;
//! - 256 files on every core;
//! - peak memory (VmHWM) for a file and for a stream on standard input;
//! - `gutcheck --answers FILE --format json` against a trivial `rg` search of the same file.

mod corpus;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_gutcheck");
/// Part of the corpus file names: raise it when the generator changes, so that corpora are
/// generated again instead of reused.
const CORPUS_VERSION: u32 = 2;
const MIB: f64 = 1024.0 * 1024.0;

fn env_usize(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Writes `path` with the generator unless a file of the right size is there already.
fn ensure(path: &Path, bytes: usize, mix: corpus::Mix, seed: u64) -> io::Result<()> {
    if fs::metadata(path).is_ok_and(|m| m.len() as usize >= bytes) {
        return Ok(());
    }
    let mut w = BufWriter::new(fs::File::create(path)?);
    corpus::generate(&mut w, bytes, mix, seed)?;
    w.flush()
}

/// Where timed commands write: a file, not /dev/null (GNU grep stops at the first match
/// when its output is /dev/null).
fn sink() -> Stdio {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scan-bench/output.tmp");
    fs::File::create(path).map_or(Stdio::null(), Stdio::from)
}

/// Best wall time of `runs` runs, or None if the command failed to start or ran past `limit`.
fn best_time(cmd: &[&str], runs: usize, limit: Duration) -> Option<f64> {
    let mut best = f64::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        let mut child = Command::new(cmd[0])
            .args(&cmd[1..])
            .stdout(sink())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        loop {
            if child.try_wait().ok()?.is_some() {
                break;
            }
            if start.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    Some(best)
}

/// Peak resident memory of a child (VmHWM, polled from /proc while it runs), in KiB.
fn watch_peak(child: &mut Child) -> Option<u64> {
    let status = format!("/proc/{}/status", child.id());
    let mut peak = None;
    loop {
        if let Ok(s) = fs::read_to_string(&status)
            && let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak = Some(kb);
        }
        if child.try_wait().ok()?.is_some() {
            return peak;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn peak_of_file(args: &[&str]) -> Option<u64> {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    watch_peak(&mut child)
}

/// Peak memory and time of `gutcheck scan` reading `mib` MiB of generated text from a pipe.
fn peak_of_stream(mib: usize) -> Option<(u64, f64)> {
    let start = Instant::now();
    let mut child = Command::new(BIN)
        .args(["scan", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let stdin = child.stdin.take()?;
    let writer = std::thread::spawn(move || {
        let mut w = BufWriter::with_capacity(1 << 16, stdin);
        let _ = corpus::generate(&mut w, mib << 20, corpus::RARE, 99);
        let _ = w.flush();
    });
    let peak = watch_peak(&mut child);
    let _ = writer.join();
    Some((peak?, start.elapsed().as_secs_f64()))
}

/// Means of two commands measured side by side by hyperfine, in seconds.
fn hyperfine(dir: &Path, a: &str, b: &str) -> Option<(f64, f64)> {
    let json = dir.join("hyperfine.json");
    let ok = Command::new("hyperfine")
        .args([
            "-N",
            "--warmup",
            "5",
            "--runs",
            "40",
            "--style",
            "none",
            "--export-json",
        ])
        .arg(&json)
        .args([a, b])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?
        .success();
    if !ok {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(json).ok()?).ok()?;
    let mean = |i: usize| v["results"][i]["mean"].as_f64();
    Some((mean(0)?, mean(1)?))
}

fn rate(bytes: u64, secs: f64) -> String {
    format!("{:.0} MiB/s", bytes as f64 / MIB / secs)
}

fn main() -> io::Result<()> {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without
    // it, and should not spend minutes generating corpora.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("scan benchmark: run it with `cargo bench --bench scan`");
        return Ok(());
    }
    let mib = env_usize("SCAN_BENCH_MIB", 128).max(64);
    let runs = env_usize("SCAN_BENCH_RUNS", 5).max(1);
    let stream_mib = env_usize("SCAN_BENCH_STREAM_MIB", 256);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scan-bench");
    fs::create_dir_all(dir.join("pages"))?;
    let s = |p: &Path| p.to_str().expect("UTF-8 path").to_string();

    eprintln!("generating corpora in {} …", dir.display());
    let corpora = [
        ("clean", "no paragraph about the gut", corpus::CLEAN, 1),
        (
            "rare",
            "1 paragraph in 2,000 about the gut",
            corpus::RARE,
            2,
        ),
        (
            "occasional",
            "1 paragraph in 100 about the gut",
            corpus::OCCASIONAL,
            3,
        ),
    ];
    let mut files = Vec::new();
    let mut halves = Vec::new();
    for (name, _, mix, seed) in corpora {
        let f = dir.join(format!("{name}-v{CORPUS_VERSION}-{mib}MiB.md"));
        ensure(&f, mib << 20, mix, seed)?;
        files.push(f);
        let h = dir.join(format!("{name}-v{CORPUS_VERSION}-{}MiB.md", mib / 2));
        ensure(&h, (mib / 2) << 20, mix, seed)?;
        halves.push(h);
    }
    let wellness = dir.join(format!("wellness-v{CORPUS_VERSION}-16MiB.md"));
    ensure(&wellness, 16 << 20, corpus::WELLNESS, 4)?;
    let mut pages = Vec::new();
    for i in 0..256 {
        let p = dir
            .join("pages")
            .join(format!("page-v{CORPUS_VERSION}-{i:03}.md"));
        ensure(&p, 256 << 10, corpus::RARE, 1000 + i)?;
        pages.push(s(&p));
    }
    let one = dir.join("one-claim.md");
    fs::write(&one, "Heal your leaky gut in 2 weeks!\n")?;
    let empty = dir.join("empty.md");
    fs::write(&empty, "")?;

    // Pages that are all about leaky gut: the development corpus, repeated to 8 MiB (and 4 MiB
    // for the steady rate).
    let mut dev = Vec::new();
    let dev_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-dev");
    let mut names: Vec<PathBuf> = fs::read_dir(&dev_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    for n in names {
        dev.extend(fs::read(n)?);
        dev.extend_from_slice(b"\n\n");
    }
    let leaky = dir.join("leaky-gut-pages-8MiB.txt");
    let leaky_half = dir.join("leaky-gut-pages-4MiB.txt");
    for (path, size) in [(&leaky, 8usize << 20), (&leaky_half, 4 << 20)] {
        let mut w = BufWriter::new(fs::File::create(path)?);
        let mut written = 0;
        while written < size {
            w.write_all(&dev)?;
            written += dev.len();
        }
        w.flush()?;
    }
    // One line of several MiB with no sentence end, a claim straddling 64 KiB.
    let long_line = dir.join("long-line-4MiB.txt");
    {
        let mut line =
            "plain words without any stop and nothing about health ".repeat((4 << 20) / 54);
        let at = 65_536 - 10;
        line.replace_range(at..at + 40, "heal your leaky gut in 14 days for sure ");
        line.push('\n');
        fs::write(&long_line, line)?;
    }
    // One line of 1 MiB made of claim sentences: every finding needs its line and column.
    let claims_line = dir.join("claims-line-1MiB.txt");
    {
        let sentence = "Leaky gut causes autism. Glutamine heals leaky gut in 14 days. ";
        let mut line = sentence.repeat((1 << 20) / sentence.len());
        line.push('\n');
        fs::write(&claims_line, line)?;
    }

    // The gut keywords (every phrase of the anchor concepts), for ripgrep and grep.
    let rb = gutcheck::loader::load_builtin(Default::default()).expect("built-in rules");
    let keywords = dir.join("keywords.txt");
    let mut kw: Vec<String> = Vec::new();
    for c in rb.concepts.iter().filter(|c| c.anchor) {
        for p in &c.phrases {
            let k = p.trim_end_matches('*').to_string();
            if !kw.contains(&k) {
                kw.push(k);
            }
        }
    }
    fs::write(&keywords, kw.join("\n") + "\n")?;
    let (kw_s, one_s) = (s(&keywords), s(&one));
    let limit = Duration::from_secs(120);
    let rg = have("rg");
    let grep = have("grep");
    if !rg {
        eprintln!("note: ripgrep not found, comparisons with rg skipped (apt-get install ripgrep)");
    }
    let cell = |t: Option<f64>, bytes: u64| match t {
        Some(t) => format!("{:.3} s, {}", t, rate(bytes, t)),
        None => "n/a".to_string(),
    };

    eprintln!("timing (best of {runs}) …");
    // Patterns are compiled only when some text needs them: startup is about 5 ms for a
    // file without keywords, and that plus compilation for one with a claim.
    let startup_plain = best_time(&[BIN, "scan", &s(&empty)], runs.max(5), limit);
    let startup = best_time(&[BIN, "scan", &one_s], runs.max(5), limit);
    let mut table = Vec::new();
    let mut rows: Vec<(String, &PathBuf, &PathBuf)> = corpora
        .iter()
        .zip(&files)
        .zip(&halves)
        .map(|(((name, what, _, _), f), h)| (format!("{name} ({what})"), f, h))
        .collect();
    rows.push((
        "leaky-gut pages (the development corpus repeated to 8 MiB)".to_string(),
        &leaky,
        &leaky_half,
    ));
    for (name, f, h) in rows {
        let (f, size) = (s(f), fs::metadata(f)?.len());
        let (h, half_size) = (s(h), fs::metadata(h)?.len());
        eprintln!("  {name} …");
        let ours = best_time(&[BIN, "scan", "--format", "jsonl", &f], runs, limit);
        let half = best_time(&[BIN, "scan", "--format", "jsonl", &h], runs, limit);
        // The second half's bytes over the time they add.
        let steady = ours
            .zip(half)
            .map(|(t, t2)| (t - t2).max(1e-6) * size as f64 / (size - half_size) as f64);
        let rg_t = if rg {
            best_time(
                &["rg", "-j1", "-i", "-F", "-c", "-f", &kw_s, &f],
                runs,
                limit,
            )
        } else {
            None
        };
        let rg_lit = cell(rg_t, size);
        let ratio = match (ours, rg_t) {
            (Some(a), Some(b)) => format!("{:.2}×", a / b),
            _ => "n/a".to_string(),
        };
        let grep_lit = if grep {
            cell(
                best_time(&["grep", "-i", "-F", "-c", "-f", &kw_s, &f], runs, limit),
                size,
            )
        } else {
            "n/a".to_string()
        };
        table.push((
            name,
            cell(ours, size),
            cell(steady, size),
            rg_lit,
            ratio,
            grep_lit,
        ));
    }
    // `scan --format jsonl` of one file: its best time, and its findings (one a line).
    let jsonl_time = |p: &Path| best_time(&[BIN, "scan", "--format", "jsonl", &s(p)], runs, limit);
    let jsonl_out = |p: &Path| {
        Command::new(BIN)
            .args(["scan", "--format", "jsonl", &s(p)])
            .output()
            .map(|o| o.stdout)
            .unwrap_or_default()
    };
    let long_t = jsonl_time(&long_line);
    let long_found = String::from_utf8_lossy(&jsonl_out(&long_line)).contains("quick-fix-timeline");
    let claims_line_t = jsonl_time(&claims_line);
    let claims_line_found = jsonl_out(&claims_line)
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    let wellness_t = jsonl_time(&wellness);
    let mut cmd: Vec<&str> = vec![BIN, "scan", "--format", "jsonl"];
    cmd.extend(pages.iter().map(String::as_str));
    let pages_bytes: u64 = pages
        .iter()
        .map(|p| fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let pages_t = best_time(&cmd, runs, limit);
    let rare_s = s(&files[1]);
    let wellness_s = s(&wellness);

    eprintln!("peak memory …");
    let peak_file = peak_of_file(&["scan", "--format", "jsonl", &rare_s]);
    let peak_wellness = peak_of_file(&["scan", "--format", "jsonl", &wellness_s]);
    let peak_stream = peak_of_stream(stream_mib);

    eprintln!("triage vs rg …");
    let template = Command::new(BIN).arg("template").output()?.stdout;
    let template = String::from_utf8_lossy(&template).into_owned();
    let answers = dir.join("answers.toml");
    fs::write(
        &answers,
        template.replace(
            "claims-text = \"\"",
            "claims-text = \"My zonulin test proves I have leaky gut, and a 30-day protocol will seal it.\"",
        ),
    )?;
    let plain_answers = dir.join("answers-no-text.toml");
    fs::write(&plain_answers, &template)?;
    let mut triage = Vec::new();
    for (label, file) in [
        ("with claims-text", &answers),
        ("without claims-text", &plain_answers),
    ] {
        let a = format!("{BIN} --answers {} --format json", file.display());
        let b = format!("rg -c zonulin {}", file.display());
        let measured = if rg && have("hyperfine") {
            hyperfine(&dir, &a, &b).map(|m| (m, "hyperfine, mean of 40"))
        } else {
            None
        };
        let measured = measured.or_else(|| {
            // Without hyperfine (or rg): our own timing, best of 20, against `grep`.
            let t_a = best_time(&[BIN, "--answers", &s(file), "--format", "json"], 20, limit)?;
            let tool = if rg { "rg" } else { "grep" };
            let t_b = best_time(&[tool, "-c", "zonulin", &s(file)], 20, limit)?;
            Some(((t_a, t_b), "best of 20 (hyperfine not found)"))
        });
        triage.push((label, measured));
    }

    let mut out = io::stdout().lock();
    writeln!(
        out,
        "\n## gutcheck scan benchmark ({mib} MiB per corpus, one core unless said)\n"
    )?;
    writeln!(
        out,
        "| corpus | gutcheck scan | … steady rate | rg -i -F keywords | gutcheck / rg | grep -i -F keywords |\n| --- | --- | --- | --- | --- | --- |"
    )?;
    for (a, b, c, d, e, f) in &table {
        writeln!(out, "| {a} | {b} | {c} | {d} | {e} | {f} |")?;
    }
    writeln!(out)?;
    let secs = |t: Option<f64>| t.map_or("n/a".into(), |t| format!("{:.3} s", t));
    writeln!(
        out,
        "- gutcheck startup: {} for an empty file; {} for a one-line claim (patterns compiled); the steady rate leaves out start-up and warm-up (second half of the corpus over the time it adds)",
        secs(startup_plain),
        secs(startup)
    )?;
    writeln!(
        out,
        "- one 4 MiB line without a sentence end: {} (the claim straddling byte 65,536 {})",
        cell(long_t, fs::metadata(&long_line)?.len()),
        if long_found { "is found" } else { "is MISSED" }
    )?;
    writeln!(
        out,
        "- one 1 MiB line of claim sentences: {} ({} findings, each with its line and column)",
        cell(claims_line_t, fs::metadata(&claims_line)?.len()),
        claims_line_found
    )?;
    writeln!(
        out,
        "- wellness blog, 16 MiB (a claim every few paragraphs): {}",
        cell(wellness_t, fs::metadata(&wellness)?.len())
    )?;
    writeln!(
        out,
        "- 256 files of 256 KiB (1 paragraph in 2,000 about the gut), {cores} cores: {}",
        cell(pages_t, pages_bytes)
    )?;
    writeln!(out, "\n| peak memory (VmHWM) | |\n| --- | --- |")?;
    let kib = |p: Option<u64>| {
        p.map_or("n/a".to_string(), |k| {
            format!("{:.1} MiB", k as f64 / 1024.0)
        })
    };
    writeln!(
        out,
        "| scan {mib} MiB file, claims rare | {} |",
        kib(peak_file)
    )?;
    writeln!(
        out,
        "| scan 16 MiB wellness blog | {} |",
        kib(peak_wellness)
    )?;
    match peak_stream {
        Some((k, t)) => writeln!(
            out,
            "| scan {stream_mib} MiB piped to standard input | {} ({}) |",
            kib(Some(k)),
            rate((stream_mib as u64) << 20, t)
        )?,
        None => writeln!(
            out,
            "| scan {stream_mib} MiB piped to standard input | n/a |"
        )?,
    }
    writeln!(
        out,
        "\n| triage (`--answers FILE --format json`) vs `rg -c zonulin FILE` | triage | rg | ratio |\n| --- | --- | --- | --- |"
    )?;
    for (label, m) in triage {
        match m {
            Some(((a, b), how)) => writeln!(
                out,
                "| {label} ({how}) | {:.1} ms | {:.1} ms | {:.1}× |",
                a * 1e3,
                b * 1e3,
                a / b
            )?,
            None => writeln!(out, "| {label} | skipped | | |")?,
        }
    }
    writeln!(out, "\n(cores: {cores}; corpus: {})", dir.display())?;
    Ok(())
}

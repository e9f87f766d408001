//! One function per command. Settles color and width once, owns standard output (buffered,
//! flushed once), and turns the clap types into plain options for the library.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

use crate::answers_file;
use crate::cli::{Cli, Command, ListFormat, ReportFormat, RulesCommand};
use crate::diag::{Diagnostic, suggest};
use crate::error::{EXIT_ERROR, EXIT_FOUND, EXIT_OK, Error};
use crate::evaluate::evaluate;
use crate::loader::{self, LoadOptions};
use crate::matcher::Matcher;
use crate::prompt::{self, PromptOptions};
use crate::render::{self, Style};
use crate::rules::{RULE_FILES, RuleBase};
use crate::{save, term};

/// Runs the command and returns the exit code.
pub fn run(cli: Cli) -> Result<u8, Error> {
    let color = term::setup_color(cli.global.color);
    let style = Style {
        color,
        width: term::width(),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let code = match &cli.command {
        None => triage(&cli, style, &mut out)?,
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            // clap_complete panics when its writer fails: generate in memory, then write.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "gutcheck", &mut script);
            out.write_all(&script)?;
            EXIT_OK
        }
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            EXIT_OK
        }
        Some(Command::Examples) => {
            for (name, text) in crate::personas::PERSONAS {
                let desc = crate::personas::description(text).unwrap_or_default();
                writeln!(out, "{name:<28} {desc}")?;
            }
            EXIT_OK
        }
        Some(Command::Template) => {
            let rb = load(&cli, false)?;
            out.write_all(answers_file::write_file(&rb, None, None).as_bytes())?;
            EXIT_OK
        }
        Some(Command::List { format }) => {
            let rb = load(&cli, false)?;
            match format {
                ListFormat::Text => render::rulebase::text(&mut out, &rb, style)?,
                ListFormat::Json => render::rulebase::json(&mut out, &rb)?,
            }
            EXIT_OK
        }
        Some(Command::Explain { id }) => {
            let rb = load(&cli, false)?;
            if !render::rulebase::explain(&mut out, &rb, id, style)? {
                let ids = render::rulebase::all_ids(&rb);
                let help = suggest(id, ids.iter().copied(), "`gutcheck list` shows every id");
                return Err(Error::Usage {
                    message: format!(
                        "no claim, cause, red flag, guidance or question has the id `{id}`"
                    ),
                    help: Some(help),
                });
            }
            EXIT_OK
        }
        Some(Command::Rules(RulesCommand::Check { dir })) => {
            // `gutcheck --rules DIR rules check` checks DIR too.
            let dir = dir.as_deref().or(cli.global.rules.as_deref());
            rules_check(dir, cli.global.quiet, &mut out)?
        }
        Some(Command::Rules(RulesCommand::Eval {
            dir,
            errors,
            held_out_errors,
        })) => {
            let rb = load(&cli, false)?;
            let ev = crate::evalset::evaluate_dir(&rb, dir).map_err(|msg| {
                Error::input(
                    Diagnostic::file_level(dir.display().to_string(), msg)
                        .with_help("the directory holds labels.toml and the text files it names (see the README, \"Measuring the claim recogniser\")"),
                )
            })?;
            crate::evalset::write_text(&mut out, &rb, &ev, *errors, *held_out_errors)?;
            EXIT_OK
        }
        Some(Command::Rules(RulesCommand::Export { dir, force })) => {
            rules_export(dir, *force, cli.global.quiet, &mut out)?
        }
        Some(Command::Scan { files, format, all }) => {
            let rb = load(&cli, false)?;
            let opts = crate::scan::ScanOptions {
                format: *format,
                all: *all,
                style,
            };
            if cli.global.quiet {
                // Like grep -q: the exit code says whether a claim was found.
                scan_code(&crate::scan::run(&rb, files, &opts, &mut io::sink())?)
            } else {
                let code = scan_code(&crate::scan::run(&rb, files, &opts, &mut out)?);
                // The reader may have gone (`| head -1`): the exit code still says what was
                // found, never "no claim found" because of the timing.
                match out.flush() {
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(code),
                    r => r?,
                }
                code
            }
        }
    };
    out.flush()?;
    Ok(code)
}

/// Loads the rule base named by `--rules`, or the built-in one.
fn load(cli: &Cli, check_patterns: bool) -> Result<RuleBase, Error> {
    match &cli.global.rules {
        // A user's rule base is user input: check every pattern before using it.
        Some(dir) => loader::load_dir(
            dir,
            LoadOptions {
                check_patterns: true,
                ..LoadOptions::default()
            },
        ),
        None => loader::load_builtin(LoadOptions {
            check_patterns,
            ..LoadOptions::default()
        }),
    }
}

fn triage(cli: &Cli, style: Style, out: &mut dyn Write) -> Result<u8, Error> {
    let args = &cli.triage;
    let rb = load(cli, false)?;
    if let Some(path) = &args.save_answers {
        // Refuse before asking anything, so no answers are typed in vain.
        save::check_target(path, args.force)?;
    }
    let (description, answers) = match (&args.answers, &args.example) {
        (Some(path), _) => {
            let (name, text) = crate::input::read_text(path)?;
            let file = answers_file::parse(&name, &text, &rb).map_err(Error::Input)?;
            (file.description, file.answers)
        }
        (None, Some(name)) => {
            if args.explain && !cli.global.quiet {
                // Nothing is asked in a replay, so there is no question to explain before.
                let _ = writeln!(
                    io::stderr(),
                    "gutcheck: --explain shows why each question is asked during the interactive session; a replayed persona asks nothing (the Markdown handout lists the answers, and `gutcheck explain ID` explains any question)"
                );
            }
            let Some(text) = crate::personas::find(name) else {
                let names = crate::personas::PERSONAS.iter().map(|(n, _)| *n);
                return Err(Error::usage(
                    format!("no persona is called `{name}`"),
                    Some(&suggest(name, names, "`gutcheck examples` lists them all")),
                ));
            };
            let file = answers_file::parse(&format!("<example>/{name}.toml"), text, &rb)
                .map_err(Error::Input)?;
            (file.description, file.answers)
        }
        (None, None) => {
            if !(io::stdin().is_terminal() && io::stderr().is_terminal()) {
                return Err(Error::NoTerminal);
            }
            term::install_interrupt_handler();
            let a = prompt::ask(
                &rb,
                &PromptOptions {
                    explain: args.explain,
                    width: style.width,
                },
            )?;
            (None, a)
        }
    };
    // Compiled lazily: only the claims whose keywords appear in the text cost anything.
    let matcher = Matcher::lazy(&rb);
    let mut report = evaluate(&rb, &answers, &matcher);
    report.description = description.clone();
    if args.trace {
        report.trace = Some(crate::evaluate::trace(&rb, &answers, &report));
    }
    let saved = match &args.save_answers {
        Some(path) => {
            let text = answers_file::write_file(&rb, description.as_deref(), Some(&answers));
            save::write_atomic(path, text.as_bytes(), args.force, true)
                .inspect(|_| {
                    if !cli.global.quiet {
                        let _ = writeln!(
                            io::stderr(),
                            "gutcheck: answers saved to {}",
                            path.display()
                        );
                    }
                })
                .inspect_err(|_| {
                    // Do not lose what was typed: put the answers where the user can copy them.
                    let _ = writeln!(
                        io::stderr(),
                        "gutcheck: could not save your answers; here they are:\n\n{text}"
                    );
                })
        }
        None => Ok(()),
    };
    let mut rendered = Vec::new();
    args.format.renderer(style).report(&mut rendered, &report)?;
    let interactive = args.answers.is_none() && args.example.is_none();
    if args.no_pager || args.format == ReportFormat::Json || !term::page(&rendered) {
        out.write_all(&rendered)?;
    } else if interactive && args.format == ReportFormat::Text {
        // The reader may have left the pager on any page: end the session on the bottom line.
        render::text::bottom_line_only(out, &report, style)?;
    }
    saved?;
    Ok(EXIT_OK)
}

/// A scan's exit code: 2 when an input could not be read, 1 when a claim was found, else 0.
fn scan_code(totals: &crate::scan::Totals) -> u8 {
    if totals.errors > 0 {
        EXIT_ERROR
    } else if totals.findings() > 0 {
        EXIT_FOUND
    } else {
        EXIT_OK
    }
}

fn rules_check(dir: Option<&Path>, quiet: bool, out: &mut dyn Write) -> Result<u8, Error> {
    // One load checks everything, examples included, each problem at its line.
    let opts = LoadOptions {
        check_patterns: true,
        check_examples: true,
    };
    let rb = match dir {
        Some(d) => loader::load_dir(d, opts)?,
        None => loader::load_builtin(opts)?,
    };
    if quiet {
        return Ok(EXIT_OK);
    }
    let examples: usize = rb
        .claims
        .iter()
        .map(|c| c.examples.must_match.len() + c.examples.must_not_match.len())
        .sum();
    writeln!(
        out,
        "ok: {} ({}): {} questions, {} red flags, {} guidance entries, {} claims, {} causes, {} sources; {} claim examples pass",
        rb.meta.name,
        rb.origin,
        rb.questions.len(),
        rb.red_flags.len(),
        rb.guidance.len(),
        rb.claims.len(),
        rb.causes.len(),
        rb.sources.len(),
        examples
    )?;
    Ok(EXIT_OK)
}

fn rules_export(dir: &Path, force: bool, quiet: bool, out: &mut dyn Write) -> Result<u8, Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::usage(
            format!("{} exists and is not a directory", dir.display()),
            Some("give a new or existing directory"),
        ));
    }
    if !force {
        let existing: Vec<String> = RULE_FILES
            .iter()
            .map(|f| dir.join(f))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(Error::usage(
                format!("will not overwrite existing files: {}", existing.join(", ")),
                Some("export into a new directory, or add --force to replace them"),
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    for (name, text) in crate::embedded::BUILT_IN {
        save::write_atomic(&dir.join(name), text.as_bytes(), force, false)?;
    }
    if quiet {
        return Ok(EXIT_OK);
    }
    writeln!(
        out,
        "wrote {} rule files to {}",
        RULE_FILES.len(),
        dir.display()
    )?;
    writeln!(out, "use them with: gutcheck --rules {}", dir.display())?;
    Ok(EXIT_OK)
}

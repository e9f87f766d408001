//! Command-line types (clap derive). Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::render::rulebase::ListFormat;
pub use crate::render::{ColorChoice, ReportFormat};
pub use crate::scan::ScanFormat;

const AFTER_HELP: &str = "\
Examples:
  gutcheck                                  ask the questions in this terminal
  gutcheck --answers me.toml                replay an answers file, no prompts
  gutcheck --answers - --format json < me.toml
  gutcheck examples                         prepared personas for workshops
  gutcheck --example wellness-blog-reader   replay one
  gutcheck template > me.toml               an answers file to edit
  gutcheck scan blog-post.md                find leaky-gut claims in text
  gutcheck explain zonulin-proof            what the evidence says about one claim

Exit codes:
  0    report produced (scan: no claim found)
  1    scan: claims found
  2    usage error, bad input or a file that could not be read or written
  130  interrupted (Ctrl-C)

gutcheck never diagnoses. It explains claims and points to established checks;
see a clinician for advice about your own health.";

/// Check "leaky gut" claims against the evidence, and find the established causes worth
/// asking a clinician about.
#[derive(Debug, Parser)]
#[command(name = "gutcheck", version = version(), about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub triage: TriageArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

fn version() -> &'static str {
    concat!(
        env!("CARGO_PKG_VERSION"),
        " (built-in rules ",
        env!("GUTCHECK_RULES_VERSION"),
        ")"
    )
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Use the rule base in DIR instead of the built-in one
    #[arg(long, value_name = "DIR", global = true)]
    pub rules: Option<PathBuf>,

    /// When to use colors
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print only what was asked for: no progress or confirmation lines (scan: exit code only)
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// Read answers from a TOML file instead of asking (`-` reads standard input)
    #[arg(long, short = 'a', value_name = "FILE", conflicts_with = "example")]
    pub answers: Option<PathBuf>,

    /// Replay a prepared persona (see `gutcheck examples`)
    #[arg(long, short = 'e', value_name = "NAME")]
    pub example: Option<String>,

    /// Output format of the report
    #[arg(long, short = 'f', value_enum, default_value_t = ReportFormat::Text, value_name = "FORMAT")]
    pub format: ReportFormat,

    /// Show why each question is asked (for presenters)
    #[arg(long)]
    pub explain: bool,

    /// Add every rule to the report, fired or not, with the answers that decided it
    #[arg(long)]
    pub trace: bool,

    /// Write the answers to FILE as a commented answers file (mode 600)
    #[arg(long, value_name = "FILE")]
    pub save_answers: Option<PathBuf>,

    /// Let --save-answers replace an existing file
    #[arg(long, requires = "save_answers")]
    pub force: bool,

    /// Print a report taller than the terminal straight out, without a pager ($PAGER, or
    /// `less -FRX`); a pager is never used in a pipe, a file or a script
    #[arg(long)]
    pub no_pager: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the prepared personas for workshops (replay one with --example NAME)
    #[command(
        after_help = "Examples:\n  gutcheck examples\n  gutcheck --example zonulin-high-report --format markdown > handout.md"
    )]
    Examples,

    /// Print an answers file with every question, its allowed values and its default
    #[command(after_help = "Example:\n  gutcheck template > me.toml && gutcheck --answers me.toml")]
    Template,

    /// Show the rule base: questions, red flags, claims and causes
    #[command(
        after_help = "Examples:\n  gutcheck list\n  gutcheck list --format json | jq '.claims[].id'"
    )]
    List {
        #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Text, value_name = "FORMAT")]
        format: ListFormat,
    },

    /// Explain one claim, cause, red flag or question, with its sources
    #[command(
        after_help = "Examples:\n  gutcheck explain zonulin-proof\n  gutcheck explain celiac"
    )]
    Explain {
        /// A claim, cause, red-flag, guidance or question id (see `gutcheck list`)
        id: String,
    },

    /// Check or export a rule base
    #[command(subcommand)]
    Rules(RulesCommand),

    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  gutcheck completions bash > ~/.local/share/bash-completion/completions/gutcheck\n  gutcheck completions zsh > ~/.zfunc/_gutcheck\n  gutcheck completions fish > ~/.config/fish/completions/gutcheck.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff)
    #[command(after_help = "Example:\n  gutcheck man > gutcheck.1 && man ./gutcheck.1")]
    Man,

    /// Find leaky-gut claims in text files (a blog post, a supplement page, a lab report)
    #[command(
        after_help = "Examples:\n  gutcheck scan post.md\n  curl -s URL | gutcheck scan\n  gutcheck scan --all --format jsonl pages/*.html\n\nExit codes: 0 no claim found, 1 claims found, 2 an error (other files are still scanned)."
    )]
    Scan {
        /// Files to scan; standard input when none is given or for `-`
        files: Vec<PathBuf>,
        /// Output format
        #[arg(long, short = 'f', value_enum, default_value_t = ScanFormat::Text, value_name = "FORMAT")]
        format: ScanFormat,
        /// Also show mentions that debunk a claim, marked `refuted`
        #[arg(long)]
        all: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate a rule base (the built-in one without DIR) and run its claim examples
    #[command(after_help = "Examples:\n  gutcheck rules check\n  gutcheck rules check my-rules/")]
    Check {
        /// Rule base directory to check
        dir: Option<PathBuf>,
    },
    /// Measure the claim recogniser on a labelled directory (text files and labels.toml)
    #[command(
        after_help = "Prints document-level and sentence-level precision and recall per claim, for the\ntuning part and the held-out part (files numbered by a multiple of 4) separately.\n\nExamples:\n  gutcheck rules eval corpus/\n  gutcheck rules eval corpus/ --errors     # also list the tuning part's missed and wrong findings"
    )]
    Eval {
        /// Directory holding labels.toml and the documents it names
        dir: PathBuf,
        /// List every missed claim and wrong finding of the tuning part
        #[arg(long)]
        errors: bool,
        /// Also list the held-out part's mistakes (reading them is tuning on them)
        #[arg(long)]
        held_out_errors: bool,
    },
    /// Write the built-in rule base into DIR for editing (refuses to overwrite files)
    #[command(
        after_help = "Example:\n  gutcheck rules export my-rules && gutcheck --rules my-rules list"
    )]
    Export {
        dir: PathBuf,
        /// Overwrite rule files that already exist in DIR
        #[arg(long)]
        force: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

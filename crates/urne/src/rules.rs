//! `urne rules`: the counting-rule calculators (`../shared/rules/README.md` §3–4). Reading files
//! and stdin happens here; the rules themselves are pure (`urne-rules`).
//!
//! Exit codes: calculators 0, or 2 on invalid input (`error: <field path>: <reason>` on stderr,
//! nothing on stdout); `check` 0 when every case passes, 1 otherwise, 2 on a usage error.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use urne_rules::json::{kind_of_command, matching::matches, run as calculate};

/// Options of `urne rules`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Seats and delegation hours by headcount (R2314-1, L2311-2).
    Seats(Input),
    /// Quorum of a scrutin and whether a second round is needed (L2314-29).
    Quorum(Input),
    /// Seat allocation: quotient, plus forte moyenne, ties (R2314-19 to R2314-21).
    Allocate(Input),
    /// Who is elected within a list, with ratures (L2314-29).
    Ratures(Input),
    /// Gender balance of a candidate list (L2314-30).
    Parity(Input),
    /// Union audience across colleges (L2122-1 to L2122-3).
    Representativeness(Input),
    /// Personal score of a candidate délégué syndical (L2143-3).
    PersonalScore(Input),
    /// Runs golden cases: prints a line per failing case and `N passed, M failed`.
    Check {
        /// Folders of case files (`*.json`, read recursively).
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
    },
}

#[derive(clap::Args)]
struct Input {
    /// The input JSON object; standard input when absent or `-`.
    file: Option<PathBuf>,
}

/// Runs `urne rules`.
pub(crate) fn run(args: &Args) -> ExitCode {
    let (command, input) = match &args.command {
        Command::Check { dirs } => return check(dirs),
        Command::Seats(i) => ("seats", i),
        Command::Quorum(i) => ("quorum", i),
        Command::Allocate(i) => ("allocate", i),
        Command::Ratures(i) => ("ratures", i),
        Command::Parity(i) => ("parity", i),
        Command::Representativeness(i) => ("representativeness", i),
        Command::PersonalScore(i) => ("personal-score", i),
    };
    let Some(kind) = kind_of_command(command) else {
        eprintln!("error: {command}: unknown calculator");
        return ExitCode::from(2);
    };
    let text = match read_input(input.file.as_deref()) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(e) => {
            eprintln!(
                "error: (input): malformed JSON at line {}, column {}: {e}",
                e.line(),
                e.column()
            );
            return ExitCode::from(2);
        }
    };
    match calculate(kind, &value) {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn read_input(file: Option<&Path>) -> Result<String, String> {
    match file {
        None => read_stdin(),
        Some(path) if path == Path::new("-") => read_stdin(),
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display())),
    }
}

fn read_stdin() -> Result<String, String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| format!("standard input: {e}"))?;
    Ok(text)
}

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            case_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// One case: `Ok(())` when it passes, else the JSON Pointer of the first mismatch and why.
fn run_case(path: &Path) -> Result<(), (String, String, String)> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let whole = |id: &str, why: String| Err((id.to_string(), "/".to_string(), why));
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return whole(&stem, format!("cannot read {}: {e}", path.display())),
    };
    let case: Value = match serde_json::from_str(&text) {
        Ok(case) => case,
        Err(e) => return whole(&stem, format!("{}: not valid JSON: {e}", path.display())),
    };
    let Some(id) = case.get("id").and_then(Value::as_str) else {
        return whole(&stem, format!("{}: no string \"id\"", path.display()));
    };
    if id != stem {
        return whole(id, format!("id {id:?} differs from the file name {stem:?}"));
    }
    let (Some(kind), Some(input), Some(expected)) = (
        case.get("kind").and_then(Value::as_str),
        case.get("input"),
        case.get("expected"),
    ) else {
        return whole(
            id,
            "a case needs \"kind\", \"input\" and \"expected\"".into(),
        );
    };
    if !urne_rules::json::KINDS.iter().any(|(k, _)| *k == kind) {
        return whole(id, format!("unknown kind {kind:?}"));
    }
    let output = calculate(kind, input).map_err(|e| {
        (
            id.to_string(),
            "/".to_string(),
            format!("input rejected: {e}"),
        )
    })?;
    matches(expected, &output).map_err(|(pointer, why)| (id.to_string(), pointer, why))
}

fn check(dirs: &[PathBuf]) -> ExitCode {
    let mut files = Vec::new();
    for dir in dirs {
        if !dir.is_dir() {
            eprintln!("error: {}: not a folder", dir.display());
            return ExitCode::from(2);
        }
        if let Err(e) = case_files(dir, &mut files) {
            eprintln!("error: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    }
    files.sort();
    let (mut passed, mut failed) = (0, 0);
    for file in &files {
        match run_case(file) {
            Ok(()) => passed += 1,
            Err((id, pointer, why)) => {
                failed += 1;
                println!("FAIL {id} {pointer} {why}");
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

//! `urne verify ARCHIVE…`: the independent verifier (`urne-verify`) on a record downloaded from
//! a scrutin's public page (`/record/UID/archive`), or on a whole record followed by the parts
//! added since (`?since=HASH`), in order. Every check of `docs/protocol.md` §10; a report naming
//! each failing check and item, as text or `--json`; a progress bar on a terminal.
//!
//! Exit codes: 0 every check made passed; 1 at least one failed; 2 bad usage or a file that is
//! not a record archive.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressStyle};
use urne_verify::{verify, Options, Source};

use crate::BadUsage;

/// Options of `urne verify`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The record's archive, or the whole record then the archives of what was added since, in
    /// order.
    #[arg(required = true)]
    archives: Vec<PathBuf>,
    /// The hash of the last event you already verified (printed as `head` by an earlier run):
    /// ballots up to it are summed but their proofs are not checked again.
    #[arg(long, value_name = "HASH")]
    since: Option<String>,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
    /// Threads for the ballots' proofs (default: every core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let since = match &args.since {
        None => None,
        Some(text) => {
            let mut hash = [0u8; 32];
            hex::decode_to_slice(text.trim(), &mut hash)
                .map_err(|_| BadUsage("--since: expected 64 hex digits".to_owned()))?;
            Some(hash)
        }
    };
    let mut sources = Vec::new();
    let mut total = 0;
    for path in &args.archives {
        let file = File::open(path)
            .map_err(|e| BadUsage(format!("{}: cannot open: {e}", path.display())))?;
        total += file.metadata().map(|m| m.len()).unwrap_or(0);
        sources.push(Source {
            name: path.display().to_string(),
            input: BufReader::with_capacity(1 << 20, file),
        });
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} vérification / verifying [{bar:40}] {bytes}/{total_bytes} ({eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let options = Options {
        since,
        threads: args.threads,
    };
    let report = verify(sources, &options, |position| bar.set_position(position))
        .map_err(|e| BadUsage(format!("not a record archive: {e}")))?;
    bar.finish_and_clear();
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_text());
    }
    if !report.ok() {
        bail!(
            "the record fails {} check(s): {}",
            report.failed().len(),
            report
                .failed()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}

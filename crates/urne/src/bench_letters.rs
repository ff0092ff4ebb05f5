//! `urne bench letters`: the time to write a batch of access letters as one PDF (issue 6's
//! target: 100 000 letters in under 3 minutes on this machine), with synthetic voters and codes.
//!
//! It also times drawing the codes themselves (`urne-access::issue`: a PBKDF2 of 20 000
//! iterations per voter, on every core) on a sample, `--codes`, extrapolated to 100 000 voters
//! with two elections each: what `urne credentials generate` or `issue` adds before the letters.
//! Left out: writing the file to disk.
#![allow(clippy::disallowed_methods)] // A benchmark reads the clock: that is its job.

use std::time::Instant;

use anyhow::{bail, Result};
use serde_json::json;
use urne_letters::{render, Batch, Letter};

/// Limit of the issue: 100 000 letters in 180 s.
const TARGET_SECS_PER_100K: f64 = 180.0;

/// Options of `urne bench letters`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// How many letters.
    #[arg(long, default_value_t = 100_000)]
    letters: usize,
    /// How many codes to draw for the issuance figure (0: skip it).
    #[arg(long, default_value_t = 2_000)]
    codes: usize,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// Seconds to draw `n` codes (two elections each) on every core.
fn time_codes(n: usize) -> (f64, usize) {
    let recipients: Vec<urne_access::issue::Recipient> = (0..n)
        .map(|i| urne_access::issue::Recipient {
            key: i.to_string(),
            elections: vec!["titulaires".to_owned(), "suppleants".to_owned()],
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let start = Instant::now();
    let issued = urne_access::issue::issue("bench", &recipients, threads, &|_| {});
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(issued.codes.len(), n);
    (secs, threads)
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let batch = Batch::example(true);
    let letters: Vec<Letter> = (0..args.letters)
        .map(|i| Letter {
            name: format!("Mme Hélène Lefèvre-{i}"),
            address_lines: vec![
                format!("{} rue des Lilas", i % 200 + 1),
                "Bâtiment B".to_owned(),
            ],
            postcode: "31000".to_owned(),
            city: "Toulouse".to_owned(),
            country: "France".to_owned(),
            code: format!("7K2Q-9XHM-D4TR-{:04X}-PB", i % 65_536),
        })
        .collect();
    let start = Instant::now();
    let pdf = render(&batch, &letters, &mut |_, _| {});
    let secs = start.elapsed().as_secs_f64();
    let per_100k = secs * 100_000.0 / args.letters.max(1) as f64;
    let pass = per_100k < TARGET_SECS_PER_100K;
    let (code_secs, threads) = if args.codes > 0 {
        time_codes(args.codes)
    } else {
        (0.0, 0)
    };
    let codes_per_100k = code_secs * 100_000.0 / args.codes.max(1) as f64;
    if args.json {
        let report = json!({
            "letters": args.letters,
            "seconds": secs,
            "bytes": pdf.len(),
            "seconds_per_100k": per_100k,
            "target_seconds_per_100k": TARGET_SECS_PER_100K,
            "pass": pass,
            "codes": args.codes,
            "codes_seconds": code_secs,
            "codes_threads": threads,
            "codes_seconds_per_100k": codes_per_100k,
        });
        println!("{report}");
    } else {
        if args.codes > 0 {
            println!(
                "{} codes (2 élections / elections each, {threads} threads): {code_secs:.2} s ({codes_per_100k:.0} s per 100 000)",
                args.codes
            );
        }
        println!(
            "{} lettres / letters: {secs:.2} s, {:.1} Mo / MB ({per_100k:.1} s per 100 000; target {TARGET_SECS_PER_100K} s): {}",
            args.letters,
            pdf.len() as f64 / 1e6,
            if pass { "PASS" } else { "FAIL" }
        );
    }
    if !pass {
        bail!("letters too slow: {per_100k:.1} s per 100 000");
    }
    Ok(())
}

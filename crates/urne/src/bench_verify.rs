//! `urne bench verify`: the independent verifier on a large record (issue 9's targets: 100 000
//! ballots of 5 lists × 8 candidates in under 160 s on the 2-core reference machine, at least
//! 30 times faster than belenios-tool's Ed25519 verification, 47.5 ms per ballot, of the same
//! shape; 1 000 000 ballots in under 25 minutes; memory bounded).
//!
//! Preparation is not measured: a synthetic record (one election, 5 lists × 8 candidates, 8
//! seats, every voter voting with the workload of `../shared/bench/belenios/run.sh`, a bureau of
//! 3 with threshold 2, decrypted, results published) is written batch by batch to an archive
//! file, or read from `--record` when that file exists. The measure is `urne verify FILE --json`
//! run as a child process: its wall time, and its peak resident memory (`VmHWM`). The command
//! fails when the record does not verify or a target is missed.

#![allow(clippy::disallowed_methods)] // A benchmark reads the clock: that is its job.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::json;
use urne_crypto::{BallotShape, Choice};
use urne_record::archive::{ballots_name, entry, event_name, END, HEADER};
use urne_record::chain::{event_hash, ArchiveHeader, Envelope, GENESIS};
use urne_verify::synthetic::{build_into, Published, Spec};

use crate::simulation::random_choice;

/// belenios-tool 2.1's Ed25519 verification of the same shape, ms per ballot
/// (`../shared/bench/belenios/RESULTS.md`).
const BELENIOS_MS: f64 = 47.5;

/// Options of `urne bench verify`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Ballots in the record.
    #[arg(long, default_value_t = 100_000)]
    ballots: usize,
    /// The record's archive: read when it exists, written there otherwise (and kept).
    #[arg(long)]
    record: Option<PathBuf>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// The target for `ballots`: 160 s per 100 000 up to 100 000, then 25 minutes per million.
fn target_secs(ballots: usize) -> f64 {
    let n = ballots as f64;
    if ballots <= 100_000 {
        160.0 * n / 100_000.0
    } else {
        1500.0 * n / 1_000_000.0
    }
}

fn choose(_: usize, voter: usize, shape: &BallotShape) -> Choice {
    let mut rng = ChaCha20Rng::seed_from_u64(voter as u64);
    random_choice(shape, &mut rng)
}

/// Writes the synthetic record to `path`: events as they are made into a body file, then the
/// header (which needs the head) and the body.
fn write_record(ballots: usize, path: &Path) -> Result<()> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let spec = Spec {
        record: "bench-verify".to_owned(),
        elections: vec![(vec![8; 5], 8)],
        voters: ballots,
        votes: ballots,
        members: 3,
        threshold: 2,
        decrypting: vec![1, 2],
        choose: &choose,
        threads,
    };
    let body_path = path.with_extension("body");
    let mut body = BufWriter::with_capacity(1 << 20, File::create(&body_path)?);
    let (mut seq, mut previous) = (0u64, GENESIS);
    let mut sink = |event: Published| -> std::io::Result<()> {
        let hash = event_hash(&spec.record, seq, &previous, &event.kind, &event.payload);
        let envelope = Envelope {
            seq,
            kind: event.kind,
            payload: event.payload,
            hash,
        };
        body.write_all(&entry(&event_name(seq), &envelope.to_bytes()))?;
        if let Some(ballots) = &event.ballots {
            body.write_all(&entry(&ballots_name(seq), ballots))?;
        }
        seq += 1;
        previous = hash;
        Ok(())
    };
    build_into(&spec, &mut ChaCha20Rng::from_seed([3; 32]), &mut sink)?;
    body.flush()?;
    drop(body);
    let header = ArchiveHeader::new(&spec.record, 0, &GENESIS, seq, &previous);
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    out.write_all(&entry(HEADER, &header.to_bytes()))?;
    std::io::copy(&mut File::open(&body_path)?, &mut out)?;
    out.write_all(&END)?;
    out.flush()?;
    std::fs::remove_file(&body_path)?;
    Ok(())
}

/// A process's peak resident memory, kB, while it runs.
fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

pub(crate) fn run(args: &Args) -> Result<()> {
    ensure!(args.ballots > 0, "nothing to verify");
    let path = args.record.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("urne-bench-verify-{}.tar", args.ballots))
    });
    let mut generation = None;
    if !path.exists() {
        let start = Instant::now();
        write_record(args.ballots, &path).with_context(|| format!("writing {}", path.display()))?;
        generation = Some(start.elapsed().as_secs_f64());
    }
    let size = std::fs::metadata(&path)?.len();
    let start = Instant::now();
    let mut child = Command::new(std::env::current_exe()?)
        .args(["verify", "--json"])
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut peak = 0;
    let status = loop {
        if let Some(kb) = peak_kb(child.id()) {
            peak = peak.max(kb);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let secs = start.elapsed().as_secs_f64();
    let mut output = String::new();
    if let Some(mut stdout) = child.stdout.take() {
        stdout.read_to_string(&mut output)?;
    }
    let report: serde_json::Value =
        serde_json::from_str(&output).context("the verifier's JSON report")?;
    let accepted = report["elections"][0]["accepted"].as_u64().unwrap_or(0);
    if !status.success() || report["ok"] != true || accepted != args.ballots as u64 {
        bail!("the record does not verify: {output}");
    }
    let ms = secs * 1000.0 / args.ballots as f64;
    let target = target_secs(args.ballots);
    let figures = json!({
        "ballots": args.ballots,
        "archive_bytes": size,
        "generation_s": generation,
        "verify_s": secs,
        "ms_per_ballot": ms,
        "ballots_per_s": args.ballots as f64 / secs,
        "peak_rss_mb": peak as f64 / 1024.0,
        "belenios_ed25519_ms_per_ballot": BELENIOS_MS,
        "speedup_vs_belenios": BELENIOS_MS / ms,
        "target_s": target,
    });
    if args.json {
        println!("{figures}");
    } else {
        println!(
            "record              {} ({:.1} GB, {} ballots)",
            path.display(),
            size as f64 / 1e9,
            args.ballots
        );
        if let Some(g) = generation {
            println!("generation          {g:.1} s (not measured)");
        }
        println!(
            "urne verify         {secs:.1} s wall ({ms:.3} ms/ballot, {:.0} ballots/s)",
            args.ballots as f64 / secs
        );
        println!("peak memory         {:.0} MB", peak as f64 / 1024.0);
        println!(
            "belenios-tool       {BELENIOS_MS} ms/ballot (Ed25519, 2.1): urne is {:.1}× faster",
            BELENIOS_MS / ms
        );
        println!(
            "target              < {target:.0} s: {}",
            if secs < target { "met" } else { "MISSED" }
        );
    }
    if args.record.is_none() {
        let _ = std::fs::remove_file(&path);
    }
    ensure!(
        secs < target,
        "{secs:.1} s is over the target of {target:.0} s"
    );
    Ok(())
}

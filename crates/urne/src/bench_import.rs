//! `urne bench import`: times a voter-file import end to end against the target of the import
//! issue — a 50 000-line file in under 30 s, on SQLite and on PostgreSQL, on this machine.
//!
//! Each backend gets fresh stores (a temporary directory; a schema named after the process on
//! PostgreSQL, dropped at the end) with a synthetic organisation of four establishments, three
//! colleges and a first-round scrutin. It times the first import (read the file, compare with the
//! empty registry, apply) and a re-import of the same file with 1% of the lines changed. Left
//! out: the web upload and its preview page (network and template time, not the import's), and
//! XLSX files (the reader's cost per line is the same once the cells are read).

#![allow(clippy::disallowed_methods)] // A benchmark reads the clock: that is its job.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{ensure, Context, Result};
use serde_json::{json, Value};
use urne_rules::date::Date;
use urne_server::import::import_context;
use urne_setup::{
    diff_voters, read_voter_file, sample_voter_csv, ChallengePepper, Known, ReadOptions, Voter,
};
use urne_store::registry::NewScrutin;
use urne_store::{Db, Registry};

use crate::import::web_error;
use crate::serve::runtime;

/// The target for one import, in seconds.
const TARGET_S: f64 = 30.0;

/// Options of `urne bench import`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Lines of the synthetic voter file.
    #[arg(long, default_value_t = 50_000)]
    voters: usize,
    /// Also run on this PostgreSQL server (default: the URNE_TEST_PG environment variable);
    /// the benchmark works in its own schema and drops it at the end.
    #[arg(long, value_name = "URL")]
    postgres: Option<String>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// Times of one import, in seconds.
struct Phases {
    /// Reading and validating the file.
    parse_s: f64,
    /// Loading the registry's voters and comparing.
    diff_s: f64,
    /// Writing the diff in one transaction.
    apply_s: f64,
    /// Voters added and changed.
    added: usize,
    changed: usize,
}

impl Phases {
    fn total_s(&self) -> f64 {
        self.parse_s + self.diff_s + self.apply_s
    }

    fn to_json(&self, rows: usize) -> Value {
        json!({
            "parse_s": self.parse_s,
            "diff_s": self.diff_s,
            "apply_s": self.apply_s,
            "total_s": self.total_s(),
            "rows_per_s": rows as f64 / self.total_s(),
            "added": self.added,
            "changed": self.changed,
            "pass": self.total_s() < TARGET_S,
        })
    }
}

/// Both imports on one backend.
struct BackendReport {
    name: &'static str,
    first: Phases,
    again: Phases,
}

impl BackendReport {
    fn pass(&self) -> bool {
        self.first.total_s() < TARGET_S && self.again.total_s() < TARGET_S
    }
}

fn seconds<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64())
}

/// Runs the benchmark; fails when a backend misses the target.
pub(crate) fn run(args: &Args) -> Result<()> {
    ensure!(args.voters >= 100, "--voters must be at least 100");
    let postgres = args.postgres.clone().or_else(|| {
        std::env::var("URNE_TEST_PG")
            .ok()
            .filter(|url| !url.is_empty())
    });
    let reports = runtime()?.block_on(async {
        let mut reports = vec![on_sqlite(args.voters).await?];
        if let Some(url) = &postgres {
            reports.push(on_postgres(url, args.voters).await?);
        }
        anyhow::Ok(reports)
    })?;
    let all_pass = reports.iter().all(BackendReport::pass);
    if args.json {
        let mut report = json!({
            "voters": args.voters,
            "target_s": TARGET_S,
            "pass": all_pass,
        });
        for backend in &reports {
            report[backend.name] = json!({
                "import": backend.first.to_json(args.voters),
                "reimport_1pct": backend.again.to_json(args.voters),
                "pass": backend.pass(),
            });
        }
        println!("{report}");
    } else {
        print_table(args.voters, &reports);
    }
    ensure!(
        all_pass,
        "objectif manqué / target missed: an import took {TARGET_S} s or more"
    );
    Ok(())
}

fn print_table(voters: usize, reports: &[BackendReport]) {
    println!("urne bench import — {voters} voters, target < {TARGET_S} s per import");
    println!(
        "{:<10} {:<14} {:>8} {:>8} {:>8} {:>8} {:>9}  result",
        "backend", "import", "parse s", "diff s", "apply s", "total s", "rows/s"
    );
    for report in reports {
        for (label, phases) in [("first", &report.first), ("again, 1% new", &report.again)] {
            let total = phases.total_s();
            println!(
                "{:<10} {:<14} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>9.0}  {}",
                report.name,
                label,
                phases.parse_s,
                phases.diff_s,
                phases.apply_s,
                total,
                voters as f64 / total,
                if total < TARGET_S { "PASS" } else { "FAIL" }
            );
        }
    }
    if !reports.iter().any(|r| r.name == "postgres") {
        println!("(PostgreSQL not measured: set URNE_TEST_PG or pass --postgres URL)");
    }
}

async fn on_sqlite(voters: usize) -> Result<BackendReport> {
    let dir = std::env::temp_dir().join(format!("urne-bench-import-{}", std::process::id()));
    // Left over by an interrupted run with the same process id: start afresh.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
    let db = Db::open_sqlite(&dir.join("registry.sqlite")).await?;
    let outcome = measure("sqlite", Registry::open(db.clone()).await, voters).await;
    db.close().await;
    remove_dir(dir);
    outcome
}

fn remove_dir(dir: PathBuf) {
    if let Err(error) = std::fs::remove_dir_all(&dir) {
        eprintln!("urne: {}: {error}", dir.display());
    }
}

async fn on_postgres(url: &str, voters: usize) -> Result<BackendReport> {
    let schema = format!("bench_{}_registry", std::process::id());
    // Drop a schema left by an interrupted run with the same process id, then start afresh.
    let stale = Db::open_postgres(url, Some(&schema)).await?;
    stale.drop_schema().await?;
    stale.close().await;
    let db = Db::open_postgres(url, Some(&schema)).await?;
    let outcome = measure("postgres", Registry::open(db.clone()).await, voters).await;
    let dropped = db.drop_schema().await;
    db.close().await;
    let report = outcome?;
    dropped?;
    Ok(report)
}

async fn measure(
    name: &'static str,
    registry: Result<Registry, urne_store::StoreError>,
    voters: usize,
) -> Result<BackendReport> {
    let registry = registry?;
    let (known, pepper) = organisation(&registry).await?;
    let csv = sample_voter_csv(voters, &known, 2027);
    let first = import(&registry, &csv, &pepper).await?;
    ensure!(
        first.added == voters && registry.voter_total().await? == voters as u64,
        "{name}: the first import stored {} voters of {voters}",
        registry.voter_total().await?
    );
    let changed_csv = change_one_percent(&csv);
    let again = import(&registry, &changed_csv, &pepper).await?;
    ensure!(
        again.changed == voters / 100 && again.added == 0,
        "{name}: the re-import changed {} voters, expected {}",
        again.changed,
        voters / 100
    );
    Ok(BackendReport { name, first, again })
}

/// Four establishments, three colleges and a first-round scrutin, in fresh stores.
async fn organisation(registry: &Registry) -> Result<(Known, ChallengePepper)> {
    for (code, name) in [
        ("PAR", "Paris"),
        ("LYO", "Lyon"),
        ("MRS", "Marseille"),
        ("LIL", "Lille"),
    ] {
        registry
            .add_establishment(code, name, "00000000000000", "")
            .await?;
    }
    for (code, name) in [
        ("OUV", "Ouvriers et employés"),
        ("TAM", "Techniciens et agents de maîtrise"),
        ("CAD", "Cadres"),
    ] {
        registry.add_college(code, name).await?;
    }
    let first_round_day = Date::new(2027, 3, 1).context("a valid date")?;
    registry
        .add_scrutin(&NewScrutin {
            record_uid: "bench-import".to_owned(),
            name: "Banc d'essai / Benchmark".to_owned(),
            round: 1,
            first_round_id: None,
            first_round_day,
            opens_at: 1_803_000_000,
            closes_at: 1_803_600_000,
        })
        .await?;
    let (known, _) = import_context(registry).await.map_err(web_error)?;
    Ok((known, ChallengePepper::from_bytes([7; 32])))
}

/// One import as `urne import voters --yes` does it, phase by phase.
async fn import(registry: &Registry, csv: &str, pepper: &ChallengePepper) -> Result<Phases> {
    let (known, conditions) = import_context(registry).await.map_err(web_error)?;
    let options = ReadOptions {
        known: &known,
        conditions: &conditions,
        pepper,
    };
    let (file, parse_s) =
        seconds(|| read_voter_file("bench.csv", csv.as_bytes(), &options, &mut |_, _| {}));
    let file = file.map_err(|errors| anyhow::anyhow!("{errors}"))?;
    let start = Instant::now();
    let current: Vec<Voter> = registry
        .voters()
        .await?
        .into_iter()
        .map(|stored| stored.voter)
        .collect();
    let diff = diff_voters(&current, &file.voters);
    let diff_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    registry.apply_voter_diff(&diff, 1_800_000_000).await?;
    let apply_s = start.elapsed().as_secs_f64();
    Ok(Phases {
        parse_s,
        diff_s,
        apply_s,
        added: diff.added.len(),
        changed: diff.changed.len(),
    })
}

/// The same file with every hundredth line's e-mail moved to another domain.
fn change_one_percent(csv: &str) -> String {
    csv.lines()
        .enumerate()
        .map(|(idx, line)| {
            if idx > 0 && idx % 100 == 0 {
                line.replacen("@exemple.fr", "@exemple.com", 1)
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

//! `urne`: one binary, one subcommand per task (DEVELOPERS.md): `demo` (a web election one can
//! vote in, on SQLite), `simulate` (a whole election in-process, no server), `receipt` (a
//! voter's saved receipt checked), `rules` (the counting rules), `bench` (the cryptographic benchmark, and
//! `bench import`, `bench letters`, `bench cast`), `serve` (the web server), `staff add` (accounts, the first organisateur's
//! included) and `import voters` (the voter file), `verify` (the independent verifier of a public record).
//!
//! Exit codes: 0 success; 1 failure (a message on stderr says what failed, e.g. every bad line
//! of a voter file, nothing stored); 2 bad usage or bad input (`urne rules`:
//! `error: <field path>: <reason>` on stderr; otherwise clap's message or a [`BadUsage`]).

#![forbid(unsafe_code)]

mod archive;
mod bench;
mod bench_cast;
mod bench_count;
mod bench_import;
mod bench_letters;
mod bench_scrutin;
mod bench_verify;
mod credentials;
mod demo;
mod import;
mod load;
mod receipt;
mod rules;
mod serve;
mod simulate;
mod simulation;
mod staff;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The command line.
#[derive(Parser)]
#[command(
    name = "urne",
    version,
    about = "urne — end-to-end verifiable elections for French professional elections",
    after_help = "Exit codes: 0 success, 1 failure (the message says what failed; for a voter \
                  file, every bad line, and nothing is stored), 2 bad usage or bad input."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs a demonstration election one can vote in: embedded SQLite in a temporary directory
    /// (or --data DIR), two colleges, titulaires and suppléants, union lists, about twenty
    /// voters whose identifiants and badge digits are printed, a bureau with its keys, voting
    /// open now; prints the address to open (http://127.0.0.1:8080 unless --port).
    Demo(demo::Args),
    /// Runs a whole simulated election in this process, no server, and prints each step: key
    /// ceremony of the bureau, ballots cast, homomorphic tally, threshold decryption, result.
    Simulate(simulate::Args),
    /// The counting rules of the Code du travail: one calculator per rule (JSON in, JSON out),
    /// and `check` to run golden cases.
    Rules(rules::Args),
    /// Measures the cryptography: ballot encryption and verification, batch verification, tally
    /// and threshold decryption, sizes, and the group operations they are made of. `urne bench
    /// import` times a voter-file import instead.
    Bench(BenchArgs),
    /// Runs the web server for the organisateur and the délégués de liste. The configuration says
    /// where it listens and where it stores (default: 127.0.0.1:8080, two SQLite files in
    /// ./urne-data); with no organisateur yet, it prints the `urne staff add` command to run.
    Serve(serve::Args),
    /// Manages staff accounts: `urne staff add` creates one (the first organisateur's too).
    Staff(staff::Args),
    /// Imports files into the registry: `urne import voters FILE` reads the employer's voter
    /// file, shows what changes and applies it.
    Import(import::Args),
    /// Checks a voter's saved receipt (the signed file of the receipt page) against the
    /// scrutin's receipt key (shown at /record/UID): exit code 0 when every signature holds, 1
    /// otherwise.
    Receipt(receipt::Args),
    /// Voters' codes: `issue` (urne draws and prints them), or `export`, `generate` (on an
    /// offline credential authority's machine) and `import` (its public files).
    Credentials(credentials::Args),
    /// Retention (Article 10): `create` writes a scrutin's sealed archive, `recount` re-runs the
    /// count from one with no database (exit code 1 when anything differs), `destroy` removes
    /// the scrutin's personal data after the contestation period.
    Archive(archive::Args),
    /// Verifies a scrutin's public record (the archive downloaded from /record/UID/archive,
    /// or a whole record then the parts added since, in order) with no access to the server:
    /// every check of docs/protocol.md §10 — manifests, seal, key ceremony, each ballot, the
    /// tallies, the decryptions, the results recomputed. Exit code 0 when every check made
    /// passes, 1 when one fails (the report names the check and the item), 2 for a file that
    /// is not a record.
    Verify(verify::Args),
}

/// `urne bench` measures the cryptography; `urne bench import` the voter-file import.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
struct BenchArgs {
    #[command(subcommand)]
    what: Option<BenchWhat>,
    #[command(flatten)]
    crypto: bench::Args,
}

#[derive(Subcommand)]
enum BenchWhat {
    /// Times the import of a synthetic voter file (default 50 000 lines) end to end — read,
    /// compare, store — and a re-import with 1% of the lines changed, on SQLite and, when
    /// URNE_TEST_PG or --postgres is set, on PostgreSQL; fails (exit code 1) when an import
    /// takes 30 s or more.
    Import(bench_import::Args),
    /// Casting under load on real `urne serve` processes (PostgreSQL: 2 behind a balancer,
    /// with --postgres or URNE_TEST_PG; otherwise SQLite: 1), each ballot's proofs checked:
    /// throughput and latency percentiles; fails (exit code 1) on PostgreSQL below 300
    /// ballots/s or with p99 at 250 ms or more.
    Cast(bench_cast::Args),
    /// Times writing access letters as one print-ready PDF (default 100 000 letters, one A4 page
    /// each); fails (exit code 1) above 3 minutes per 100 000.
    Letters(bench_letters::Args),
    /// Counting after the closing through the server's code on SQLite (default 100 000 ballots,
    /// 5 lists × 8 candidates): tally, two decryption shares checked, results with the counting
    /// rules, and the PV; checks the counts and fails (exit code 1) above 60 s per 100 000.
    Count(bench_count::Args),
    /// The independent verifier (`urne verify`, as a child process) on a synthetic record of
    /// 100 000 ballots (5 lists × 8 candidates; --ballots N): wall time, ms per ballot against
    /// belenios-tool's 47.5, peak memory; fails (exit code 1) when the record does not verify
    /// or takes 160 s or more (25 minutes per million above 100 000).
    Verify(bench_verify::Args),
}

/// A command line that parses but makes no sense (exit code 2), such as `--union` for a role
/// other than délégué.
#[derive(Debug)]
pub(crate) struct BadUsage(pub(crate) String);

impl std::fmt::Display for BadUsage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadUsage {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Demo(args) => demo::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Bench(BenchArgs {
            what: Some(BenchWhat::Import(args)),
            ..
        }) => bench_import::run(&args),
        Command::Bench(BenchArgs {
            what: Some(BenchWhat::Cast(args)),
            ..
        }) => bench_cast::run(&args),
        Command::Bench(BenchArgs {
            what: Some(BenchWhat::Letters(args)),
            ..
        }) => bench_letters::run(&args),
        Command::Bench(BenchArgs {
            what: Some(BenchWhat::Count(args)),
            ..
        }) => bench_count::run(&args),
        Command::Bench(BenchArgs {
            what: Some(BenchWhat::Verify(args)),
            ..
        }) => bench_verify::run(&args),
        Command::Bench(args) => bench::run(&args.crypto),
        Command::Serve(args) => serve::run(&args),
        Command::Staff(args) => staff::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Credentials(args) => credentials::run(&args),
        Command::Archive(args) => archive::run(&args),
        Command::Receipt(args) => receipt::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Rules(args) => return rules::run(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is::<BadUsage>() => {
            eprintln!("urne: {error:#}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("urne: {error:#}");
            ExitCode::from(1)
        }
    }
}

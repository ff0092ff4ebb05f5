//! `urne`: one binary, one subcommand per task (DEVELOPERS.md). This issue brings `demo` (a whole
//! election simulated in-process) and `bench` (the cryptographic benchmark); `serve`, `rules` and
//! `verify` come with their issues.
//!
//! Exit codes: 0 success; 1 failure (a message on stderr says what failed); 2 bad usage or bad
//! input (`urne rules`: `error: <field path>: <reason>` on stderr).

#![forbid(unsafe_code)]

mod bench;
mod demo;
mod rules;
mod simulation;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The command line.
#[derive(Parser)]
#[command(
    name = "urne",
    version,
    about = "urne — end-to-end verifiable elections for French professional elections",
    after_help = "Exit codes: 0 success, 1 failure (the message says what failed), 2 bad usage or bad input."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs a whole simulated election in this process and prints each step: key ceremony of the
    /// bureau, ballots cast, homomorphic tally, threshold decryption, result.
    Demo(demo::Args),
    /// The counting rules of the Code du travail: one calculator per rule (JSON in, JSON out),
    /// and `check` to run golden cases.
    Rules(rules::Args),
    /// Measures the cryptography: ballot encryption and verification, batch verification, tally
    /// and threshold decryption, sizes, and the group operations they are made of.
    Bench(bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Demo(args) => demo::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Rules(args) => return rules::run(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("urne: {error:#}");
            ExitCode::from(1)
        }
    }
}

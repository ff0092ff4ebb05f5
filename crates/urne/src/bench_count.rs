//! `urne bench count`: counting after the closing (issue 8's target: tally, decryption, seats
//! and PVs for 100 000 ballots in under 60 s on this machine), through the server's own code on
//! an embedded SQLite store: `counting::tallies` (every stored ballot read page by page and
//! summed, without checking its proofs again: they were checked at casting), two of the three
//! bureau members' decryption shares (computed, then checked by `counting::publish_share`),
//! `counting::results` (combination, discrete logs, `urne-rules`) and the PV's PDF.
//!
//! Preparation is not measured: the scrutin (5 lists × 8 candidates, 8 seats, inscrits = 1.25 ×
//! ballots so the quorum is met), a simulated ceremony, and the ballot box. To keep preparation
//! short, `--templates` genuine ballots are encrypted and proved, and the box is filled with
//! copies of them under distinct random credentials: the tally reads only ciphertexts, so its
//! work is the same, and the expected counts are known exactly — the command fails if the
//! decrypted results differ from them.
#![allow(clippy::disallowed_methods)] // A benchmark reads the clock: that is its job.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{ensure, Context, Result};
use rand::RngCore;
use serde_json::json;
use urne_crypto::ballot::BallotContext;
use urne_crypto::credential::CredentialSeed;
use urne_crypto::dkg::simulation::SimulatedCeremony;
use urne_crypto::tally::Tally;
use urne_crypto::{Choice, EncryptedBallot};
use urne_server::app::AppState;
use urne_server::clock::SystemClock;
use urne_server::counting::{self, Target};
use urne_server::csrf::CsrfKey;
use urne_setup::ChallengePepper;
use urne_store::Stores;

use crate::bench_scrutin::{cse_scrutin, CseScrutin};

/// The limit for 100 000 ballots.
const TARGET_SECS: f64 = 60.0;

/// Options of `urne bench count`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Ballots in the box.
    #[arg(long, default_value_t = 100_000)]
    ballots: usize,
    /// Genuine ballots encrypted, copied to fill the box.
    #[arg(long, default_value_t = 2_000)]
    templates: usize,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// Seconds since `start`.
fn since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}

pub(crate) fn run(args: &Args) -> Result<()> {
    ensure!(args.templates > 0 && args.ballots > 0, "nothing to count");
    let dir = std::env::temp_dir().join(format!("urne-bench-count-{}", std::process::id()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(measure(args, &dir));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn measure(args: &Args, dir: &std::path::Path) -> Result<()> {
    let prepared = Instant::now();
    let stores = Stores::open_sqlite_dir(dir).await?;
    let now = urne_server::clock::Clock::now(&SystemClock).as_second();
    let uid = "bench-count";
    let inscrits = args.ballots + args.ballots / 4;
    let CseScrutin {
        scrutin_id,
        election_uid,
    } = cse_scrutin(&stores.registry, uid, inscrits, now - 7200, now - 3600, now).await?;
    let mut rng = rand::rngs::OsRng;
    let ceremony = SimulatedCeremony::run([8; 32], 3, 2, &mut rng)?;
    stores.registry.set_lists_locked(scrutin_id, true).await?;
    let state = AppState::new(
        stores.clone(),
        Arc::new(SystemClock),
        CsrfKey::random(),
        ChallengePepper::from_bytes([0; 32]),
        "http://127.0.0.1",
    );
    let scrutin = stores.registry.scrutin(scrutin_id).await?;
    urne_server::opening::publish(&state, &scrutin, &urne_server::demo::bureau_key(&ceremony))
        .await
        .context("publication")?;
    let manifest = urne_server::opening::manifests(&stores, &scrutin)
        .await?
        .remove(0);
    let ctx = BallotContext {
        fingerprint: manifest.fingerprint(),
        key: ceremony.outcome.election_key.clone(),
        shape: manifest.shape()?,
    };
    let templates = templates(&ctx, &election_uid, args.templates)?;
    let mut expected = Tally {
        lists: vec![0; ctx.shape.lists()],
        blank: 0,
        nul: 0,
        strikes: ctx
            .shape
            .candidates()
            .iter()
            .map(|&n| vec![0; n as usize])
            .collect(),
    };
    for i in 0..args.ballots {
        let (bytes, choice) = &templates[i % templates.len()];
        let mut ballot = bytes.clone();
        rng.fill_bytes(&mut ballot[..32]);
        let tracker = urne_crypto::ballot::tracker_of(&ballot);
        stores
            .ballot_box
            .store_ballot(&election_uid, &ballot[..32], &ballot, &tracker)
            .await?;
        add(&mut expected, choice);
    }
    counting::close(&state, &scrutin).await?;
    let scrutin = stores.registry.scrutin(scrutin_id).await?;
    let preparation = since(prepared);

    let start = Instant::now();
    let summed = counting::tallies(&state, &Target::vote(&scrutin)).await?;
    let tally_s = since(start);

    let start = Instant::now();
    for member in [1u32, 3] {
        let sequence = &ceremony.sequences[member as usize - 1];
        let key = ceremony.key_share(member, sequence, &mut rng)?;
        let sums = summed.tally(&election_uid).context("tally")?.sums()?;
        let share = key.decrypt_share(&manifest.fingerprint(), &sums, &mut rng);
        counting::publish_share(
            &state,
            &Target::vote(&scrutin),
            member,
            &election_uid,
            &share.to_bytes(),
        )
        .await?;
    }
    let shares_s = since(start);

    let start = Instant::now();
    let results = counting::results(&state, &Target::vote(&scrutin))
        .await?
        .context("results after two shares")?;
    let results_s = since(start);

    let start = Instant::now();
    let election = stores.registry.elections(scrutin_id).await?.remove(0);
    let doc = urne_server::documents::pv(&state, &scrutin, &election, &manifest, &results[0])
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let pdf = urne_letters::pv::render(&doc);
    let pv_s = since(start);

    let r = &results[0];
    let lists: Vec<u64> = r.lists.iter().map(|l| l.ballots).collect();
    let strikes: Vec<Vec<u64>> = r
        .lists
        .iter()
        .map(|l| l.candidates.iter().map(|c| c.ratures).collect())
        .collect();
    ensure!(
        lists == expected.lists
            && r.blancs == expected.blank
            && r.nuls == expected.nul
            && strikes == expected.strikes,
        "the decrypted counts differ from the ballots stored"
    );
    let total = tally_s + shares_s + results_s + pv_s;
    let target = TARGET_SECS * args.ballots as f64 / 100_000.0;
    let pass = total < target;
    if args.json {
        println!(
            "{}",
            json!({
                "ballots": args.ballots,
                "templates": args.templates,
                "preparation_s": preparation,
                "tally_s": tally_s,
                "shares_s": shares_s,
                "results_s": results_s,
                "pv_s": pv_s,
                "pv_bytes": pdf.len(),
                "total_s": total,
                "target_s": target,
                "pass": pass,
            })
        );
    } else {
        println!(
            "urne bench count — {} ballots, 5 lists × 8 candidates, SQLite",
            args.ballots
        );
        println!("  preparation (not measured)        {preparation:8.1} s");
        println!("  tally (read + sum every ballot)   {tally_s:8.2} s");
        println!("  2 decryption shares, checked     {shares_s:8.2} s");
        println!("  results (combine, dlog, seats)    {results_s:8.2} s");
        println!(
            "  PV (Cerfa 15822), {:>6} bytes     {pv_s:8.2} s",
            pdf.len()
        );
        println!("  total                             {total:8.2} s (target < {target:.0} s)");
        println!(
            "  seats: {:?}",
            r.lists.iter().map(|l| l.seats).collect::<Vec<_>>()
        );
    }
    ensure!(
        pass,
        "counting took {total:.1} s, over the {target:.0} s target"
    );
    Ok(())
}

fn add(tally: &mut Tally, choice: &Choice) {
    match choice {
        Choice::Blank => tally.blank += 1,
        Choice::Nul => tally.nul += 1,
        Choice::List { list, struck } => {
            tally.lists[*list] += 1;
            for &c in struck {
                tally.strikes[*list][c] += 1;
            }
        }
    }
}

/// `count` genuine ballots with their choices, encrypted on every core.
fn templates(
    ctx: &BallotContext,
    election_uid: &str,
    count: usize,
) -> Result<Vec<(Vec<u8>, Choice)>> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = count.div_ceil(threads);
    let made: Vec<(Vec<u8>, Choice)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..count)
            .collect::<Vec<_>>()
            .chunks(chunk)
            .map(|part| {
                let n = part.len();
                scope.spawn(move || {
                    let mut rng = rand::rngs::OsRng;
                    (0..n)
                        .map(|_| {
                            let mut seed = [0u8; 64];
                            rng.fill_bytes(&mut seed);
                            let keys = CredentialSeed::from_bytes(seed).election_keys(election_uid);
                            let choice = crate::simulation::random_choice(&ctx.shape, &mut rng);
                            EncryptedBallot::encrypt(ctx, &choice, &keys, &mut rng)
                                .map(|b| (b.to_bytes(), choice))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Ok(Vec::new())))
            .collect::<Result<Vec<Vec<_>>, _>>()
            .map(|v| v.into_iter().flatten().collect())
    })?;
    ensure!(made.len() == count, "a template thread failed");
    Ok(made)
}

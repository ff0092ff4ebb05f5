//! `urne bench`: the cryptographic benchmark of issue #3, in one run. Speed is measured here, never
//! by timed tests.
//!
//! It measures the group operations the protocol is made of (scalar multiplication, multiscalar
//! multiplication per point, decompression) and derives from the ballot's operation count a lower
//! bound on verifying one ballot, so the figures can be judged against what the design allows.

#![allow(clippy::disallowed_methods)] // A benchmark reads the clock: that is its job.

use std::time::Instant;

use anyhow::{ensure, Result};
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rand_core::{OsRng, RngCore};
use serde_json::json;
use urne_crypto::ballot::{verify_ballots_vartime, BallotContext};
use urne_crypto::dlog::DlogTable;
use urne_crypto::tally::encrypted_tally;
use urne_crypto::{BallotShape, Choice, CredentialCode, CredentialKeys, EncryptedBallot};

use crate::simulation::{random_choice, Bureau};

/// Options of `urne bench`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Ballots for batch verification, tally and decryption.
    #[arg(long, default_value_t = 10_000)]
    ballots: usize,
    /// Threads for making and batch-verifying ballots (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

fn time_ms<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64() * 1e3)
}

struct Primitives {
    scalar_mul_us: f64,
    fixed_base_us: f64,
    double_base_vartime_us: f64,
    decompress_us: f64,
    msm_us_per_point: f64,
}

/// Median of five runs of [`primitives_once`], figure by figure.
fn primitives(rng: &mut ChaCha20Rng) -> Primitives {
    let runs: Vec<Primitives> = (0..5).map(|_| primitives_once(rng)).collect();
    let median = |f: fn(&Primitives) -> f64| {
        let mut values: Vec<f64> = runs.iter().map(f).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    Primitives {
        scalar_mul_us: median(|p| p.scalar_mul_us),
        fixed_base_us: median(|p| p.fixed_base_us),
        double_base_vartime_us: median(|p| p.double_base_vartime_us),
        decompress_us: median(|p| p.decompress_us),
        msm_us_per_point: median(|p| p.msm_us_per_point),
    }
}

fn primitives_once(rng: &mut ChaCha20Rng) -> Primitives {
    let n = 1_000;
    let points: Vec<RistrettoPoint> = (0..n).map(|_| RistrettoPoint::random(rng)).collect();
    let scalars: Vec<Scalar> = (0..n).map(|_| Scalar::random(rng)).collect();
    let (acc, ms) = time_ms(|| {
        points
            .iter()
            .zip(&scalars)
            .map(|(p, s)| p * s)
            .sum::<RistrettoPoint>()
    });
    let scalar_mul_us = ms * 1e3 / n as f64;
    let table = curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
    let (acc2, ms) = time_ms(|| scalars.iter().map(|s| table * s).sum::<RistrettoPoint>());
    let fixed_base_us = ms * 1e3 / n as f64;
    let (acc3, ms) = time_ms(|| {
        points
            .iter()
            .zip(&scalars)
            .map(|(p, s)| RistrettoPoint::vartime_double_scalar_mul_basepoint(s, p, s))
            .sum::<RistrettoPoint>()
    });
    let double_base_vartime_us = ms * 1e3 / n as f64;
    let compressed: Vec<_> = points.iter().map(|p| p.compress()).collect();
    let (decoded, ms) = time_ms(|| compressed.iter().filter_map(|c| c.decompress()).count());
    let decompress_us = ms * 1e3 / n as f64;
    let big = 8_192;
    let msm_points: Vec<RistrettoPoint> = (0..big)
        .map(|i| points[i % n] + points[(i * 7 + 1) % n])
        .collect();
    let msm_scalars: Vec<Scalar> = (0..big).map(|_| Scalar::random(rng)).collect();
    let (acc4, ms) = time_ms(|| RistrettoPoint::vartime_multiscalar_mul(&msm_scalars, &msm_points));
    let msm_us_per_point = ms * 1e3 / big as f64;
    // Keep the results alive so nothing is optimised away.
    std::hint::black_box((acc, acc2, acc3, acc4, decoded));
    Primitives {
        scalar_mul_us,
        fixed_base_us,
        double_base_vartime_us,
        decompress_us,
        msm_us_per_point,
    }
}

/// Points a verifier decompresses for one ballot: two per ciphertext, two commitments per branch,
/// the signature's commitment and the credential.
fn points_per_ballot(shape: &BallotShape) -> usize {
    let n_ct = shape.choice_count() + shape.strike_count();
    let branches = 2 * n_ct + 1 + shape.max_candidates();
    2 * n_ct + 2 * branches + 2
}

/// Bench-only credentials: one stretched code, one signing key per voter label. Stretching
/// (PBKDF2) is measured once on its own; it is the voter's browser's cost, not the server's.
fn voter_keys(count: usize, rng: &mut ChaCha20Rng) -> Vec<CredentialKeys> {
    let seed = CredentialCode::generate(rng).seed("bench");
    (0..count)
        .map(|i| seed.election_keys(&format!("voter-{i}")))
        .collect()
}

fn make_ballots(
    ctx: &BallotContext,
    count: usize,
    threads: usize,
    seed: u64,
) -> Result<Vec<EncryptedBallot>> {
    let chunk = count.div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..count)
            .step_by(chunk)
            .enumerate()
            .map(|(t, start)| {
                scope.spawn(move || -> Result<Vec<EncryptedBallot>> {
                    let mut rng = ChaCha20Rng::seed_from_u64(seed ^ (t as u64) << 32);
                    let n = chunk.min(count - start);
                    let keys = voter_keys(n, &mut rng);
                    keys.iter()
                        .map(|k| {
                            let choice = random_choice(&ctx.shape, &mut rng);
                            Ok(EncryptedBallot::encrypt(ctx, &choice, k, &mut rng)?)
                        })
                        .collect()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(count);
        for handle in handles {
            all.extend(
                handle
                    .join()
                    .map_err(|_| anyhow::anyhow!("a ballot thread panicked"))??,
            );
        }
        Ok(all)
    })
}

/// Batch-verifies on `threads` threads, 64 ballots per multiscalar multiplication.
fn batch_verify(
    ctx: &BallotContext,
    ballots: &[EncryptedBallot],
    threads: usize,
    seed: u64,
) -> usize {
    let chunk = ballots.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = ballots
            .chunks(chunk)
            .enumerate()
            .map(|(t, part)| {
                scope.spawn(move || {
                    let mut rng = ChaCha20Rng::seed_from_u64(seed.wrapping_add(t as u64));
                    part.chunks(64)
                        .map(|batch| {
                            let refs: Vec<&EncryptedBallot> = batch.iter().collect();
                            verify_ballots_vartime(ctx, &refs, &mut rng)
                                .iter()
                                .filter(|r| r.is_ok())
                                .count()
                        })
                        .sum::<usize>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    })
}

/// The median of `rounds` measurements of `f`, in ms per item (`items` items per round). This
/// machine is a shared VM: medians resist a neighbour's burst better than means.
fn median_ms_per_item(
    rounds: usize,
    items: usize,
    mut f: impl FnMut() -> Result<()>,
) -> Result<f64> {
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let ((), ms) = {
            let (result, ms) = time_ms(&mut f);
            (result?, ms)
        };
        times.push(ms / items as f64);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[rounds / 2])
}

/// Encrypts and verifies ballots one at a time, as the browser and the casting server do; returns
/// median ms per encryption, per verification, and the ballot size.
fn per_ballot(
    ctx: &BallotContext,
    per_round: usize,
    rng: &mut ChaCha20Rng,
) -> Result<(f64, f64, usize)> {
    let rounds = 7;
    let keys = voter_keys(per_round, rng);
    let choices: Vec<Choice> = (0..per_round)
        .map(|_| random_choice(&ctx.shape, rng))
        .collect();
    let mut ballots = Vec::new();
    let mut draw = ChaCha20Rng::seed_from_u64(rng.next_u64());
    let encrypt = median_ms_per_item(rounds, per_round, || {
        ballots = keys
            .iter()
            .zip(&choices)
            .map(|(k, c)| EncryptedBallot::encrypt(ctx, c, k, &mut draw))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(())
    })?;
    let verify = median_ms_per_item(rounds, per_round, || {
        let ok = ballots
            .iter()
            .filter(|b| b.verify_vartime(ctx, &mut draw).is_ok())
            .count();
        ensure!(ok == per_round, "a fresh ballot failed to verify");
        Ok(())
    })?;
    let size = ballots.first().map_or(0, |b| b.to_bytes().len());
    Ok((encrypt, verify, size))
}

/// Runs the benchmark.
pub(crate) fn run(args: &Args) -> Result<()> {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let seed = OsRng.next_u64();
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let log = |line: String| {
        if !args.json {
            println!("{line}");
        }
    };
    log(format!(
        "urne bench — {} ballots, {threads} threads",
        args.ballots
    ));
    let p = primitives(&mut rng);
    log(format!(
        "group: scalar mul {:.1} µs (constant time), fixed-base {:.1} µs, vartime double-base {:.1} µs, decompress {:.2} µs, MSM {:.2} µs/point",
        p.scalar_mul_us, p.fixed_base_us, p.double_base_vartime_us, p.decompress_us, p.msm_us_per_point
    ));

    let bureau = Bureau::ceremony([1; 32], 5, 2, &mut rng)?;
    let shape_5x8 = BallotShape::new(vec![8; 5])?;
    let shape_8x30 = BallotShape::new(vec![30; 8])?;
    let ctx = bureau.context(b"bench 5x8", shape_5x8.clone());
    let ctx_8x30 = bureau.context(b"bench 8x30", shape_8x30.clone());

    let (_, stretch_ms) = time_ms(|| {
        CredentialCode::generate(&mut rng)
            .seed("bench")
            .login_token()
    });
    let (encrypt_5x8, verify_5x8, bytes_5x8) = per_ballot(&ctx, 10, &mut rng)?;
    let (encrypt_8x30, verify_8x30, bytes_8x30) = per_ballot(&ctx_8x30, 3, &mut rng)?;
    let points = points_per_ballot(&shape_5x8);
    let bound_5x8 = points as f64 * (p.decompress_us + p.msm_us_per_point) / 1e3;
    log(format!(
        "credential code stretching (PBKDF2, once per voter in the browser): {stretch_ms:.1} ms"
    ));
    log(format!("5×8:  encrypt {encrypt_5x8:.2} ms, verify {verify_5x8:.2} ms, {bytes_5x8} bytes; bound {bound_5x8:.2} ms ({points} points × (decompress + MSM/point))"));
    log(format!(
        "8×30: encrypt {encrypt_8x30:.2} ms, verify {verify_8x30:.2} ms, {bytes_8x30} bytes"
    ));

    let (ballots, make_ms) = time_ms(|| make_ballots(&ctx, args.ballots, threads, seed));
    let ballots = ballots?;
    log(format!(
        "made {} ballots in {:.1} s ({threads} threads)",
        ballots.len(),
        make_ms / 1e3
    ));
    let (valid, batch_ms) = time_ms(|| batch_verify(&ctx, &ballots, threads, seed));
    ensure!(
        valid == ballots.len(),
        "batch verification rejected {} honest ballots",
        ballots.len() - valid
    );
    let batch_per_ballot = batch_ms / ballots.len() as f64;
    log(format!(
        "batch verify {}: {:.2} s, {batch_per_ballot:.3} ms/ballot (wall, {threads} threads)",
        ballots.len(),
        batch_ms / 1e3
    ));

    let (tally, tally_ms) = time_ms(|| encrypted_tally(&shape_5x8, &ballots));
    let (decrypted, decrypt_ms) =
        time_ms(|| bureau.decrypt(&ctx, &tally, &[2, 5], ballots.len() as u64, &mut rng));
    let (counts, _) = decrypted?;
    ensure!(
        counts.ballots() == ballots.len() as u64,
        "decrypted tally counts {} ballots",
        counts.ballots()
    );
    log(format!("tally {} ballots: {tally_ms:.1} ms; threshold decryption (2 of 5, proofs, combine, dlog): {decrypt_ms:.1} ms", ballots.len()));

    // Discrete log of a count for an electorate of 1 000 000 (docs/protocol.md §9.3): table size
    // and the slowest search (the largest count).
    let electorate = 1_000_000u64;
    let (table, dlog_table_ms) = time_ms(|| DlogTable::new(electorate));
    let point = curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT * Scalar::from(electorate);
    let (found, dlog_solve_ms) = time_ms(|| table.solve_vartime(&point));
    ensure!(
        found == Some(electorate),
        "discrete log of {electorate} not found"
    );
    log(format!(
        "discrete log up to {electorate}: table of {} entries in {dlog_table_ms:.1} ms, worst search {dlog_solve_ms:.1} ms",
        table.len()
    ));

    if args.json {
        let report = json!({
            "dlog_table_entries_1m": table.len(),
            "dlog_table_ms_1m": dlog_table_ms,
            "dlog_worst_solve_ms_1m": dlog_solve_ms,
            "ballots": ballots.len(),
            "threads": threads,
            "scalar_mul_us": p.scalar_mul_us,
            "fixed_base_us": p.fixed_base_us,
            "double_base_vartime_us": p.double_base_vartime_us,
            "decompress_us": p.decompress_us,
            "msm_us_per_point": p.msm_us_per_point,
            "credential_stretch_ms": stretch_ms,
            "encrypt_ms_5x8": encrypt_5x8,
            "verify_ms_5x8": verify_5x8,
            "bound_verify_ms_5x8": bound_5x8,
            "points_per_ballot_5x8": points,
            "ballot_bytes_5x8": bytes_5x8,
            "encrypt_ms_8x30": encrypt_8x30,
            "verify_ms_8x30": verify_8x30,
            "ballot_bytes_8x30": bytes_8x30,
            "batch_verify_ms_per_ballot_5x8": batch_per_ballot,
            "batch_verify_s_total": batch_ms / 1e3,
            "tally_ms": tally_ms,
            "decrypt_ms": decrypt_ms,
        });
        println!("{report}");
    }
    Ok(())
}

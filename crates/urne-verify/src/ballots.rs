//! Ballot batches (V12–V16): each ballot decoded, its tracker recomputed, its proofs and
//! signature checked in batches on every core; then, in record order, the credential list and
//! one ballot per credential decide which ballots count, and those are summed for V17.

use std::sync::atomic::{AtomicUsize, Ordering};

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rand_core::OsRng;
use urne_crypto::ballot::{tracker_of, verify_ballots_vartime, BallotContext, BallotError};
use urne_crypto::{Ciphertext, DecodeError, EncryptedBallot};
use urne_record::batch::BallotBatch;

use crate::stream::Event;
use crate::verifier::{Phase, Verifier};

/// Ballots verified in one multiscalar multiplication.
const CHUNK: usize = 64;

/// What the parallel pass found of one ballot.
struct Outcome {
    tracker: [u8; 32],
    ballot: Result<EncryptedBallot, DecodeError>,
    valid: Result<(), BallotError>,
}

/// Decodes, hashes and (unless `trusted`) verifies the ballots of `bytes`, `size` bytes each,
/// on `threads` threads that take groups of [`CHUNK`] ballots in turn (so that none waits for
/// another at the end of a batch); one outcome per ballot, in order, and the sum of the
/// ciphertexts of every ballot that decodes and verifies (the ones the record order may still
/// reject are taken off afterwards: they are rare, the sum is not).
fn check_all(
    ctx: &BallotContext,
    bytes: &[u8],
    size: usize,
    trusted: bool,
    threads: usize,
) -> (Vec<Outcome>, Vec<Ciphertext>) {
    let ballots: Vec<&[u8]> = bytes.chunks_exact(size).collect();
    let groups: Vec<&[&[u8]]> = ballots.chunks(CHUNK).collect();
    let next = AtomicUsize::new(0);
    let width = ctx.shape.choice_count() + ctx.shape.strike_count();
    let mut done: Vec<(usize, Vec<Outcome>, Vec<Ciphertext>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.clamp(1, groups.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(group) = groups.get(i) else { break };
                        let (outcomes, sums) = check_part(ctx, group, trusted);
                        mine.push((i, outcomes, sums));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    done.sort_by_key(|(i, _, _)| *i);
    let mut outcomes = Vec::with_capacity(ballots.len());
    let mut sums = vec![Ciphertext::zero(); width];
    for (_, part, part_sums) in done {
        outcomes.extend(part);
        for (sum, add) in sums.iter_mut().zip(part_sums) {
            *sum = *sum + add;
        }
    }
    (outcomes, sums)
}

/// One thread's share: a few ballots at a time, decoded, hashed and verified while their points
/// are in cache, and summed when they verify.
fn check_part(
    ctx: &BallotContext,
    part: &[&[u8]],
    trusted: bool,
) -> (Vec<Outcome>, Vec<Ciphertext>) {
    let mut rng = ChaCha20Rng::from_rng(OsRng).unwrap_or_else(|_| ChaCha20Rng::from_seed([0; 32]));
    let mut sums = vec![Ciphertext::zero(); ctx.shape.choice_count() + ctx.shape.strike_count()];
    let mut out: Vec<Outcome> = Vec::with_capacity(part.len());
    for group in part.chunks(CHUNK) {
        let mut outcomes: Vec<Outcome> = group
            .iter()
            .map(|bytes| Outcome {
                tracker: tracker_of(bytes),
                ballot: EncryptedBallot::from_bytes(&ctx.shape, bytes),
                valid: Ok(()),
            })
            .collect();
        if !trusted {
            let decoded: Vec<(usize, &EncryptedBallot)> = outcomes
                .iter()
                .enumerate()
                .filter_map(|(i, o)| o.ballot.as_ref().ok().map(|b| (i, b)))
                .collect();
            let refs: Vec<&EncryptedBallot> = decoded.iter().map(|(_, b)| *b).collect();
            let results = verify_ballots_vartime(ctx, &refs, &mut rng);
            let positions: Vec<usize> = decoded.iter().map(|(i, _)| *i).collect();
            for (i, result) in positions.into_iter().zip(results) {
                outcomes[i].valid = result;
            }
        }
        for outcome in &outcomes {
            if let (Ok(ballot), Ok(())) = (&outcome.ballot, &outcome.valid) {
                for (sum, ct) in sums.iter_mut().zip(ballot.ciphertexts()) {
                    *sum = *sum + *ct;
                }
            }
        }
        out.extend(outcomes);
    }
    (out, sums)
}

impl Verifier {
    pub(crate) fn ballots(&mut self, event: &Event) {
        let item = Self::item(event);
        self.after(event, Phase::Keyed, "the bureau's key");
        self.ballots_seen = true;
        for check in 12..=16 {
            self.report.ran(check);
        }
        let batch = match BallotBatch::from_bytes(&event.payload) {
            Ok(batch) => batch,
            Err(e) => return self.report.fail(16, item, e.to_string()),
        };
        let Some(e) = self.election_of(event, &batch.election) else {
            return;
        };
        if self.elections[e].tally.is_some() {
            self.report
                .fail(17, &item, "a batch of ballots after the election's tally");
        }
        let trackers = batch.tracker_bytes().unwrap_or_default();
        if trackers.windows(2).any(|w| w[0] >= w[1]) {
            self.report
                .fail(16, &item, "the trackers do not ascend strictly");
        }
        let (Some(bytes), Some(shape)) = (&event.ballots, self.elections[e].shape.clone()) else {
            return; // no ballots file (V2) or no shape (V1): nothing to check
        };
        let Some(key) = self.bureau.as_ref().and_then(|b| b.election_key().ok()) else {
            return self
                .report
                .fail(9, item, "ballots with no valid election key before them");
        };
        let size = shape.ballot_bytes();
        if bytes.len() != trackers.len() * size {
            self.report.fail(
                16,
                &item,
                format!(
                    "the ballots file holds {} bytes, not {} ballots of {size} bytes",
                    bytes.len(),
                    trackers.len()
                ),
            );
        }
        let count = (bytes.len() / size).min(trackers.len());
        let ctx = BallotContext {
            fingerprint: self.elections[e].fingerprint,
            key,
            shape,
        };
        let (outcomes, mut sums) = check_all(
            &ctx,
            &bytes[..count * size],
            size,
            self.trusted,
            self.threads,
        );
        let trusted = self.trusted;
        let election = &mut self.elections[e];
        election.summary.ballots += count as u64;
        if trusted {
            election.summary.trusted += count as u64;
        }
        for (i, (outcome, tracker)) in outcomes.into_iter().zip(&trackers).enumerate() {
            let item = format!(
                "ballot {i} of event {} (tracker {})",
                event.seq,
                hex::encode(tracker)
            );
            if outcome.tracker != *tracker {
                self.report.fail(
                    16,
                    &item,
                    format!("its bytes hash to tracker {}", hex::encode(outcome.tracker)),
                );
            }
            let ballot = match outcome.ballot {
                Ok(ballot) => ballot,
                Err(error) => {
                    self.report.fail(12, &item, error.to_string());
                    continue;
                }
            };
            let credential = ballot.credential().to_bytes();
            if credential == [0; 32] || !election.credentials.contains(&credential) {
                self.report.fail(
                    14,
                    &item,
                    format!("credential {} is not in the list", hex::encode(credential)),
                );
                take_off(&mut sums, &ballot, outcome.valid.is_ok());
                continue;
            }
            if let Err(error) = outcome.valid {
                self.report.fail(13, &item, error.to_string());
                continue;
            }
            if let Some((seq, position)) = election.used.get(&credential) {
                self.report.fail(
                    15,
                    &item,
                    format!("its credential already cast ballot {position} of event {seq}"),
                );
                take_off(&mut sums, &ballot, true);
                continue;
            }
            election.used.insert(
                credential,
                (event.seq, u32::try_from(i).unwrap_or(u32::MAX)),
            );
            election.summary.accepted += 1;
        }
        for (sum, add) in election.sums.iter_mut().zip(sums) {
            *sum = *sum + add;
        }
    }
}

/// Takes a ballot the record order rejects off the batch's sum, if it was in it (it verified).
fn take_off(sums: &mut [Ciphertext], ballot: &EncryptedBallot, summed: bool) {
    if summed {
        for (sum, ct) in sums.iter_mut().zip(ballot.ciphertexts()) {
            *sum = *sum - *ct;
        }
    }
}

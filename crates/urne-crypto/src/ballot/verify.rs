//! Checking a ballot (`docs/protocol.md` §6.6): at casting one by one, in the verifier in batches.
//!
//! All the ballot's equations (bit, strike, sum and range proofs, and the signature) go into one
//! [`BatchVerifier`], so a ballot costs one multiscalar multiplication, and many ballots one
//! larger one. When a batch fails, it is split in halves until each failing ballot is found, and
//! a failing ballot is re-checked proof by proof to name the proof.

use curve25519_dalek::scalar::Scalar;
use rand_core::{CryptoRng, RngCore};

use super::encrypt::{proof_label, proof_transcript, statements, Statement};
use super::{BallotContext, EncryptedBallot};
use crate::batch::BatchVerifier;
use crate::encoding::decompress;
use crate::proofs::DisjunctiveProof;

/// Why a ballot was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BallotError {
    /// The ballot has the wrong number of ciphertexts or proofs for the election.
    Shape,
    /// The credential is not a canonical point, or is the identity (which anyone could sign for).
    Credential,
    /// A proof does not verify: its label (`choice-bit`, `strike`, `choice-sum`, `strike-range`)
    /// and index among the ballot's proofs.
    Proof {
        /// What the proof shows.
        label: &'static str,
        /// Its position in the ballot.
        index: usize,
    },
    /// The credential's signature does not verify.
    Signature,
}

impl core::fmt::Display for BallotError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            BallotError::Shape => f.write_str("ballot does not match the election's lists"),
            BallotError::Credential => f.write_str("credential is not a valid public key"),
            BallotError::Proof { label, index } => {
                write!(f, "proof {index} ({label}) does not verify")
            }
            BallotError::Signature => f.write_str("signature does not verify"),
        }
    }
}

impl std::error::Error for BallotError {}

fn add_combination(
    statement: &Statement,
    combination: usize,
    alpha: Scalar,
    beta: Scalar,
    alpha_coefficients: &mut [Scalar],
    beta_coefficients: &mut [Scalar],
) {
    for &(k, ct) in &statement.combinations[combination] {
        match k {
            1 => {
                alpha_coefficients[ct] += alpha;
                beta_coefficients[ct] += beta;
            }
            -1 => {
                alpha_coefficients[ct] -= alpha;
                beta_coefficients[ct] -= beta;
            }
            0 => {}
            _ => {
                let k = if k < 0 {
                    -Scalar::from(k.unsigned_abs())
                } else {
                    Scalar::from(k as u64)
                };
                alpha_coefficients[ct] += k * alpha;
                beta_coefficients[ct] += k * beta;
            }
        }
    }
}

impl EncryptedBallot {
    fn proofs(&self) -> impl Iterator<Item = &DisjunctiveProof> {
        self.bit_proofs
            .iter()
            .chain([&self.sum_proof, &self.range_proof])
    }

    /// Adds every equation of the ballot to `batch`; `key_base` is the index of the election key
    /// among the batch's bases. The caller runs [`BatchVerifier::verify_vartime`].
    ///
    /// # Errors
    /// [`BallotError::Shape`] or [`BallotError::Credential`] for a malformed ballot; a
    /// [`BallotError::Proof`] for a proof with a non-canonical point.
    pub fn accumulate_vartime<R: RngCore + CryptoRng>(
        &self,
        ctx: &BallotContext,
        key_base: usize,
        batch: &mut BatchVerifier,
        rng: &mut R,
    ) -> Result<(), BallotError> {
        self.accumulate_filtered(ctx, key_base, batch, rng, None)
    }

    fn accumulate_filtered<R: RngCore + CryptoRng>(
        &self,
        ctx: &BallotContext,
        key_base: usize,
        batch: &mut BatchVerifier,
        rng: &mut R,
        only: Option<usize>,
    ) -> Result<(), BallotError> {
        let shape = &ctx.shape;
        let n_ct = shape.choice_count() + shape.strike_count();
        if self.ciphertexts.len() != n_ct || self.bit_proofs.len() != n_ct {
            return Err(BallotError::Shape);
        }
        let credential = decompress(&self.credential)
            .filter(|point| *point != curve25519_dalek::RistrettoPoint::default())
            .ok_or(BallotError::Credential)?;
        let prefix = ctx.proof_transcript(&self.credential);
        let mut alpha_coefficients = vec![Scalar::ZERO; n_ct];
        let mut beta_coefficients = vec![Scalar::ZERO; n_ct];
        let n_proofs = n_ct + 2;
        for (index, (statement, proof)) in statements(shape).iter().zip(self.proofs()).enumerate() {
            if only.is_some_and(|only| only != index) {
                continue;
            }
            let transcript = proof_transcript(shape, &prefix, index, &self.ciphertexts);
            let mut sums = vec![(Scalar::ZERO, Scalar::ZERO); statement.combinations.len()];
            proof
                .accumulate_vartime(
                    transcript,
                    &statement.values,
                    key_base,
                    batch,
                    rng,
                    |k, c| {
                        let slot = &mut sums[statement.branch_combination[k]];
                        slot.0 += c.alpha;
                        slot.1 += c.beta;
                    },
                )
                .map_err(|_| BallotError::Proof {
                    label: proof_label(shape, index),
                    index,
                })?;
            for (combination, (alpha, beta)) in sums.into_iter().enumerate() {
                add_combination(
                    statement,
                    combination,
                    alpha,
                    beta,
                    &mut alpha_coefficients,
                    &mut beta_coefficients,
                );
            }
        }
        batch.reserve(2 * n_ct + 2);
        for ((ct, a), b) in self
            .ciphertexts
            .iter()
            .zip(alpha_coefficients)
            .zip(beta_coefficients)
        {
            batch.add_term(a, ct.ct.alpha);
            batch.add_term(b, ct.ct.beta);
        }
        if only.is_none() || only == Some(n_proofs) {
            let body = self.body_bytes();
            self.signature
                .accumulate_vartime(
                    ctx.signature_transcript(&body),
                    &self.credential,
                    &credential,
                    batch,
                    rng,
                )
                .map_err(|_| BallotError::Signature)?;
        }
        Ok(())
    }

    /// Verifies the ballot alone, as at casting, and names the failing proof.
    ///
    /// # Errors
    /// The [`BallotError`] of the first failing check.
    pub fn verify_vartime<R: RngCore + CryptoRng>(
        &self,
        ctx: &BallotContext,
        rng: &mut R,
    ) -> Result<(), BallotError> {
        let mut batch = BatchVerifier::new();
        let key_base = batch.add_base(*ctx.key.point());
        self.accumulate_vartime(ctx, key_base, &mut batch, rng)?;
        if batch.verify_vartime() {
            return Ok(());
        }
        Err(self.diagnose_vartime(ctx, rng))
    }

    /// Finds which check of a ballot that failed as a whole fails on its own.
    fn diagnose_vartime<R: RngCore + CryptoRng>(
        &self,
        ctx: &BallotContext,
        rng: &mut R,
    ) -> BallotError {
        let n_proofs = self.bit_proofs.len() + 2;
        for index in 0..=n_proofs {
            let mut batch = BatchVerifier::new();
            let key_base = batch.add_base(*ctx.key.point());
            match self.accumulate_filtered(ctx, key_base, &mut batch, rng, Some(index)) {
                Err(error) => return error,
                Ok(()) if !batch.verify_vartime() => {
                    return if index == n_proofs {
                        BallotError::Signature
                    } else {
                        BallotError::Proof {
                            label: proof_label(&ctx.shape, index),
                            index,
                        }
                    };
                }
                Ok(()) => {}
            }
        }
        // Each check passes alone but not together: impossible with honest randomness; report the
        // signature, the check that covers the whole ballot.
        BallotError::Signature
    }
}

/// Verifies ballots of one election in one batch (`docs/protocol.md` §6.6); returns one result per
/// ballot, in order. Costs one multiscalar multiplication when all are valid; otherwise halves
/// are re-checked until the invalid ballots are isolated, and each is diagnosed.
pub fn verify_ballots_vartime<R: RngCore + CryptoRng>(
    ctx: &BallotContext,
    ballots: &[&EncryptedBallot],
    rng: &mut R,
) -> Vec<Result<(), BallotError>> {
    let mut results = vec![Ok(()); ballots.len()];
    check_range(ctx, ballots, 0, &mut results, rng);
    results
}

fn check_range<R: RngCore + CryptoRng>(
    ctx: &BallotContext,
    ballots: &[&EncryptedBallot],
    start: usize,
    results: &mut [Result<(), BallotError>],
    rng: &mut R,
) {
    if ballots.is_empty() {
        return;
    }
    if ballots.len() == 1 {
        results[start] = ballots[0].verify_vartime(ctx, rng);
        return;
    }
    let mut batch = BatchVerifier::new();
    let key_base = batch.add_base(*ctx.key.point());
    let mut malformed = false;
    for (offset, ballot) in ballots.iter().enumerate() {
        if let Err(error) = ballot.accumulate_vartime(ctx, key_base, &mut batch, rng) {
            results[start + offset] = Err(error);
            malformed = true;
        }
    }
    if !malformed && batch.verify_vartime() {
        return;
    }
    let middle = ballots.len() / 2;
    check_range(ctx, &ballots[..middle], start, results, rng);
    check_range(ctx, &ballots[middle..], start + middle, results, rng);
}

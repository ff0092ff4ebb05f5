//! Making a ballot (`docs/protocol.md` §6.2): encrypt every bit, prove, sign. Runs in the voter's
//! browser (through `urne-wasm`) and in tests and benchmarks.
//!
//! # Security
//! Encryption and proofs are constant time in the choice; the choice's bits are written into
//! vectors by index, which touches memory at choice-dependent addresses but does no
//! choice-dependent arithmetic. Randomness and every derived secret are zeroized.

use curve25519_dalek::scalar::Scalar;
use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroizing;

use super::{BallotContext, BallotShape, Choice, ChoiceError, EncodedCiphertext, EncryptedBallot};
use crate::credential::CredentialKeys;
use crate::elgamal::Ciphertext;
use crate::halves::compress_doubled;
use crate::proofs::disjunctive::PendingProof;
use crate::proofs::{BranchWitness, SchnorrProof};

/// Which ciphertexts, with which integer coefficients, make up the statement of one branch.
pub(super) type Combination = Vec<(i64, usize)>;

/// A proof of the ballot with its statement: the value each branch claims and, per branch, the
/// index of its ciphertext combination in `combinations`.
pub(super) struct Statement {
    pub(super) values: Vec<u64>,
    pub(super) branch_combination: Vec<usize>,
    pub(super) combinations: Vec<Combination>,
}

/// The statements of the `k + 2 + Σnᵢ` bit proofs, then the sum proof, then the range proof, in
/// encoding order (`docs/protocol.md` §6.3).
pub(super) fn statements(shape: &BallotShape) -> Vec<Statement> {
    let choices = shape.choice_count();
    let mut out = Vec::with_capacity(choices + shape.strike_count() + 2);
    for i in 0..choices {
        out.push(Statement {
            values: vec![0, 1],
            branch_combination: vec![0, 0],
            combinations: vec![vec![(1, i)]],
        });
    }
    for (list, &n) in shape.candidates().iter().enumerate() {
        let offset = choices + shape.strike_offset(list);
        for candidate in 0..n as usize {
            let strike = offset + candidate;
            // s ∈ {0, l}: C_s encrypts 0, or C_s − C_l encrypts 0.
            out.push(Statement {
                values: vec![0, 0],
                branch_combination: vec![0, 1],
                combinations: vec![vec![(1, strike)], vec![(1, strike), (-1, list)]],
            });
        }
    }
    out.push(Statement {
        values: vec![1],
        branch_combination: vec![0],
        combinations: vec![(0..choices).map(|i| (1, i)).collect()],
    });
    let mut range: Combination = shape
        .candidates()
        .iter()
        .enumerate()
        .map(|(list, &n)| (i64::from(n) - 1, list))
        .collect();
    range.extend((choices..choices + shape.strike_count()).map(|s| (-1, s)));
    let branches = shape.max_candidates();
    out.push(Statement {
        values: (0..branches as u64).collect(),
        branch_combination: vec![0; branches],
        combinations: vec![range],
    });
    out
}

/// The label of proof `index` in its transcript.
pub(super) fn proof_label(shape: &BallotShape, index: usize) -> &'static str {
    let choices = shape.choice_count();
    let strikes = shape.strike_count();
    if index < choices {
        "choice-bit"
    } else if index < choices + strikes {
        "strike"
    } else if index == choices + strikes {
        "choice-sum"
    } else {
        "strike-range"
    }
}

fn scalar_of(coefficient: i64) -> Scalar {
    let magnitude = Scalar::from(coefficient.unsigned_abs());
    if coefficient < 0 {
        -magnitude
    } else {
        magnitude
    }
}

impl EncryptedBallot {
    /// Encrypts `choice`, proves it well-formed and signs it with `credential`.
    ///
    /// # Errors
    /// The [`ChoiceError`] of [`Choice::validate`]; call [`Choice::normalized`] first to turn an
    /// all-struck list into a blank vote.
    pub fn encrypt<R: RngCore + CryptoRng>(
        ctx: &BallotContext,
        choice: &Choice,
        credential: &CredentialKeys,
        rng: &mut R,
    ) -> Result<Self, ChoiceError> {
        choice.validate(&ctx.shape)?;
        let (choice_bits, strike_bits) = choice.bits(&ctx.shape);
        Ok(encrypt_bits(
            ctx,
            &choice_bits,
            &strike_bits,
            credential,
            rng,
        ))
    }
}

/// Encrypts arbitrary bits and proves what can be proved: with bits that break a rule (two lists,
/// a strike on a list not chosen…) the corresponding proof is produced but does not verify. For
/// negative tests and the tampered-record catalogue; the booth uses [`EncryptedBallot::encrypt`].
///
/// # Panics
/// If the numbers of bits do not match the shape.
pub fn encrypt_bits<R: RngCore + CryptoRng>(
    ctx: &BallotContext,
    choice_bits: &[u64],
    strike_bits: &[u64],
    credential: &CredentialKeys,
    rng: &mut R,
) -> EncryptedBallot {
    assert_eq!(
        choice_bits.len(),
        ctx.shape.choice_count(),
        "one bit per choice"
    );
    assert_eq!(
        strike_bits.len(),
        ctx.shape.strike_count(),
        "one bit per candidate"
    );
    {
        let messages: Zeroizing<Vec<Scalar>> = Zeroizing::new(
            choice_bits
                .iter()
                .chain(strike_bits)
                .map(|&b| Scalar::from(b))
                .collect(),
        );
        // Every published point is computed as its half and compressed in batches
        // (docs/protocol.md §5.5): first the ciphertexts, then all the proofs' commitments.
        let mut randomness = Zeroizing::new(Vec::with_capacity(messages.len()));
        let mut halves = Vec::with_capacity(2 * messages.len());
        for bit in choice_bits.iter().chain(strike_bits) {
            let r = Scalar::random(rng);
            // Honest ballots only hold bits; other values (negative tests) take the general path.
            let (half_alpha, half_beta) = if *bit <= 1 {
                ctx.key
                    .encrypt_bit_halves(subtle::Choice::from(*bit as u8), &r)
            } else {
                let ct = ctx.key.encrypt_with(*bit, &r);
                (
                    ct.alpha * crate::halves::half(),
                    ct.beta * crate::halves::half(),
                )
            };
            randomness.push(r);
            halves.push(half_alpha);
            halves.push(half_beta);
        }
        let compressed = compress_doubled(&halves);
        let ciphertexts: Vec<EncodedCiphertext> = halves
            .chunks_exact(2)
            .zip(compressed.chunks_exact(2))
            .map(|(half, encoding)| {
                let mut bytes = [0u8; 64];
                bytes[..32].copy_from_slice(encoding[0].as_bytes());
                bytes[32..].copy_from_slice(encoding[1].as_bytes());
                EncodedCiphertext {
                    ct: Ciphertext {
                        alpha: half[0] + half[0],
                        beta: half[1] + half[1],
                    },
                    bytes,
                }
            })
            .collect();
        let credential_key = *credential.public_key().compressed();
        let prefix = ctx.proof_transcript(&credential_key);
        let statements = statements(&ctx.shape);
        let pending: Vec<PendingProof> = statements
            .iter()
            .map(|statement| {
                let witnesses: Vec<BranchWitness> = statement
                    .combinations
                    .iter()
                    .map(|combination| {
                        let mut witness = BranchWitness {
                            randomness: Scalar::ZERO,
                            message: Scalar::ZERO,
                        };
                        for &(coefficient, ct) in combination {
                            let k = scalar_of(coefficient);
                            witness.randomness += k * randomness[ct];
                            witness.message += k * messages[ct];
                        }
                        witness
                    })
                    .collect();
                let branch_witnesses: Vec<BranchWitness> = statement
                    .branch_combination
                    .iter()
                    .map(|&c| witnesses[c].clone())
                    .collect();
                PendingProof::commit(&ctx.key, &statement.values, &branch_witnesses, rng)
            })
            .collect();
        let all_halves: Vec<_> = pending
            .iter()
            .flat_map(|p| p.halves.iter().copied())
            .collect();
        let compressed = compress_doubled(&all_halves);
        let mut offset = 0;
        let mut proofs = Vec::with_capacity(pending.len());
        for (index, (statement, pending)) in statements.iter().zip(pending).enumerate() {
            let len = pending.halves.len();
            let transcript = proof_transcript(&ctx.shape, &prefix, index, &ciphertexts);
            proofs.push(pending.finish(
                transcript,
                &statement.values,
                &compressed[offset..offset + len],
            ));
            offset += len;
        }
        // `statements` always ends with the sum and range proofs.
        let (Some(range_proof), Some(sum_proof)) = (proofs.pop(), proofs.pop()) else {
            unreachable!("statements() yields the sum and range proofs last")
        };
        let mut ballot = EncryptedBallot {
            credential: credential_key,
            ciphertexts,
            bit_proofs: proofs,
            sum_proof,
            range_proof,
            // Replaced below, once the body it signs is known.
            signature: SchnorrProof::placeholder(),
        };
        let body = ballot.body_bytes();
        ballot.signature = credential.sign(ctx.signature_transcript(&body), rng);
        ballot
    }
}

/// The transcript of proof `index`: the ballot prefix, the proof's label and indices, and the
/// ciphertexts its statement is made of (`docs/protocol.md` §6.3).
pub(super) fn proof_transcript(
    shape: &BallotShape,
    prefix: &crate::transcript::Transcript,
    index: usize,
    ciphertexts: &[EncodedCiphertext],
) -> crate::transcript::Transcript {
    let mut transcript = prefix.clone();
    let label = proof_label(shape, index);
    transcript.append_bytes("proof", label.as_bytes());
    let choices = shape.choice_count();
    match label {
        "choice-bit" => {
            transcript.append_u64("choice", index as u64);
            transcript.append_bytes("ciphertext", &ciphertexts[index].bytes);
        }
        "strike" => {
            let strike = index - choices;
            let mut list = 0;
            while shape.strike_offset(list + 1) <= strike && list + 1 < shape.lists() {
                list += 1;
            }
            let candidate = strike - shape.strike_offset(list);
            transcript.append_u64("list", list as u64);
            transcript.append_u64("candidate", candidate as u64);
            transcript.append_bytes("list-ciphertext", &ciphertexts[list].bytes);
            transcript.append_bytes("ciphertext", &ciphertexts[index].bytes);
        }
        "choice-sum" => {
            for ct in &ciphertexts[..choices] {
                transcript.append_bytes("ciphertext", &ct.bytes);
            }
        }
        _ => {
            for ct in ciphertexts {
                transcript.append_bytes("ciphertext", &ct.bytes);
            }
        }
    }
    transcript
}

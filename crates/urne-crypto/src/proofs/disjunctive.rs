//! Disjunctive (Cramer–Damgård–Schoenmakers) proof that an ElGamal ciphertext encrypts one value
//! among several (`docs/protocol.md` §5.3).
//!
//! Branch `k` claims "ciphertext `Cₖ = (αₖ, βₖ)` encrypts `vₖ`", i.e. `log_G αₖ = log_P (βₖ − vₖ·G)`.
//! The ciphertexts may differ between branches (the strike proof uses `C_s` and `C_s − C_l`) and
//! may be linear combinations of sent ciphertexts (the range proof): the proof only needs, from
//! the prover, each branch's randomness and message, and, from the verifier, where to add each
//! branch's coefficients. One branch with `v = 0` is a plain Chaum–Pedersen proof of an encryption
//! of zero.
//!
//! # Security
//! Proving is constant time in which branch is true: the prover computes `K − 1` simulated slots
//! (three fixed-base multiplications each: the simulated commitments come from the prover's
//! randomness, not from the public ciphertext) and one real branch (two), then places them with
//! `subtle` selects; the witness each slot simulates is also chosen by selects. Nonces and
//! intermediate secrets are zeroized.

use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use rand_core::{CryptoRng, RngCore};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::ProofError;
use crate::batch::{BatchVerifier, BASE_G};
use crate::elgamal::{half_basepoint_table, ElectionPublicKey};
use crate::encoding::{decompress, DecodeError, Reader};
use crate::halves::compress_doubled;
use crate::transcript::Transcript;

/// What the prover knows of one branch's ciphertext: it encrypts `message` with `randomness`.
/// At least one branch must have `message` equal to the value it claims (the first such branch is
/// the one proved; with none, the proof is produced but does not verify).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct BranchWitness {
    /// The ciphertext's randomness `r` (`α = r·G`).
    pub randomness: Scalar,
    /// The ciphertext's true message.
    pub message: Scalar,
}

/// The coefficients a verifier must apply to one branch's ciphertext `(α, β)` in the batch.
#[derive(Clone, Copy, Debug)]
pub struct BranchCoefficients {
    /// Coefficient of `α`.
    pub alpha: Scalar,
    /// Coefficient of `β`.
    pub beta: Scalar,
}

/// `K` commitment pairs, `K − 1` challenges (the last is `c − Σ` of the others) and `K` responses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisjunctiveProof {
    commitments: Vec<(CompressedRistretto, CompressedRistretto)>,
    challenges: Vec<Scalar>,
    responses: Vec<Scalar>,
}

fn bind_values(transcript: &mut Transcript, values: &[u64]) {
    transcript.append_u64("branches", values.len() as u64);
    for value in values {
        transcript.append_u64("value", *value);
    }
}

impl DisjunctiveProof {
    /// Size of the encoding of a proof with `branches` branches.
    pub const fn encoded_len(branches: usize) -> usize {
        branches * 128 - 32
    }

    /// Proves that one branch holds. `values[k]` is the value branch `k` claims and
    /// `witnesses[k]` the truth about its ciphertext.
    ///
    /// # Panics
    /// If `values` is empty or `witnesses` has another length (a programming error).
    pub fn prove<R: RngCore + CryptoRng>(
        transcript: Transcript,
        key: &ElectionPublicKey,
        values: &[u64],
        witnesses: &[BranchWitness],
        rng: &mut R,
    ) -> Self {
        let pending = PendingProof::commit(key, values, witnesses, rng);
        let compressed = compress_doubled(&pending.halves);
        pending.finish(transcript, values, &compressed)
    }

    /// Number of branches.
    pub fn branches(&self) -> usize {
        self.commitments.len()
    }

    /// Adds the proof's `2K` equations to `batch`, with random weights:
    /// `sₖ·G − cₖ·αₖ − Aₖ = 0` and `sₖ·P − cₖ·(βₖ − vₖ·G) − Bₖ = 0`.
    /// `key_base` is the index of `P` among the batch's bases; `on_branch(k, coefficients)` must
    /// add the coefficients of branch `k`'s `α` and `β` to wherever that ciphertext comes from.
    ///
    /// # Errors
    /// [`ProofError`] if the proof has the wrong number of branches or a non-canonical point.
    pub fn accumulate_vartime<R: RngCore + CryptoRng>(
        &self,
        mut transcript: Transcript,
        values: &[u64],
        key_base: usize,
        batch: &mut BatchVerifier,
        rng: &mut R,
        mut on_branch: impl FnMut(usize, BranchCoefficients),
    ) -> Result<(), ProofError> {
        let n = values.len();
        if self.commitments.len() != n
            || self.responses.len() != n
            || self.challenges.len() + 1 != n
        {
            return Err(ProofError);
        }
        bind_values(&mut transcript, values);
        for (a, b) in &self.commitments {
            transcript.append_point("A", a);
            transcript.append_point("B", b);
        }
        let challenge = transcript.challenge_scalar("disjunctive");
        let last = challenge - self.challenges.iter().sum::<Scalar>();
        batch.reserve(2 * n);
        for (k, ((value, commitment), s)) in values
            .iter()
            .zip(&self.commitments)
            .zip(&self.responses)
            .enumerate()
        {
            let c = self.challenges.get(k).copied().unwrap_or(last);
            let s = *s;
            let a = decompress(&commitment.0).ok_or(ProofError)?;
            let b = decompress(&commitment.1).ok_or(ProofError)?;
            let w1 = BatchVerifier::weight(rng);
            let w2 = BatchVerifier::weight(rng);
            let w2c = w2 * c;
            batch.add_to_base(BASE_G, w1 * s + w2c * Scalar::from(*value));
            batch.add_to_base(key_base, w2 * s);
            batch.add_term(-w1, a);
            batch.add_term(-w2, b);
            on_branch(
                k,
                BranchCoefficients {
                    alpha: -(w1 * c),
                    beta: -w2c,
                },
            );
        }
        Ok(())
    }

    /// Appends the encoding: `(Aₖ ‖ Bₖ)ₖ ‖ (cₖ)ₖ<K−1 ‖ (sₖ)ₖ`.
    pub fn write(&self, out: &mut Vec<u8>) {
        for (a, b) in &self.commitments {
            out.extend_from_slice(a.as_bytes());
            out.extend_from_slice(b.as_bytes());
        }
        for c in &self.challenges {
            out.extend_from_slice(c.as_bytes());
        }
        for s in &self.responses {
            out.extend_from_slice(s.as_bytes());
        }
    }

    /// Decodes a proof with `branches` branches (points are checked at verification).
    pub fn read(reader: &mut Reader<'_>, branches: usize) -> Result<Self, DecodeError> {
        if branches == 0 {
            return Err(DecodeError::Field(
                "a disjunctive proof has at least one branch",
            ));
        }
        let mut commitments = Vec::with_capacity(branches);
        for _ in 0..branches {
            commitments.push((reader.compressed()?, reader.compressed()?));
        }
        let challenges = (0..branches - 1)
            .map(|_| reader.scalar())
            .collect::<Result<_, _>>()?;
        let responses = (0..branches)
            .map(|_| reader.scalar())
            .collect::<Result<_, _>>()?;
        Ok(DisjunctiveProof {
            commitments,
            challenges,
            responses,
        })
    }
}

/// A proof whose commitments are computed, as halves (`docs/protocol.md` §5.5), but not yet
/// compressed: a ballot compresses the commitments of all its proofs in one batch, then finishes
/// each proof.
pub(crate) struct PendingProof {
    /// `½A₀, ½B₀, ½A₁, ½B₁, …`, in branch order.
    pub(crate) halves: Vec<RistrettoPoint>,
    /// Simulated slots' challenges and responses (`K − 1` of each).
    slot_challenges: Vec<Scalar>,
    slot_responses: Vec<Scalar>,
    /// `is_real[k]`: branch `k` is the one proved; `before[k]`: the real branch is at or before `k`.
    is_real: Vec<Choice>,
    before: Vec<Choice>,
    nonce: Scalar,
    real_randomness: Scalar,
}

impl Drop for PendingProof {
    fn drop(&mut self) {
        self.slot_challenges.zeroize();
        self.slot_responses.zeroize();
        self.nonce.zeroize();
        self.real_randomness.zeroize();
        // Which branch is real reveals the vote.
        for flag in self.is_real.iter_mut().chain(self.before.iter_mut()) {
            *flag = Choice::from(0);
        }
    }
}

/// `slots[k]` or, past the end, `fallback`; then the value of position `k` given the real
/// branch's value: slot `k` before the real branch, slot `k − 1` after it (constant time).
fn place<T: ConditionallySelectable + Copy>(
    slots: &[T],
    real: T,
    k: usize,
    is_real: Choice,
    before: &[Choice],
) -> T {
    let mut value = slots.get(k).copied().unwrap_or(real);
    if k >= 1 {
        value = T::conditional_select(&value, &slots[k - 1], before[k - 1]);
    }
    T::conditional_select(&value, &real, is_real)
}

impl PendingProof {
    /// Computes the commitments: `K − 1` simulated slots (three fixed-base multiplications each)
    /// and the real branch (two), placed at their positions with constant-time selects, so the
    /// work does not depend on which branch is real.
    ///
    /// # Panics
    /// If `values` is empty or `witnesses` has another length (a programming error).
    pub(crate) fn commit<R: RngCore + CryptoRng>(
        key: &ElectionPublicKey,
        values: &[u64],
        witnesses: &[BranchWitness],
        rng: &mut R,
    ) -> Self {
        assert!(
            !values.is_empty() && values.len() == witnesses.len(),
            "one witness per branch"
        );
        let n = values.len();
        let half_g = half_basepoint_table();
        let mut offsets: Vec<Scalar> = values
            .iter()
            .zip(witnesses)
            .map(|(v, w)| w.message - Scalar::from(*v))
            .collect();
        // The first true branch is proved (the strike proof has two when s = l = 0); with none,
        // branch 0 is "proved" and the proof will not verify.
        let mut is_real = Vec::with_capacity(n);
        let mut found = Choice::from(0);
        for offset in &offsets {
            let real = offset.ct_eq(&Scalar::ZERO) & !found;
            found |= real;
            is_real.push(real);
        }
        is_real[0] |= !found;
        let mut before = Vec::with_capacity(n);
        let mut seen = Choice::from(0);
        for real in &is_real {
            seen |= *real;
            before.push(seen);
        }
        let mut real_randomness = Scalar::ZERO;
        for (w, real) in witnesses.iter().zip(&is_real) {
            real_randomness.conditional_assign(&w.randomness, *real);
        }
        let mut slot_points = Vec::with_capacity(n - 1);
        let mut slot_challenges = Vec::with_capacity(n - 1);
        let mut slot_responses = Vec::with_capacity(n - 1);
        for i in 0..n - 1 {
            // Slot i simulates branch i before the real branch, branch i + 1 after it.
            let mut randomness = Scalar::conditional_select(
                &witnesses[i].randomness,
                &witnesses[i + 1].randomness,
                before[i],
            );
            let mut offset = Scalar::conditional_select(&offsets[i], &offsets[i + 1], before[i]);
            let challenge = Scalar::random(rng);
            let response = Scalar::random(rng);
            // A = s·G − c·α = (s − c·r)·G and B = s·P − c·(β − v·G) = (s − c·r)·P − c·(m − v)·G.
            let mut u = response - challenge * randomness;
            let mut v = -(challenge * offset);
            let a = half_g * &u;
            let b = key.mul_half(&u) + half_g * &v;
            u.zeroize();
            v.zeroize();
            randomness.zeroize();
            offset.zeroize();
            slot_points.push(HalfPair(a, b));
            slot_challenges.push(challenge);
            slot_responses.push(response);
        }
        offsets.zeroize();
        let nonce = Scalar::random(rng);
        let real_points = HalfPair(half_g * &nonce, key.mul_half(&nonce));
        let mut halves = Vec::with_capacity(2 * n);
        for (k, real) in is_real.iter().enumerate() {
            let HalfPair(a, b) = place(&slot_points, real_points, k, *real, &before);
            halves.push(a);
            halves.push(b);
        }
        PendingProof {
            halves,
            slot_challenges,
            slot_responses,
            is_real,
            before,
            nonce,
            real_randomness,
        }
    }

    /// Derives the challenge from the compressed commitments and computes the responses.
    pub(crate) fn finish(
        self,
        mut transcript: Transcript,
        values: &[u64],
        compressed: &[CompressedRistretto],
    ) -> DisjunctiveProof {
        let n = values.len();
        let commitments: Vec<(CompressedRistretto, CompressedRistretto)> = compressed
            .chunks_exact(2)
            .map(|pair| (pair[0], pair[1]))
            .collect();
        bind_values(&mut transcript, values);
        for (a, b) in &commitments {
            transcript.append_point("A", a);
            transcript.append_point("B", b);
        }
        let challenge = transcript.challenge_scalar("disjunctive");
        let real_challenge = challenge - self.slot_challenges.iter().sum::<Scalar>();
        let mut real_response = self.nonce + real_challenge * self.real_randomness;
        let mut challenges = Vec::with_capacity(n);
        let mut responses = Vec::with_capacity(n);
        for k in 0..n {
            challenges.push(place(
                &self.slot_challenges,
                real_challenge,
                k,
                self.is_real[k],
                &self.before,
            ));
            responses.push(place(
                &self.slot_responses,
                real_response,
                k,
                self.is_real[k],
                &self.before,
            ));
        }
        real_response.zeroize();
        challenges.pop();
        DisjunctiveProof {
            commitments,
            challenges,
            responses,
        }
    }
}

/// Two points selected together.
#[derive(Clone, Copy)]
struct HalfPair(RistrettoPoint, RistrettoPoint);

impl ConditionallySelectable for HalfPair {
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        HalfPair(
            RistrettoPoint::conditional_select(&a.0, &b.0, choice),
            RistrettoPoint::conditional_select(&a.1, &b.1, choice),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elgamal::Ciphertext;
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    fn verify(
        proof: &DisjunctiveProof,
        key: &ElectionPublicKey,
        ct: &Ciphertext,
        values: &[u64],
        rng: &mut ChaCha20Rng,
    ) -> bool {
        let mut batch = BatchVerifier::new();
        let key_base = batch.add_base(*key.point());
        let (mut ca, mut cb) = (Scalar::ZERO, Scalar::ZERO);
        let ok = proof.accumulate_vartime(t(), values, key_base, &mut batch, rng, |_, c| {
            ca += c.alpha;
            cb += c.beta;
        });
        batch.add_term(ca, ct.alpha);
        batch.add_term(cb, ct.beta);
        ok.is_ok() && batch.verify_vartime()
    }

    fn t() -> Transcript {
        Transcript::new("test-disjunctive")
    }

    #[test]
    fn range_proofs_accept_members_and_reject_others() {
        let mut rng = ChaCha20Rng::seed_from_u64(11);
        let key = ElectionPublicKey::from_point(curve25519_dalek::RistrettoPoint::random(&mut rng))
            .unwrap();
        let values = [0u64, 1, 2, 3];
        for m in 0..6u64 {
            let (ct, r) = key.encrypt(m, &mut rng);
            let witnesses: Vec<_> = values
                .iter()
                .map(|_| BranchWitness {
                    randomness: r,
                    message: Scalar::from(m),
                })
                .collect();
            let proof = DisjunctiveProof::prove(t(), &key, &values, &witnesses, &mut rng);
            assert_eq!(
                verify(&proof, &key, &ct, &values, &mut rng),
                m < 4,
                "m = {m}"
            );
            let mut bytes = Vec::new();
            proof.write(&mut bytes);
            assert_eq!(bytes.len(), DisjunctiveProof::encoded_len(4));
            let decoded = DisjunctiveProof::read(&mut Reader::new(&bytes), 4).unwrap();
            assert_eq!(decoded, proof);
        }
    }

    #[test]
    fn tampered_proof_fails() {
        let mut rng = ChaCha20Rng::seed_from_u64(12);
        let key = ElectionPublicKey::from_point(curve25519_dalek::RistrettoPoint::random(&mut rng))
            .unwrap();
        let (ct, r) = key.encrypt(1, &mut rng);
        let w = BranchWitness {
            randomness: r,
            message: Scalar::ONE,
        };
        let proof = DisjunctiveProof::prove(t(), &key, &[0, 1], &[w.clone(), w], &mut rng);
        assert!(verify(&proof, &key, &ct, &[0, 1], &mut rng));
        let mut bad = proof.clone();
        bad.responses[0] += Scalar::ONE;
        assert!(!verify(&bad, &key, &ct, &[0, 1], &mut rng));
        let mut bad = proof;
        bad.challenges[0] += Scalar::ONE;
        assert!(!verify(&bad, &key, &ct, &[0, 1], &mut rng));
    }
}

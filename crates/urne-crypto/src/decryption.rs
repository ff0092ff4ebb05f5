//! Threshold decryption of the tally (`docs/protocol.md` §9).
//!
//! Each member `j` of at least `t` publishes, for every tally ciphertext `(α, β)`, the factor
//! `Dⱼ = xⱼ·α` with a Chaum–Pedersen proof that `log_G Xⱼ = log_α Dⱼ`. Any `t` valid factors
//! combine by Lagrange interpolation at 0 into `x·α`, so `β − x·α = m·G`. Shares that fail their
//! proofs are identified and skipped; decryption needs `t` valid ones.

use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use rand_core::{CryptoRng, RngCore};

use crate::batch::BatchVerifier;
use crate::dkg::{CeremonyOutcome, KeyShare};
use crate::elgamal::Ciphertext;
use crate::encoding::{decompress, DecodeError, Reader};
use crate::proofs::dleq::DleqStatement;
use crate::proofs::DleqProof;
use crate::transcript::{ElectionFingerprint, Transcript};

/// One member's decryption factors and proofs for a list of ciphertexts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecryptionShare {
    /// The member.
    pub member: u32,
    factors: Vec<CompressedRistretto>,
    proofs: Vec<DleqProof>,
}

/// Why decryption could not finish.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecryptionError {
    /// Fewer than `t` valid shares from distinct members.
    NotEnoughShares {
        /// Valid shares.
        valid: usize,
        /// Shares needed.
        needed: usize,
        /// Members whose share was rejected.
        rejected: Vec<u32>,
    },
}

impl core::fmt::Display for DecryptionError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            DecryptionError::NotEnoughShares {
                valid,
                needed,
                rejected,
            } => write!(
                f,
                "{valid} valid decryption shares, {needed} needed (rejected members: {rejected:?})"
            ),
        }
    }
}

impl std::error::Error for DecryptionError {}

fn share_transcript(
    fingerprint: &ElectionFingerprint,
    member: u32,
    index: usize,
    ct: &Ciphertext,
) -> Transcript {
    let mut transcript = Transcript::new("decryption-share");
    transcript.append_fingerprint(fingerprint);
    transcript.append_u64("member", u64::from(member));
    transcript.append_u64("ciphertext-index", index as u64);
    transcript.append_bytes("ciphertext", &ct.to_bytes());
    transcript
}

impl KeyShare {
    /// Computes this member's decryption share of `ciphertexts` (constant time in `xⱼ`).
    pub fn decrypt_share<R: RngCore + CryptoRng>(
        &self,
        fingerprint: &ElectionFingerprint,
        ciphertexts: &[Ciphertext],
        rng: &mut R,
    ) -> DecryptionShare {
        let public = curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE * &self.secret;
        let mut factors = Vec::with_capacity(ciphertexts.len());
        let mut proofs = Vec::with_capacity(ciphertexts.len());
        for (index, ct) in ciphertexts.iter().enumerate() {
            let factor = ct.alpha * self.secret;
            let statement = DleqStatement {
                x: public,
                h: ct.alpha,
                y: factor,
            };
            let transcript = share_transcript(fingerprint, self.index, index, ct);
            proofs.push(DleqProof::prove(transcript, &statement, &self.secret, rng));
            factors.push(factor.compress());
        }
        DecryptionShare {
            member: self.index,
            factors,
            proofs,
        }
    }
}

impl DecryptionShare {
    /// Checks every factor's proof against the member's verification key, in one batch.
    pub fn verify_vartime<R: RngCore + CryptoRng>(
        &self,
        fingerprint: &ElectionFingerprint,
        verification_key: &RistrettoPoint,
        ciphertexts: &[Ciphertext],
        rng: &mut R,
    ) -> bool {
        if self.factors.len() != ciphertexts.len() || self.proofs.len() != ciphertexts.len() {
            return false;
        }
        let mut batch = BatchVerifier::new();
        for (index, ((ct, factor), proof)) in ciphertexts
            .iter()
            .zip(&self.factors)
            .zip(&self.proofs)
            .enumerate()
        {
            let Some(factor) = decompress(factor) else {
                return false;
            };
            let statement = DleqStatement {
                x: *verification_key,
                h: ct.alpha,
                y: factor,
            };
            let transcript = share_transcript(fingerprint, self.member, index, ct);
            if proof
                .accumulate_vartime(transcript, &statement, &mut batch, rng)
                .is_err()
            {
                return false;
            }
        }
        batch.verify_vartime()
    }

    /// The encoding: `u32le(member) ‖ u32le(count) ‖ factors ‖ proofs`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.factors.len() * 128);
        out.extend_from_slice(&self.member.to_le_bytes());
        out.extend_from_slice(&(self.factors.len() as u32).to_le_bytes());
        for factor in &self.factors {
            out.extend_from_slice(factor.as_bytes());
        }
        for proof in &self.proofs {
            proof.write(&mut out);
        }
        out
    }

    /// Decodes [`to_bytes`](Self::to_bytes).
    ///
    /// # Errors
    /// [`DecodeError`] on a wrong length or a non-canonical scalar.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut reader = Reader::new(bytes);
        let member = reader.u32()?;
        let count = reader.u32()? as usize;
        let expected = count
            .checked_mul(128)
            .and_then(|n| n.checked_add(8))
            .ok_or(DecodeError::Field("share count"))?;
        if bytes.len() != expected {
            return Err(DecodeError::Length {
                expected,
                found: bytes.len(),
            });
        }
        let factors = (0..count)
            .map(|_| reader.compressed())
            .collect::<Result<_, _>>()?;
        let proofs = (0..count)
            .map(|_| DleqProof::read(&mut reader))
            .collect::<Result<_, _>>()?;
        reader.finish()?;
        Ok(DecryptionShare {
            member,
            factors,
            proofs,
        })
    }
}

/// The Lagrange coefficient of member `j` for interpolation at 0 over `members`.
pub fn lagrange_at_zero(j: u32, members: &[u32]) -> Scalar {
    let mut numerator = Scalar::ONE;
    let mut denominator = Scalar::ONE;
    let xj = Scalar::from(j);
    for &m in members.iter().filter(|&&m| m != j) {
        let xm = Scalar::from(m);
        numerator *= xm;
        denominator *= xm - xj;
    }
    numerator * denominator.invert()
}

/// Verifies the shares, skips invalid ones and duplicates, and combines the first `t` valid ones
/// into `m·G` for each ciphertext. Returns the plaintext points and the members whose share was
/// rejected.
///
/// # Errors
/// [`DecryptionError::NotEnoughShares`] with fewer than `t` valid shares.
pub fn combine_vartime<R: RngCore + CryptoRng>(
    outcome: &CeremonyOutcome,
    fingerprint: &ElectionFingerprint,
    ciphertexts: &[Ciphertext],
    shares: &[DecryptionShare],
    rng: &mut R,
) -> Result<(Vec<RistrettoPoint>, Vec<u32>), DecryptionError> {
    let mut valid: Vec<(u32, Vec<RistrettoPoint>)> = Vec::new();
    let mut rejected = Vec::new();
    for share in shares {
        let known = outcome.verification_key(share.member);
        let good = !valid.iter().any(|(m, _)| *m == share.member)
            && known.is_some_and(|key| share.verify_vartime(fingerprint, &key, ciphertexts, rng));
        let factors: Option<Vec<RistrettoPoint>> = share.factors.iter().map(decompress).collect();
        match factors {
            Some(factors) if good => valid.push((share.member, factors)),
            _ => rejected.push(share.member),
        }
    }
    let needed = outcome.threshold as usize;
    if valid.len() < needed {
        return Err(DecryptionError::NotEnoughShares {
            valid: valid.len(),
            needed,
            rejected,
        });
    }
    valid.truncate(needed);
    let members: Vec<u32> = valid.iter().map(|(m, _)| *m).collect();
    let coefficients: Vec<Scalar> = members
        .iter()
        .map(|&j| lagrange_at_zero(j, &members))
        .collect();
    let plaintexts = ciphertexts
        .iter()
        .enumerate()
        .map(|(index, ct)| {
            let factors = valid.iter().map(|(_, f)| f[index]);
            ct.beta - RistrettoPoint::vartime_multiscalar_mul(&coefficients, factors)
        })
        .collect();
    Ok((plaintexts, rejected))
}

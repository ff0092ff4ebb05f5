//! Distributed key generation among the N members of the bureau de vote, threshold t
//! (`docs/protocol.md` §8): Pedersen's DKG with Feldman commitments, no dealer, verifiable
//! complaints.
//!
//! 1. **Announce.** Each member `i` publishes an encryption key `Eᵢ` with a proof of knowledge.
//! 2. **Deal.** Each member picks a polynomial `fᵢ` of degree `t − 1`, publishes commitments
//!    `Aᵢₖ = aᵢₖ·G` with a proof of knowledge of `aᵢ₀`, and the share `fᵢ(j)` for every member `j`,
//!    encrypted to `Eⱼ` (hashed ElGamal: `K = k·G`, pad `= H(k·Eⱼ, context)`).
//! 3. **Check.** Member `j` decrypts its shares and checks `fᵢ(j)·G = Σₖ jᵏ·Aᵢₖ`. If one is wrong,
//!    it publishes a [`Complaint`]: the Diffie–Hellman value `eⱼ·K` with a Chaum–Pedersen proof,
//!    so anyone can decrypt that share and see that it is wrong; the dealer is disqualified.
//! 4. **Confirm.** The qualified dealers `Q` define the election key `P = Σ_{i∈Q} Aᵢ₀` and each
//!    member's verification key `Xⱼ = Σ_{i∈Q} Σₖ jᵏ·Aᵢₖ`; member `j` sums its shares into
//!    `xⱼ`, checks `xⱼ·G = Xⱼ` and publishes a proof of knowledge of `xⱼ`.
//!
//! **Séquence secrète** (Article 9.9 of the agreement). A member's whole secret — encryption key,
//! polynomial, share nonces — is derived from one [`SecretSequence`] of 28 symbols that they write
//! down, and from the ceremony's public parameters; with the public messages of the ceremony it
//! re-derives `xⱼ` at counting time. Nothing else needs to be kept.
//!
//! Known limit: as in every Feldman-commitment DKG, a dealer who sees the others' commitments
//! before publishing its own can bias the public key's distribution (Gennaro et al., 2007); this
//! does not help decrypt, and is accepted for an encryption key.

mod outcome;
mod sequence;
pub mod simulation;
mod trustee;

pub use outcome::{check_announcement, check_announcements, CeremonyOutcome};
pub use sequence::SecretSequence;
pub use trustee::{KeyShare, TrusteeSecret};

use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use zeroize::Zeroizing;

use crate::encoding::decompress;
use crate::proofs::{DleqProof, SchnorrProof};
use crate::transcript::Transcript;

/// What a ceremony is about: a 32-byte context (the scrutin's fingerprint), `n` members, threshold
/// `t`. Members are numbered `1..=n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CeremonyParams {
    context: [u8; 32],
    members: u32,
    threshold: u32,
}

/// Why a ceremony step failed; names the member at fault where there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DkgError {
    /// `2 ≤ t ≤ n ≤ 1000` does not hold.
    Parameters,
    /// A member index is outside `1..=n`, missing or repeated.
    Member(u32),
    /// A member's announcement (encryption key or its proof) is invalid.
    Announcement(u32),
    /// A complaint is malformed or its proof is invalid.
    Complaint {
        /// The dealer complained about.
        dealer: u32,
        /// The member complaining.
        complainer: u32,
    },
    /// Fewer than `t` dealers are qualified.
    TooFewQualified(usize),
    /// The qualified dealers' constant terms add up to the identity: no usable election key.
    DegenerateKey,
    /// The member's share does not match its verification key (a dealer cheated towards it and
    /// it did not complain, or the séquence secrète is not this member's).
    ShareMismatch(u32),
}

impl core::fmt::Display for DkgError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            DkgError::Parameters => f.write_str("threshold must satisfy 2 ≤ t ≤ n ≤ 1000"),
            DkgError::Member(i) => write!(f, "member {i} is unknown, missing or repeated"),
            DkgError::Announcement(i) => write!(f, "member {i}'s announcement is invalid"),
            DkgError::Complaint { dealer, complainer } => {
                write!(
                    f,
                    "member {complainer}'s complaint against member {dealer} is invalid"
                )
            }
            DkgError::TooFewQualified(q) => write!(f, "only {q} members qualified as dealers"),
            DkgError::DegenerateKey => f.write_str("the election key is the identity"),
            DkgError::ShareMismatch(i) => {
                write!(
                    f,
                    "member {i}'s share does not match: wrong séquence secrète?"
                )
            }
        }
    }
}

impl std::error::Error for DkgError {}

impl CeremonyParams {
    /// Checks `2 ≤ t ≤ n ≤ 1000`.
    ///
    /// # Errors
    /// [`DkgError::Parameters`].
    pub fn new(context: [u8; 32], members: u32, threshold: u32) -> Result<Self, DkgError> {
        if threshold < 2 || threshold > members || members > 1000 {
            return Err(DkgError::Parameters);
        }
        Ok(CeremonyParams {
            context,
            members,
            threshold,
        })
    }

    /// `n`.
    pub fn members(&self) -> u32 {
        self.members
    }

    /// `t`.
    pub fn threshold(&self) -> u32 {
        self.threshold
    }

    /// The context.
    pub fn context(&self) -> &[u8; 32] {
        &self.context
    }

    pub(crate) fn transcript(&self, domain: &str) -> Transcript {
        let mut transcript = Transcript::new(domain);
        transcript.append_bytes("context", &self.context);
        transcript.append_u64("members", u64::from(self.members));
        transcript.append_u64("threshold", u64::from(self.threshold));
        transcript
    }
}

/// Step 1: a member's encryption key and its proof.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Announcement {
    /// The member (1-based).
    pub member: u32,
    /// `Eᵢ`.
    pub encryption_key: CompressedRistretto,
    /// Proof of knowledge of `eᵢ`.
    pub proof: SchnorrProof,
}

/// One share `fᵢ(j)` encrypted to member `j`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedShare {
    /// `K = k·G`.
    pub ephemeral: CompressedRistretto,
    /// `fᵢ(j) ⊕ pad`.
    pub masked: [u8; 32],
}

/// Step 2: a member's commitments and encrypted shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dealing {
    /// The dealer (1-based).
    pub dealer: u32,
    /// `Aᵢ₀ … Aᵢ,t−1`.
    pub commitments: Vec<CompressedRistretto>,
    /// Proof of knowledge of `aᵢ₀`.
    pub proof: SchnorrProof,
    /// Shares for members `1..=n`, in order.
    pub shares: Vec<EncryptedShare>,
}

/// Step 3: member `complainer` shows that its share from `dealer` is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Complaint {
    /// The dealer accused.
    pub dealer: u32,
    /// The member complaining.
    pub complainer: u32,
    /// `eⱼ·K`.
    pub shared_secret: CompressedRistretto,
    /// Proof that `log_G Eⱼ = log_K (eⱼ·K)`.
    pub proof: DleqProof,
}

/// Step 4: member `j` proves it holds the secret behind its verification key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirmation {
    /// The member.
    pub member: u32,
    /// Proof of knowledge of `xⱼ`.
    pub proof: SchnorrProof,
}

fn scalar_label(seed: &[u8; 64], label: &str, index: u64) -> Scalar {
    let mut transcript = Transcript::new("trustee-derive");
    transcript.append_bytes("seed", seed);
    transcript.append_bytes("what", label.as_bytes());
    transcript.append_u64("index", index);
    transcript.challenge_scalar(label)
}

fn announcement_transcript(params: &CeremonyParams, member: u32) -> Transcript {
    let mut transcript = params.transcript("dkg-announcement");
    transcript.append_u64("member", u64::from(member));
    transcript
}

fn dealing_transcript(
    params: &CeremonyParams,
    dealer: u32,
    commitments: &[CompressedRistretto],
) -> Transcript {
    let mut transcript = params.transcript("dkg-dealing");
    transcript.append_u64("dealer", u64::from(dealer));
    for commitment in &commitments[1..] {
        transcript.append_point("commitment", commitment);
    }
    transcript
}

fn share_pad(
    params: &CeremonyParams,
    dealer: u32,
    recipient: u32,
    ephemeral: &CompressedRistretto,
    shared_secret: &CompressedRistretto,
) -> Zeroizing<[u8; 32]> {
    let mut transcript = params.transcript("dkg-share-pad");
    transcript.append_u64("dealer", u64::from(dealer));
    transcript.append_u64("recipient", u64::from(recipient));
    transcript.append_point("ephemeral", ephemeral);
    transcript.append_point("shared-secret", shared_secret);
    Zeroizing::new(transcript.finish_32("pad"))
}

fn complaint_transcript(params: &CeremonyParams, dealer: u32, complainer: u32) -> Transcript {
    let mut transcript = params.transcript("dkg-complaint");
    transcript.append_u64("dealer", u64::from(dealer));
    transcript.append_u64("complainer", u64::from(complainer));
    transcript
}

fn confirmation_transcript(params: &CeremonyParams, member: u32) -> Transcript {
    let mut transcript = params.transcript("dkg-confirmation");
    transcript.append_u64("member", u64::from(member));
    transcript
}

fn xor(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for i in 0..32 {
        out[i] = a[i] ^ b[i];
    }
    out
}

/// `Σₖ jᵏ·Aₖ` (vartime: public).
fn evaluate_commitments(commitments: &[RistrettoPoint], j: u32) -> RistrettoPoint {
    let x = Scalar::from(j);
    let mut power = Scalar::ONE;
    let mut powers = Vec::with_capacity(commitments.len());
    for _ in commitments {
        powers.push(power);
        power *= x;
    }
    RistrettoPoint::vartime_multiscalar_mul(&powers, commitments)
}

fn decode_points(points: &[CompressedRistretto]) -> Option<Vec<RistrettoPoint>> {
    points.iter().map(decompress).collect()
}

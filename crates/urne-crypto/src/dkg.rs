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

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{Identity, VartimeMultiscalarMul};
use rand_core::{CryptoRng, RngCore};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::code::{self, CodeError};
use crate::elgamal::ElectionPublicKey;
use crate::encoding::{decompress, scalar_from_bytes};
use crate::proofs::dleq::DleqStatement;
use crate::proofs::{DleqProof, SchnorrProof};
use crate::transcript::Transcript;

const SEQUENCE_DOMAIN: &str = "sequence";
/// Data symbols of a séquence secrète: 26 × 5 = 130 random bits, all hashed into the seed.
const SEQUENCE_SYMBOLS: usize = 26;

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

/// A member's séquence secrète: 26 Crockford base-32 symbols and 2 check symbols, written in
/// groups of four (`XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretSequence {
    symbols: Vec<u8>,
}

impl SecretSequence {
    /// Draws a new séquence: every secret of the member derives from it (proof nonces aside,
    /// which are fresh randomness and need not be kept).
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        let all = code::generate(SEQUENCE_DOMAIN, SEQUENCE_SYMBOLS, rng);
        SecretSequence {
            symbols: all[..SEQUENCE_SYMBOLS].to_vec(),
        }
    }

    /// Parses a séquence as typed back by the member.
    ///
    /// # Errors
    /// [`CodeError`] for a mistyped séquence.
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        Ok(SecretSequence {
            symbols: code::parse(SEQUENCE_DOMAIN, SEQUENCE_SYMBOLS, text)?.to_vec(),
        })
    }

    /// The text the member writes down.
    pub fn to_text(&self) -> Zeroizing<String> {
        let mut all = Zeroizing::new(self.symbols.clone());
        all.extend_from_slice(&code::generate_check(SEQUENCE_DOMAIN, &self.symbols));
        code::format(&all, 4)
    }

    /// The member's secrets for this ceremony.
    pub fn trustee(&self, params: &CeremonyParams, index: u32) -> TrusteeSecret {
        let mut transcript = params.transcript("trustee-seed");
        transcript.append_u64("member", u64::from(index));
        transcript.append_bytes("sequence", &self.symbols);
        TrusteeSecret {
            index,
            seed: transcript.finish("seed"),
        }
    }
}

impl core::fmt::Debug for SecretSequence {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SecretSequence(<secret>)")
    }
}

/// A member's secret seed for one ceremony, derived from their séquence secrète.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct TrusteeSecret {
    #[zeroize(skip)]
    index: u32,
    seed: [u8; 64],
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

impl TrusteeSecret {
    /// The member's index.
    pub fn index(&self) -> u32 {
        self.index
    }

    fn encryption_secret(&self) -> Scalar {
        scalar_label(&self.seed, "encryption-key", 0)
    }

    fn coefficient(&self, k: u32) -> Scalar {
        scalar_label(&self.seed, "coefficient", u64::from(k))
    }

    /// `fᵢ(x)` by Horner's rule (constant time: the coefficients are secret, `x` is public).
    fn polynomial_at(&self, params: &CeremonyParams, x: u32) -> Scalar {
        let x = Scalar::from(x);
        let mut value = Scalar::ZERO;
        for k in (0..params.threshold).rev() {
            let mut coefficient = self.coefficient(k);
            value = value * x + coefficient;
            coefficient.zeroize();
        }
        value
    }

    /// Step 1.
    pub fn announce<R: RngCore + CryptoRng>(
        &self,
        params: &CeremonyParams,
        rng: &mut R,
    ) -> Announcement {
        let mut secret = self.encryption_secret();
        let encryption_key = (RISTRETTO_BASEPOINT_TABLE * &secret).compress();
        let proof = SchnorrProof::prove(
            announcement_transcript(params, self.index),
            &secret,
            &encryption_key,
            rng,
        );
        secret.zeroize();
        Announcement {
            member: self.index,
            encryption_key,
            proof,
        }
    }

    /// Step 2, once every announcement is known (and checked with [`check_announcements`]).
    ///
    /// # Errors
    /// [`DkgError::Announcement`] if a recipient's key does not decode.
    pub fn deal<R: RngCore + CryptoRng>(
        &self,
        params: &CeremonyParams,
        announcements: &[Announcement],
        rng: &mut R,
    ) -> Result<Dealing, DkgError> {
        let commitments: Vec<CompressedRistretto> = (0..params.threshold)
            .map(|k| {
                let mut coefficient = self.coefficient(k);
                let commitment = (RISTRETTO_BASEPOINT_TABLE * &coefficient).compress();
                coefficient.zeroize();
                commitment
            })
            .collect();
        let mut constant = self.coefficient(0);
        let proof = SchnorrProof::prove(
            dealing_transcript(params, self.index, &commitments),
            &constant,
            &commitments[0],
            rng,
        );
        constant.zeroize();
        let mut shares = Vec::with_capacity(params.members as usize);
        for announcement in announcements {
            let recipient = announcement.member;
            let key = decompress(&announcement.encryption_key)
                .ok_or(DkgError::Announcement(recipient))?;
            let mut nonce = scalar_label(&self.seed, "share-nonce", u64::from(recipient));
            let ephemeral = (RISTRETTO_BASEPOINT_TABLE * &nonce).compress();
            let shared_secret = (key * nonce).compress();
            nonce.zeroize();
            let pad = share_pad(params, self.index, recipient, &ephemeral, &shared_secret);
            let mut share = self.polynomial_at(params, recipient);
            let masked = xor(share.as_bytes(), &pad);
            share.zeroize();
            shares.push(EncryptedShare { ephemeral, masked });
        }
        Ok(Dealing {
            dealer: self.index,
            commitments,
            proof,
            shares,
        })
    }

    fn open_share(
        &self,
        params: &CeremonyParams,
        dealing: &Dealing,
    ) -> Option<(Scalar, CompressedRistretto, RistrettoPoint)> {
        let share = dealing.shares.get((self.index as usize).checked_sub(1)?)?;
        let ephemeral = decompress(&share.ephemeral)?;
        let mut secret = self.encryption_secret();
        let shared_secret = ephemeral * secret;
        secret.zeroize();
        let compressed = shared_secret.compress();
        let pad = share_pad(
            params,
            dealing.dealer,
            self.index,
            &share.ephemeral,
            &compressed,
        );
        let mut bytes = xor(&share.masked, &pad);
        // A non-canonical share is a bad share: it fails the commitment check as zero would.
        let value = scalar_from_bytes(bytes).unwrap_or(Scalar::ZERO);
        bytes.zeroize();
        Some((value, compressed, ephemeral))
    }

    /// Step 3: checks the share each dealing gives this member; returns a complaint for each bad
    /// one (an empty list when all are good).
    pub fn check_dealings<R: RngCore + CryptoRng>(
        &self,
        params: &CeremonyParams,
        dealings: &[Dealing],
        rng: &mut R,
    ) -> Vec<Complaint> {
        let mut complaints = Vec::new();
        for dealing in dealings {
            if dealing.dealer == self.index {
                continue;
            }
            let good = match (
                self.open_share(params, dealing),
                decode_points(&dealing.commitments),
            ) {
                (Some((mut share, _, _)), Some(commitments))
                    if commitments.len() == params.threshold as usize =>
                {
                    let good = RISTRETTO_BASEPOINT_TABLE * &share
                        == evaluate_commitments(&commitments, self.index);
                    share.zeroize();
                    good
                }
                _ => false,
            };
            if good {
                continue;
            }
            let Some((_, shared_secret, ephemeral)) = self.open_share(params, dealing) else {
                // An undecodable ephemeral key needs no proof: anyone can see it.
                complaints.push(Complaint {
                    dealer: dealing.dealer,
                    complainer: self.index,
                    shared_secret: CompressedRistretto([0; 32]),
                    proof: DleqProof::prove(
                        complaint_transcript(params, dealing.dealer, self.index),
                        &DleqStatement {
                            x: RistrettoPoint::identity(),
                            h: RistrettoPoint::identity(),
                            y: RistrettoPoint::identity(),
                        },
                        &Scalar::ZERO,
                        rng,
                    ),
                });
                continue;
            };
            let mut secret = self.encryption_secret();
            let statement = DleqStatement {
                x: RISTRETTO_BASEPOINT_TABLE * &secret,
                h: ephemeral,
                y: ephemeral * secret,
            };
            let proof = DleqProof::prove(
                complaint_transcript(params, dealing.dealer, self.index),
                &statement,
                &secret,
                rng,
            );
            secret.zeroize();
            complaints.push(Complaint {
                dealer: dealing.dealer,
                complainer: self.index,
                shared_secret,
                proof,
            });
        }
        complaints
    }

    /// Step 4: sums this member's shares from the qualified dealers, checks them against its
    /// verification key, and proves knowledge. Also how a member re-derives its key share at
    /// counting time, from its séquence secrète and the public ceremony record.
    ///
    /// # Errors
    /// [`DkgError::ShareMismatch`] when the sum does not match the verification key.
    pub fn key_share<R: RngCore + CryptoRng>(
        &self,
        params: &CeremonyParams,
        outcome: &CeremonyOutcome,
        dealings: &[Dealing],
        rng: &mut R,
    ) -> Result<(KeyShare, Confirmation), DkgError> {
        let mut secret = Scalar::ZERO;
        for dealing in dealings
            .iter()
            .filter(|d| outcome.qualified.contains(&d.dealer))
        {
            let (mut share, _, _) = self
                .open_share(params, dealing)
                .ok_or(DkgError::ShareMismatch(self.index))?;
            secret += share;
            share.zeroize();
        }
        let expected = outcome
            .verification_key(self.index)
            .ok_or(DkgError::Member(self.index))?;
        if RISTRETTO_BASEPOINT_TABLE * &secret != expected {
            secret.zeroize();
            return Err(DkgError::ShareMismatch(self.index));
        }
        let proof = SchnorrProof::prove(
            confirmation_transcript(params, self.index),
            &secret,
            &expected.compress(),
            rng,
        );
        Ok((
            KeyShare {
                index: self.index,
                secret,
            },
            Confirmation {
                member: self.index,
                proof,
            },
        ))
    }
}

/// A member's share `xⱼ` of the election's secret key.
#[derive(Clone, ZeroizeOnDrop)]
pub struct KeyShare {
    #[zeroize(skip)]
    pub(crate) index: u32,
    pub(crate) secret: Scalar,
}

impl KeyShare {
    /// The member's index.
    pub fn index(&self) -> u32 {
        self.index
    }
}

impl core::fmt::Debug for KeyShare {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KeyShare")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

/// Checks that members `1..=n` each announced once with a valid proof.
///
/// # Errors
/// [`DkgError::Member`] or [`DkgError::Announcement`] naming the member.
pub fn check_announcements<R: RngCore + CryptoRng>(
    params: &CeremonyParams,
    announcements: &[Announcement],
    rng: &mut R,
) -> Result<(), DkgError> {
    if announcements.len() != params.members as usize {
        return Err(DkgError::Member(announcements.len() as u32 + 1));
    }
    for (position, announcement) in announcements.iter().enumerate() {
        if announcement.member != position as u32 + 1 {
            return Err(DkgError::Member(announcement.member));
        }
        if announcement.encryption_key == RistrettoPoint::identity().compress() {
            return Err(DkgError::Announcement(announcement.member));
        }
        announcement
            .proof
            .verify_vartime(
                announcement_transcript(params, announcement.member),
                &announcement.encryption_key,
                rng,
            )
            .map_err(|_| DkgError::Announcement(announcement.member))?;
    }
    Ok(())
}

/// The public result of a ceremony: who qualified, the election key, each member's verification
/// key.
#[derive(Clone, Debug)]
pub struct CeremonyOutcome {
    /// Qualified dealers, ascending.
    pub qualified: Vec<u32>,
    /// Dealers disqualified, with why (`"dealing"` or `"complaint"`).
    pub disqualified: Vec<(u32, &'static str)>,
    /// Complaints `(dealer, complainer)` that were ignored: malformed, with an invalid proof, or
    /// about a share that turned out correct. One member cannot block the ceremony with them.
    pub rejected_complaints: Vec<(u32, u32)>,
    /// `t`: shares needed to decrypt.
    pub threshold: u32,
    /// `P`.
    pub election_key: ElectionPublicKey,
    /// `X₁ … Xₙ`.
    pub verification_keys: Vec<RistrettoPoint>,
}

impl CeremonyOutcome {
    /// `Xⱼ`.
    pub fn verification_key(&self, member: u32) -> Option<RistrettoPoint> {
        self.verification_keys
            .get((member as usize).checked_sub(1)?)
            .copied()
    }

    /// Computes the outcome from the public messages: anyone can, and the verifier does.
    ///
    /// # Errors
    /// A [`DkgError`] naming what is wrong; bad dealings and justified complaints disqualify
    /// their dealer instead of failing.
    pub fn compute<R: RngCore + CryptoRng>(
        params: &CeremonyParams,
        announcements: &[Announcement],
        dealings: &[Dealing],
        complaints: &[Complaint],
        rng: &mut R,
    ) -> Result<Self, DkgError> {
        check_announcements(params, announcements, rng)?;
        let n = params.members as usize;
        let mut disqualified: Vec<(u32, &'static str)> = Vec::new();
        let mut commitments_of: Vec<Option<Vec<RistrettoPoint>>> = vec![None; n];
        let mut dealt = vec![false; n];
        for dealing in dealings {
            let dealer = dealing.dealer;
            if dealer == 0 || dealer as usize > n || dealt[dealer as usize - 1] {
                return Err(DkgError::Member(dealer));
            }
            dealt[dealer as usize - 1] = true;
            let valid = dealing.commitments.len() == params.threshold as usize
                && dealing.shares.len() == n
                && dealing
                    .proof
                    .verify_vartime(
                        dealing_transcript(params, dealer, &dealing.commitments),
                        &dealing.commitments[0],
                        rng,
                    )
                    .is_ok();
            match decode_points(&dealing.commitments) {
                Some(points) if valid => commitments_of[dealer as usize - 1] = Some(points),
                _ => disqualified.push((dealer, "dealing")),
            }
        }
        let mut rejected_complaints = Vec::new();
        for complaint in complaints {
            match justified(
                params,
                announcements,
                dealings,
                &commitments_of,
                complaint,
                rng,
            ) {
                Ok(true) => disqualified.push((complaint.dealer, "complaint")),
                Ok(false) | Err(_) => {
                    rejected_complaints.push((complaint.dealer, complaint.complainer))
                }
            }
        }
        // Stable: a dealer's first reason (its dealing, checked first) is the one kept.
        disqualified.sort_by_key(|d| d.0);
        disqualified.dedup_by_key(|d| d.0);
        let qualified: Vec<u32> = (1..=params.members)
            .filter(|i| {
                commitments_of[*i as usize - 1].is_some() && !disqualified.iter().any(|d| d.0 == *i)
            })
            .collect();
        if qualified.len() < params.threshold as usize {
            return Err(DkgError::TooFewQualified(qualified.len()));
        }
        let mut election_key = RistrettoPoint::identity();
        let mut verification_keys = vec![RistrettoPoint::identity(); n];
        for &dealer in &qualified {
            let Some(commitments) = &commitments_of[dealer as usize - 1] else {
                continue;
            };
            election_key += commitments[0];
            for (j, key) in verification_keys.iter_mut().enumerate() {
                *key += evaluate_commitments(commitments, j as u32 + 1);
            }
        }
        let election_key =
            ElectionPublicKey::from_point(election_key).ok_or(DkgError::DegenerateKey)?;
        Ok(CeremonyOutcome {
            qualified,
            disqualified,
            rejected_complaints,
            threshold: params.threshold,
            election_key,
            verification_keys,
        })
    }

    /// Checks a member's confirmation (step 4).
    ///
    /// # Errors
    /// [`DkgError::ShareMismatch`] if the proof does not verify.
    pub fn check_confirmation<R: RngCore + CryptoRng>(
        &self,
        params: &CeremonyParams,
        confirmation: &Confirmation,
        rng: &mut R,
    ) -> Result<(), DkgError> {
        let member = confirmation.member;
        let key = self
            .verification_key(member)
            .ok_or(DkgError::Member(member))?;
        confirmation
            .proof
            .verify_vartime(
                confirmation_transcript(params, member),
                &key.compress(),
                rng,
            )
            .map_err(|_| DkgError::ShareMismatch(member))
    }
}

/// Whether a complaint shows a bad share. A complaint with an invalid proof is an error (the
/// complainer misbehaved); a valid proof over a share that turns out correct is unjustified. Both
/// are recorded in [`CeremonyOutcome::rejected_complaints`] and otherwise ignored.
fn justified<R: RngCore + CryptoRng>(
    params: &CeremonyParams,
    announcements: &[Announcement],
    dealings: &[Dealing],
    commitments_of: &[Option<Vec<RistrettoPoint>>],
    complaint: &Complaint,
    rng: &mut R,
) -> Result<bool, DkgError> {
    let bad = DkgError::Complaint {
        dealer: complaint.dealer,
        complainer: complaint.complainer,
    };
    let dealing = dealings
        .iter()
        .find(|d| d.dealer == complaint.dealer)
        .ok_or(bad.clone())?;
    let Some(commitments) = commitments_of
        .get((complaint.dealer as usize).wrapping_sub(1))
        .and_then(Option::as_ref)
    else {
        return Ok(true); // already disqualified for its dealing
    };
    let share = dealing
        .shares
        .get((complaint.complainer as usize).wrapping_sub(1))
        .ok_or(bad.clone())?;
    let Some(ephemeral) = decompress(&share.ephemeral) else {
        return Ok(true);
    };
    let announcement = announcements
        .get((complaint.complainer as usize).wrapping_sub(1))
        .ok_or(bad.clone())?;
    let statement = DleqStatement {
        x: decompress(&announcement.encryption_key).ok_or(bad.clone())?,
        h: ephemeral,
        y: decompress(&complaint.shared_secret).ok_or(bad.clone())?,
    };
    complaint
        .proof
        .verify_vartime(
            complaint_transcript(params, complaint.dealer, complaint.complainer),
            &statement,
            rng,
        )
        .map_err(|_| bad)?;
    let pad = share_pad(
        params,
        complaint.dealer,
        complaint.complainer,
        &share.ephemeral,
        &complaint.shared_secret,
    );
    let Some(value) = scalar_from_bytes(xor(&share.masked, &pad)) else {
        return Ok(true);
    };
    Ok(RISTRETTO_BASEPOINT_TABLE * &value
        != evaluate_commitments(commitments, complaint.complainer))
}

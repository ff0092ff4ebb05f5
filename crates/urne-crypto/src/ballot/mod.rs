//! The CSE ballot (`docs/protocol.md` §6): one election, lists `1..k` with their candidates.
//!
//! A ballot encrypts `k + 2` *choice* bits (one per list, then blank, then nul) and one *strike*
//! bit per candidate of every list (list-major order), and proves:
//! - each choice bit is 0 or 1, and the choice bits sum to 1 (exactly one of list/blank/nul);
//! - each strike bit `s` of list `i` is in `{0, lᵢ}`, so a candidate can be struck only on the
//!   chosen list;
//! - `Σᵢ (nᵢ − 1)·lᵢ − Σᵢⱼ sᵢⱼ ∈ [0, max nᵢ − 1]`, so not every candidate of the chosen list is
//!   struck.
//!
//! **Every candidate struck.** A paper ballot for a list with every name struck counts as blank.
//! A homomorphic tally cannot reclassify one ballot, so urne decides before encryption:
//! [`Choice::normalized`] turns such a choice into [`Choice::Blank`] (the booth shows it on the
//! review screen), [`encrypt`](EncryptedBallot::encrypt) refuses it, and the last proof above makes
//! the server and the verifier refuse any ballot that does it anyway. The tally therefore counts
//! it exactly as the law does.
//!
//! The ballot is bound to the election (its fingerprint is in every transcript) and to its
//! credential (the public key is in every transcript, and the ballot is signed with it).

mod encoding;
mod encrypt;
mod verify;

pub use verify::{verify_ballots_vartime, BallotError};

/// Constructors that can make invalid ballots, for tests and the tampered-record catalogue.
pub mod hazmat {
    pub use super::encrypt::encrypt_bits;
}

use curve25519_dalek::ristretto::CompressedRistretto;

use crate::elgamal::{Ciphertext, ElectionPublicKey};
use crate::proofs::{DisjunctiveProof, SchnorrProof};
use crate::transcript::{ElectionFingerprint, Transcript};

/// The lists of one election and how many candidates each has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BallotShape {
    candidates: Vec<u32>,
}

/// Why a shape or a choice is not acceptable.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChoiceError {
    /// A shape needs at least one list, and every list at least one candidate.
    EmptyShape,
    /// The chosen list does not exist.
    NoSuchList {
        /// The list index given.
        list: usize,
    },
    /// A struck candidate does not exist on the chosen list, or is given twice.
    BadStrike {
        /// The list index.
        list: usize,
        /// The candidate index.
        candidate: usize,
    },
    /// Every candidate of the chosen list is struck: the ballot counts as blank
    /// (see [`Choice::normalized`]).
    AllCandidatesStruck,
}

impl core::fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ChoiceError::EmptyShape => f.write_str("an election needs lists, and lists candidates"),
            ChoiceError::NoSuchList { list } => write!(f, "no list with index {list}"),
            ChoiceError::BadStrike { list, candidate } => {
                write!(
                    f,
                    "candidate {candidate} of list {list} does not exist or is struck twice"
                )
            }
            ChoiceError::AllCandidatesStruck => {
                f.write_str("every candidate of the list is struck: the ballot counts as blank")
            }
        }
    }
}

impl std::error::Error for ChoiceError {}

impl BallotShape {
    /// A shape from the candidate count of each list, in ballot order.
    ///
    /// # Errors
    /// [`ChoiceError::EmptyShape`] without lists or with a list without candidates.
    pub fn new(candidates: Vec<u32>) -> Result<Self, ChoiceError> {
        if candidates.is_empty() || candidates.contains(&0) {
            return Err(ChoiceError::EmptyShape);
        }
        Ok(BallotShape { candidates })
    }

    /// Number of lists `k`.
    pub fn lists(&self) -> usize {
        self.candidates.len()
    }

    /// Candidates per list.
    pub fn candidates(&self) -> &[u32] {
        &self.candidates
    }

    /// Number of choice ciphertexts: `k + 2`.
    pub fn choice_count(&self) -> usize {
        self.lists() + 2
    }

    /// Index of the blank choice.
    pub fn blank_index(&self) -> usize {
        self.lists()
    }

    /// Index of the nul choice.
    pub fn nul_index(&self) -> usize {
        self.lists() + 1
    }

    /// Total number of candidates (strike ciphertexts).
    pub fn strike_count(&self) -> usize {
        self.candidates.iter().map(|&n| n as usize).sum()
    }

    /// Index, among the strike ciphertexts, of the first candidate of `list`.
    pub fn strike_offset(&self, list: usize) -> usize {
        self.candidates[..list].iter().map(|&n| n as usize).sum()
    }

    /// Largest number of candidates on a list: the range proof has that many branches.
    pub fn max_candidates(&self) -> usize {
        self.candidates.iter().copied().max().unwrap_or(1) as usize
    }

    /// Size of an encoded ballot, in bytes (`docs/protocol.md` §6.4).
    pub fn ballot_bytes(&self) -> usize {
        let ciphertexts = self.choice_count() + self.strike_count();
        32 + ciphertexts * Ciphertext::BYTES
            + ciphertexts * DisjunctiveProof::encoded_len(2)
            + DisjunctiveProof::encoded_len(1)
            + DisjunctiveProof::encoded_len(self.max_candidates())
            + SchnorrProof::BYTES
    }

    fn bind(&self, transcript: &mut Transcript) {
        transcript.append_u64("lists", self.lists() as u64);
        for &n in &self.candidates {
            transcript.append_u64("candidates", u64::from(n));
        }
    }
}

/// What a voter chose in one election.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// A list (0-based, in ballot order), with the 0-based indices of the candidates struck.
    List {
        /// The list.
        list: usize,
        /// Struck candidates.
        struck: Vec<usize>,
    },
    /// Vote blanc.
    Blank,
    /// Vote nul.
    Nul,
}

impl Choice {
    /// Checks the choice against the shape.
    ///
    /// # Errors
    /// A [`ChoiceError`] naming the bad list or candidate, or
    /// [`ChoiceError::AllCandidatesStruck`].
    pub fn validate(&self, shape: &BallotShape) -> Result<(), ChoiceError> {
        let Choice::List { list, struck } = self else {
            return Ok(());
        };
        let Some(&n) = shape.candidates.get(*list) else {
            return Err(ChoiceError::NoSuchList { list: *list });
        };
        let mut seen = vec![false; n as usize];
        for &candidate in struck {
            match seen.get_mut(candidate) {
                Some(slot) if !*slot => *slot = true,
                _ => {
                    return Err(ChoiceError::BadStrike {
                        list: *list,
                        candidate,
                    })
                }
            }
        }
        if struck.len() == n as usize {
            return Err(ChoiceError::AllCandidatesStruck);
        }
        Ok(())
    }

    /// The choice as it counts: a list with every candidate struck becomes [`Choice::Blank`]
    /// (a paper ballot with every name struck counts as blank); anything else is unchanged.
    pub fn normalized(self, shape: &BallotShape) -> Choice {
        match self.validate(shape) {
            Err(ChoiceError::AllCandidatesStruck) => Choice::Blank,
            _ => self,
        }
    }

    /// The plaintext bits, choices then strikes, as the ballot encrypts them.
    pub fn bits(&self, shape: &BallotShape) -> (Vec<u64>, Vec<u64>) {
        let mut choices = vec![0u64; shape.choice_count()];
        let mut strikes = vec![0u64; shape.strike_count()];
        match self {
            Choice::List { list, struck } => {
                choices[*list] = 1;
                let offset = shape.strike_offset(*list);
                for &candidate in struck {
                    strikes[offset + candidate] = 1;
                }
            }
            Choice::Blank => choices[shape.blank_index()] = 1,
            Choice::Nul => choices[shape.nul_index()] = 1,
        }
        (choices, strikes)
    }
}

/// Everything a ballot is checked against: the election's fingerprint, key and shape.
#[derive(Clone, Debug)]
pub struct BallotContext {
    /// Fingerprint of the election manifest.
    pub fingerprint: ElectionFingerprint,
    /// The election key from the key ceremony.
    pub key: ElectionPublicKey,
    /// The lists and candidates.
    pub shape: BallotShape,
}

impl BallotContext {
    /// The transcript prefix shared by every proof of a ballot cast with `credential`.
    fn proof_transcript(&self, credential: &CompressedRistretto) -> Transcript {
        let mut transcript = Transcript::new("ballot-proof");
        transcript.append_fingerprint(&self.fingerprint);
        transcript.append_point("election-key", self.key.compressed());
        self.shape.bind(&mut transcript);
        transcript.append_point("credential", credential);
        transcript
    }

    fn signature_transcript(&self, body: &[u8]) -> Transcript {
        let mut transcript = Transcript::new("ballot-signature");
        transcript.append_fingerprint(&self.fingerprint);
        transcript.append_bytes("ballot", body);
        transcript
    }
}

/// A ciphertext with the encoding it was received or produced with (hashing re-uses the bytes
/// instead of compressing the points again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EncodedCiphertext {
    pub(crate) ct: Ciphertext,
    pub(crate) bytes: [u8; 64],
}

/// An encrypted, proved and signed CSE ballot (`docs/protocol.md` §6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedBallot {
    pub(crate) credential: CompressedRistretto,
    /// Choices then strikes.
    pub(crate) ciphertexts: Vec<EncodedCiphertext>,
    /// One 0/1 proof per choice, then one `{0, l}` proof per strike.
    pub(crate) bit_proofs: Vec<DisjunctiveProof>,
    pub(crate) sum_proof: DisjunctiveProof,
    pub(crate) range_proof: DisjunctiveProof,
    pub(crate) signature: SchnorrProof,
}

impl EncryptedBallot {
    /// The credential public key that signed the ballot.
    pub fn credential(&self) -> &CompressedRistretto {
        &self.credential
    }

    /// The ciphertexts, choices then strikes (what the tally adds).
    pub fn ciphertexts(&self) -> impl Iterator<Item = &Ciphertext> {
        self.ciphertexts.iter().map(|c| &c.ct)
    }

    /// The ballot tracker: a hash of the encoded ballot that the voter can look up in the record
    /// (`docs/protocol.md` §6.5).
    pub fn tracker(&self) -> [u8; 32] {
        tracker_of(&self.to_bytes())
    }
}

/// The tracker of an encoded ballot.
pub fn tracker_of(ballot_bytes: &[u8]) -> [u8; 32] {
    let mut transcript = Transcript::new("ballot-tracker");
    transcript.append_bytes("ballot", ballot_bytes);
    transcript.finish_32("tracker")
}

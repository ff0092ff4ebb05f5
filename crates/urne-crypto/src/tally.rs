//! The homomorphic tally of an election and its decrypted form (`docs/protocol.md` §9).
//!
//! The tally is the component-wise sum of the accepted ballots' ciphertexts, in ballot order
//! (choices then strikes). Decrypted, it gives ballots per list, blanks, nuls and strikes per
//! candidate: everything the counting rules need.

use curve25519_dalek::ristretto::RistrettoPoint;

use crate::ballot::{BallotShape, EncryptedBallot};
use crate::dlog::DlogTable;
use crate::elgamal::Ciphertext;
use crate::encoding::{DecodeError, Reader};

/// Sums ballots' ciphertexts (vartime: ballots are public).
pub fn encrypted_tally<'a>(
    shape: &BallotShape,
    ballots: impl IntoIterator<Item = &'a EncryptedBallot>,
) -> Vec<Ciphertext> {
    let mut sums = vec![Ciphertext::zero(); shape.choice_count() + shape.strike_count()];
    for ballot in ballots {
        for (sum, ct) in sums.iter_mut().zip(ballot.ciphertexts()) {
            *sum = *sum + *ct;
        }
    }
    sums
}

/// Sums ballots given as bytes, reading only their ciphertexts (`docs/protocol.md` §6.4: they
/// follow the 32-byte credential). For ballots already accepted: nothing else is checked, so
/// counting does not verify every proof again. Accumulators of disjoint ballots [`merge`] (one
/// per thread, in the caller).
///
/// [`merge`]: TallyAccumulator::merge
#[derive(Clone, Debug)]
pub struct TallyAccumulator {
    sums: Vec<Ciphertext>,
    ballot_bytes: usize,
    ballots: u64,
}

impl TallyAccumulator {
    /// An empty tally of an election with `shape`.
    pub fn new(shape: &BallotShape) -> Self {
        TallyAccumulator {
            sums: vec![Ciphertext::zero(); shape.choice_count() + shape.strike_count()],
            ballot_bytes: shape.ballot_bytes(),
            ballots: 0,
        }
    }

    /// Adds one ballot's ciphertexts.
    ///
    /// # Errors
    /// [`DecodeError`] for bytes of the wrong length or a ciphertext that is not a canonical
    /// point; the sums are then unchanged.
    pub fn add_bytes(&mut self, ballot: &[u8]) -> Result<(), DecodeError> {
        if ballot.len() != self.ballot_bytes {
            return Err(DecodeError::Length {
                expected: self.ballot_bytes,
                found: ballot.len(),
            });
        }
        let mut reader = Reader::new(&ballot[32..32 + self.sums.len() * Ciphertext::BYTES]);
        let cts = (0..self.sums.len())
            .map(|_| Ciphertext::read(&mut reader))
            .collect::<Result<Vec<_>, _>>()?;
        for (sum, ct) in self.sums.iter_mut().zip(cts) {
            *sum = *sum + ct;
        }
        self.ballots += 1;
        Ok(())
    }

    /// Adds another accumulator's ballots (of the same election).
    pub fn merge(&mut self, other: &TallyAccumulator) {
        for (sum, ct) in self.sums.iter_mut().zip(&other.sums) {
            *sum = *sum + *ct;
        }
        self.ballots += other.ballots;
    }

    /// Ballots added.
    pub fn ballots(&self) -> u64 {
        self.ballots
    }

    /// The sums, in ballot order.
    pub fn sums(&self) -> &[Ciphertext] {
        &self.sums
    }
}

/// The decrypted counts of one election.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    /// Ballots for each list.
    pub lists: Vec<u64>,
    /// Blank ballots.
    pub blank: u64,
    /// Nul ballots.
    pub nul: u64,
    /// Strikes (ratures) per candidate, per list.
    pub strikes: Vec<Vec<u64>>,
}

impl Tally {
    /// Arranges counts (choices then strikes) by the shape.
    pub fn from_counts(shape: &BallotShape, counts: &[u64]) -> Option<Self> {
        if counts.len() != shape.choice_count() + shape.strike_count() {
            return None;
        }
        let lists = counts[..shape.lists()].to_vec();
        let strikes = shape
            .candidates()
            .iter()
            .enumerate()
            .map(|(list, &n)| {
                let start = shape.choice_count() + shape.strike_offset(list);
                counts[start..start + n as usize].to_vec()
            })
            .collect();
        Some(Tally {
            lists,
            blank: counts[shape.blank_index()],
            nul: counts[shape.nul_index()],
            strikes,
        })
    }

    /// Recovers the counts from decrypted points with `table`; `None` if one is out of range.
    pub fn from_points(
        shape: &BallotShape,
        points: &[RistrettoPoint],
        table: &DlogTable,
    ) -> Option<Self> {
        let counts: Option<Vec<u64>> = points.iter().map(|p| table.solve_vartime(p)).collect();
        Self::from_counts(shape, &counts?)
    }

    /// Number of ballots counted.
    pub fn ballots(&self) -> u64 {
        self.lists.iter().sum::<u64>() + self.blank + self.nul
    }
}

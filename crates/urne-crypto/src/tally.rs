//! The homomorphic tally of an election and its decrypted form (`docs/protocol.md` §9).
//!
//! The tally is the component-wise sum of the accepted ballots' ciphertexts, in ballot order
//! (choices then strikes). Decrypted, it gives ballots per list, blanks, nuls and strikes per
//! candidate: everything the counting rules need.

use curve25519_dalek::ristretto::RistrettoPoint;

use crate::ballot::{BallotShape, EncryptedBallot};
use crate::dlog::DlogTable;
use crate::elgamal::Ciphertext;

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

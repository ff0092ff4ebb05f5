//! Recovering a count from `m·G` (`docs/protocol.md` §9.3): baby-step giant-step.
//!
//! For counts up to `max`, the table holds `s = ⌈√(max + 1)⌉` baby steps `j·G` (a hash map from
//! compressed point to `j`, about 40 bytes an entry), and a search takes at most `s` giant steps,
//! each one point addition and one compression. For an electorate of 1 000 000 that is 1 001
//! entries (≈ 40 KB) and at most 1 001 steps per count: a few milliseconds. Vartime: counts are
//! public once decrypted.

use std::collections::HashMap;

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;

/// A baby-step table for counts in `0..=max`.
pub struct DlogTable {
    max: u64,
    step: u64,
    baby: HashMap<[u8; 32], u64>,
    giant: RistrettoPoint,
}

impl DlogTable {
    /// Builds the table for counts up to `max` (the electorate size).
    pub fn new(max: u64) -> Self {
        let step = (max.saturating_add(1) as f64).sqrt().ceil().max(1.0) as u64;
        let mut baby = HashMap::with_capacity(step as usize);
        let mut point = RistrettoPoint::identity();
        for j in 0..step {
            baby.insert(point.compress().to_bytes(), j);
            point += RISTRETTO_BASEPOINT_POINT;
        }
        DlogTable {
            max,
            step,
            baby,
            giant: -(RISTRETTO_BASEPOINT_POINT * Scalar::from(step)),
        }
    }

    /// Entries in the table.
    pub fn len(&self) -> usize {
        self.baby.len()
    }

    /// Whether the table is empty (never: it always holds `0·G`).
    pub fn is_empty(&self) -> bool {
        self.baby.is_empty()
    }

    /// `m` such that `point = m·G` and `m ≤ max`, or `None`.
    pub fn solve_vartime(&self, point: &RistrettoPoint) -> Option<u64> {
        let mut current = *point;
        for i in 0..=self.step {
            if let Some(&j) = self.baby.get(current.compress().as_bytes()) {
                let m = i * self.step + j;
                return (m <= self.max).then_some(m);
            }
            current += self.giant;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_counts_and_refuses_out_of_range() {
        let table = DlogTable::new(10_000);
        for m in [0u64, 1, 99, 100, 101, 5_000, 9_999, 10_000] {
            let point = RISTRETTO_BASEPOINT_POINT * Scalar::from(m);
            assert_eq!(table.solve_vartime(&point), Some(m));
        }
        let beyond = RISTRETTO_BASEPOINT_POINT * Scalar::from(10_001u64);
        assert_eq!(table.solve_vartime(&beyond), None);
        assert_eq!(table.solve_vartime(&-RISTRETTO_BASEPOINT_POINT), None);
    }
}

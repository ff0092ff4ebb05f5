//! Batch verification (`docs/protocol.md` §5.4).
//!
//! Every proof in urne is sent in *commitment form* (its commitments, not its challenge), so each
//! verification equation is linear in public points: `Σ aᵢ·Pᵢ = 0`. A [`BatchVerifier`] collects
//! the equations of many proofs, each multiplied by a fresh random weight, and checks their sum
//! with one variable-time multiscalar multiplication. A false equation survives only if the
//! weights cancel it, which happens with probability 1/ℓ ≈ 2⁻²⁵².
//!
//! Points used by many equations (the generator `G`, the election key `P`) are *bases*: their
//! coefficients are summed before the multiplication instead of repeating the point.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use rand_core::{CryptoRng, RngCore};

/// Index of the generator `G` among the bases of every [`BatchVerifier`].
pub const BASE_G: usize = 0;

/// Accumulates weighted verification equations and checks them at once. Vartime: it only ever
/// handles public data.
#[derive(Clone)]
pub struct BatchVerifier {
    bases: Vec<RistrettoPoint>,
    base_coefficients: Vec<Scalar>,
    points: Vec<RistrettoPoint>,
    coefficients: Vec<Scalar>,
}

impl Default for BatchVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl BatchVerifier {
    /// An empty batch whose only base is `G` (index [`BASE_G`]).
    pub fn new() -> Self {
        BatchVerifier {
            bases: vec![RISTRETTO_BASEPOINT_POINT],
            base_coefficients: vec![Scalar::ZERO],
            points: Vec::new(),
            coefficients: Vec::new(),
        }
    }

    /// Registers a point used by many equations and returns its index.
    pub fn add_base(&mut self, point: RistrettoPoint) -> usize {
        self.bases.push(point);
        self.base_coefficients.push(Scalar::ZERO);
        self.bases.len() - 1
    }

    /// Adds `coefficient · bases[index]` to the running sum.
    pub fn add_to_base(&mut self, index: usize, coefficient: Scalar) {
        self.base_coefficients[index] += coefficient;
    }

    /// Adds `coefficient · point` to the running sum.
    pub fn add_term(&mut self, coefficient: Scalar, point: RistrettoPoint) {
        self.coefficients.push(coefficient);
        self.points.push(point);
    }

    /// Reserves room for `n` more terms.
    pub fn reserve(&mut self, n: usize) {
        self.points.reserve(n);
        self.coefficients.reserve(n);
    }

    /// Number of points the final multiplication will take.
    pub fn len(&self) -> usize {
        self.points.len() + self.bases.len()
    }

    /// Whether no term was added.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Draws a random weight for one equation.
    pub fn weight<R: RngCore + CryptoRng>(rng: &mut R) -> Scalar {
        Scalar::random(rng)
    }

    /// Checks that the weighted sum of all equations is the identity.
    pub fn verify_vartime(&self) -> bool {
        let scalars = self
            .coefficients
            .iter()
            .chain(self.base_coefficients.iter());
        let points = self.points.iter().chain(self.bases.iter());
        RistrettoPoint::vartime_multiscalar_mul(scalars, points).is_identity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    #[test]
    fn detects_a_false_equation() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        let x = Scalar::random(&mut rng);
        let point = RISTRETTO_BASEPOINT_POINT * x;
        // x·G − X = 0, weighted.
        let mut batch = BatchVerifier::new();
        let w = BatchVerifier::weight(&mut rng);
        batch.add_to_base(BASE_G, w * x);
        batch.add_term(-w, point);
        assert!(batch.verify_vartime());
        batch.add_to_base(BASE_G, Scalar::ONE);
        assert!(!batch.verify_vartime());
    }
}

//! Batch compression for provers (`docs/protocol.md` §5.5).
//!
//! Compressing a Ristretto point costs a field inversion; a ballot's prover compresses about 300
//! points. dalek's `double_and_compress_batch` compresses `2·Q` for many `Q` with one inversion,
//! in constant time. So provers compute every point they must publish as its half, `Q = ½·X`
//! (with tables for `½G` and `½P`), and compress the batch. The published bytes are exactly the
//! canonical encodings of `X`: nothing changes for verifiers.

use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;

/// `½ mod ℓ`.
pub(crate) fn half() -> Scalar {
    Scalar::from(2u8).invert()
}

/// The encodings of `2·Q` for each `Q` of `halves`.
pub(crate) fn compress_doubled(halves: &[RistrettoPoint]) -> Vec<CompressedRistretto> {
    RistrettoPoint::double_and_compress_batch(halves)
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::traits::Identity;
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    #[test]
    fn doubled_halves_compress_to_the_points() {
        let mut rng = ChaCha20Rng::seed_from_u64(4);
        let points: Vec<RistrettoPoint> =
            (0..5).map(|_| RistrettoPoint::random(&mut rng)).collect();
        let halves: Vec<RistrettoPoint> = points.iter().map(|p| p * half()).collect();
        let compressed = compress_doubled(&halves);
        for (point, c) in points.iter().zip(compressed) {
            assert_eq!(point.compress(), c);
        }
        assert_eq!(
            compress_doubled(&[RistrettoPoint::identity()])[0],
            RistrettoPoint::identity().compress()
        );
    }
}

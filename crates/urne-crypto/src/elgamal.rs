//! Exponential ElGamal on Ristretto255 (`docs/protocol.md` §4).
//!
//! A message `m` (a small count) under key `P` with randomness `r` is `(α, β) = (r·G, m·G + r·P)`.
//! Ciphertexts add component-wise, and the sum encrypts the sum of the messages: that is how the
//! tally is computed without decrypting any ballot. Decryption recovers `m·G`; finding `m` is the
//! job of [`crate::dlog`]. Key generation is not here: the key comes from the bureau's distributed
//! key generation ([`crate::dkg`]).

use core::ops::{Add, Sub};

use curve25519_dalek::constants::{RISTRETTO_BASEPOINT_POINT, RISTRETTO_BASEPOINT_TABLE};
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoBasepointTable, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;
use rand_core::{CryptoRng, RngCore};
use subtle::ConditionallySelectable;

use crate::encoding::{DecodeError, Reader};

/// The election's public encryption key `P`, with a precomputed table for fixed-base
/// multiplication (encryption and proving multiply by `P` many times).
#[derive(Clone)]
pub struct ElectionPublicKey {
    point: RistrettoPoint,
    compressed: CompressedRistretto,
    table: RistrettoBasepointTable,
    half_table: RistrettoBasepointTable,
}

/// `½·G`'s table, for provers that compress in batch (see [`crate::halves`]).
pub(crate) fn half_basepoint_table() -> &'static RistrettoBasepointTable {
    static TABLE: std::sync::OnceLock<RistrettoBasepointTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        RistrettoBasepointTable::create(&(RISTRETTO_BASEPOINT_POINT * crate::halves::half()))
    })
}

impl ElectionPublicKey {
    /// Wraps a point as an election key. The identity is rejected: it would encrypt in the clear.
    pub fn from_point(point: RistrettoPoint) -> Option<Self> {
        if point == RistrettoPoint::identity() {
            return None;
        }
        Some(ElectionPublicKey {
            point,
            compressed: point.compress(),
            table: RistrettoBasepointTable::create(&point),
            half_table: RistrettoBasepointTable::create(&(point * crate::halves::half())),
        })
    }

    /// Decodes a canonical 32-byte encoding.
    pub fn from_bytes(bytes: &[u8; 32]) -> Option<Self> {
        CompressedRistretto(*bytes)
            .decompress()
            .and_then(Self::from_point)
    }

    /// The key as a point.
    pub fn point(&self) -> &RistrettoPoint {
        &self.point
    }

    /// The key's canonical encoding.
    pub fn compressed(&self) -> &CompressedRistretto {
        &self.compressed
    }

    /// `s·P` in constant time, using the precomputed table.
    pub fn mul(&self, scalar: &Scalar) -> RistrettoPoint {
        &self.table * scalar
    }

    /// `s·(½P)` in constant time.
    pub(crate) fn mul_half(&self, scalar: &Scalar) -> RistrettoPoint {
        &self.half_table * scalar
    }

    /// Half of the encryption of a bit, `(½α, ½β)`, in constant time in the bit and the
    /// randomness: the message term is a select, not a multiplication.
    pub(crate) fn encrypt_bit_halves(
        &self,
        bit: subtle::Choice,
        randomness: &Scalar,
    ) -> (RistrettoPoint, RistrettoPoint) {
        let half_g = half_basepoint_table();
        let message = RistrettoPoint::conditional_select(
            &RistrettoPoint::identity(),
            &(half_g * &Scalar::ONE),
            bit,
        );
        (half_g * randomness, self.mul_half(randomness) + message)
    }

    /// Encrypts `message` with fresh randomness; returns the ciphertext and the randomness (needed
    /// by the proofs; the caller zeroizes it).
    pub fn encrypt<R: RngCore + CryptoRng>(
        &self,
        message: u64,
        rng: &mut R,
    ) -> (Ciphertext, Scalar) {
        let randomness = Scalar::random(rng);
        (self.encrypt_with(message, &randomness), randomness)
    }

    /// Encrypts `message` with the given randomness, in constant time in both.
    pub fn encrypt_with(&self, message: u64, randomness: &Scalar) -> Ciphertext {
        let g = RISTRETTO_BASEPOINT_TABLE;
        Ciphertext {
            alpha: g * randomness,
            beta: g * &Scalar::from(message) + self.mul(randomness),
        }
    }
}

impl core::fmt::Debug for ElectionPublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("ElectionPublicKey")
            .field(&self.compressed)
            .finish()
    }
}

/// An exponential ElGamal ciphertext `(α, β)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ciphertext {
    /// `r·G`.
    pub alpha: RistrettoPoint,
    /// `m·G + r·P`.
    pub beta: RistrettoPoint,
}

impl Ciphertext {
    /// Size of the encoding: two compressed points.
    pub const BYTES: usize = 64;

    /// The encryption of 0 with randomness 0, neutral for addition.
    pub fn zero() -> Self {
        Ciphertext {
            alpha: RistrettoPoint::identity(),
            beta: RistrettoPoint::identity(),
        }
    }

    /// `k·C` (vartime in `k`, which is public wherever this is used).
    pub fn scale_vartime(&self, k: &Scalar) -> Self {
        Ciphertext {
            alpha: self.alpha * k,
            beta: self.beta * k,
        }
    }

    /// `α ‖ β`, 64 bytes.
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(self.alpha.compress().as_bytes());
        out[32..].copy_from_slice(self.beta.compress().as_bytes());
        out
    }

    /// Decodes `α ‖ β`.
    pub fn read(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Ciphertext {
            alpha: reader.point()?,
            beta: reader.point()?,
        })
    }

    /// Decodes exactly 64 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut reader = Reader::new(bytes);
        let ct = Self::read(&mut reader)?;
        reader.finish()?;
        Ok(ct)
    }
}

impl Add for Ciphertext {
    type Output = Ciphertext;
    fn add(self, other: Ciphertext) -> Ciphertext {
        Ciphertext {
            alpha: self.alpha + other.alpha,
            beta: self.beta + other.beta,
        }
    }
}

impl Sub for Ciphertext {
    type Output = Ciphertext;
    fn sub(self, other: Ciphertext) -> Ciphertext {
        Ciphertext {
            alpha: self.alpha - other.alpha,
            beta: self.beta - other.beta,
        }
    }
}

impl core::iter::Sum for Ciphertext {
    fn sum<I: Iterator<Item = Ciphertext>>(iter: I) -> Ciphertext {
        iter.fold(Ciphertext::zero(), |acc, ct| acc + ct)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    #[test]
    fn addition_is_homomorphic() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let secret = Scalar::random(&mut rng);
        let key = ElectionPublicKey::from_point(RISTRETTO_BASEPOINT_TABLE * &secret).unwrap();
        let (a, _) = key.encrypt(3, &mut rng);
        let (b, _) = key.encrypt(4, &mut rng);
        let sum = a + b;
        let plain = sum.beta - sum.alpha * secret;
        assert_eq!(plain, RISTRETTO_BASEPOINT_TABLE * &Scalar::from(7u64));
    }

    #[test]
    fn identity_key_is_rejected() {
        assert!(ElectionPublicKey::from_point(RistrettoPoint::identity()).is_none());
    }
}

//! Schnorr proof of knowledge of a discrete logarithm, `X = x·G` (`docs/protocol.md` §5.1).
//!
//! Also the signature scheme of credentials: a signature is a Schnorr proof whose transcript binds
//! the message ([`crate::credential`]).

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroize;

use super::ProofError;
use crate::batch::{BatchVerifier, BASE_G};
use crate::encoding::{decompress, DecodeError, Reader};
use crate::transcript::Transcript;

/// `(R, s)` with `R = w·G`, `c = H(transcript ‖ X ‖ R)`, `s = w + c·x`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchnorrProof {
    commitment: CompressedRistretto,
    response: Scalar,
}

impl SchnorrProof {
    /// Size of the encoding.
    pub const BYTES: usize = 64;

    /// An all-zero value, to be overwritten (a ballot is signed after its body is built).
    pub(crate) fn placeholder() -> Self {
        SchnorrProof {
            commitment: CompressedRistretto([0; 32]),
            response: Scalar::ZERO,
        }
    }

    /// Proves knowledge of `secret` for `public = secret·G`.
    pub fn prove<R: RngCore + CryptoRng>(
        mut transcript: Transcript,
        secret: &Scalar,
        public: &CompressedRistretto,
        rng: &mut R,
    ) -> Self {
        let mut nonce = Scalar::random(rng);
        let commitment = (RISTRETTO_BASEPOINT_TABLE * &nonce).compress();
        transcript.append_point("public", public);
        transcript.append_point("commitment", &commitment);
        let challenge = transcript.challenge_scalar("schnorr");
        let response = nonce + challenge * secret;
        nonce.zeroize();
        SchnorrProof {
            commitment,
            response,
        }
    }

    /// Adds `s·G − c·X − R = 0` to `batch` with a random weight.
    ///
    /// # Errors
    /// [`ProofError`] if `R` is not a canonical point.
    pub fn accumulate_vartime<R: RngCore + CryptoRng>(
        &self,
        mut transcript: Transcript,
        public: &CompressedRistretto,
        public_point: &RistrettoPoint,
        batch: &mut BatchVerifier,
        rng: &mut R,
    ) -> Result<(), ProofError> {
        let commitment = decompress(&self.commitment).ok_or(ProofError)?;
        transcript.append_point("public", public);
        transcript.append_point("commitment", &self.commitment);
        let challenge = transcript.challenge_scalar("schnorr");
        let weight = BatchVerifier::weight(rng);
        batch.add_to_base(BASE_G, weight * self.response);
        batch.add_term(-(weight * challenge), *public_point);
        batch.add_term(-weight, commitment);
        Ok(())
    }

    /// Verifies alone (vartime).
    ///
    /// # Errors
    /// [`ProofError`] if the proof is invalid or `public` is not a canonical point.
    pub fn verify_vartime<R: RngCore + CryptoRng>(
        &self,
        transcript: Transcript,
        public: &CompressedRistretto,
        rng: &mut R,
    ) -> Result<(), ProofError> {
        let public_point = decompress(public).ok_or(ProofError)?;
        let mut batch = BatchVerifier::new();
        self.accumulate_vartime(transcript, public, &public_point, &mut batch, rng)?;
        if batch.verify_vartime() {
            Ok(())
        } else {
            Err(ProofError)
        }
    }

    /// `R ‖ s`.
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(self.commitment.as_bytes());
        out[32..].copy_from_slice(self.response.as_bytes());
        out
    }

    /// Appends the encoding to `out`.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_bytes());
    }

    /// Decodes `R ‖ s` (the point's canonicity is checked at verification).
    pub fn read(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(SchnorrProof {
            commitment: reader.compressed()?,
            response: reader.scalar()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    fn transcript() -> Transcript {
        Transcript::new("test-schnorr")
    }

    #[test]
    fn proves_and_rejects_tampering() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let secret = Scalar::random(&mut rng);
        let public = (RISTRETTO_BASEPOINT_TABLE * &secret).compress();
        let proof = SchnorrProof::prove(transcript(), &secret, &public, &mut rng);
        assert!(proof
            .verify_vartime(transcript(), &public, &mut rng)
            .is_ok());

        let other = (RISTRETTO_BASEPOINT_TABLE * &Scalar::random(&mut rng)).compress();
        assert!(
            proof
                .verify_vartime(transcript(), &other, &mut rng)
                .is_err(),
            "wrong statement"
        );
        assert!(
            proof
                .verify_vartime(Transcript::new("x"), &public, &mut rng)
                .is_err(),
            "context"
        );
        let mut bad = proof;
        bad.response += Scalar::ONE;
        assert!(
            bad.verify_vartime(transcript(), &public, &mut rng).is_err(),
            "tampered proof"
        );
    }
}

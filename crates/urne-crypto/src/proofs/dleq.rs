//! Chaum–Pedersen proof of equality of discrete logarithms, `X = x·G ∧ Y = x·H`
//! (`docs/protocol.md` §5.2).
//!
//! Used for decryption shares (`H` = a tally's `α`, `X` = a member's verification key, `Y` = the
//! share) and for DKG complaints (`H` = an ephemeral key, `Y` = the Diffie–Hellman value).

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroize;

use super::ProofError;
use crate::batch::{BatchVerifier, BASE_G};
use crate::encoding::{decompress, DecodeError, Reader};
use crate::transcript::Transcript;

/// The public statement: `X = x·G`, `Y = x·H`.
#[derive(Clone, Copy, Debug)]
pub struct DleqStatement {
    /// `X`.
    pub x: RistrettoPoint,
    /// `H`.
    pub h: RistrettoPoint,
    /// `Y`.
    pub y: RistrettoPoint,
}

impl DleqStatement {
    fn bind(&self, transcript: &mut Transcript) {
        transcript.append_point("X", &self.x.compress());
        transcript.append_point("H", &self.h.compress());
        transcript.append_point("Y", &self.y.compress());
    }
}

/// `(A, B, s)` with `A = w·G`, `B = w·H`, `c = H(transcript ‖ X ‖ H ‖ Y ‖ A ‖ B)`, `s = w + c·x`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DleqProof {
    a: CompressedRistretto,
    b: CompressedRistretto,
    response: Scalar,
}

impl DleqProof {
    /// Size of the encoding.
    pub const BYTES: usize = 96;

    /// Proves the statement with witness `secret` (constant time in `secret`).
    pub fn prove<R: RngCore + CryptoRng>(
        mut transcript: Transcript,
        statement: &DleqStatement,
        secret: &Scalar,
        rng: &mut R,
    ) -> Self {
        let mut nonce = Scalar::random(rng);
        let a = (RISTRETTO_BASEPOINT_TABLE * &nonce).compress();
        let b = (statement.h * nonce).compress();
        statement.bind(&mut transcript);
        transcript.append_point("A", &a);
        transcript.append_point("B", &b);
        let challenge = transcript.challenge_scalar("dleq");
        let response = nonce + challenge * secret;
        nonce.zeroize();
        DleqProof { a, b, response }
    }

    /// Adds `s·G − c·X − A = 0` and `s·H − c·Y − B = 0` to `batch` with random weights.
    ///
    /// # Errors
    /// [`ProofError`] if a commitment is not a canonical point.
    pub fn accumulate_vartime<R: RngCore + CryptoRng>(
        &self,
        mut transcript: Transcript,
        statement: &DleqStatement,
        batch: &mut BatchVerifier,
        rng: &mut R,
    ) -> Result<(), ProofError> {
        let a = decompress(&self.a).ok_or(ProofError)?;
        let b = decompress(&self.b).ok_or(ProofError)?;
        statement.bind(&mut transcript);
        transcript.append_point("A", &self.a);
        transcript.append_point("B", &self.b);
        let challenge = transcript.challenge_scalar("dleq");
        let w1 = BatchVerifier::weight(rng);
        let w2 = BatchVerifier::weight(rng);
        batch.add_to_base(BASE_G, w1 * self.response);
        batch.add_term(-(w1 * challenge), statement.x);
        batch.add_term(-w1, a);
        batch.add_term(w2 * self.response, statement.h);
        batch.add_term(-(w2 * challenge), statement.y);
        batch.add_term(-w2, b);
        Ok(())
    }

    /// Verifies alone (vartime).
    ///
    /// # Errors
    /// [`ProofError`] if the proof does not verify.
    pub fn verify_vartime<R: RngCore + CryptoRng>(
        &self,
        transcript: Transcript,
        statement: &DleqStatement,
        rng: &mut R,
    ) -> Result<(), ProofError> {
        let mut batch = BatchVerifier::new();
        self.accumulate_vartime(transcript, statement, &mut batch, rng)?;
        if batch.verify_vartime() {
            Ok(())
        } else {
            Err(ProofError)
        }
    }

    /// Appends `A ‖ B ‖ s`.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.a.as_bytes());
        out.extend_from_slice(self.b.as_bytes());
        out.extend_from_slice(self.response.as_bytes());
    }

    /// Decodes `A ‖ B ‖ s`.
    pub fn read(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(DleqProof {
            a: reader.compressed()?,
            b: reader.compressed()?,
            response: reader.scalar()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    #[test]
    fn proves_and_rejects() {
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        let secret = Scalar::random(&mut rng);
        let h = RistrettoPoint::random(&mut rng);
        let statement = DleqStatement {
            x: RISTRETTO_BASEPOINT_TABLE * &secret,
            h,
            y: h * secret,
        };
        let t = || Transcript::new("test-dleq");
        let proof = DleqProof::prove(t(), &statement, &secret, &mut rng);
        assert!(proof.verify_vartime(t(), &statement, &mut rng).is_ok());
        let wrong = DleqStatement {
            y: h * (secret + Scalar::ONE),
            ..statement
        };
        assert!(proof.verify_vartime(t(), &wrong, &mut rng).is_err());
        let forged = DleqProof::prove(t(), &wrong, &secret, &mut rng);
        assert!(
            forged.verify_vartime(t(), &wrong, &mut rng).is_err(),
            "no witness, no proof"
        );
    }
}

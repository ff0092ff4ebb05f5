//! The server's signatures (`docs/protocol.md` §7.6): a Schnorr signature over a transcript that
//! binds a domain and the message, with a key whose public half is published in the record, so
//! that anyone can check what the server signed (a voter's receipt) without trusting it.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::CompressedRistretto;
use curve25519_dalek::scalar::Scalar;
use rand_core::{CryptoRng, RngCore};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::encoding::Reader;
use crate::proofs::{ProofError, SchnorrProof};
use crate::transcript::Transcript;

/// A signing key, derived from a 32-byte seed kept in the server's secrets file.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SigningKey {
    secret: Scalar,
    #[zeroize(skip)]
    public: CompressedRistretto,
}

/// A signing key's public half: a Ristretto255 point (32 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifyingKey(pub [u8; 32]);

/// The transcript a signature of `message` under `domain` is made over.
fn message_transcript(domain: &str, message: &[u8]) -> Transcript {
    let mut transcript = Transcript::new("signature");
    transcript.append_bytes("purpose", domain.as_bytes());
    transcript.append_bytes("message", message);
    transcript
}

impl SigningKey {
    /// The key of a 32-byte seed: `x = H("signing-key", seed) mod ℓ`.
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        let mut transcript = Transcript::new("signing-key");
        transcript.append_bytes("seed", seed);
        let secret = transcript.challenge_scalar("key");
        let public = (RISTRETTO_BASEPOINT_TABLE * &secret).compress();
        SigningKey { secret, public }
    }

    /// The public key to publish.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey(self.public.to_bytes())
    }

    /// Signs `message` for `domain` (e.g. `"receipt"`); 64 bytes.
    pub fn sign<R: RngCore + CryptoRng>(
        &self,
        domain: &str,
        message: &[u8],
        rng: &mut R,
    ) -> [u8; 64] {
        SchnorrProof::prove(
            message_transcript(domain, message),
            &self.secret,
            &self.public,
            rng,
        )
        .to_bytes()
    }
}

impl core::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SigningKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl VerifyingKey {
    /// Checks a signature of `message` for `domain`.
    ///
    /// # Errors
    /// [`ProofError`] when the signature is malformed or wrong, or the key is not a point.
    pub fn verify_vartime<R: RngCore + CryptoRng>(
        &self,
        domain: &str,
        message: &[u8],
        signature: &[u8; 64],
        rng: &mut R,
    ) -> Result<(), ProofError> {
        let proof = SchnorrProof::read(&mut Reader::new(signature)).map_err(|_| ProofError)?;
        proof.verify_vartime(
            message_transcript(domain, message),
            &CompressedRistretto(self.0),
            rng,
        )
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    use super::*;

    #[test]
    fn signatures_verify_only_for_their_domain_message_and_key() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        let key = SigningKey::from_seed(&[1; 32]);
        let public = key.verifying_key();
        let signature = key.sign("receipt", b"ballot", &mut rng);
        assert!(public
            .verify_vartime("receipt", b"ballot", &signature, &mut rng)
            .is_ok());
        assert!(public
            .verify_vartime("receipt", b"ballox", &signature, &mut rng)
            .is_err());
        assert!(public
            .verify_vartime("other", b"ballot", &signature, &mut rng)
            .is_err());
        let other = SigningKey::from_seed(&[2; 32]).verifying_key();
        assert!(other
            .verify_vartime("receipt", b"ballot", &signature, &mut rng)
            .is_err());
        let mut bad = signature;
        bad[40] ^= 1;
        assert!(public
            .verify_vartime("receipt", b"ballot", &bad, &mut rng)
            .is_err());
        assert_eq!(
            SigningKey::from_seed(&[1; 32]).verifying_key(),
            public,
            "the key is a function of the seed"
        );
    }
}

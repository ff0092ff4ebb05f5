//! Voter credentials (`docs/protocol.md` §7, DESIGN.md §2).
//!
//! A voter's access letter carries a secret [`CredentialCode`]. The browser stretches it
//! (PBKDF2-HMAC-SHA-512, salted with the scrutin's identifier) into a seed, and derives from the
//! seed, one-way and independently:
//! - a [`LoginToken`] sent to the server, which stores only [`LoginToken::verifier`];
//! - one signing key per election, [`CredentialKeys`], that never leaves the browser. Its public
//!   key is in the election's sealed credential list, and it signs the voter's ballot.
//!
//! The server can thus check logins without being able to sign ballots, and a voter's ballots in
//! two elections of the scrutin carry unlinkable public keys.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use rand_core::{CryptoRng, RngCore};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::code::{self, CodeError, Kind, SecretCode};
use crate::encoding::Reader;
use crate::proofs::{ProofError, SchnorrProof};
use crate::transcript::Transcript;

/// PBKDF2 iterations when stretching a credential code (`docs/protocol.md` §7.2).
pub const PBKDF2_ITERATIONS: u32 = 20_000;

/// Credential codes: 16 data symbols (80 bits), printed in groups of six.
const KIND: Kind = Kind {
    domain: "credential",
    data_symbols: 16,
    group: 6,
};

/// A voter's secret code, as printed on the access letter: 18 Crockford base-32 symbols (80 random
/// bits and 2 check symbols), written `XXXXXX-XXXXXX-XXXXXX`.
#[derive(Clone)]
pub struct CredentialCode {
    code: SecretCode,
}

impl CredentialCode {
    /// Draws a new code.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        CredentialCode {
            code: SecretCode::generate(&KIND, rng),
        }
    }

    /// Parses a typed code.
    ///
    /// # Errors
    /// [`CodeError`] for a mistyped code.
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        Ok(CredentialCode {
            code: SecretCode::parse(&KIND, text)?,
        })
    }

    /// The code as printed on the letter.
    pub fn to_text(&self) -> Zeroizing<String> {
        self.code.to_text(&KIND)
    }

    /// Stretches the code into the seed from which everything else is derived.
    pub fn seed(&self, scrutin_id: &str) -> CredentialSeed {
        let mut salt = Transcript::new("credential-salt");
        salt.append_bytes("scrutin", scrutin_id.as_bytes());
        let salt = salt.finish("salt");
        let text = code::format(self.code.symbols(), usize::MAX);
        let mut seed = [0u8; 64];
        pbkdf2::pbkdf2_hmac::<sha2::Sha512>(text.as_bytes(), &salt, PBKDF2_ITERATIONS, &mut seed);
        CredentialSeed { seed }
    }
}

impl core::fmt::Debug for CredentialCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("CredentialCode(<secret>)")
    }
}

/// The stretched credential (64 bytes), kept only while deriving.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct CredentialSeed {
    seed: [u8; 64],
}

impl CredentialSeed {
    /// The seed computed elsewhere (by the browser's WebCrypto at login, `docs/protocol.md`
    /// §7.2), so the booth does not stretch the code twice.
    pub fn from_bytes(seed: [u8; 64]) -> Self {
        CredentialSeed { seed }
    }

    /// The seed's bytes, zeroized on drop. Only for tests that prove a seed is stored nowhere.
    pub fn bytes(&self) -> Zeroizing<[u8; 64]> {
        Zeroizing::new(self.seed)
    }

    /// The token the browser sends to log in.
    pub fn login_token(&self) -> LoginToken {
        let mut transcript = Transcript::new("credential-login");
        transcript.append_bytes("seed", &self.seed);
        LoginToken(transcript.finish_32("login-token"))
    }

    /// The signing key for one election of the scrutin.
    pub fn election_keys(&self, election_id: &str) -> CredentialKeys {
        let mut transcript = Transcript::new("credential-signing");
        transcript.append_bytes("seed", &self.seed);
        transcript.append_bytes("election", election_id.as_bytes());
        CredentialKeys::from_secret(transcript.challenge_scalar("signing-key"))
    }
}

/// What the browser sends to log in (32 bytes). The server keeps only its
/// [`verifier`](LoginToken::verifier).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct LoginToken(pub [u8; 32]);

impl LoginToken {
    /// The one-way image the registry stores.
    pub fn verifier(&self) -> [u8; 32] {
        let mut transcript = Transcript::new("login-verifier");
        transcript.append_bytes("token", &self.0);
        transcript.finish_32("verifier")
    }

    /// Whether this token matches a stored verifier, in constant time.
    pub fn matches(&self, verifier: &[u8; 32]) -> bool {
        self.verifier().ct_eq(verifier).into()
    }
}

/// A credential's public key, as published in the sealed credential list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CredentialPublicKey(CompressedRistretto);

impl CredentialPublicKey {
    /// The canonical encoding.
    pub fn compressed(&self) -> &CompressedRistretto {
        &self.0
    }

    /// Wraps an encoding read from the record (checked when used).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        CredentialPublicKey(CompressedRistretto(bytes))
    }

    /// Whether the encoding is a canonical Ristretto point other than the identity (a key
    /// anyone could sign for would be the identity).
    pub fn is_valid(&self) -> bool {
        self.0
            .decompress()
            .is_some_and(|point| point != RistrettoPoint::default())
    }
}

/// A credential's signing key for one election, and its public key.
#[derive(Clone, ZeroizeOnDrop)]
pub struct CredentialKeys {
    secret: Scalar,
    #[zeroize(skip)]
    public: CredentialPublicKey,
}

impl CredentialKeys {
    fn from_secret(secret: Scalar) -> Self {
        let public: RistrettoPoint = RISTRETTO_BASEPOINT_TABLE * &secret;
        CredentialKeys {
            secret,
            public: CredentialPublicKey(public.compress()),
        }
    }

    /// The public key.
    pub fn public_key(&self) -> &CredentialPublicKey {
        &self.public
    }

    /// The secret scalar's bytes, zeroized on drop. Only for tests that prove a signing key is
    /// stored nowhere on the server; nothing else needs it.
    pub fn secret_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.secret.to_bytes())
    }

    /// A Schnorr signature: a proof of knowledge of the key over a transcript that binds the
    /// message.
    pub fn sign<R: RngCore + CryptoRng>(
        &self,
        transcript: Transcript,
        rng: &mut R,
    ) -> SchnorrProof {
        SchnorrProof::prove(transcript, &self.secret, &self.public.0, rng)
    }
}

/// The transcript of a proof that the holder of a credential asks for their receipt of
/// `election_id` in the session whose challenge is `session` (`docs/protocol.md` §7.5).
fn possession_transcript(election_id: &str, session: &[u8]) -> Transcript {
    let mut transcript = Transcript::new("credential-possession");
    transcript.append_bytes("election", election_id.as_bytes());
    transcript.append_bytes("session", session);
    transcript
}

impl CredentialKeys {
    /// Proves, for `election_id` and a challenge the server gave this session, that the caller
    /// holds this credential's key: how a voter who logs in again gets their receipt back
    /// without the server ever storing which credential is theirs.
    pub fn prove_possession<R: RngCore + CryptoRng>(
        &self,
        election_id: &str,
        session: &[u8],
        rng: &mut R,
    ) -> [u8; 64] {
        self.sign(possession_transcript(election_id, session), rng)
            .to_bytes()
    }
}

impl CredentialPublicKey {
    /// Checks a proof of [`CredentialKeys::prove_possession`].
    ///
    /// # Errors
    /// [`ProofError`] when the proof is malformed or does not hold.
    pub fn verify_possession_vartime<R: RngCore + CryptoRng>(
        &self,
        election_id: &str,
        session: &[u8],
        proof: &[u8; 64],
        rng: &mut R,
    ) -> Result<(), ProofError> {
        let proof = SchnorrProof::read(&mut Reader::new(proof)).map_err(|_| ProofError)?;
        proof.verify_vartime(possession_transcript(election_id, session), &self.0, rng)
    }
}

impl core::fmt::Debug for CredentialKeys {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CredentialKeys")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    #[test]
    fn derivations_are_deterministic_and_separated() {
        let mut rng = ChaCha20Rng::seed_from_u64(9);
        let code = CredentialCode::generate(&mut rng);
        let again = CredentialCode::parse(&code.to_text()).unwrap();
        let (a, b) = (code.seed("s1"), again.seed("s1"));
        assert_eq!(a.login_token().0, b.login_token().0);
        assert_eq!(
            a.election_keys("e1").public_key(),
            b.election_keys("e1").public_key()
        );
        assert_ne!(
            a.election_keys("e1").public_key(),
            a.election_keys("e2").public_key()
        );
        assert_ne!(a.login_token().0, code.seed("s2").login_token().0);
        let token = a.login_token();
        assert!(token.matches(&token.verifier()));
        assert!(!code.seed("s2").login_token().matches(&token.verifier()));
        assert_eq!(format!("{code:?}"), "CredentialCode(<secret>)");
    }

    #[test]
    fn possession_proofs_bind_the_key_the_election_and_the_session() {
        let mut rng = ChaCha20Rng::seed_from_u64(10);
        let seed =
            CredentialSeed::from_bytes(*CredentialCode::generate(&mut rng).seed("s").bytes());
        let keys = seed.election_keys("e1");
        let proof = keys.prove_possession("e1", b"challenge", &mut rng);
        let public = keys.public_key();
        assert!(public
            .verify_possession_vartime("e1", b"challenge", &proof, &mut rng)
            .is_ok());
        assert!(public
            .verify_possession_vartime("e2", b"challenge", &proof, &mut rng)
            .is_err());
        assert!(public
            .verify_possession_vartime("e1", b"other", &proof, &mut rng)
            .is_err());
        let other = seed.election_keys("e2");
        assert!(other
            .public_key()
            .verify_possession_vartime("e1", b"challenge", &proof, &mut rng)
            .is_err());
    }
}

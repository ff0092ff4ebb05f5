//! The séquence secrète (Article 9.9 of the agreement, `docs/protocol.md` §8.2): what a bureau
//! member writes down, and from which all their ceremony secrets derive.

use rand_core::{CryptoRng, RngCore};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::code::{self, CodeError};

use super::{CeremonyParams, TrusteeSecret};

const SEQUENCE_DOMAIN: &str = "sequence";
/// Data symbols of a séquence secrète: 26 × 5 = 130 random bits, all hashed into the seed.
const SEQUENCE_SYMBOLS: usize = 26;

/// A member's séquence secrète: 26 Crockford base-32 symbols and 2 check symbols, written in
/// groups of four (`XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretSequence {
    symbols: Vec<u8>,
}

impl SecretSequence {
    /// Draws a new séquence: every secret of the member derives from it (proof nonces aside,
    /// which are fresh randomness and need not be kept).
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        let all = code::generate(SEQUENCE_DOMAIN, SEQUENCE_SYMBOLS, rng);
        SecretSequence {
            symbols: all[..SEQUENCE_SYMBOLS].to_vec(),
        }
    }

    /// Parses a séquence as typed back by the member.
    ///
    /// # Errors
    /// [`CodeError`] for a mistyped séquence.
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        Ok(SecretSequence {
            symbols: code::parse(SEQUENCE_DOMAIN, SEQUENCE_SYMBOLS, text)?.to_vec(),
        })
    }

    /// The text the member writes down.
    pub fn to_text(&self) -> Zeroizing<String> {
        let mut all = Zeroizing::new(self.symbols.clone());
        all.extend_from_slice(&code::generate_check(SEQUENCE_DOMAIN, &self.symbols));
        code::format(&all, 4)
    }

    /// The member's secrets for this ceremony.
    pub fn trustee(&self, params: &CeremonyParams, index: u32) -> TrusteeSecret {
        let mut transcript = params.transcript("trustee-seed");
        transcript.append_u64("member", u64::from(index));
        transcript.append_bytes("sequence", &self.symbols);
        TrusteeSecret {
            index,
            seed: transcript.finish("seed"),
        }
    }
}

impl core::fmt::Debug for SecretSequence {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SecretSequence(<secret>)")
    }
}

//! The séquence secrète (Article 9.9 of the agreement, `docs/protocol.md` §8.2): what a bureau
//! member writes down, and from which all their ceremony secrets derive.

use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroizing;

use crate::code::{CodeError, Kind, SecretCode};

use super::{CeremonyParams, TrusteeSecret};

/// Séquences secrètes: 26 data symbols (130 random bits, all hashed into the seed), printed in
/// groups of four.
const KIND: Kind = Kind {
    domain: "sequence",
    data_symbols: 26,
    group: 4,
};

/// A member's séquence secrète: 26 Crockford base-32 symbols and 2 check symbols, written in
/// groups of four (`XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`).
#[derive(Clone)]
pub struct SecretSequence {
    code: SecretCode,
}

impl SecretSequence {
    /// Draws a new séquence: every secret of the member derives from it (proof nonces aside,
    /// which are fresh randomness and need not be kept).
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        SecretSequence {
            code: SecretCode::generate(&KIND, rng),
        }
    }

    /// Parses a séquence as typed back by the member.
    ///
    /// # Errors
    /// [`CodeError`] for a mistyped séquence.
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        Ok(SecretSequence {
            code: SecretCode::parse(&KIND, text)?,
        })
    }

    /// The text the member writes down.
    pub fn to_text(&self) -> Zeroizing<String> {
        self.code.to_text(&KIND)
    }

    /// The member's secrets for this ceremony.
    pub fn trustee(&self, params: &CeremonyParams, index: u32) -> TrusteeSecret {
        let mut transcript = params.transcript("trustee-seed");
        transcript.append_u64("member", u64::from(index));
        transcript.append_bytes("sequence", self.code.symbols());
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

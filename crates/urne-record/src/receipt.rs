//! Voters' receipts (`docs/protocol.md` §13.4, Annex 1 §2.4 of the agreement): for each vote,
//! the election, the minute it was cast and the ballot's tracker, signed by the server with a key
//! published in the record (`server-key`), so that anyone can tell a genuine receipt from an
//! edited one. A receipt names no voter and says nothing of the choice.

use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use urne_crypto::signing::{SigningKey, VerifyingKey};

use crate::canonical::{self, hex32, FormatError};

/// The signature domain of receipts.
pub const DOMAIN: &str = "receipt";

/// The `server-key` event's payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerKey {
    /// The receipt-signing public key, 64 hex digits.
    pub receipt_key: String,
}

impl ServerKey {
    /// The payload for `key`.
    pub fn of(key: &VerifyingKey) -> ServerKey {
        ServerKey {
            receipt_key: hex::encode(key.0),
        }
    }

    /// The canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Reads a published payload.
    ///
    /// # Errors
    /// [`FormatError`].
    pub fn from_bytes(bytes: &[u8]) -> Result<ServerKey, FormatError> {
        let key: ServerKey = canonical::from_bytes(bytes)?;
        key.key()?;
        Ok(key)
    }

    /// The verifying key.
    ///
    /// # Errors
    /// [`FormatError::Field`]`("receipt_key")`.
    pub fn key(&self) -> Result<VerifyingKey, FormatError> {
        Ok(VerifyingKey(hex32("receipt_key", &self.receipt_key)?))
    }
}

/// What the server attests for one vote. Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// When the vote was recorded, UTC, to the minute: `YYYY-MM-DDTHH:MMZ`.
    pub cast_at: String,
    /// The election's public identifier.
    pub election: String,
    /// The scrutin's public identifier.
    pub scrutin: String,
    /// The ballot's tracker (§6.5), 64 hex digits.
    pub tracker: String,
}

/// A receipt and the server's signature of its canonical bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedReceipt {
    /// The statement.
    pub receipt: Receipt,
    /// The signature, 128 hex digits.
    pub signature: String,
}

impl Receipt {
    /// The canonical bytes that are signed.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Signs the receipt.
    pub fn sign<R: RngCore + CryptoRng>(self, key: &SigningKey, rng: &mut R) -> SignedReceipt {
        let signature = hex::encode(key.sign(DOMAIN, &self.to_bytes(), rng));
        SignedReceipt {
            receipt: self,
            signature,
        }
    }
}

impl SignedReceipt {
    /// The canonical bytes (how a receipt is saved and checked).
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Reads a saved receipt (canonical JSON).
    ///
    /// # Errors
    /// [`FormatError`].
    pub fn from_bytes(bytes: &[u8]) -> Result<SignedReceipt, FormatError> {
        let receipt: SignedReceipt = canonical::from_bytes(bytes)?;
        hex32("tracker", &receipt.receipt.tracker)?;
        Ok(receipt)
    }

    /// Checks the signature against the server key published in the scrutin's record.
    ///
    /// # Errors
    /// [`FormatError::Field`]`("signature")` when it does not hold.
    pub fn verify<R: RngCore + CryptoRng>(
        &self,
        key: &VerifyingKey,
        rng: &mut R,
    ) -> Result<(), FormatError> {
        let mut signature = [0u8; 64];
        hex::decode_to_slice(&self.signature, &mut signature)
            .map_err(|_| FormatError::Field("signature"))?;
        key.verify_vartime(DOMAIN, &self.receipt.to_bytes(), &signature, rng)
            .map_err(|_| FormatError::Field("signature"))
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    use super::*;

    #[test]
    fn a_receipt_verifies_until_one_field_is_edited() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let key = SigningKey::from_seed(&[9; 32]);
        let public = ServerKey::from_bytes(&ServerKey::of(&key.verifying_key()).to_bytes())
            .unwrap()
            .key()
            .unwrap();
        let signed = Receipt {
            cast_at: "2026-11-24T10:15Z".into(),
            election: "e-1".into(),
            scrutin: "s-1".into(),
            tracker: "ab".repeat(32),
        }
        .sign(&key, &mut rng);
        let saved = signed.to_bytes();
        assert!(std::str::from_utf8(&saved)
            .unwrap()
            .starts_with(r#"{"receipt":{"cast_at":"2026-11-24T10:15Z","election":"e-1""#));
        let read = SignedReceipt::from_bytes(&saved).unwrap();
        assert!(read.verify(&public, &mut rng).is_ok());
        let mut edited = read.clone();
        edited.receipt.cast_at = "2026-11-24T10:16Z".into();
        assert_eq!(
            edited.verify(&public, &mut rng),
            Err(FormatError::Field("signature"))
        );
    }
}

//! The counting's events (`docs/protocol.md` §13.6): each election's encrypted tally, and each
//! member's decryption share of it with its proofs.

use serde::{Deserialize, Serialize};
use urne_crypto::decryption::DecryptionShare;
use urne_crypto::Ciphertext;

use crate::canonical::{self, FormatError};

/// The `tally` event's payload, one per election. Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedTally {
    /// Ballots summed.
    pub ballots: u64,
    /// The sums, in ballot order (choices then strikes): 64-byte ciphertexts, concatenated, hex.
    pub ciphertexts: String,
    /// The election's uid.
    pub election: String,
}

impl EncryptedTally {
    /// The event for `election`'s sums of `ballots` ballots.
    pub fn new(election: &str, ballots: u64, sums: &[Ciphertext]) -> EncryptedTally {
        let bytes: Vec<u8> = sums.iter().flat_map(Ciphertext::to_bytes).collect();
        EncryptedTally {
            ballots,
            ciphertexts: hex::encode(bytes),
            election: election.to_owned(),
        }
    }

    /// The sums.
    ///
    /// # Errors
    /// [`FormatError::Field`]`("ciphertexts")` when they do not decode.
    pub fn sums(&self) -> Result<Vec<Ciphertext>, FormatError> {
        let bytes =
            hex::decode(&self.ciphertexts).map_err(|_| FormatError::Field("ciphertexts"))?;
        if bytes.len() % Ciphertext::BYTES != 0 {
            return Err(FormatError::Field("ciphertexts"));
        }
        bytes
            .chunks_exact(Ciphertext::BYTES)
            .map(|chunk| {
                Ciphertext::from_bytes(chunk).map_err(|_| FormatError::Field("ciphertexts"))
            })
            .collect()
    }

    /// The canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Reads and checks a published payload.
    ///
    /// # Errors
    /// [`FormatError`] naming the field.
    pub fn from_bytes(bytes: &[u8]) -> Result<EncryptedTally, FormatError> {
        let tally: EncryptedTally = canonical::from_bytes(bytes)?;
        tally.sums()?;
        Ok(tally)
    }
}

/// The `decryption` event's payload: one member's share for one election. Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialDecryption {
    /// The election's uid.
    pub election: String,
    /// The member (from 1).
    pub member: u32,
    /// The share's bytes (`docs/protocol.md` §9), hex.
    pub share: String,
}

impl PartialDecryption {
    /// The event for `share` of `election`.
    pub fn new(election: &str, share: &DecryptionShare) -> PartialDecryption {
        PartialDecryption {
            election: election.to_owned(),
            member: share.member,
            share: hex::encode(share.to_bytes()),
        }
    }

    /// The share.
    ///
    /// # Errors
    /// [`FormatError::Field`] when it does not decode or names another member.
    pub fn share(&self) -> Result<DecryptionShare, FormatError> {
        let bytes = hex::decode(&self.share).map_err(|_| FormatError::Field("share"))?;
        let share = DecryptionShare::from_bytes(&bytes).map_err(|_| FormatError::Field("share"))?;
        if share.member != self.member {
            return Err(FormatError::Field("member"));
        }
        Ok(share)
    }

    /// The canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Reads and checks a published payload.
    ///
    /// # Errors
    /// [`FormatError`] naming the field.
    pub fn from_bytes(bytes: &[u8]) -> Result<PartialDecryption, FormatError> {
        let partial: PartialDecryption = canonical::from_bytes(bytes)?;
        partial.share()?;
        Ok(partial)
    }
}

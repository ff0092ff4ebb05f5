//! The bureau's public key (`docs/protocol.md` §13.3): the election key every ballot of the
//! scrutin is encrypted to, and what decryption shares will be checked against. The key
//! ceremony's messages are events of their own ([`crate::ceremony`]); this one is what voting
//! and decryption need.

use serde::{Deserialize, Serialize};
use urne_crypto::dkg::CeremonyOutcome;
use urne_crypto::ElectionPublicKey;

use crate::canonical::{self, hex32, FormatError};

/// The `bureau` event's payload. Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BureauKey {
    /// The election key `P`, 64 hex digits.
    pub election_key: String,
    /// `N`, the members of the bureau de vote centralisateur.
    pub members: u32,
    /// `t`, the members needed to decrypt.
    pub threshold: u32,
    /// Each member's verification key `Xⱼ`, 64 hex digits, members 1 to N.
    pub verification_keys: Vec<String>,
}

impl BureauKey {
    /// The event of a ceremony among `members` members that ended with `outcome`.
    pub fn from_outcome(members: u32, outcome: &CeremonyOutcome) -> BureauKey {
        BureauKey {
            election_key: hex::encode(outcome.election_key.compressed().as_bytes()),
            members,
            threshold: outcome.threshold,
            verification_keys: outcome
                .verification_keys
                .iter()
                .map(|k| hex::encode(k.compress().as_bytes()))
                .collect(),
        }
    }

    /// The canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Reads and checks a published payload: `2 ≤ t ≤ N`, N verification keys, a valid key.
    ///
    /// # Errors
    /// [`FormatError`] naming the field.
    pub fn from_bytes(bytes: &[u8]) -> Result<BureauKey, FormatError> {
        let key: BureauKey = canonical::from_bytes(bytes)?;
        if key.threshold < 2 || key.threshold > key.members {
            return Err(FormatError::Field("threshold"));
        }
        if key.verification_keys.len() != key.members as usize {
            return Err(FormatError::Field("verification_keys"));
        }
        for k in &key.verification_keys {
            hex32("verification_keys", k)?;
        }
        key.election_key()?;
        Ok(key)
    }

    /// The election key.
    ///
    /// # Errors
    /// [`FormatError::Field`]`("election_key")` when it is not a valid point.
    pub fn election_key(&self) -> Result<ElectionPublicKey, FormatError> {
        ElectionPublicKey::from_bytes(&hex32("election_key", &self.election_key)?)
            .ok_or(FormatError::Field("election_key"))
    }
}

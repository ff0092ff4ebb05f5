//! The `credentials` event (`docs/protocol.md` §7.4): public keys added to an election's
//! credential list, sorted by their bytes, with their origin.

use serde::{Deserialize, Serialize};

use crate::canonical::{self, FormatError};

/// Who issued a list's keys.
pub const ORIGINS: [&str; 3] = ["server", "authority", "recovery"];

/// The payload. Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialList {
    /// The election's uid.
    pub election: String,
    /// The public keys, hex, sorted.
    pub keys: Vec<String>,
    /// `server`, `authority` or `recovery`.
    pub origin: String,
}

impl CredentialList {
    /// The event for `keys` (sorted here).
    pub fn new(election: &str, origin: &str, keys: &[[u8; 32]]) -> CredentialList {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        CredentialList {
            election: election.to_owned(),
            keys: keys.iter().map(hex::encode).collect(),
            origin: origin.to_owned(),
        }
    }

    /// The canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Reads a published payload. Whether each key is a valid credential is the verifier's
    /// to judge (V11).
    ///
    /// # Errors
    /// [`FormatError`]: not canonical, an unknown origin, a key that is not 64 hex digits.
    pub fn from_bytes(bytes: &[u8]) -> Result<CredentialList, FormatError> {
        let list: CredentialList = canonical::from_bytes(bytes)?;
        if !ORIGINS.contains(&list.origin.as_str()) {
            return Err(FormatError::Field("origin"));
        }
        list.key_bytes()?;
        Ok(list)
    }

    /// The keys, decoded.
    ///
    /// # Errors
    /// [`FormatError::Field`]`("keys")`.
    pub fn key_bytes(&self) -> Result<Vec<[u8; 32]>, FormatError> {
        self.keys
            .iter()
            .map(|k| canonical::hex32("keys", k))
            .collect()
    }
}

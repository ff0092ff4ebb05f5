//! The scrutin à blanc's trace in the real record (Article 9.8 of the agreement,
//! `docs/protocol.md` §13.9): the test is run on a record of its own, counted and its PVs
//! produced, then erased; what stays is this event, appended to the real record when the test
//! is reset.

use serde::{Deserialize, Serialize};

use crate::canonical::{self, FormatError};

/// The `scrutin-a-blanc` event's payload. Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlancSummary {
    /// Test ballots counted.
    pub ballots: u64,
    /// Elections tested.
    pub elections: u32,
    /// BVC members whose decryption shares were combined.
    pub members: Vec<u32>,
    /// SHA-256 of the test's `result` payloads, concatenated in record order, hex.
    pub results: String,
}

impl BlancSummary {
    /// The canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Reads a published payload.
    ///
    /// # Errors
    /// [`FormatError`].
    pub fn from_bytes(bytes: &[u8]) -> Result<BlancSummary, FormatError> {
        canonical::from_bytes(bytes)
    }
}

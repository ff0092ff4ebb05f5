//! A batch of ballots (`docs/protocol.md` §14.2): the `ballots` event names the trackers, in
//! ascending order; the ballots travel beside it in the archive.

use serde::{Deserialize, Serialize};

use crate::canonical::{self, FormatError};

/// Most ballots in one batch event (§14.2): a batch is what a reader holds in memory at once.
pub const MAX_BATCH: usize = 1_000;

/// The `ballots` event's payload. Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BallotBatch {
    /// The election's uid.
    pub election: String,
    /// The ballots' trackers, hex, strictly ascending.
    pub trackers: Vec<String>,
}

impl BallotBatch {
    /// The batch of `trackers` (sorted here).
    pub fn new(election: &str, trackers: &[[u8; 32]]) -> BallotBatch {
        let mut trackers = trackers.to_vec();
        trackers.sort_unstable();
        BallotBatch {
            election: election.to_owned(),
            trackers: trackers.iter().map(hex::encode).collect(),
        }
    }

    /// The canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Reads a published payload. The trackers' order is the verifier's to judge (V16), so a
    /// batch out of order still reads.
    ///
    /// # Errors
    /// [`FormatError`]: not canonical, no tracker, a tracker that is not 64 hex digits.
    pub fn from_bytes(bytes: &[u8]) -> Result<BallotBatch, FormatError> {
        let batch: BallotBatch = canonical::from_bytes(bytes)?;
        if batch.trackers.is_empty() {
            return Err(FormatError::Field("trackers"));
        }
        batch.tracker_bytes()?;
        Ok(batch)
    }

    /// The trackers, decoded.
    ///
    /// # Errors
    /// [`FormatError::Field`]`("trackers")`.
    pub fn tracker_bytes(&self) -> Result<Vec<[u8; 32]>, FormatError> {
        self.trackers
            .iter()
            .map(|t| canonical::hex32("trackers", t))
            .collect()
    }
}

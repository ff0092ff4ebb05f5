//! Ballots into the public record in batches (`docs/protocol.md` §14.2): a cast ballot waits in
//! the box until at least [`BATCH_MIN`] ballots of its election wait, then they are published
//! together, in tracker order, so that the record's order says nothing of who voted when. The
//! minute loop of [`crate::communications::spawn`] runs [`tick`]; the tally publishes whatever
//! still waits ([`crate::counting::tallies`]).

use urne_record::batch::MAX_BATCH;
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_store::StoreError;

use crate::app::AppState;
use crate::voter::ballots::{gate_at, Gate};

/// Fewest ballots of one election published together while voting is open.
pub const BATCH_MIN: usize = 20;

/// Publishes the waiting ballots of each election of `record` in batches, each of at least
/// `min` ballots; returns the number of batches.
///
/// # Errors
/// Store errors; a manifest that does not read.
pub async fn publish(state: &AppState, record: &str, min: usize) -> Result<usize, StoreError> {
    let ballot_box = &state.stores.ballot_box;
    let mut batches = 0;
    for bytes in ballot_box.event_payloads(record, kind::MANIFEST).await? {
        let manifest = Manifest::from_bytes(&bytes)
            .map_err(|e| StoreError::Invalid(format!("manifest: {e}")))?;
        while ballot_box
            .append_batch(record, &manifest.election, min, MAX_BATCH)
            .await?
            .is_some()
        {
            batches += 1;
        }
    }
    Ok(batches)
}

/// Publishes the batches that are due in every scrutin open for voting.
///
/// # Errors
/// Store errors.
pub async fn tick(state: &AppState) -> Result<usize, StoreError> {
    let now = state.now();
    let mut batches = 0;
    for scrutin in state.stores.registry.scrutins().await? {
        if matches!(gate_at(now, &scrutin), Gate::Open | Gate::Suspended) {
            batches += publish(state, &scrutin.record_uid, BATCH_MIN).await?;
        }
    }
    Ok(batches)
}

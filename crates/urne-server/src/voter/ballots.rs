//! What casting is checked against, and when it may happen.
//!
//! [`BallotCache`] keeps, per election, the manifest and the ballot context (fingerprint, the
//! bureau's key, shape) read from the scrutin's record: the record is append-only, so once read
//! they never change. [`gate`] says whether voting is open now, from the stored schedule and
//! state, on every request (DESIGN.md §3).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use urne_crypto::ballot::BallotContext;
use urne_record::bureau::BureauKey;
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_store::registry::{Scrutin, ScrutinStatus};

use crate::app::Shared;
use crate::error::WebError;

/// An election as the booth and the cast check see it.
#[derive(Debug)]
pub struct ElectionBallot {
    /// The published manifest.
    pub manifest: Manifest,
    /// Fingerprint, key and shape.
    pub ctx: BallotContext,
}

/// Each election's [`ElectionBallot`], by election uid.
#[derive(Debug, Default)]
pub struct BallotCache {
    elections: Mutex<HashMap<String, Arc<ElectionBallot>>>,
}

fn corrupt(what: &str, error: impl core::fmt::Display) -> WebError {
    WebError::Internal(format!("record: {what}: {error}"))
}

/// The election's manifest and ballot context, or `None` when voting was not prepared (no
/// manifest or no bureau key in the record yet).
///
/// # Errors
/// [`WebError::Internal`] when the record holds a payload that does not read back.
pub async fn election_ballot(
    state: &Shared,
    scrutin: &Scrutin,
    election_uid: &str,
) -> Result<Option<Arc<ElectionBallot>>, WebError> {
    election_ballot_in(state, &scrutin.record_uid, election_uid).await
}

/// [`election_ballot`] in the record `record` (a scrutin's, or its scrutin à blanc's).
///
/// # Errors
/// As [`election_ballot`].
pub async fn election_ballot_in(
    state: &Shared,
    record: &str,
    election_uid: &str,
) -> Result<Option<Arc<ElectionBallot>>, WebError> {
    if let Some(found) = lock(&state.ballots)?.get(election_uid) {
        return Ok(Some(found.clone()));
    }
    let ballot_box = &state.stores.ballot_box;
    let Some(bureau) = ballot_box.event_payloads(record, kind::BUREAU).await?.pop() else {
        return Ok(None);
    };
    let key = BureauKey::from_bytes(&bureau)
        .and_then(|b| b.election_key())
        .map_err(|e| corrupt("bureau", e))?;
    let mut cache = Vec::new();
    for payload in ballot_box.event_payloads(record, kind::MANIFEST).await? {
        let manifest = Manifest::from_bytes(&payload).map_err(|e| corrupt("manifest", e))?;
        let shape = manifest.shape().map_err(|e| corrupt("manifest", e))?;
        let ctx = BallotContext {
            fingerprint: manifest.fingerprint(),
            key: key.clone(),
            shape,
        };
        cache.push(Arc::new(ElectionBallot { manifest, ctx }));
    }
    let mut elections = lock(&state.ballots)?;
    for ballot in cache {
        elections
            .entry(ballot.manifest.election.clone())
            .or_insert(ballot);
    }
    Ok(elections.get(election_uid).cloned())
}

fn lock(
    cache: &BallotCache,
) -> Result<std::sync::MutexGuard<'_, HashMap<String, Arc<ElectionBallot>>>, WebError> {
    cache
        .elections
        .lock()
        .map_err(|_| WebError::Internal("ballot cache poisoned".to_owned()))
}

/// Where voting stands for a scrutin, now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Before the programmed opening, or not yet prepared by the bureau.
    NotYetOpen,
    /// Voters may vote.
    Open,
    /// Suspended by the bureau.
    Suspended,
    /// After the programmed closing, or closed by the bureau.
    Closed,
}

/// Whether voting is open in `scrutin` now: its state and programmed schedule, as stored.
pub fn gate(state: &Shared, scrutin: &Scrutin) -> Gate {
    gate_at(state.now(), scrutin)
}

/// [`gate`] at `now` (Unix seconds).
pub fn gate_at(now: i64, scrutin: &Scrutin) -> Gate {
    if scrutin.status == ScrutinStatus::Closed || now >= scrutin.closes_at {
        Gate::Closed
    } else if scrutin.status.rank() < ScrutinStatus::Sealed.rank() || now < scrutin.opens_at {
        Gate::NotYetOpen
    } else if scrutin.suspended {
        Gate::Suspended
    } else {
        Gate::Open
    }
}

#[cfg(test)]
mod tests {
    use urne_rules::date::Date;

    use super::*;

    #[test]
    fn the_gate_follows_the_state_and_the_schedule() {
        let mut scrutin = Scrutin {
            id: 1,
            record_uid: "s".to_owned(),
            name: "s".to_owned(),
            round: 1,
            first_round_id: None,
            first_round_day: Date::new(2027, 1, 4).unwrap(),
            opens_at: 100,
            closes_at: 200,
            status: ScrutinStatus::Setup,
            lists_locked: true,
            suspended: false,
            threshold: 2,
        };
        assert_eq!(gate_at(150, &scrutin), Gate::NotYetOpen, "still in set-up");
        for stage in [ScrutinStatus::Ceremony, ScrutinStatus::Keyed] {
            scrutin.status = stage;
            assert_eq!(
                gate_at(150, &scrutin),
                Gate::NotYetOpen,
                "{stage:?}: not sealed yet"
            );
        }
        scrutin.status = ScrutinStatus::Sealed;
        assert_eq!(gate_at(99, &scrutin), Gate::NotYetOpen);
        assert_eq!(gate_at(100, &scrutin), Gate::Open);
        assert_eq!(gate_at(199, &scrutin), Gate::Open);
        assert_eq!(gate_at(200, &scrutin), Gate::Closed);
        scrutin.suspended = true;
        assert_eq!(gate_at(150, &scrutin), Gate::Suspended);
        assert_eq!(
            gate_at(250, &scrutin),
            Gate::Closed,
            "closing wins over suspension"
        );
        scrutin.suspended = false;
        scrutin.status = ScrutinStatus::Closed;
        assert_eq!(
            gate_at(150, &scrutin),
            Gate::Closed,
            "closed early by the bureau"
        );
    }
}

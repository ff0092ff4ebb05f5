//! What voting needs in the record before it opens: each election's manifest (lists in the
//! order of Article 9.4), the bureau's public key and the key that signs receipts
//! (`docs/protocol.md` §13). Publishing them takes the scrutin out of set-up: its lists and
//! elections can no longer change, since every ballot is bound to their fingerprint.
//!
//! The bureau's key comes from its key ceremony (the bureau's pages, issue 8; the demo runs the
//! ceremony in-process); the manifests from the registry, read once here.

use urne_record::bureau::BureauKey;
use urne_record::kind;
use urne_record::manifest::{self, Manifest, Place, ScrutinRef};
use urne_record::receipt::ServerKey;
use urne_store::registry::{Body, CandidateList, Scrutin, ScrutinStatus};
use urne_store::{StoreError, Stores};

use crate::app::AppState;

/// Why voting could not be prepared.
#[derive(Debug)]
#[non_exhaustive]
pub enum OpeningError {
    /// The store failed.
    Store(StoreError),
    /// The record already holds manifests: voting was prepared before.
    AlreadyPublished,
    /// The candidate lists are not locked yet.
    ListsNotLocked,
    /// An election has no list with a candidate (a PV de carence, not a vote); names it.
    NoList(String),
}

impl From<StoreError> for OpeningError {
    fn from(error: StoreError) -> Self {
        OpeningError::Store(error)
    }
}

impl core::fmt::Display for OpeningError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            OpeningError::Store(error) => write!(f, "{error}"),
            OpeningError::AlreadyPublished => write!(
                f,
                "les manifestes sont déjà publiés / the manifests are already published"
            ),
            OpeningError::ListsNotLocked => write!(
                f,
                "les listes ne sont pas verrouillées / the lists are not locked"
            ),
            OpeningError::NoList(election) => write!(
                f,
                "l'élection {election} n'a aucune liste / election {election} has no list"
            ),
        }
    }
}

impl std::error::Error for OpeningError {}

/// The lists of an election in ballot order (Article 9.4 of the agreement): lists filed by a
/// union alphabetically by the union's name, then free lists (second round) by their name.
pub fn ballot_order(lists: &mut [CandidateList], union_name: impl Fn(i64) -> String) {
    lists.sort_by_cached_key(|list| match list.union_id {
        Some(id) => (0, union_name(id).to_lowercase(), list.name.to_lowercase()),
        None => (1, list.name.to_lowercase(), String::new()),
    });
}

/// The manifests of a scrutin's elections, from the registry.
///
/// # Errors
/// [`OpeningError::NoList`] for an election without a candidate; store errors.
pub async fn manifests(stores: &Stores, scrutin: &Scrutin) -> Result<Vec<Manifest>, OpeningError> {
    let (manifests, carences) = manifests_and_carences(stores, scrutin).await?;
    match carences.into_iter().next() {
        Some(election) => Err(OpeningError::NoList(election)),
        None => Ok(manifests),
    }
}

/// The manifests of the elections that have candidates, and the uids of those that have none
/// (carence: no vote, a PV de carence).
///
/// # Errors
/// Store errors.
pub async fn manifests_and_carences(
    stores: &Stores,
    scrutin: &Scrutin,
) -> Result<(Vec<Manifest>, Vec<String>), OpeningError> {
    let registry = &stores.registry;
    let organisation = registry
        .organisation()
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let establishments = registry.establishments().await?;
    let colleges = registry.colleges().await?;
    let unions = registry.unions().await?;
    let union_name = |id: i64| {
        unions
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    let mut carences = Vec::new();
    for election in registry.elections(scrutin.id).await? {
        let establishment = establishments
            .iter()
            .find(|e| e.id == election.establishment_id)
            .map(|e| Place {
                code: e.code.clone(),
                name: e.name.clone(),
            })
            .ok_or(StoreError::NotFound("establishment"))?;
        let college = colleges
            .iter()
            .find(|c| c.id == election.college_id)
            .map(|c| Place {
                code: c.code.clone(),
                name: c.name.clone(),
            })
            .ok_or(StoreError::NotFound("college"))?;
        let mut lists = registry.lists(election.id).await?;
        ballot_order(&mut lists, union_name);
        let mut manifest_lists = Vec::new();
        for list in lists {
            let candidates = registry.candidates(list.id).await?;
            if candidates.is_empty() {
                continue;
            }
            manifest_lists.push(manifest::List {
                candidates: candidates
                    .into_iter()
                    .map(|c| manifest::Candidate {
                        first_name: c.first_name,
                        last_name: c.last_name,
                        sex: c.sex.letter().to_string(),
                    })
                    .collect(),
                name: list.name,
                union: list.union_id.map(union_name),
            });
        }
        if manifest_lists.is_empty() {
            carences.push(election.election_uid);
            continue;
        }
        out.push(Manifest {
            body: match election.body {
                Body::Titulaires => manifest::Body::Titulaires,
                Body::Suppleants => manifest::Body::Suppleants,
            },
            college,
            election: election.election_uid,
            establishment,
            lists: manifest_lists,
            organisation: organisation.clone(),
            protocol: urne_crypto::PROTOCOL_VERSION.to_owned(),
            round: scrutin.round,
            scrutin: ScrutinRef {
                name: scrutin.name.clone(),
                uid: scrutin.record_uid.clone(),
            },
            seats: election.seats,
        });
    }
    Ok((out, carences))
}

/// Publishes the manifests, the bureau's key and the receipt key to the scrutin's record, and
/// seals the scrutin's set-up (status `sealed`): voters can vote between the programmed
/// opening and closing from then on.
///
/// The events are appended in one transaction; publishing again after a crash that came
/// between them and the status completes the status.
///
/// # Errors
/// [`OpeningError`]: lists not locked, an election without a list, already published, store.
pub async fn publish(
    state: &AppState,
    scrutin: &Scrutin,
    bureau: &BureauKey,
) -> Result<(), OpeningError> {
    let stores = &state.stores;
    let record = &scrutin.record_uid;
    if !scrutin.lists_locked {
        return Err(OpeningError::ListsNotLocked);
    }
    let published = !stores
        .ballot_box
        .event_payloads(record, kind::MANIFEST)
        .await?
        .is_empty();
    if published && scrutin.status != ScrutinStatus::Setup {
        return Err(OpeningError::AlreadyPublished);
    }
    if !published {
        let manifests: Vec<Vec<u8>> = manifests(stores, scrutin)
            .await?
            .iter()
            .map(Manifest::to_bytes)
            .collect();
        let bureau = bureau.to_bytes();
        let server_key = ServerKey::of(&state.receipt_key.verifying_key()).to_bytes();
        let mut events: Vec<(&str, &[u8])> = manifests
            .iter()
            .map(|m| (kind::MANIFEST, m.as_slice()))
            .collect();
        events.push((kind::BUREAU, &bureau));
        events.push((kind::SERVER_KEY, &server_key));
        // All or nothing: a crash leaves either no event or every one of them.
        stores.ballot_box.append_events(record, &events).await?;
    }
    // Published before a crash stopped us here: the status change completes it.
    stores
        .registry
        .set_scrutin_status(scrutin.id, ScrutinStatus::Sealed)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(id: i64, union_id: Option<i64>, name: &str) -> CandidateList {
        CandidateList {
            id,
            election_id: 1,
            union_id,
            name: name.to_owned(),
            profession_de_foi_name: None,
            logo_type: None,
        }
    }

    #[test]
    fn union_lists_come_by_union_name_then_free_lists_by_name() {
        // Article 9.4: "par ordre alphabétique par rapport au nom de l'Organisation Syndicale",
        // free lists of a second round "à la suite", alphabetically.
        let unions = |id: i64| ["", "FO", "cfdt", "CGT"][id as usize].to_owned();
        let mut lists = vec![
            list(1, None, "Liste libre Zénith"),
            list(2, Some(1), "Force Ouvrière Nantes"),
            list(3, None, "Ensemble"),
            list(4, Some(3), "A - liste CGT"),
            list(5, Some(2), "Z - liste CFDT"),
        ];
        ballot_order(&mut lists, unions);
        let order: Vec<i64> = lists.iter().map(|l| l.id).collect();
        assert_eq!(order, [5, 4, 2, 3, 1]);
    }
}

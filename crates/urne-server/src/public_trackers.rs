//! `GET /record/{uid}/trackers/{election}?from=SEQ`: the trackers of one election, batch by
//! batch, as the record publishes them (`docs/protocol.md` §14.2), so that anyone can read
//! every ballot's tracker without downloading the ballots.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use urne_record::kind;
use urne_record::manifest::Manifest;

use crate::app::Shared;
use crate::error::WebError;
use crate::i18n::{Lang, PageCtx, Tr};
use crate::pages::render;
use crate::public_record::{batch_trackers, title};

/// Batch events read at a time while looking for the election's next one.
const SCAN: u32 = 50;

#[derive(Template)]
#[template(path = "record_trackers.html")]
struct TrackersPage {
    ctx: PageCtx,
    uid: String,
    election: String,
    title: String,
    /// The batch shown: its event number and hash, and its trackers.
    batch: Option<(u64, String, Vec<String>)>,
    next: Option<u64>,
}

/// Where to start.
#[derive(Deserialize)]
pub struct FromQuery {
    #[serde(default)]
    from: u64,
}

/// The page.
///
/// # Errors
/// [`WebError::NotFound`] for an unknown scrutin or election.
pub async fn page(
    State(state): State<Shared>,
    lang: Lang,
    Path((uid, election)): Path<(String, String)>,
    Query(query): Query<FromQuery>,
) -> Result<Response, WebError> {
    state.stores.registry.scrutin_by_uid(&uid).await?;
    let ballot_box = &state.stores.ballot_box;
    let manifest = ballot_box
        .event_payloads(&uid, kind::MANIFEST)
        .await?
        .iter()
        .filter_map(|p| Manifest::from_bytes(p).ok())
        .find(|m| m.election == election)
        .ok_or(WebError::NotFound)?;
    // The election's first batch from `from` on, and whether another follows.
    let mut found = Vec::new();
    let mut at = query.from;
    while found.len() < 2 {
        let page = ballot_box
            .events_from(&uid, Some(kind::BALLOTS), at, SCAN)
            .await?;
        let Some(last) = page.last() else { break };
        at = last.seq + 1;
        for event in page {
            let batch = batch_trackers(&event.payload)?;
            if batch.election == election && found.len() < 2 {
                found.push((event.seq, hex::encode(event.hash), batch.trackers));
            }
        }
    }
    let next = found.get(1).map(|b| b.0);
    let page = TrackersPage {
        ctx: PageCtx::anonymous(
            lang,
            format!("/record/{uid}/trackers/{election}?from={}", query.from),
        ),
        title: title(&manifest, Tr(lang)),
        batch: found.into_iter().next(),
        next,
        uid,
        election,
    };
    Ok(render(&page)?.into_response())
}

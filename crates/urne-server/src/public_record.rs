//! The scrutin's public page, for anyone without a login (DESIGN.md §4): what voters' receipts
//! are checked against — the key that signs them and each election's fingerprint — and the
//! tracker lookup, "is my ballot in the box?".
//!
//! It shows no count while voting is open (participation is the bureau's to follow, results
//! come after closing). Left out until the record's issue: the download of the whole record,
//! the ballots in shuffled batches, tallies and results.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_record::receipt::ServerKey;

use crate::app::Shared;
use crate::error::WebError;
use crate::i18n::{Lang, PageCtx, Tr};
use crate::pages::render;
use crate::voter::booth::body_label;

/// The public routes.
pub fn routes() -> Router<Shared> {
    Router::new().route("/record/{uid}", get(record_page))
}

/// One election of the page.
struct ElectionView {
    title: String,
    fingerprint: String,
}

/// What a lookup found.
enum Lookup {
    /// No tracker asked.
    None,
    /// Not 64 hex digits.
    Malformed,
    /// In the box of this election.
    Found(String),
    /// In no box of the scrutin.
    Missing,
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    ctx: PageCtx,
    uid: String,
    scrutin: String,
    server_key: Option<String>,
    elections: Vec<ElectionView>,
    tracker: String,
    lookup: Lookup,
}

/// The lookup form.
#[derive(Deserialize)]
pub struct TrackerQuery {
    #[serde(default)]
    tracker: Option<String>,
}

/// `GET /record/{uid}` (and `?tracker=` for the lookup).
///
/// # Errors
/// [`WebError::NotFound`] for an unknown scrutin; [`WebError::Internal`] for a record that
/// does not read back.
pub async fn record_page(
    State(state): State<Shared>,
    lang: Lang,
    Path(uid): Path<String>,
    Query(query): Query<TrackerQuery>,
) -> Result<Response, WebError> {
    let scrutin = state.stores.registry.scrutin_by_uid(&uid).await?;
    let ballot_box = &state.stores.ballot_box;
    let corrupt = |e: urne_record::FormatError| WebError::Internal(format!("record: {e}"));
    let server_key = match ballot_box
        .event_payloads(&uid, kind::SERVER_KEY)
        .await?
        .first()
    {
        Some(bytes) => Some(ServerKey::from_bytes(bytes).map_err(corrupt)?.receipt_key),
        None => None,
    };
    let mut manifests = Vec::new();
    for bytes in ballot_box.event_payloads(&uid, kind::MANIFEST).await? {
        manifests.push(Manifest::from_bytes(&bytes).map_err(corrupt)?);
    }
    let title = |m: &Manifest| {
        let titulaires = m.body == urne_record::manifest::Body::Titulaires;
        format!(
            "{} — {} — {}",
            m.establishment.name,
            m.college.name,
            body_label(titulaires, Tr(lang))
        )
    };
    let tracker = query
        .tracker
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
        .replace(' ', "");
    let lookup = if tracker.is_empty() {
        Lookup::None
    } else {
        match hex::decode(&tracker) {
            Ok(bytes) if bytes.len() == 32 => {
                let mut found = None;
                for manifest in &manifests {
                    if ballot_box.has_tracker(&manifest.election, &bytes).await? {
                        found = Some(title(manifest));
                        break;
                    }
                }
                found.map_or(Lookup::Missing, Lookup::Found)
            }
            _ => Lookup::Malformed,
        }
    };
    let page = RecordPage {
        ctx: PageCtx::anonymous(lang, format!("/record/{uid}")),
        scrutin: scrutin.name,
        server_key,
        elections: manifests
            .iter()
            .map(|m| ElectionView {
                title: title(m),
                fingerprint: hex::encode(m.fingerprint().0),
            })
            .collect(),
        tracker,
        lookup,
        uid,
    };
    Ok(render(&page)?.into_response())
}

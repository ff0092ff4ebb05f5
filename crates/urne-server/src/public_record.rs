//! The scrutin's public page, for anyone without a login (DESIGN.md §4): what voters' receipts
//! are checked against — the key that signs them and each election's fingerprint — and the
//! tracker lookup, "is my ballot in the box?".
//!
//! It shows no count while voting is open (participation is the bureau's to follow, results
//! come after closing). Left out until the record's issue: the download of the whole record,
//! the ballots in shuffled batches, tallies and results.

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
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
use crate::pages::{bad, render};
use crate::record_archive;
use crate::voter::booth::body_label;

/// The public routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/record/{uid}", get(record_page))
        .route("/record/{uid}/archive", get(archive))
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

/// The archive's query: `since` is the hash of the last event already held.
#[derive(Deserialize)]
pub struct SinceQuery {
    #[serde(default)]
    since: Option<String>,
}

/// `GET /record/{uid}/archive` (and `?since=HASH`): the record as one tar archive
/// (`docs/protocol.md` §14.3), streamed.
///
/// # Errors
/// [`WebError::NotFound`] for an unknown scrutin or hash; [`WebError::BadRequest`] for a hash
/// that is not 64 hex digits.
pub async fn archive(
    State(state): State<Shared>,
    Path(uid): Path<String>,
    Query(query): Query<SinceQuery>,
) -> Result<Response, WebError> {
    state.stores.registry.scrutin_by_uid(&uid).await?;
    let since = match query
        .since
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(text) => {
            let mut hash = [0u8; 32];
            hex::decode_to_slice(text, &mut hash).map_err(|_| {
                bad(
                    "« since » est l'empreinte d'un événement : 64 chiffres hexadécimaux.",
                    "\"since\" is an event's hash: 64 hexadecimal digits.",
                )
            })?;
            Some(hash)
        }
    };
    let plan = record_archive::plan(&state, &uid, since).await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<record_archive::Chunk>(4);
    let name = match since {
        None => format!("{uid}.tar"),
        Some(_) => format!("{uid}-from-{}.tar", plan.first),
    };
    tokio::spawn(async move { record_archive::send(&state, &plan, &tx).await });
    let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let disposition = format!("attachment; filename=\"{}\"", name.replace('"', ""));
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-tar".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::from_stream(chunks),
    )
        .into_response())
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

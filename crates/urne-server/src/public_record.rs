//! The scrutin's public record, for anyone without a login (DESIGN.md §4, `docs/protocol.md`
//! §14): the record's head and the download of its archive (whole, or what was added since a
//! hash) to check with `urne verify`; each election's fingerprint, credential list and ballots
//! published; the bureau's public keys; the seal; after the closing the tallies, the members who
//! decrypted and the results; each election's trackers, batch by batch; and the tracker lookup,
//! "is my ballot in the box?".
//!
//! It shows no count while voting is open beyond what the record itself publishes (ballots
//! enter it in batches, never one by one).

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use urne_record::batch::BallotBatch;
use urne_record::bureau::BureauKey;
use urne_record::credentials::ORIGINS;
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_record::receipt::ServerKey;
use urne_record::results::ElectionResult;
use urne_record::seal::Seal;
use urne_record::tally::{EncryptedTally, PartialDecryption};
use urne_store::batches::TrackerPlace;

use crate::app::Shared;
use crate::error::{Bilingual, WebError};
use crate::i18n::{Lang, PageCtx, Tr};
use crate::pages::{bad, render};
use crate::record_archive;
use crate::voter::booth::body_label;

/// The public routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/record/{uid}", get(record_page))
        .route("/record/{uid}/archive", get(archive))
        .route(
            "/record/{uid}/trackers/{election}",
            get(crate::public_trackers::page),
        )
}

/// A list's line of a published result.
pub(crate) struct ListView {
    name: String,
    ballots: u64,
    seats: u64,
    elected: Vec<String>,
}

/// One election of the page.
pub(crate) struct ElectionView {
    uid: String,
    title: String,
    fingerprint: String,
    /// Keys in its credential list, by origin (server, authority, recovery).
    credentials: [u64; 3],
    ballots: u64,
    tally: Option<u64>,
    decrypted_by: Vec<u32>,
    result: Option<(u64, u64, u64, Vec<ListView>)>,
}

/// What a lookup found.
enum Lookup {
    /// No tracker asked.
    None,
    /// Not 64 hex digits.
    Malformed,
    /// In the record, in this election's batch (event number).
    Published(String, u64),
    /// In the box of this election, waiting for its batch.
    Waiting(String),
    /// In no box of the scrutin.
    Missing,
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    ctx: PageCtx,
    uid: String,
    scrutin: String,
    head: Option<(u64, String)>,
    server_key: Option<String>,
    bureau: Option<BureauKey>,
    seal: Option<String>,
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

fn corrupt(e: impl core::fmt::Display) -> WebError {
    WebError::Internal(format!("record: {e}"))
}

/// The title of an election, as the voters' pages give it.
pub(crate) fn title(m: &Manifest, tr: Tr) -> String {
    let titulaires = m.body == urne_record::manifest::Body::Titulaires;
    format!(
        "{} — {} — {}",
        m.establishment.name,
        m.college.name,
        body_label(titulaires, tr)
    )
}

/// Every payload of one kind, read.
async fn all<T>(
    state: &Shared,
    uid: &str,
    kind: &str,
    read: fn(&[u8]) -> Result<T, urne_record::FormatError>,
) -> Result<Vec<T>, WebError> {
    state
        .stores
        .ballot_box
        .event_payloads(uid, kind)
        .await?
        .iter()
        .map(|p| read(p).map_err(corrupt))
        .collect()
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
    let tr = Tr(lang);
    let manifests = all(&state, &uid, kind::MANIFEST, Manifest::from_bytes).await?;
    let tallies = all(&state, &uid, kind::TALLY, EncryptedTally::from_bytes).await?;
    let shares = all(
        &state,
        &uid,
        kind::DECRYPTION,
        PartialDecryption::from_bytes,
    )
    .await?;
    let results = all(&state, &uid, kind::RESULT, ElectionResult::from_bytes).await?;
    let mut elections = Vec::new();
    for m in &manifests {
        // Counted in the box's list, which the record's `credentials` events fill one for
        // one: reading those events would parse every key at each visit.
        let by_origin = ballot_box.credential_counts(&m.election).await?;
        let counts = ORIGINS.map(|origin| by_origin.get(origin).copied().unwrap_or(0));
        let result = results.iter().find(|r| r.election == m.election).map(|r| {
            let lists = r
                .lists
                .iter()
                .map(|l| ListView {
                    name: l.name.clone(),
                    ballots: l.ballots,
                    seats: l.seats,
                    elected: l
                        .candidates
                        .iter()
                        .filter(|c| c.elected)
                        .map(|c| format!("{} {}", c.first_name, c.last_name))
                        .collect(),
                })
                .collect();
            (r.votants, r.blancs, r.nuls, lists)
        });
        elections.push(ElectionView {
            uid: m.election.clone(),
            title: title(m, tr),
            fingerprint: hex::encode(m.fingerprint().0),
            credentials: counts,
            ballots: ballot_box.published_ballots(&m.election).await?,
            tally: tallies
                .iter()
                .find(|t| t.election == m.election)
                .map(|t| t.ballots),
            decrypted_by: shares
                .iter()
                .filter(|s| s.election == m.election)
                .map(|s| s.member)
                .collect(),
            result,
        });
    }
    let lookup = lookup(&state, &manifests, query.tracker.as_deref(), tr).await?;
    let page = RecordPage {
        ctx: PageCtx::anonymous(lang, format!("/record/{uid}")),
        scrutin: scrutin.name,
        head: ballot_box
            .head(&uid)
            .await?
            .map(|(seq, hash)| (seq + 1, hex::encode(hash))),
        server_key: all(&state, &uid, kind::SERVER_KEY, ServerKey::from_bytes)
            .await?
            .pop()
            .map(|k| k.receipt_key),
        bureau: all(&state, &uid, kind::BUREAU, BureauKey::from_bytes)
            .await?
            .pop(),
        seal: all(&state, &uid, kind::SEAL, Seal::from_bytes)
            .await?
            .pop()
            .map(|s| s.fingerprint),
        elections,
        tracker: lookup.0,
        lookup: lookup.1,
        uid,
    };
    Ok(render(&page)?.into_response())
}

/// The tracker asked for, as typed back, and where it is.
async fn lookup(
    state: &Shared,
    manifests: &[Manifest],
    asked: Option<&str>,
    tr: Tr,
) -> Result<(String, Lookup), WebError> {
    let tracker = asked
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '-'], "");
    if tracker.is_empty() {
        return Ok((tracker, Lookup::None));
    }
    let mut bytes = [0u8; 32];
    if hex::decode_to_slice(&tracker, &mut bytes).is_err() {
        return Ok((tracker, Lookup::Malformed));
    }
    for m in manifests {
        match state
            .stores
            .ballot_box
            .tracker_place(&m.election, &bytes)
            .await?
        {
            TrackerPlace::Absent => {}
            TrackerPlace::Waiting => return Ok((tracker, Lookup::Waiting(title(m, tr)))),
            TrackerPlace::Published(seq) => {
                return Ok((tracker, Lookup::Published(title(m, tr), seq)))
            }
        }
    }
    Ok((tracker, Lookup::Missing))
}

/// The archive's query: `since` is the hash of the last event already held.
#[derive(Deserialize)]
pub struct SinceQuery {
    #[serde(default)]
    since: Option<String>,
}

/// When all [`crate::app::ARCHIVE_DOWNLOADS`] are taken, how long to wait before asking again.
const BUSY_RETRY_SECS: u64 = 30;

/// `GET /record/{uid}/archive` (and `?since=HASH`): the record as one tar archive
/// (`docs/protocol.md` §14.3), streamed.
///
/// # Errors
/// [`WebError::NotFound`] for an unknown scrutin or hash; [`WebError::BadRequest`] for a hash
/// that is not 64 hex digits; [`WebError::Busy`] when as many archives as the server allows
/// are being sent.
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
    let permit = state
        .archive_downloads
        .clone()
        .try_acquire_owned()
        .map_err(|_| WebError::Busy {
            what: Bilingual::new(
                "Le serveur envoie déjà le nombre maximal d'archives du registre public à la \
                 fois, pour ne pas ralentir les votants.",
                "The server is already sending as many public record archives at once as it \
                 allows, so as not to slow the voters down.",
            ),
            retry_after_secs: BUSY_RETRY_SECS,
        })?;
    let (tx, rx) = tokio::sync::mpsc::channel::<record_archive::Chunk>(4);
    let name = match since {
        None => format!("{uid}.tar"),
        Some(_) => format!("{uid}-from-{}.tar", plan.first),
    };
    tokio::spawn(async move {
        record_archive::send(&state, &plan, &tx).await;
        drop(permit);
    });
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

/// The trackers of one batch event, for the trackers' pages.
pub(crate) fn batch_trackers(payload: &[u8]) -> Result<BallotBatch, WebError> {
    BallotBatch::from_bytes(payload).map_err(corrupt)
}

//! Supervision of the vote (Annex 1 §3–4 and Annex 2): live participation by establishment,
//! college and election (never a partial result: only who voted, from the émargement), the
//! émargement lists online for BVE members during the vote and downloadable after it (PDF to
//! sign, CSV), and the journals (events, hotline, returned letters) with their export, each
//! entry chained to the previous one by a SHA-256 hash.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};
use urne_letters::statements::{self, EmargementDocument, EmargementLine};
use urne_store::registry::{Body, Election, JournalEntry, JournalKind, Scrutin};

use super::scrutin;
use crate::app::Shared;
use crate::auth::Staff;
use crate::calendar;
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::pages::{attachment, render};
use crate::rights::Right;
use crate::voter::ballots::{gate_at, Gate};

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/bureau/{uid}/participation", get(participation))
        .route("/bureau/{uid}/emargement", get(emargement_index))
        .route("/bureau/{uid}/emargement/{file}", get(emargement))
        .route("/bureau/{uid}/journal/{file}", get(journal))
}

struct Line {
    title: String,
    election_id: i64,
    inscrits: u64,
    votants: u64,
    /// Turnout in whole percent, for the bar.
    percent: u64,
    /// Turnout, two decimals.
    rate: String,
}

fn rate(votants: u64, inscrits: u64) -> (u64, String) {
    if inscrits == 0 {
        return (0, "—".to_owned());
    }
    let hundredths = (votants * 10_000 + inscrits / 2) / inscrits;
    (
        votants * 100 / inscrits,
        format!("{},{:02} %", hundredths / 100, hundredths % 100),
    )
}

/// The participation of each election within `staff`'s perimeter.
async fn lines(state: &Shared, scrutin: &Scrutin, staff: &Staff) -> Result<Vec<Line>, WebError> {
    let registry = &state.stores.registry;
    let participation = registry.participation(scrutin.id).await?;
    let mut out = Vec::new();
    for election in registry.elections(scrutin.id).await? {
        // No vote in a carence election: nothing to follow there.
        if election.carence || !staff.perimeter().covers(election.establishment_id) {
            continue;
        }
        let p = participation
            .iter()
            .find(|p| p.election_id == election.id)
            .ok_or(WebError::NotFound)?;
        let (percent, rate) = rate(p.votants, p.inscrits);
        out.push(Line {
            title: title(state, &election).await?,
            election_id: election.id,
            inscrits: p.inscrits,
            votants: p.votants,
            percent,
            rate,
        });
    }
    Ok(out)
}

async fn title(state: &Shared, election: &Election) -> Result<String, WebError> {
    let (establishment, college, _) = state.stores.registry.election_names(election.id).await?;
    let body = match election.body {
        Body::Titulaires => "titulaires",
        Body::Suppleants => "suppléants",
    };
    Ok(format!("{establishment} — {college} — {body}"))
}

#[derive(Template)]
#[template(path = "bureau_participation.html")]
struct ParticipationPage {
    ctx: PageCtx,
    uid: String,
    name: String,
    lines: Vec<Line>,
    total: Line,
    emargement: bool,
}

async fn participation(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Participation)?;
    let scrutin = scrutin(&state, &uid).await?;
    let lines = lines(&state, &scrutin, &staff).await?;
    let (inscrits, votants) = lines
        .iter()
        .fold((0, 0), |(i, v), l| (i + l.inscrits, v + l.votants));
    let (percent, total_rate) = rate(votants, inscrits);
    let page = ParticipationPage {
        ctx: staff.ctx(format!("/bureau/{uid}/participation")),
        emargement: staff.has_right(Right::EmargementOnline),
        total: Line {
            title: String::new(),
            election_id: 0,
            inscrits,
            votants,
            percent,
            rate: total_rate,
        },
        name: scrutin.name,
        lines,
        uid,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "bureau_emargement.html")]
struct EmargementPage {
    ctx: PageCtx,
    uid: String,
    name: String,
    closed: bool,
    lines: Vec<Line>,
    /// The list shown, when one election is chosen.
    shown: Option<(String, Vec<EmargementLine>)>,
}

async fn emargement_index(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    staff.require_right(Right::EmargementOnline)?;
    let scrutin = scrutin(&state, &uid).await?;
    emargement_page(&state, &staff, scrutin, None).await
}

async fn emargement_page(
    state: &Shared,
    staff: &Staff,
    scrutin: Scrutin,
    shown: Option<(String, Vec<EmargementLine>)>,
) -> Result<Response, WebError> {
    let uid = scrutin.record_uid.clone();
    let page = EmargementPage {
        ctx: staff.ctx(format!("/bureau/{uid}/emargement")),
        closed: gate_at(state.now(), &scrutin) == Gate::Closed,
        lines: lines(state, &scrutin, staff).await?,
        name: scrutin.name,
        shown,
        uid,
    };
    Ok(render(&page)?.into_response())
}

/// One election's émargement list: `{election id}` (the page), `.pdf` or `.csv` (after the
/// closing).
async fn emargement(
    State(state): State<Shared>,
    staff: Staff,
    Path((uid, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (id, format) = file.split_once('.').unwrap_or((&file, "html"));
    let right = if format == "html" {
        Right::EmargementOnline
    } else {
        Right::EmargementDownload
    };
    staff.require_right(right)?;
    let scrutin = scrutin(&state, &uid).await?;
    let election_id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let election = state.stores.registry.election(election_id).await?;
    if election.scrutin_id != scrutin.id || !staff.perimeter().covers(election.establishment_id) {
        return Err(WebError::NotFound);
    }
    let rows = state.stores.registry.emargement_list(election_id).await?;
    let lines: Vec<EmargementLine> = rows
        .into_iter()
        .map(|r| EmargementLine {
            last_name: r.last_name,
            first_name: r.first_name,
            voted_at: r.voted_at.map(|at| calendar::show(at, staff.lang)),
        })
        .collect();
    let title = title(&state, &election).await?;
    let closed = gate_at(state.now(), &scrutin) == Gate::Closed;
    match format {
        "html" => emargement_page(&state, &staff, scrutin, Some((title, lines))).await,
        _ if !closed => Err(crate::pages::bad(
            "Les listes d'émargement se téléchargent après la clôture du vote.",
            "Émargement lists are downloaded after voting closes.",
        )),
        "csv" => {
            let mut csv = String::from("\u{feff}nom;prenom;a_vote_le\r\n");
            for line in &lines {
                let fields = [
                    line.last_name.as_str(),
                    line.first_name.as_str(),
                    line.voted_at.as_deref().unwrap_or(""),
                ];
                let quoted: Vec<String> =
                    fields.iter().map(|f| crate::pages::csv_field(f)).collect();
                csv.push_str(&quoted.join(";"));
                csv.push_str("\r\n");
            }
            let name = format!("emargement-{election_id}.csv");
            Ok(attachment(
                "text/csv; charset=utf-8",
                &name,
                csv.into_bytes(),
            ))
        }
        "pdf" => {
            let employer = urne_letters::pv::Employer {
                establishment: title.clone(),
                ..urne_letters::pv::Employer::default()
            };
            let doc = EmargementDocument {
                employer,
                election: title,
                lines,
            };
            let name = format!("emargement-{election_id}.pdf");
            Ok(attachment(
                "application/pdf",
                &name,
                statements::emargement(&doc),
            ))
        }
        _ => Err(WebError::NotFound),
    }
}

/// A journal's entries, oldest first, each with the hash chaining it to the previous one:
/// `hash = SHA-256(previous hash ‖ id ‖ at ‖ actor ‖ action ‖ detail)`, each field
/// length-prefixed. An export compared with an earlier one shows any entry changed or removed.
pub fn chain(entries: &[JournalEntry]) -> Vec<[u8; 32]> {
    let mut previous = [0u8; 32];
    entries
        .iter()
        .map(|e| {
            let mut hasher = Sha256::new();
            hasher.update(previous);
            for field in [
                e.id.to_string().as_bytes(),
                e.at.to_string().as_bytes(),
                e.actor.as_bytes(),
                e.action.as_bytes(),
                e.detail.as_bytes(),
            ] {
                hasher.update((field.len() as u64).to_le_bytes());
                hasher.update(field);
            }
            previous = hasher.finalize().into();
            previous
        })
        .collect()
}

struct JournalLine {
    at: String,
    actor: String,
    action: String,
    detail: String,
    hash: String,
}

#[derive(Template)]
#[template(path = "bureau_journal.html")]
struct JournalPage {
    ctx: PageCtx,
    uid: String,
    kind: &'static str,
    title: (&'static str, &'static str),
    entries: Vec<JournalLine>,
}

/// `events`, `hotline` or `pnd`, as a page; with `.csv`, the export.
async fn journal(
    State(state): State<Shared>,
    staff: Staff,
    Path((uid, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, format) = file.split_once('.').unwrap_or((&file, "html"));
    let (kind, right, title) = match name {
        "events" => (
            JournalKind::Events,
            Right::EventJournal,
            ("Journal des événements", "Event journal"),
        ),
        "hotline" => (
            JournalKind::Hotline,
            Right::HotlineJournal,
            ("Journal de l'assistance électeurs", "Voter hotline journal"),
        ),
        "pnd" => (
            JournalKind::Pnd,
            Right::PndJournal,
            (
                "Journal des plis non distribués",
                "Returned letters journal",
            ),
        ),
        _ => return Err(WebError::NotFound),
    };
    staff.require_right(right)?;
    scrutin(&state, &uid).await?;
    let entries = state.stores.registry.journal_all(kind).await?;
    let hashes = chain(&entries);
    match format {
        "csv" => {
            let mut csv = String::from("\u{feff}id;horodatage;qui;quoi;detail;empreinte\r\n");
            for (e, hash) in entries.iter().zip(&hashes) {
                let fields = [
                    e.id.to_string(),
                    calendar::show(e.at, staff.lang),
                    e.actor.clone(),
                    e.action.clone(),
                    e.detail.clone(),
                    hex::encode(hash),
                ];
                let quoted: Vec<String> =
                    fields.iter().map(|f| crate::pages::csv_field(f)).collect();
                csv.push_str(&quoted.join(";"));
                csv.push_str("\r\n");
            }
            Ok(attachment(
                "text/csv; charset=utf-8",
                &format!("journal-{name}.csv"),
                csv.into_bytes(),
            ))
        }
        "html" => {
            let entries = entries
                .into_iter()
                .zip(hashes)
                .rev()
                .map(|(e, hash)| JournalLine {
                    at: calendar::show(e.at, staff.lang),
                    actor: e.actor,
                    action: e.action,
                    detail: e.detail,
                    hash: hex::encode(&hash[..8]),
                })
                .collect();
            let page = JournalPage {
                ctx: staff.ctx(format!("/bureau/{uid}/journal/{name}")),
                kind: match kind {
                    JournalKind::Events => "events",
                    JournalKind::Hotline => "hotline",
                    _ => "pnd",
                },
                title,
                entries,
                uid,
            };
            Ok(render(&page)?.into_response())
        }
        _ => Err(WebError::NotFound),
    }
}

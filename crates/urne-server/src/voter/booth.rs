//! The booth (Annex 1 §2 and §9 of the agreement): the voter's elections with what they have
//! voted (and the next one to vote, §2.3), and one page per election where the voter chooses a
//! list, blank or nul, strikes candidates, reviews the final ballot and confirms.
//!
//! The choice never reaches the server in clear: the page's inputs have no `name`, and
//! `static/booth.js` builds the review from the page itself, then encrypts, proves and signs the
//! ballot with the wasm module (`urne-wasm`) and posts only the ballot ([`super::cast`]).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use urne_record::manifest::Manifest;
use urne_store::registry::{CandidateList, Election, Scrutin};

use super::ballots::{election_ballot, gate, Gate};
use super::step::session_or_restart;
use super::{csrf_of, scrutin};
use crate::app::Shared;
use crate::auth::see_other;
use crate::calendar;
use crate::error::WebError;
use crate::i18n::{Lang, PageCtx, Tr};
use crate::pages::render;

/// A logged-in voter on the booth's pages: an extractor that sends anyone else to the login
/// page of the scrutin named by the path's `{uid}`.
pub struct Voting {
    pub(super) scrutin: Scrutin,
    /// The session's cookie token.
    pub(super) token: String,
    pub(super) voter_id: i64,
    /// The voter's elections in this scrutin, in the scrutin's order.
    pub(super) elections: Vec<Election>,
}

impl FromRequestParts<Shared> for Voting {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Voting, Response> {
        let lang = Lang::negotiate(parts.uri.query(), &parts.headers);
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let uid = params.get("uid").cloned().unwrap_or_default();
        voting(state, &parts.headers, &uid)
            .await
            .map_err(|e| e.in_lang(lang).into_response())?
    }
}

impl Voting {
    /// The voter's election `uid` and its position among theirs.
    ///
    /// # Errors
    /// [`WebError::NotFound`] for an election that is not the voter's.
    pub(super) fn election(&self, uid: &str) -> Result<(usize, &Election), WebError> {
        self.elections
            .iter()
            .enumerate()
            .find(|(_, e)| e.election_uid == uid)
            .ok_or(WebError::NotFound)
    }
}

/// The voter of this request, or where to send them (the login) when there is none.
async fn voting(
    state: &Shared,
    headers: &HeaderMap,
    uid: &str,
) -> Result<Result<Voting, Response>, WebError> {
    let scrutin = scrutin(state, uid).await?;
    let (token, session) = match session_or_restart(state, headers, &scrutin).await? {
        Ok(found) if found.1.stage == "in" => found,
        Ok(_) => return Ok(Err(see_other(&format!("/vote/{uid}"), None)?)),
        Err(response) => return Ok(Err(response)),
    };
    let registry = &state.stores.registry;
    let code_id = session
        .access_code_id
        .ok_or(WebError::Internal("session without code".to_owned()))?;
    let voter_id = registry.access_code(code_id).await?.voter_id;
    let mine = registry
        .elector(scrutin.id, voter_id)
        .await?
        .map(|e| e.elections)
        .unwrap_or_default();
    let elections = registry
        .elections(scrutin.id)
        .await?
        .into_iter()
        .filter(|e| mine.contains(&e.election_uid) && !e.carence)
        .collect();
    Ok(Ok(Voting {
        scrutin,
        token,
        voter_id,
        elections,
    }))
}

/// "Nantes — Cadres — membres titulaires", in the reader's language.
pub(super) async fn election_title(
    state: &Shared,
    election: &Election,
    tr: Tr,
) -> Result<String, WebError> {
    let (establishment, college, _) = state.stores.registry.election_names(election.id).await?;
    let titulaires = election.body == urne_store::registry::Body::Titulaires;
    Ok(format!(
        "{establishment} — {college} — {}",
        body_label(titulaires, tr)
    ))
}

/// "membres titulaires" or "membres suppléants", in the reader's language.
pub(crate) fn body_label(titulaires: bool, tr: Tr) -> &'static str {
    if titulaires {
        tr.t("membres titulaires", "full members")
    } else {
        tr.t("membres suppléants", "substitute members")
    }
}

/// The sentence saying why voting is not possible now, or `None` when it is open.
pub(super) fn gate_notice(scrutin: &Scrutin, gate: Gate, lang: Lang) -> Option<String> {
    let tr = Tr(lang);
    match gate {
        Gate::Open => None,
        Gate::NotYetOpen => Some(format!(
            "{} {}.",
            tr.t("Le vote n'est pas encore ouvert. Il ouvrira le", "Voting is not open yet. It opens on"),
            calendar::show(scrutin.opens_at, lang)
        )),
        Gate::Suspended => Some(
            tr.t(
                "Le bureau de vote a suspendu le vote. Revenez plus tard : votre vote reste possible à la reprise.",
                "The polling board has suspended voting. Come back later: you can still vote once it resumes.",
            )
            .to_owned(),
        ),
        Gate::Closed => Some(format!(
            "{} {}.",
            tr.t("Le vote est clos depuis le", "Voting closed on"),
            calendar::show(scrutin.closes_at, lang)
        )),
    }
}

/// One election on the summary page.
struct ElectionRow {
    uid: String,
    title: String,
    /// "24/11/2026 à 10:15" when voted.
    voted_at: Option<String>,
}

#[derive(Template)]
#[template(path = "voter_elections.html")]
struct ElectionsPage {
    ctx: PageCtx,
    uid: String,
    csrf: String,
    voter: String,
    scrutin: String,
    notice: Option<String>,
    rows: Vec<ElectionRow>,
    /// The next election to vote: uid and title.
    next: Option<(String, String)>,
    any_voted: bool,
}

/// `GET /vote/{uid}/elections`: the voter's elections, what they voted and when, and the next
/// election to vote (Annex 1 §2.3).
///
/// # Errors
/// [`WebError`] from the store.
pub async fn elections(
    State(state): State<Shared>,
    lang: Lang,
    voting: Voting,
) -> Result<Response, WebError> {
    let uid = voting.scrutin.record_uid.clone();
    let registry = &state.stores.registry;
    let voter = registry.voter(voting.voter_id).await?.voter;
    let voted = registry
        .emargements_of(voting.voter_id, voting.scrutin.id)
        .await?;
    let mut rows = Vec::new();
    for election in &voting.elections {
        rows.push(ElectionRow {
            uid: election.election_uid.clone(),
            title: election_title(&state, election, Tr(lang)).await?,
            voted_at: voted
                .iter()
                .find(|(id, _)| *id == election.id)
                .map(|(_, at)| calendar::show(*at, lang)),
        });
    }
    let gate = gate(&state, &voting.scrutin);
    let page = ElectionsPage {
        ctx: PageCtx::anonymous(lang, format!("/vote/{uid}/elections")),
        csrf: csrf_of(&state, &voting.token),
        voter: format!("{} {}", voter.first_name, voter.last_name),
        scrutin: voting.scrutin.name.clone(),
        notice: gate_notice(&voting.scrutin, gate, lang),
        next: rows
            .iter()
            .find(|r| r.voted_at.is_none() && gate == Gate::Open)
            .map(|r| (r.uid.clone(), r.title.clone())),
        any_voted: rows.iter().any(|r| r.voted_at.is_some()),
        rows,
        uid,
    };
    Ok(render(&page)?.into_response())
}

/// A candidate on the booth page.
pub(crate) struct CandidateView {
    name: String,
}

/// A list on the booth page, in ballot order.
pub(crate) struct ListView {
    name: String,
    /// The union, when its name is not the list's.
    union_name: Option<String>,
    candidates: Vec<CandidateView>,
    /// The registry's list id, for its profession de foi and logo.
    id: Option<i64>,
    profession_de_foi: bool,
    logo: bool,
}

/// The lists of `manifest` in its (ballot) order, with their files from `stored` (the
/// registry's lists of the election; list names are unique within an election).
pub(crate) fn list_views(manifest: &Manifest, stored: &[CandidateList]) -> Vec<ListView> {
    manifest
        .lists
        .iter()
        .map(|list| {
            let found = stored.iter().find(|s| s.name == list.name);
            ListView {
                name: list.name.clone(),
                union_name: list.union.clone().filter(|u| *u != list.name),
                candidates: list
                    .candidates
                    .iter()
                    .map(|c| CandidateView {
                        name: format!("{} {}", c.first_name, c.last_name),
                    })
                    .collect(),
                id: found.map(|s| s.id),
                profession_de_foi: found.is_some_and(|s| s.profession_de_foi_name.is_some()),
                logo: found.is_some_and(|s| s.logo_type.is_some()),
            }
        })
        .collect()
}

/// The shape as the booth's script reads it: candidates per list, comma-separated.
pub(crate) fn shape_text(shape: &urne_crypto::BallotShape) -> String {
    shape
        .candidates()
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[derive(Template)]
#[template(path = "voter_booth.html")]
pub(crate) struct BoothPage {
    pub(crate) ctx: PageCtx,
    /// The scrutin (or scrutin à blanc) whose uid salts the identifiant.
    pub(crate) uid: String,
    pub(crate) csrf: String,
    pub(crate) election_uid: String,
    pub(crate) title: String,
    pub(crate) seats: u32,
    pub(crate) position: usize,
    pub(crate) count: usize,
    pub(crate) fingerprint: String,
    pub(crate) election_key: String,
    pub(crate) shape: String,
    pub(crate) lists: Vec<ListView>,
    /// Where the encrypted ballot is posted.
    pub(crate) cast_action: String,
    /// The link back, and its text.
    pub(crate) back: (String, &'static str),
}

/// `GET /vote/{uid}/elections/{election}`: the ballot of one election.
///
/// # Errors
/// [`WebError::NotFound`] for an election that is not the voter's.
pub async fn booth(
    State(state): State<Shared>,
    lang: Lang,
    voting: Voting,
    Path((uid, election_uid)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let summary = || see_other(&format!("/vote/{uid}/elections"), None);
    let (position, election) = voting.election(&election_uid)?;
    let registry = &state.stores.registry;
    if gate(&state, &voting.scrutin) != Gate::Open
        || registry.has_voted(voting.voter_id, election.id).await?
    {
        return summary();
    }
    let Some(ballot) = election_ballot(&state, &voting.scrutin, &election_uid).await? else {
        return summary();
    };
    let lists = list_views(&ballot.manifest, &registry.lists(election.id).await?);
    let page = BoothPage {
        ctx: PageCtx::anonymous(lang, format!("/vote/{uid}/elections/{election_uid}")),
        csrf: csrf_of(&state, &voting.token),
        title: election_title(&state, election, Tr(lang)).await?,
        seats: election.seats,
        position: position + 1,
        count: voting.elections.len(),
        fingerprint: hex::encode(ballot.ctx.fingerprint.0),
        election_key: hex::encode(ballot.ctx.key.compressed().as_bytes()),
        shape: shape_text(&ballot.ctx.shape),
        lists,
        cast_action: format!("/vote/{uid}/elections/{election_uid}/cast"),
        back: (
            format!("/vote/{uid}/elections"),
            Tr(lang).t("Retour à mes élections", "Back to my elections"),
        ),
        election_uid,
        uid,
    };
    Ok(render(&page)?.into_response())
}

/// `GET /vote/{uid}/lists/{list}/profession-de-foi` and `…/logo`: a list's files, for the
/// voters of its election.
///
/// # Errors
/// [`WebError::NotFound`] for a list of another election or without that file.
pub async fn list_file(
    State(state): State<Shared>,
    voting: Voting,
    Path((_, list_id, file)): Path<(String, i64, String)>,
) -> Result<Response, WebError> {
    let registry = &state.stores.registry;
    let list = registry.list(list_id).await?;
    if !voting.elections.iter().any(|e| e.id == list.election_id) {
        return Err(WebError::NotFound);
    }
    let (content_type, bytes) = match file.as_str() {
        "profession-de-foi.pdf" => (
            "application/pdf".to_owned(),
            registry.profession_de_foi(list_id).await?.content,
        ),
        "logo" => {
            let logo = registry.logo(list_id).await?;
            (list.logo_type.unwrap_or_default(), logo.content)
        }
        _ => return Err(WebError::NotFound),
    };
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (
                axum::http::header::CACHE_CONTROL,
                "private, max-age=3600".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}

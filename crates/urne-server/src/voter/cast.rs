//! Casting a ballot, exactly once (DESIGN.md §3).
//!
//! The server checks, in order: the voter's session, the CSRF token, that voting is open now
//! (stored schedule and state), that the election is the voter's and not yet in their
//! émargement, that the ballot decodes, that its credential is in the election's list, and its
//! proofs and signature. It then writes the ballot box (idempotent per credential), then the
//! émargement (idempotent per voter and election), and answers with a signed receipt.
//!
//! A retried cast (the same ballot again, or a new one after the server died between the two
//! writes) finds the credential's ballot already in the box: the first ballot is the one that
//! counts, the émargement is completed, and the voter gets the receipt of that first ballot.
//! Nothing here is logged with the voter: no line links a voter to a ballot.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;
use urne_crypto::ballot::tracker_of;
use urne_crypto::EncryptedBallot;
use urne_store::ballot_box::Stored;
use urne_store::{Conflict, StoreError};

use super::ballots::{election_ballot, gate, Gate};
use super::booth::{election_title, Voting};
use super::receipt::{sign_receipt, ReceiptView};
use super::{check_csrf, csrf_of};
use crate::app::Shared;
use crate::auth::see_other;
use crate::error::WebError;
use crate::i18n::{Lang, PageCtx, Tr};
use crate::pages::render;

/// The cast form: the CSRF token and the encoded ballot, in hex.
#[derive(Deserialize)]
pub struct CastForm {
    csrf: String,
    #[serde(default)]
    ballot: String,
}

#[derive(Template)]
#[template(path = "voter_done.html")]
struct DonePage {
    ctx: PageCtx,
    uid: String,
    csrf: String,
    /// Whether this request recorded the vote (false: it had been recorded before).
    fresh: bool,
    receipts: Vec<ReceiptView>,
    receipts_json: String,
    next: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "voter_refused.html")]
struct RefusedPage {
    ctx: PageCtx,
    uid: String,
    election_uid: String,
    reason: String,
}

/// Why a ballot is refused, for the voter (the precise check goes to the log, without the
/// voter).
fn refused(lang: Lang, uid: &str, election_uid: &str, why: &str) -> Result<Response, WebError> {
    crate::log::line(&format!("cast refused in election {election_uid}: {why}"));
    let page = RefusedPage {
        ctx: PageCtx::anonymous(lang, format!("/vote/{uid}/elections/{election_uid}")),
        uid: uid.to_owned(),
        election_uid: election_uid.to_owned(),
        reason: Tr(lang)
            .t(
                "Votre bulletin n'a pas pu être vérifié : il n'a pas été enregistré, et vous pouvez voter à nouveau.",
                "Your ballot could not be verified: it was not recorded, and you can vote again.",
            )
            .to_owned(),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// `POST /vote/{uid}/elections/{election}/cast`.
///
/// # Errors
/// [`WebError::Csrf`], [`WebError::NotFound`] for an election that is not the voter's, store
/// errors.
pub async fn cast(
    State(state): State<Shared>,
    lang: Lang,
    voting: Voting,
    Path((uid, election_uid)): Path<(String, String)>,
    Form(form): Form<CastForm>,
) -> Result<Response, WebError> {
    check_csrf(&state, &voting.token, &form.csrf)?;
    let (_, election) = voting.election(&election_uid)?;
    let registry = &state.stores.registry;
    // Closed, suspended or not yet open: the summary says which, and nothing is stored.
    let summary = format!("/vote/{uid}/elections");
    if gate(&state, &voting.scrutin) != Gate::Open {
        return see_other(&summary, None);
    }
    if registry.has_voted(voting.voter_id, election.id).await? {
        return see_other(&summary, None);
    }
    let Some(context) = election_ballot(&state, &voting.scrutin, &election_uid).await? else {
        return see_other(&summary, None);
    };
    let Ok(bytes) = hex::decode(form.ballot.trim()) else {
        return refused(lang, &uid, &election_uid, "not hex");
    };
    let ballot = match EncryptedBallot::from_bytes(&context.ctx.shape, &bytes) {
        Ok(ballot) => ballot,
        Err(error) => return refused(lang, &uid, &election_uid, &error.to_string()),
    };
    let credential = ballot.credential().to_bytes();
    let ballot_box = &state.stores.ballot_box;
    if !ballot_box
        .has_credential(&election_uid, &credential)
        .await?
    {
        return refused(lang, &uid, &election_uid, "credential not in the list");
    }
    let checked = {
        let context = context.clone();
        tokio::task::spawn_blocking(move || {
            ballot.verify_vartime(&context.ctx, &mut rand::rngs::OsRng)
        })
        .await
        .map_err(|e| WebError::Internal(format!("verification task: {e}")))?
    };
    if let Err(error) = checked {
        return refused(lang, &uid, &election_uid, &error.to_string());
    }
    let mut tracker = tracker_of(&bytes);
    let fresh = match ballot_box
        .store_ballot(&election_uid, &credential, &bytes, &tracker)
        .await
    {
        Ok(Stored::Added) => true,
        Ok(Stored::AlreadyThere) => false,
        // The credential cast another ballot before (the émargement was not written then):
        // that first ballot is the one that counts.
        Err(StoreError::Conflict(Conflict::OtherBallot)) => {
            let (_, first) = ballot_box
                .ballot(&election_uid, &credential)
                .await?
                .ok_or(WebError::Internal("ballot vanished".to_owned()))?;
            tracker = first
                .try_into()
                .map_err(|_| WebError::Internal("tracker length".to_owned()))?;
            false
        }
        Err(error) => return Err(error.into()),
    };
    if state.crash_after_ballot {
        std::process::abort();
    }
    let now = state.now();
    registry
        .record_emargement(voting.voter_id, election.id, now)
        .await?;
    let title = election_title(&state, election, Tr(lang)).await?;
    let signed = sign_receipt(&state, &voting.scrutin, &election_uid, &tracker, now);
    // Chaining (Annex 1 §2.3): the first of the voter's other elections not voted yet.
    let marks = registry
        .emargements_of(voting.voter_id, voting.scrutin.id)
        .await?;
    let next = match voting
        .elections
        .iter()
        .find(|e| e.id != election.id && !marks.iter().any(|(id, _)| *id == e.id))
    {
        Some(e) => Some((
            e.election_uid.clone(),
            election_title(&state, e, Tr(lang)).await?,
        )),
        None => None,
    };
    let page = DonePage {
        ctx: PageCtx::anonymous(lang, format!("/vote/{uid}/elections")),
        csrf: csrf_of(&state, &voting.token),
        fresh,
        receipts_json: super::receipt::receipts_json(std::slice::from_ref(&signed)),
        receipts: vec![ReceiptView::new(&signed, title, lang)],
        next,
        uid,
    };
    Ok(render(&page)?.into_response())
}

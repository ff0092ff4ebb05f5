//! The hotline's pages (Article 9.3, level 2): the queue of requests voters filed, and for
//! each the voters it may be (same name and birth date) and the decision the operator takes
//! after calling the voter back: a new identifiant by SMS or e-mail to what the voter gave,
//! passwords by e-mail, a reset of the declared mobile, or a refusal. An information e-mail
//! goes to the voter's professional address; every decision goes to the hotline journal. The
//! operator never sees a code.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use urne_access::factors::normalise_mobile;
use urne_access::messages::{self, HotlineAction};
use urne_rules::date::Date;
use urne_store::registry::{HotlineRequest, JournalEntry, JournalKind, Role};

use super::{bad, journal_in, render};
use crate::app::Shared;
use crate::auth::{see_other, Staff};
use crate::clock::format_paris;
use crate::delivery::{self, masked};
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::issuance::replace_credential;
use crate::voter::recovery::matching_electors;

/// Who works the queue.
pub const HOTLINE: &[Role] = &[Role::Hotline, Role::Organisateur];

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/hotline", get(queue))
        .route("/hotline/{id}", get(request_page).post(decide))
}

#[derive(Template)]
#[template(path = "hotline_queue.html")]
struct QueuePage {
    ctx: PageCtx,
    requests: Vec<HotlineRequest>,
    journal: Vec<(String, JournalEntry)>,
    scrutins: Vec<(i64, String)>,
}

struct Candidate {
    id: i64,
    matricule: String,
    name: String,
    place: String,
    has_email: bool,
}

#[derive(Template)]
#[template(path = "hotline_request.html")]
struct RequestPage {
    ctx: PageCtx,
    request: HotlineRequest,
    candidates: Vec<Candidate>,
}

/// `GET /hotline`.
///
/// # Errors
/// [`WebError::Forbidden`] for other roles.
pub async fn queue(State(state): State<Shared>, staff: Staff) -> Result<Response, WebError> {
    staff.require(HOTLINE)?;
    let registry = &state.stores.registry;
    let page = QueuePage {
        ctx: staff.ctx("/hotline"),
        requests: registry.hotline_requests().await?,
        scrutins: registry
            .scrutins()
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect(),
        journal: registry
            .journal_entries(JournalKind::Hotline, 1000)
            .await?
            .into_iter()
            .map(|e| {
                let at = jiff::Timestamp::from_second(e.at).unwrap_or_default();
                (format_paris(at, staff.lang), e)
            })
            .collect(),
    };
    Ok(render(&page)?.into_response())
}

/// `GET /hotline/{id}`.
///
/// # Errors
/// [`WebError::NotFound`], [`WebError::Forbidden`].
pub async fn request_page(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    staff.require(HOTLINE)?;
    let registry = &state.stores.registry;
    let request = registry.hotline_request(id).await?;
    let mut candidates = Vec::new();
    if let Some(born) = Date::parse(&request.request.birth_date) {
        let found = matching_electors(
            &state,
            request.request.scrutin_id,
            &request.request.last_name,
            &request.request.first_name,
            born,
        )
        .await?;
        for stored in found {
            let v = &stored.voter;
            candidates.push(Candidate {
                id: stored.id,
                matricule: v.matricule.clone(),
                name: format!("{} {}", v.last_name, v.first_name),
                place: format!("{} / {}", v.establishment, v.college),
                has_email: v.professional_email.is_some(),
            });
        }
    }
    let page = RequestPage {
        ctx: staff.ctx(format!("/hotline/{id}")),
        request,
        candidates,
    };
    Ok(render(&page)?.into_response())
}

/// The decision form.
#[derive(Deserialize)]
pub struct DecisionForm {
    csrf: String,
    action: String,
    #[serde(default)]
    voter: Option<i64>,
    #[serde(default)]
    note: String,
}

/// `POST /hotline/{id}`: carries out and records the decision.
///
/// # Errors
/// [`WebError::BadRequest`] for a decision that cannot be carried out (no voter chosen, a
/// number that is not a mobile); [`WebError::Forbidden`].
pub async fn decide(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, WebError> {
    staff.require(HOTLINE)?;
    staff.check_csrf(&state, &form.csrf)?;
    let registry = &state.stores.registry;
    let request = registry.hotline_request(id).await?;
    if request.status != "open" {
        // Checked before anything is sent; the store checks again when recording.
        return Err(urne_store::StoreError::Conflict(urne_store::Conflict::AlreadyDecided).into());
    }
    let now = state.now();
    let operator = staff.account.login.clone();
    if form.action == "refuse" {
        registry
            .decide_hotline_request(id, None, &operator, form.note.trim(), now)
            .await?;
        journal_in(
            &state,
            JournalKind::Hotline,
            &staff,
            "demande refusée / request refused",
            &format!("demande n° {id}"),
        )
        .await?;
        return see_other("/hotline", None);
    }
    let voter_id = form.voter.ok_or_else(|| {
        bad(
            "Choisissez l'électeur dont vous avez vérifié l'identité.",
            "Choose the voter whose identity you checked.",
        )
    })?;
    let scrutin = registry.scrutin(request.request.scrutin_id).await?;
    let voter = registry.voter(voter_id).await?.voter;
    let ctx = delivery::context(&state, &scrutin).await?;
    let (action, sent_to) = match form.action.as_str() {
        "identifiant_sms" => {
            let number = normalise_mobile(&request.request.phone).map_err(|_| {
                bad(
                    "Le numéro donné n'est pas un mobile : envoyez par e-mail.",
                    "The number given is not a mobile: send by e-mail.",
                )
            })?;
            let code = replace_credential(&state.stores, &scrutin, voter_id, now).await?;
            let outcome = state
                .delivery
                .sms(&number, &messages::new_identifiant_sms(&code.code))
                .await;
            drop(code);
            outcome.map_err(|e| WebError::Internal(format!("SMS: {e}")))?;
            (HotlineAction::IdentifiantBySms, masked(false, &number))
        }
        "identifiant_email" => {
            let email = request.request.email.clone();
            let code = replace_credential(&state.stores, &scrutin, voter_id, now).await?;
            let text = messages::new_identifiant_email(&ctx, &code.code);
            drop(code);
            state
                .delivery
                .email(&email, &text)
                .await
                .map_err(|e| WebError::Internal(format!("e-mail: {e}")))?;
            (HotlineAction::IdentifiantByEmail, masked(true, &email))
        }
        "password_email" => {
            registry
                .set_password_email(scrutin.id, voter_id, &request.request.email)
                .await?;
            (
                HotlineAction::PasswordByEmail,
                masked(true, &request.request.email),
            )
        }
        "phone_reset" => {
            registry.reset_declared_phone(scrutin.id, voter_id).await?;
            (HotlineAction::PhoneReset, String::new())
        }
        _ => return Err(bad("Décision inconnue.", "Unknown decision.")),
    };
    registry
        .decide_hotline_request(id, Some(voter_id), &operator, form.note.trim(), now)
        .await?;
    if let Some(professional) = &voter.professional_email {
        let text = messages::hotline_information(&ctx, action);
        if let Err(error) = state.delivery.email(professional, &text).await {
            crate::log::line(&format!(
                "information e-mail to {} not sent: {error}",
                masked(true, professional)
            ));
        }
    }
    journal_in(
        &state,
        JournalKind::Hotline,
        &staff,
        &format!("demande validée / request validated: {}", form.action),
        &format!(
            "demande n° {id} ; matricule {} ; {sent_to}",
            voter.matricule
        ),
    )
    .await?;
    see_other("/hotline", None)
}

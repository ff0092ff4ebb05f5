//! Getting codes again (Article 9.3). Level 1, self-service: a voter who gives their name,
//! birth date, social-security key and badge digits gets a new identifiant at their
//! professional address; the old one is revoked, and both are counted (the registry's codes by
//! origin, the public record's credential events). Level 2: a contact form whose requests queue
//! for the hotline ([`crate::pages::hotline`]).
//!
//! Both answer the same whatever happened, so neither tells whether someone is a voter; both
//! count every request against the address, and a level-1 mismatch against the voter's code.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;
use urne_access::messages;
use urne_rules::date::Date;
use urne_setup::candidacy::is_person;
use urne_setup::challenge::{verify_badge, verify_ss_key};
use urne_store::registry::{JournalKind, NewHotlineRequest, StoredVoter};

use super::login::{CODE_LOCK_SECS, MAX_CODE_FAILURES};
use super::{address_key, check_limit, is_open, scrutin};
use crate::app::Shared;
use crate::auth::ClientAddr;
use crate::delivery::{self, masked};
use crate::error::WebError;
use crate::i18n::{Lang, PageCtx};
use crate::issuance::replace_credential;
use crate::pages::render;

#[derive(Template)]
#[template(path = "voter_recovery.html")]
struct RecoveryPage {
    ctx: PageCtx,
    uid: String,
    open: bool,
    done: bool,
    invalid: bool,
}

#[derive(Template)]
#[template(path = "voter_help.html")]
struct HelpPage {
    ctx: PageCtx,
    uid: String,
    filed: Option<i64>,
    invalid: bool,
}

/// `GET /vote/{uid}/recovery`.
///
/// # Errors
/// [`WebError::NotFound`].
pub async fn recovery_page(
    State(state): State<Shared>,
    lang: Lang,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    let scrutin = scrutin(&state, &uid).await?;
    let page = RecoveryPage {
        ctx: PageCtx::anonymous(lang, format!("/vote/{uid}/recovery")),
        open: is_open(&state, &scrutin),
        uid,
        done: false,
        invalid: false,
    };
    Ok(render(&page)?.into_response())
}

/// The level-1 form.
#[derive(Deserialize)]
pub struct RecoveryForm {
    last_name: String,
    first_name: String,
    birth_date: String,
    ss_key: String,
    badge: String,
}

/// The electors of a scrutin named so (case and accents aside) and born that day: whom a
/// recovery request may be about. Also the hotline's list of candidates for a request.
///
/// # Errors
/// [`WebError`] from the store.
pub(crate) async fn matching_electors(
    state: &Shared,
    scrutin_id: i64,
    last_name: &str,
    first_name: &str,
    birth_date: Date,
) -> Result<Vec<StoredVoter>, WebError> {
    let registry = &state.stores.registry;
    let mut found = Vec::new();
    for voter in registry.voters_born_on(birth_date).await? {
        if is_person(&voter.voter, last_name, first_name, birth_date)
            && registry.elector(scrutin_id, voter.id).await?.is_some()
        {
            found.push(voter);
        }
    }
    Ok(found)
}

/// `POST /vote/{uid}/recovery`: level 1.
///
/// # Errors
/// [`WebError::TooManyRequests`] when the address made too many requests.
pub async fn recovery(
    State(state): State<Shared>,
    lang: Lang,
    address: ClientAddr,
    Path(uid): Path<String>,
    Form(form): Form<RecoveryForm>,
) -> Result<Response, WebError> {
    let scrutin = scrutin(&state, &uid).await?;
    let address = address_key(&address);
    check_limit(&state.request_limiter, &state, &address)?;
    let page = |done, invalid| RecoveryPage {
        ctx: PageCtx::anonymous(lang, format!("/vote/{uid}/recovery")),
        open: is_open(&state, &scrutin),
        uid: uid.clone(),
        done,
        invalid,
    };
    let Some(birth_date) = Date::parse(form.birth_date.trim()) else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&page(false, true))?,
        )
            .into_response());
    };
    if !is_open(&state, &scrutin) {
        return Ok(render(&page(false, false))?.into_response());
    }
    state
        .request_limiter
        .record_failure(&address, state.clock.now());
    let registry = &state.stores.registry;
    let now = state.now();
    let found = matching_electors(
        &state,
        scrutin.id,
        &form.last_name,
        &form.first_name,
        birth_date,
    )
    .await?;
    for stored in &found {
        let voter = &stored.voter;
        let factors_ok = voter
            .challenge
            .ss_key
            .is_some_and(|h| verify_ss_key(&state.pepper, &voter.matricule, &form.ss_key, &h))
            && voter
                .challenge
                .badge
                .is_some_and(|h| verify_badge(&state.pepper, &voter.matricule, &form.badge, &h));
        let code = registry.active_access_code(stored.id, scrutin.id).await?;
        let locked = code.as_ref().is_some_and(|c| c.locked_until > now);
        if !factors_ok {
            if let Some(code) = &code {
                registry
                    .record_access_failure(code.id, now, MAX_CODE_FAILURES, CODE_LOCK_SECS)
                    .await?;
            }
            continue;
        }
        let Some(email) = voter.professional_email.clone() else {
            continue;
        };
        if locked {
            continue;
        }
        let new = replace_credential(&state.stores, &scrutin, stored.id, now).await?;
        let ctx = delivery::context(&state, &scrutin).await?;
        let text = messages::new_identifiant_email(&ctx, &new.code);
        let outcome = state.delivery.email(&email, &text).await;
        drop(new);
        let detail = format!(
            "matricule {} ; {} ; {}",
            voter.matricule,
            masked(true, &email),
            if outcome.is_ok() {
                "envoyé / sent"
            } else {
                "échec d'envoi / not sent"
            }
        );
        registry
            .journal(
                JournalKind::Hotline,
                now,
                "libre-service / self-service",
                "nouvel identifiant (niveau 1) / new identifiant (level 1)",
                &detail,
            )
            .await?;
    }
    Ok(render(&page(true, false))?.into_response())
}

/// `GET /vote/{uid}/help`: the level-2 contact form.
///
/// # Errors
/// [`WebError::NotFound`].
pub async fn help_page(
    State(state): State<Shared>,
    lang: Lang,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    scrutin(&state, &uid).await?;
    let page = HelpPage {
        ctx: PageCtx::anonymous(lang, format!("/vote/{uid}/help")),
        uid,
        filed: None,
        invalid: false,
    };
    Ok(render(&page)?.into_response())
}

/// The contact form (Article 9.3, level 2).
#[derive(Deserialize)]
pub struct HelpForm {
    last_name: String,
    first_name: String,
    birth_date: String,
    email: String,
    phone: String,
    subject: String,
    #[serde(default)]
    message: String,
}

/// What a request may be about.
pub const SUBJECTS: [&str; 4] = ["password", "identifiant", "badge", "email"];

/// `POST /vote/{uid}/help`: files the request for the hotline.
///
/// # Errors
/// [`WebError::TooManyRequests`] when the address made too many requests.
pub async fn help(
    State(state): State<Shared>,
    lang: Lang,
    address: ClientAddr,
    Path(uid): Path<String>,
    Form(form): Form<HelpForm>,
) -> Result<Response, WebError> {
    let scrutin = scrutin(&state, &uid).await?;
    let address = address_key(&address);
    check_limit(&state.request_limiter, &state, &address)?;
    let valid = Date::parse(form.birth_date.trim()).is_some()
        && !form.last_name.trim().is_empty()
        && !form.first_name.trim().is_empty()
        && form.email.contains('@')
        && form.phone.chars().filter(char::is_ascii_digit).count() >= 8
        && SUBJECTS.contains(&form.subject.as_str())
        && form.message.len() <= 2000;
    if !valid {
        let page = HelpPage {
            ctx: PageCtx::anonymous(lang, format!("/vote/{uid}/help")),
            uid,
            filed: None,
            invalid: true,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    state
        .request_limiter
        .record_failure(&address, state.clock.now());
    let now = state.now();
    let request = NewHotlineRequest {
        scrutin_id: scrutin.id,
        last_name: form.last_name.trim().to_owned(),
        first_name: form.first_name.trim().to_owned(),
        birth_date: form.birth_date.trim().to_owned(),
        email: form.email.trim().to_owned(),
        phone: form.phone.trim().to_owned(),
        subject: form.subject,
        message: form.message.trim().to_owned(),
    };
    let registry = &state.stores.registry;
    let id = registry.add_hotline_request(&request, now).await?;
    registry
        .journal(
            JournalKind::Hotline,
            now,
            "électeur / voter",
            "demande reçue / request filed",
            &format!("demande n° {id} ({})", request.subject),
        )
        .await?;
    let page = HelpPage {
        ctx: PageCtx::anonymous(lang, format!("/vote/{uid}/help")),
        uid,
        filed: Some(id),
        invalid: false,
    };
    Ok(render(&page)?.into_response())
}

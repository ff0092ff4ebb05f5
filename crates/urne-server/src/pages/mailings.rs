//! What goes to voters by post and e-mail besides their codes: the texts of the programmed
//! communications (edited by the organisateur), and the PND journal (plis non distribués):
//! letters La Poste returned, recorded by the organisateur or the hotline, then re-sent with a
//! new identifiant (the old one revoked), by post (one letter as a PDF) or to the professional
//! e-mail.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use urne_access::messages::{self, Communication};
use urne_store::registry::{CommunicationText, JournalKind, ReturnedLetter, Role};

use super::{attachment, bad, hotline::HOTLINE, journal, journal_in, render, required, ORGANISER};
use crate::app::Shared;
use crate::auth::{see_other, Staff};
use crate::calendar::show;
use crate::delivery::masked;
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::issuance::{letter, letter_batch, replace_credential};

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/admin/scrutins/{id}/communications/{kind}",
            post(set_texts),
        )
        .route(
            "/admin/scrutins/{id}/returned",
            get(returned_page).post(record_returned),
        )
        .route("/admin/returned/{id}/resend", post(resend))
}

/// The texts of one communication.
#[derive(Deserialize)]
pub struct TextsForm {
    csrf: String,
    subject_fr: String,
    body_fr: String,
    subject_en: String,
    body_en: String,
}

/// `POST /admin/scrutins/{id}/communications/{kind}`.
///
/// # Errors
/// [`WebError::BadRequest`] for an empty text or an unknown kind.
pub async fn set_texts(
    State(state): State<Shared>,
    staff: Staff,
    Path((id, kind)): Path<(i64, String)>,
    Form(form): Form<TextsForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let kind = Communication::parse(&kind).ok_or(WebError::NotFound)?;
    let long = |text: &str, fr: &str, en: &str| -> Result<String, WebError> {
        let text = text.trim();
        if text.is_empty() || text.len() > 5000 {
            return Err(bad(
                format!("Le champ « {fr} » est obligatoire (5 000 caractères au plus)."),
                format!("The field \"{en}\" is required (at most 5,000 characters)."),
            ));
        }
        Ok(text.replace("\r\n", "\n"))
    };
    let text = CommunicationText {
        subject_fr: required(&form.subject_fr, "objet", "subject (French)")?,
        body_fr: long(&form.body_fr, "texte", "text (French)")?,
        subject_en: required(&form.subject_en, "objet (anglais)", "subject")?,
        body_en: long(&form.body_en, "texte (anglais)", "text")?,
    };
    state.stores.registry.scrutin(id).await?;
    state
        .stores
        .registry
        .set_communication_text(id, kind.as_str(), &text)
        .await?;
    journal(
        &state,
        &staff,
        "texte de communication modifié / communication text changed",
        kind.as_str(),
    )
    .await?;
    see_other(&format!("/admin/scrutins/{id}/access"), None)
}

#[derive(Template)]
#[template(path = "returned.html")]
struct ReturnedPage {
    ctx: PageCtx,
    back: String,
    scrutin_id: i64,
    scrutin: String,
    returned: Vec<(String, ReturnedLetter)>,
}

/// `GET /admin/scrutins/{id}/returned`: the PND journal of a scrutin, for the organisateur and
/// the hotline.
///
/// # Errors
/// [`WebError::NotFound`], [`WebError::Forbidden`].
pub async fn returned_page(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    staff.require(HOTLINE)?;
    let registry = &state.stores.registry;
    let scrutin = registry.scrutin(id).await?;
    let page = ReturnedPage {
        ctx: staff.ctx(format!("/admin/scrutins/{id}/returned")),
        back: if staff.account.role == Role::Hotline {
            "/hotline".to_owned()
        } else {
            format!("/admin/scrutins/{id}/access")
        },
        scrutin_id: id,
        scrutin: scrutin.name,
        returned: registry
            .returned_letters(id)
            .await?
            .into_iter()
            .map(|r| (show(r.recorded_at, staff.lang), r))
            .collect(),
    };
    Ok(render(&page)?.into_response())
}

/// A returned letter to record.
#[derive(Deserialize)]
pub struct ReturnedForm {
    csrf: String,
    matricule: String,
    #[serde(default)]
    note: String,
}

/// `POST /admin/scrutins/{id}/returned`.
///
/// # Errors
/// [`WebError::NotFound`] for an unknown matricule.
pub async fn record_returned(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<ReturnedForm>,
) -> Result<Response, WebError> {
    staff.require(HOTLINE)?;
    staff.check_csrf(&state, &form.csrf)?;
    let registry = &state.stores.registry;
    registry.scrutin(id).await?;
    let matricule = form.matricule.trim();
    let voter_id = registry.voter_id(matricule).await.map_err(|_| {
        bad(
            format!("Aucun électeur n'a le matricule « {matricule} »."),
            format!("No voter has the employee number \"{matricule}\"."),
        )
    })?;
    let note = form.note.trim();
    registry
        .record_returned_letter(id, voter_id, &staff.account.login, note, state.now())
        .await?;
    journal_in(
        &state,
        JournalKind::Pnd,
        &staff,
        "pli non distribué / returned letter",
        &format!("matricule {matricule} ; {note}"),
    )
    .await?;
    see_other(&format!("/admin/scrutins/{id}/returned"), None)
}

/// How to re-send.
#[derive(Deserialize)]
pub struct ResendForm {
    csrf: String,
    channel: String,
}

/// `POST /admin/returned/{id}/resend`: a new identifiant (the old one revoked), as one letter
/// to print (PDF) or by e-mail to the professional address.
///
/// # Errors
/// [`WebError::BadRequest`] when the voter has no professional e-mail; a conflict when it was
/// already re-sent.
pub async fn resend(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<ResendForm>,
) -> Result<Response, WebError> {
    staff.require(HOTLINE)?;
    staff.check_csrf(&state, &form.csrf)?;
    let registry = &state.stores.registry;
    let (scrutin_id, returned) = registry.returned_letter(id).await?;
    if returned.resent_at.is_some() {
        return Err(urne_store::StoreError::Conflict(urne_store::Conflict::AlreadyDecided).into());
    }
    let scrutin = registry.scrutin(scrutin_id).await?;
    let voter = registry.voter(returned.voter_id).await?.voter;
    let email = voter.professional_email.clone();
    if form.channel == "email" && email.is_none() {
        return Err(bad(
            "Cet électeur n'a pas d'adresse e-mail professionnelle : renvoyez par courrier.",
            "This voter has no professional e-mail address: re-send by post.",
        ));
    }
    let now = state.now();
    let ctx = crate::delivery::context(&state, &scrutin).await?;
    let code = replace_credential(&state.stores, &scrutin, returned.voter_id, now).await?;
    registry
        .mark_letter_resent(id, &staff.account.login, now)
        .await?;
    if let (Some(email), "email") = (email, form.channel.as_str()) {
        let text = messages::new_identifiant_email(&ctx, &code.code);
        drop(code);
        state
            .delivery
            .email(&email, &text)
            .await
            .map_err(|e| WebError::Internal(format!("e-mail: {e}")))?;
        journal_in(
            &state,
            JournalKind::Pnd,
            &staff,
            "renvoi par e-mail / re-sent by e-mail",
            &format!("matricule {} ; {}", voter.matricule, masked(true, &email)),
        )
        .await?;
        return see_other(&format!("/admin/scrutins/{scrutin_id}/returned"), None);
    }
    let letters = vec![letter(&voter, &code.code)];
    drop(code);
    let batch = letter_batch(&ctx, true);
    let pdf = urne_letters::render(&batch, &letters, &mut |_, _| {});
    journal_in(
        &state,
        JournalKind::Pnd,
        &staff,
        "renvoi par courrier / re-sent by post",
        &format!("matricule {}", voter.matricule),
    )
    .await?;
    Ok(attachment(
        "application/pdf",
        &format!("courrier-{}.pdf", voter.matricule),
        pdf,
    ))
}

//! The organisateur's access page of a scrutin: the challenge asked at login, the codes issued
//! (by origin, active and revoked, in the registry; the public keys by origin, per election, in
//! the ballot box), and the two ways to issue them: by urne (the letters come back as one PDF to
//! print, voters abroad get an e-mail) or by an offline credential authority (export the
//! electors, upload its two public files).

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use urne_access::authority::{check_upload, read_registry_file, CredentialList};
use urne_access::factors::channels;
use urne_access::messages;
use urne_store::registry::{ChallengeKind, CodeOrigin, CommunicationRun};

use super::{attachment, bad, journal, render, ORGANISER};
use crate::app::Shared;
use crate::auth::{see_other, Staff};
use crate::calendar::show;
use crate::communications;
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::issuance::{
    authority_export, import_authority, issue_credentials, letter, letter_batch,
};

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/admin/scrutins/{id}/access", get(access_page))
        .route("/admin/scrutins/{id}/challenge", post(set_challenge))
        .route("/admin/scrutins/{id}/credentials/export", get(export))
        .route("/admin/scrutins/{id}/credentials/import", post(import))
        .route("/admin/scrutins/{id}/credentials/issue", post(issue))
}

/// A count row: origin label, active, revoked.
pub struct CountRow {
    label: (&'static str, &'static str),
    active: u64,
    revoked: u64,
}

/// One election's public credential count.
pub struct KeyRow {
    election: String,
    counts: String,
}

/// One programmed communication, with its texts.
pub struct CommunicationRow {
    kind: &'static str,
    label: (&'static str, &'static str),
    subject_fr: String,
    body_fr: String,
    subject_en: String,
    body_en: String,
}

#[derive(Template)]
#[template(path = "access.html")]
struct AccessPage {
    ctx: PageCtx,
    scrutin_id: i64,
    scrutin: String,
    challenge: &'static str,
    electors: usize,
    codes: Vec<CountRow>,
    keys: Vec<KeyRow>,
    communications: Vec<CommunicationRow>,
    runs: Vec<(String, CommunicationRun)>,
}

fn origin_label(origin: &str) -> (&'static str, &'static str) {
    match CodeOrigin::parse(origin) {
        Some(CodeOrigin::Server) => ("Émis par urne", "Issued by urne"),
        Some(CodeOrigin::Authority) => ("Autorité indépendante", "Independent authority"),
        _ => (
            "Remplacements (restitution, PND)",
            "Replacements (recovery, returned letters)",
        ),
    }
}

/// `GET /admin/scrutins/{id}/access`.
///
/// # Errors
/// [`WebError::NotFound`], [`WebError::Forbidden`].
pub async fn access_page(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    let registry = &state.stores.registry;
    let scrutin = registry.scrutin(id).await?;
    let codes = registry
        .access_code_counts(id)
        .await?
        .into_iter()
        .map(|(origin, (active, revoked))| CountRow {
            label: origin_label(origin),
            active,
            revoked,
        })
        .collect();
    let mut keys = Vec::new();
    for election in registry.elections(id).await? {
        let (establishment, college, _) = registry.election_names(election.id).await?;
        let counts = state
            .stores
            .ballot_box
            .credential_counts(&election.election_uid)
            .await?;
        let total: u64 = counts.values().sum();
        let detail: Vec<String> = counts.iter().map(|(o, n)| format!("{o}: {n}")).collect();
        keys.push(KeyRow {
            election: format!("{establishment} — {college} — {}", election.body.as_str()),
            counts: format!("{total} ({})", detail.join(", ")),
        });
    }
    let mut communications = Vec::new();
    for kind in messages::Communication::ALL {
        let texts = communications::texts(&state, id, kind).await?;
        communications.push(CommunicationRow {
            kind: kind.as_str(),
            label: match kind {
                messages::Communication::Opening => ("À l'ouverture", "At opening"),
                messages::Communication::Reminder => {
                    ("Rappel quotidien (8 h)", "Daily reminder (8 am)")
                }
                messages::Communication::Closing => ("Veille de la clôture", "Day before closing"),
            },
            subject_fr: texts.subject_fr,
            body_fr: texts.body_fr,
            subject_en: texts.subject_en,
            body_en: texts.body_en,
        });
    }
    let page = AccessPage {
        ctx: staff.ctx(format!("/admin/scrutins/{id}/access")),
        scrutin_id: id,
        scrutin: scrutin.name,
        challenge: registry.scrutin_challenge(id).await?.as_str(),
        electors: registry.scrutin_electors(id).await?.len(),
        codes,
        keys,
        communications,
        runs: registry
            .communication_runs(id)
            .await?
            .into_iter()
            .map(|r| (show(r.started_at, staff.lang), r))
            .collect(),
    };
    Ok(render(&page)?.into_response())
}

/// The challenge form.
#[derive(Deserialize)]
pub struct ChallengeForm {
    csrf: String,
    challenge: String,
}

/// `POST /admin/scrutins/{id}/challenge`.
///
/// # Errors
/// [`WebError::BadRequest`] for an unknown challenge.
pub async fn set_challenge(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<ChallengeForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let kind = ChallengeKind::parse(&form.challenge)
        .ok_or_else(|| bad("Défi inconnu.", "Unknown challenge."))?;
    state.stores.registry.require_setup(id).await?;
    state
        .stores
        .registry
        .set_scrutin_challenge(id, kind)
        .await?;
    journal(
        &state,
        &staff,
        "défi choisi / challenge chosen",
        kind.as_str(),
    )
    .await?;
    see_other(&format!("/admin/scrutins/{id}/access"), None)
}

/// `GET /admin/scrutins/{id}/credentials/export`: the electors, for an offline authority.
///
/// # Errors
/// [`WebError::Forbidden`].
pub async fn export(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    let scrutin = state.stores.registry.scrutin(id).await?;
    let ctx = crate::delivery::context(&state, &scrutin).await?;
    let export = authority_export(&state.stores, &scrutin, ctx).await?;
    let json = serde_json::to_vec_pretty(&export)
        .map_err(|e| WebError::Internal(format!("export: {e}")))?;
    journal(
        &state,
        &staff,
        "électeurs exportés pour l'autorité / electors exported",
        &format!("{}", export.voters.len()),
    )
    .await?;
    Ok(attachment(
        "application/json",
        &format!("{}-electeurs.json", scrutin.record_uid),
        json,
    ))
}

/// `POST /admin/scrutins/{id}/credentials/import`: the authority's `registry.csv` and
/// `ballot-box.json`, checked against the electors; nothing is stored if any check fails.
///
/// # Errors
/// [`WebError::BadRequest`] listing every problem.
pub async fn import(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    let incomplete = || bad("Envoi incomplet.", "Incomplete upload.");
    let (mut csrf, mut registry_csv, mut list_json) = (String::new(), String::new(), Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(|_| incomplete())? {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|_| incomplete())?;
        match name.as_str() {
            "csrf" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "registry" => registry_csv = String::from_utf8_lossy(&bytes).into_owned(),
            "ballot_box" => list_json = bytes.to_vec(),
            _ => {}
        }
    }
    staff.check_csrf(&state, &csrf)?;
    let registry = &state.stores.registry;
    let scrutin = registry.scrutin(id).await?;
    let list: CredentialList = serde_json::from_slice(&list_json).map_err(|e| {
        bad(
            format!(
                "ballot-box.json, ligne {}, colonne {} : JSON illisible ({e}).",
                e.line(),
                e.column()
            ),
            format!(
                "ballot-box.json, line {}, column {}: unreadable JSON ({e}).",
                e.line(),
                e.column()
            ),
        )
    })?;
    let electors: std::collections::BTreeMap<String, Vec<String>> = registry
        .scrutin_elector_voters(id)
        .await?
        .into_iter()
        .map(|(e, v)| (v.voter.matricule, e.elections))
        .collect();
    let checked = read_registry_file("registry.csv", &registry_csv).and_then(|rows| {
        check_upload(
            &scrutin.record_uid,
            &electors,
            ("registry.csv", rows),
            ("ballot-box.json", &list),
        )
    });
    let upload = checked.map_err(|problems| {
        let fr: Vec<String> = problems
            .iter()
            .map(|p| format!("{}, ligne {}, {} : {}", p.file, p.line, p.field, p.fr))
            .collect();
        let en: Vec<String> = problems.iter().map(ToString::to_string).collect();
        bad(
            format!("Rien n'a été enregistré. {}", fr.join(" ; ")),
            format!("Nothing was stored. {}", en.join("; ")),
        )
    })?;
    let n = import_authority(&state.stores, &scrutin, &upload, state.now()).await?;
    journal(
        &state,
        &staff,
        "identifiants importés (autorité) / credentials imported (authority)",
        &n.to_string(),
    )
    .await?;
    see_other(&format!("/admin/scrutins/{id}/access"), None)
}

/// The issue form: only the CSRF token.
#[derive(Deserialize)]
pub struct IssueForm {
    csrf: String,
}

/// `POST /admin/scrutins/{id}/credentials/issue`: urne draws every elector's code, e-mails the
/// voters abroad and answers with the letters of the others, as one PDF to print. Earlier codes
/// are revoked. The codes exist only in this response and the e-mails.
///
/// # Errors
/// [`WebError::Forbidden`].
pub async fn issue(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<IssueForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let registry = &state.stores.registry;
    let scrutin = registry.scrutin(id).await?;
    let ctx = crate::delivery::context(&state, &scrutin).await?;
    let (electors, voters): (Vec<_>, Vec<_>) = registry
        .scrutin_elector_voters(id)
        .await?
        .into_iter()
        .unzip();
    let codes = issue_credentials(
        &state.stores,
        &scrutin,
        &electors,
        CodeOrigin::Server,
        state.now(),
        |_| {},
    )
    .await?;
    let (mut letters, mut emailed, mut failed) = (Vec::new(), 0, 0);
    for ((_, code), stored) in codes.iter().zip(&voters) {
        let voter = &stored.voter;
        let by_email = channels(&voter.address.country, true).identifiant_by_email;
        match voter.professional_email.as_deref().filter(|_| by_email) {
            Some(email) => match state
                .delivery
                .email(email, &messages::identifiant_email(&ctx, &code.code))
                .await
            {
                Ok(()) => emailed += 1,
                Err(_) => failed += 1,
            },
            None => letters.push(letter(voter, &code.code)),
        }
    }
    drop(codes);
    let batch = letter_batch(&ctx, true);
    let pdf =
        tokio::task::spawn_blocking(move || urne_letters::render(&batch, &letters, &mut |_, _| {}))
            .await
            .map_err(|e| WebError::Internal(format!("letters: {e}")))?;
    journal(
        &state,
        &staff,
        "identifiants émis par urne / credentials issued by urne",
        &format!(
            "{} électeurs / electors, {emailed} e-mails, {failed} échecs / failed",
            electors.len()
        ),
    )
    .await?;
    Ok(attachment(
        "application/pdf",
        &format!("{}-courriers.pdf", scrutin.record_uid),
        pdf,
    ))
}

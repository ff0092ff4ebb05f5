//! Sealing and seal control (Article 9.8, DESIGN.md §5): after the scrutin à blanc the BVC takes
//! the seal (the fingerprint of the running binary, the static assets, the manifests and the
//! configuration), which goes to the record; then the scrutin opens at its programmed time.
//! Every role may compare, at any time, the fingerprint recomputed now with the sealed one.

use std::sync::OnceLock;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use urne_record::kind;
use urne_record::manifest::Manifest;
use urne_record::seal::{manifests_part, sha256_hex, Seal};
use urne_store::registry::{Scrutin, ScrutinStatus};

use super::{event, posted, scrutin};
use crate::app::{AppState, Shared};
use crate::auth::{see_other, CsrfForm, Staff};
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::pages::{bad, render};
use crate::rights::Right;

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new().route("/bureau/{uid}/seal", get(page).post(take))
}

/// SHA-256 of the running binary, read once.
fn binary_hash() -> Result<String, WebError> {
    static HASH: OnceLock<Result<String, String>> = OnceLock::new();
    HASH.get_or_init(|| {
        let path = std::env::current_exe().map_err(|e| e.to_string())?;
        std::fs::read(&path)
            .map(|bytes| sha256_hex(&bytes))
            .map_err(|e| format!("{}: {e}", path.display()))
    })
    .clone()
    .map_err(|e| WebError::Internal(format!("cannot read the server binary: {e}")))
}

/// The configuration voters and the bureau rely on, as canonical text.
fn configuration(state: &AppState) -> String {
    format!(
        "public_origin={}\nhttps={}\nhotline={}\ndemo_outbox={}\nsms_communications={}\n",
        state.public_origin,
        state.https,
        state.hotline.as_deref().unwrap_or(""),
        state.show_outbox,
        state.sms_communications
    )
}

/// The seal of `scrutin` as computed now.
///
/// # Errors
/// The binary cannot be read; a stored manifest is malformed.
pub async fn current(state: &AppState, scrutin: &Scrutin) -> Result<Seal, WebError> {
    let fingerprints = state
        .stores
        .ballot_box
        .event_payloads(&scrutin.record_uid, kind::MANIFEST)
        .await?
        .iter()
        .map(|bytes| Manifest::from_bytes(bytes).map(|m| m.fingerprint()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| WebError::Internal(format!("manifest: {e}")))?;
    Ok(Seal::new(
        binary_hash()?,
        crate::assets::fingerprint(),
        manifests_part(&fingerprints),
        sha256_hex(configuration(state).as_bytes()),
    ))
}

/// The seal in the record, if taken.
///
/// # Errors
/// Store errors; a malformed stored seal.
pub async fn sealed(state: &AppState, scrutin: &Scrutin) -> Result<Option<Seal>, WebError> {
    state
        .stores
        .ballot_box
        .event_payloads(&scrutin.record_uid, kind::SEAL)
        .await?
        .first()
        .map(|bytes| Seal::from_bytes(bytes).map_err(|e| WebError::Internal(format!("seal: {e}"))))
        .transpose()
}

#[derive(Template)]
#[template(path = "bureau_seal.html")]
struct SealPage {
    ctx: PageCtx,
    uid: String,
    name: String,
    current: Seal,
    sealed: Option<Seal>,
    can_seal: bool,
}

impl SealPage {
    fn matches(&self) -> bool {
        self.sealed.as_ref() == Some(&self.current)
    }
}

async fn page(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Seal)?;
    let scrutin = scrutin(&state, &uid).await?;
    let page = SealPage {
        ctx: staff.ctx(format!("/bureau/{uid}/seal")),
        current: current(&state, &scrutin).await?,
        sealed: sealed(&state, &scrutin).await?,
        can_seal: staff.has_right(Right::Keys) && scrutin.status == ScrutinStatus::Keyed,
        name: scrutin.name,
        uid,
    };
    Ok(render(&page)?.into_response())
}

async fn take(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    let scrutin = posted(&state, &staff, Right::Keys, &form.csrf, &uid).await?;
    if scrutin.status != ScrutinStatus::Keyed {
        return Err(bad(
            "Le scellement se prend une fois la clé générée, avant l'ouverture.",
            "The seal is taken once the key is generated, before the opening.",
        ));
    }
    if !matches!(
        crate::blanc::stage(&state, &scrutin).await?,
        crate::blanc::Stage::Reset(_)
    ) {
        return Err(bad(
            "Le scellement suit le scrutin à blanc, dépouillé puis remis à zéro (article 9.8).",
            "The seal follows the test vote, counted then reset (Article 9.8).",
        ));
    }
    let seal = current(&state, &scrutin).await?;
    state
        .stores
        .ballot_box
        .append_event(&scrutin.record_uid, kind::SEAL, &seal.to_bytes())
        .await?;
    state
        .stores
        .registry
        .set_scrutin_status(scrutin.id, ScrutinStatus::Sealed)
        .await?;
    event(
        &state,
        &staff,
        &scrutin,
        "scellement / seal",
        &seal.fingerprint,
    )
    .await?;
    see_other(&format!("/bureau/{uid}/seal"), None)
}

//! The key ceremony's pages (Article 9.9): the BVC's page, where each member's browser draws
//! and confirms their séquence secrète and runs the four steps with `urne-wasm`
//! (`static/ceremony.js`), and the bulletin board it talks to: `board.json` (every published
//! message) and one POST per step. Starting the ceremony freezes the set-up.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use serde_json::json;
use urne_store::registry::ScrutinStatus;

use super::{event, member_index, posted, scrutin};
use crate::app::Shared;
use crate::auth::{see_other, CsrfForm, Staff};
use crate::ceremony::{self, CeremonyError, Published, Step};
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::pages::{bad, render};
use crate::rights::Right;

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/bureau/{uid}/ceremony", get(page))
        .route("/bureau/{uid}/ceremony/start", post(start))
        .route("/bureau/{uid}/ceremony/board.json", get(board_json))
        .route("/bureau/{uid}/ceremony/{step}", post(publish))
}

/// A refused ceremony action, as the member reads it.
fn refused(error: &CeremonyError) -> WebError {
    bad(
        format!("Étape refusée : {error}."),
        format!("Step refused: {error}."),
    )
}

#[derive(Template)]
#[template(path = "bureau_ceremony.html")]
struct CeremonyPage {
    ctx: PageCtx,
    uid: String,
    name: String,
    status: ScrutinStatus,
    member: Option<u32>,
    members: u32,
    threshold: u32,
    progress: Vec<(&'static str, &'static str, usize)>,
    can_start: bool,
}

async fn page(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Seal)?;
    let scrutin = scrutin(&state, &uid).await?;
    let board = ceremony::board(&state, &scrutin)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let names = [
        ("Annonces", "Announcements"),
        ("Distributions", "Dealings"),
        ("Réclamations", "Complaints"),
        ("Confirmations", "Confirmations"),
    ];
    let progress = Step::ALL
        .iter()
        .zip(names)
        .map(|(step, (fr, en))| {
            let done = board.as_ref().map_or(0, |b| b.published(*step).count());
            (fr, en, done)
        })
        .collect();
    let bureau = state.stores.registry.bureau_members(scrutin.id).await?;
    let page = CeremonyPage {
        ctx: staff.ctx(format!("/bureau/{uid}/ceremony")),
        member: member_index(&state, &scrutin, &staff).await?,
        members: board
            .as_ref()
            .map_or(bureau.len() as u32, |b| b.setup.members),
        threshold: scrutin.threshold,
        progress,
        can_start: staff.has_right(Right::Keys) && scrutin.status == ScrutinStatus::Setup,
        status: scrutin.status,
        name: scrutin.name,
        uid,
    };
    Ok(render(&page)?.into_response())
}

async fn start(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    let scrutin = posted(&state, &staff, Right::Keys, &form.csrf, &uid).await?;
    let setup = ceremony::start(&state, &scrutin)
        .await
        .map_err(|e| refused(&e))?;
    let detail = format!(
        "{} membres, seuil {}, contexte {}",
        setup.members, setup.threshold, setup.context
    );
    event(
        &state,
        &staff,
        &scrutin,
        "cérémonie des clés ouverte / key ceremony opened",
        &detail,
    )
    .await?;
    see_other(&format!("/bureau/{uid}/ceremony"), None)
}

async fn board_json(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Seal)?;
    let scrutin = scrutin(&state, &uid).await?;
    let board = ceremony::board(&state, &scrutin)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .ok_or(WebError::NotFound)?;
    let me = member_index(&state, &scrutin, &staff).await?;
    let published: Vec<Vec<bool>> = board
        .messages
        .iter()
        .map(|step| step.iter().map(Option::is_some).collect())
        .collect();
    let body = json!({
        "context": board.setup.context,
        "members": board.setup.members,
        "threshold": board.setup.threshold,
        "me": me,
        "status": scrutin.status.as_str(),
        "published": published,
        "announcements": board.step_json(Step::Announcement),
        "dealings": board.step_json(Step::Dealing),
        "complaints": board.step_json(Step::Complaints),
    });
    Ok(crate::pages::json(&body))
}

#[derive(Deserialize)]
struct MessageForm {
    csrf: String,
    message: String,
}

async fn publish(
    State(state): State<Shared>,
    staff: Staff,
    Path((uid, step)): Path<(String, String)>,
    Form(form): Form<MessageForm>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Keys)?;
    staff.check_csrf(&state, &form.csrf)?;
    let step = Step::parse(&step).ok_or(WebError::NotFound)?;
    let scrutin = scrutin(&state, &uid).await?;
    let member = member_index(&state, &scrutin, &staff)
        .await?
        .ok_or(WebError::Forbidden)?;
    let published = ceremony::publish(&state, &scrutin, member, step, &form.message)
        .await
        .map_err(|e| refused(&e))?;
    let detail = format!("membre {member}, {}", step.name());
    event(
        &state,
        &staff,
        &scrutin,
        "cérémonie : message publié / ceremony: message published",
        &detail,
    )
    .await?;
    if let Published::Keyed(bureau) = &published {
        let detail = format!("clé {}", bureau.election_key);
        event(
            &state,
            &staff,
            &scrutin,
            "clé de chiffrement publiée / election key published",
            &detail,
        )
        .await?;
    }
    Ok(crate::pages::json(&json!({
        "stored": true,
        "keyed": matches!(published, Published::Keyed(_)),
    })))
}

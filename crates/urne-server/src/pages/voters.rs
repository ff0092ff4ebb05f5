//! The voter file: import (CSV or XLSX) with every error reported at once, a diff shown before a
//! re-import is applied, headcounts, and who is not an elector or not eligible, with the reason.
//!
//! An upload is parsed and diffed, then kept in the registry until the organisateur confirms;
//! the confirmation parses and diffs the kept file again against the registry of that moment, so
//! what is applied is exactly a diff of the current lists.

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use urne_setup::diff::{diff_voters, VoterDiff};
use urne_setup::error::FileErrors;
use urne_setup::model::Voter;
use urne_setup::voter_file::{read_voter_file, ReadOptions};
use urne_store::registry::VoterCount;

use super::{bad, field, journal, multipart_fields, random_uid, render, ORGANISER};
use crate::app::Shared;
use crate::auth::{see_other, Staff};
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::import::import_context;

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/admin/voters", get(voters_page))
        .route("/admin/voters/preview", post(preview))
        .route("/admin/voters/apply", post(apply))
}

/// Rows shown in each table of a page; the counts are always complete.
const SHOWN: usize = 200;

#[derive(Template)]
#[template(path = "voters.html")]
struct VotersPage {
    ctx: PageCtx,
    counts: Vec<VoterCount>,
    total: u64,
    not_elector_or_eligible: Vec<Voter>,
    voters: Vec<Voter>,
    applied: Option<String>,
}

#[derive(Deserialize)]
struct AppliedQuery {
    applied: Option<String>,
}

async fn voters_page(
    State(state): State<Shared>,
    staff: Staff,
    Query(query): Query<AppliedQuery>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    let registry = &state.stores.registry;
    let voters: Vec<Voter> = registry
        .voters()
        .await?
        .into_iter()
        .map(|s| s.voter)
        .collect();
    let page = VotersPage {
        ctx: staff.ctx("/admin/voters"),
        counts: registry.voter_counts().await?,
        total: voters.len() as u64,
        not_elector_or_eligible: voters
            .iter()
            .filter(|v| !v.eligibility.elector || !v.eligibility.eligible)
            .take(SHOWN)
            .cloned()
            .collect(),
        voters: voters.into_iter().take(SHOWN).collect(),
        applied: query.applied,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "voters_errors.html")]
struct ErrorsPage {
    ctx: PageCtx,
    errors: FileErrors,
}

#[derive(Template)]
#[template(path = "voters_preview.html")]
struct PreviewPage {
    ctx: PageCtx,
    file_name: String,
    token: String,
    diff: VoterDiff,
}

/// Reads an upload's `csrf` and `file` fields.
async fn upload(multipart: Multipart) -> Result<(String, String, Vec<u8>), WebError> {
    let (fields, file) = multipart_fields(multipart).await?;
    let (name, bytes) = file.ok_or_else(|| bad("Choisissez un fichier.", "Choose a file."))?;
    Ok((field(&fields, "csrf").to_owned(), name, bytes))
}

/// Parses `bytes` as a voter file against the registry, off the async threads.
async fn parse(
    state: &Shared,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<Result<Vec<Voter>, FileErrors>, WebError> {
    let (known, conditions) = import_context(&state.stores.registry).await?;
    let state = state.clone();
    let file_name = file_name.to_owned();
    tokio::task::spawn_blocking(move || {
        let options = ReadOptions {
            known: &known,
            conditions: &conditions,
            pepper: &state.pepper,
        };
        read_voter_file(&file_name, &bytes, &options, &mut |_, _| {}).map(|file| file.voters)
    })
    .await
    .map_err(|e| WebError::Internal(format!("join: {e}")))
}

async fn current_voters(state: &Shared) -> Result<Vec<Voter>, WebError> {
    Ok(state
        .stores
        .registry
        .voters()
        .await?
        .into_iter()
        .map(|s| s.voter)
        .collect())
}

async fn preview(
    State(state): State<Shared>,
    staff: Staff,
    multipart: Multipart,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    let (csrf, file_name, bytes) = upload(multipart).await?;
    staff.check_csrf(&state, &csrf)?;
    let voters = match parse(&state, &file_name, bytes.clone()).await? {
        Ok(voters) => voters,
        Err(errors) => {
            let page = ErrorsPage {
                ctx: staff.ctx("/admin/voters"),
                errors,
            };
            return Ok(
                (axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response(),
            );
        }
    };
    let diff = diff_voters(&current_voters(&state).await?, &voters);
    let token = random_uid();
    state
        .stores
        .registry
        .save_pending_import(&token, staff.account.id, &file_name, &bytes, state.now())
        .await?;
    let page = PreviewPage {
        ctx: staff.ctx("/admin/voters"),
        file_name,
        token,
        diff,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct ApplyForm {
    csrf: String,
    token: String,
}

async fn apply(
    State(state): State<Shared>,
    staff: Staff,
    Form(form): Form<ApplyForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let registry = &state.stores.registry;
    let (file_name, bytes) = registry
        .pending_import(&form.token, staff.account.id)
        .await?;
    let voters = parse(&state, &file_name, bytes).await?.map_err(|_| {
        bad(
            "Le fichier n'est plus valable ; importez-le de nouveau.",
            "The file is no longer valid; import it again.",
        )
    })?;
    let diff = diff_voters(&current_voters(&state).await?, &voters);
    let revoked = registry.apply_voter_diff(&diff, state.now()).await?;
    registry.drop_pending_import(&form.token).await?;
    let summary = format!(
        "{file_name}: +{} -{} ~{} ({revoked} codes revoked)",
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len()
    );
    journal(
        &state,
        &staff,
        "fichier des électeurs importé / voter file imported",
        &summary,
    )
    .await?;
    let applied = format!(
        "{},{},{}",
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len()
    );
    see_other(&format!("/admin/voters?applied={applied}"), None)
}

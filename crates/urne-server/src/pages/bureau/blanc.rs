//! The scrutin à blanc's pages (Article 9.8): the BVC opens it (test identifiants shown once),
//! the members of the bureaux and the délégués vote with the real booth, the BVC closes it and
//! decrypts it on the counting page (`/bureau/{uid}/blanc/counting`), everyone checks the
//! results and PVs (`/bureau/{uid}/blanc/results`), then the BVC resets it before the seal.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use urne_record::kind;
use urne_record::manifest::Manifest;
use zeroize::Zeroizing;

use super::{event, posted, scrutin};
use crate::app::Shared;
use crate::auth::{see_other, CsrfForm, Staff};
use crate::blanc::{self, Stage};
use crate::counting::Target;
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::pages::render;
use crate::rights::Right;
use crate::voter::ballots::election_ballot_in;
use crate::voter::booth::{list_views, shape_text, BoothPage};

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/bureau/{uid}/blanc", get(page))
        .route("/bureau/{uid}/blanc/open", post(open))
        .route("/bureau/{uid}/blanc/close", post(close))
        .route("/bureau/{uid}/blanc/reset", post(reset))
        .route("/bureau/{uid}/blanc/vote/{election}", get(booth))
        .route("/bureau/{uid}/blanc/vote/{election}/cast", post(cast))
}

#[derive(Template)]
#[template(path = "bureau_blanc.html")]
struct BlancPage {
    ctx: PageCtx,
    uid: String,
    name: String,
    stage: Stage,
    /// Test elections: `(uid, title, ballots)`.
    elections: Vec<(String, String, u64)>,
    /// The test identifiants, on the page that opened the test only.
    codes: Vec<Zeroizing<String>>,
    keys: bool,
}

async fn render_page(
    state: &Shared,
    staff: &Staff,
    uid: &str,
    codes: Vec<Zeroizing<String>>,
) -> Result<Response, WebError> {
    let scrutin = scrutin(state, uid).await?;
    let stage = blanc::stage(state, &scrutin).await?;
    let ballot_box = &state.stores.ballot_box;
    let mut elections = Vec::new();
    for bytes in ballot_box
        .event_payloads(&Target::blanc(&scrutin).record(), kind::MANIFEST)
        .await?
    {
        let m = Manifest::from_bytes(&bytes).map_err(|e| WebError::Internal(e.to_string()))?;
        let title = format!(
            "{} — {} — {:?}",
            m.establishment.name, m.college.name, m.body
        );
        let ballots = ballot_box.ballot_count(&m.election).await?;
        elections.push((m.election, title, ballots));
    }
    let page = BlancPage {
        ctx: staff.ctx(format!("/bureau/{uid}/blanc")),
        keys: staff.has_right(Right::Keys),
        name: scrutin.name,
        uid: uid.to_owned(),
        stage,
        elections,
        codes,
    };
    Ok(render(&page)?.into_response())
}

async fn page(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Seal)?;
    render_page(&state, &staff, &uid, Vec::new()).await
}

/// Opens the test and shows its identifiants, once (the answer is this page, not a redirect).
async fn open(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    let scrutin = posted(&state, &staff, Right::Keys, &form.csrf, &uid).await?;
    let codes = blanc::open(&state, &scrutin).await?;
    let detail = format!("{} identifiants de test", codes.len());
    event(
        &state,
        &staff,
        &scrutin,
        "scrutin à blanc ouvert / test vote opened",
        &detail,
    )
    .await?;
    let mut response = render_page(&state, &staff, &uid, codes).await?;
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

async fn close(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    let scrutin = posted(&state, &staff, Right::Keys, &form.csrf, &uid).await?;
    blanc::close(&state, &scrutin).await?;
    event(
        &state,
        &staff,
        &scrutin,
        "scrutin à blanc clos / test vote closed",
        "",
    )
    .await?;
    see_other(&format!("/bureau/{uid}/blanc"), None)
}

async fn reset(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    let scrutin = posted(&state, &staff, Right::Keys, &form.csrf, &uid).await?;
    let summary = blanc::reset(&state, &scrutin).await?;
    let detail = format!(
        "{} bulletins de test, {} élections, résultats {}",
        summary.ballots, summary.elections, summary.results
    );
    event(
        &state,
        &staff,
        &scrutin,
        "scrutin à blanc remis à zéro / test vote reset",
        &detail,
    )
    .await?;
    see_other(&format!("/bureau/{uid}/blanc"), None)
}

/// The real booth, on a test election: the tester types a test identifiant to sign.
async fn booth(
    State(state): State<Shared>,
    staff: Staff,
    Path((uid, election)): Path<(String, String)>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Seal)?;
    let scrutin = scrutin(&state, &uid).await?;
    let test = Target::blanc(&scrutin).record();
    let ballot = election_ballot_in(&state, &test, &election)
        .await?
        .ok_or(WebError::NotFound)?;
    let m = &ballot.manifest;
    let tr = staff.ctx(String::new()).tr;
    let page = BoothPage {
        ctx: staff.ctx(format!("/bureau/{uid}/blanc/vote/{election}")),
        csrf: staff.csrf.clone(),
        title: format!(
            "{} — {} — {} ({})",
            m.establishment.name,
            m.college.name,
            crate::voter::booth::body_label(m.body == urne_record::manifest::Body::Titulaires, tr),
            tr.t("scrutin à blanc", "test vote")
        ),
        seats: m.seats,
        position: 1,
        count: 1,
        fingerprint: hex::encode(ballot.ctx.fingerprint.0),
        election_key: hex::encode(ballot.ctx.key.compressed().as_bytes()),
        shape: shape_text(&ballot.ctx.shape),
        lists: list_views(m, &[]),
        cast_action: format!("/bureau/{uid}/blanc/vote/{election}/cast"),
        back: (
            format!("/bureau/{uid}/blanc"),
            tr.t("Retour au scrutin à blanc", "Back to the test vote"),
        ),
        election_uid: election,
        uid: test,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct CastForm {
    csrf: String,
    ballot: String,
}

async fn cast(
    State(state): State<Shared>,
    staff: Staff,
    Path((uid, election)): Path<(String, String)>,
    Form(form): Form<CastForm>,
) -> Result<Response, WebError> {
    let scrutin = posted(&state, &staff, Right::Seal, &form.csrf, &uid).await?;
    blanc::cast(&state, &scrutin, &election, &form.ballot).await?;
    see_other(&format!("/bureau/{uid}/blanc"), None)
}

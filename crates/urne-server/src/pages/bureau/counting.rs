//! The counting page (Article 9.10): after the closing, each BVC member types their séquence
//! secrète in their browser, which re-derives their key share from the ceremony's public
//! messages and computes a decryption share of each election's tally (`static/counting.js`,
//! `urne-wasm`). The server checks each share against the member's verification key; once `t`
//! members have shared, the results are computed and published.

use askama::Template;
use axum::extract::{MatchedPath, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use serde_json::json;

use super::{event, member_index, posted, scrutin};
use crate::app::Shared;
use crate::auth::Staff;
use crate::blanc::Stage;
use crate::ceremony::{self, Step};
use crate::counting::{self, CountingError, Target};
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::pages::{bad, render};
use crate::rights::Right;

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/bureau/{uid}/counting", get(page))
        .route("/bureau/{uid}/counting/tallies.json", get(tallies_json))
        .route("/bureau/{uid}/counting/share", post(share))
        .route("/bureau/{uid}/blanc/counting", get(page))
        .route(
            "/bureau/{uid}/blanc/counting/tallies.json",
            get(tallies_json),
        )
        .route("/bureau/{uid}/blanc/counting/share", post(share))
}

/// Whether the route is the scrutin à blanc's (`/bureau/{uid}/blanc/…`).
pub(super) fn is_blanc(path: &MatchedPath) -> bool {
    path.as_str().starts_with("/bureau/{uid}/blanc/")
}

/// Where the pages of the vote or of its scrutin à blanc are.
pub(super) fn base(uid: &str, blanc: bool) -> String {
    if blanc {
        format!("/bureau/{uid}/blanc")
    } else {
        format!("/bureau/{uid}")
    }
}

/// What the route counts; a scrutin à blanc still open is not decrypted (the vote's closing is
/// checked by the counting itself).
async fn closed_target<'a>(
    state: &Shared,
    scrutin: &'a urne_store::registry::Scrutin,
    matched: &MatchedPath,
) -> Result<Target<'a>, WebError> {
    let target = Target {
        scrutin,
        blanc: is_blanc(matched),
    };
    if target.blanc && crate::blanc::stage(state, scrutin).await? == Stage::Open {
        return Err(refused(&CountingError::NotClosed));
    }
    Ok(target)
}

fn refused(error: &CountingError) -> WebError {
    match error {
        CountingError::Store(_) | CountingError::Format(..) | CountingError::Ballot(_) => {
            WebError::Internal(error.to_string())
        }
        _ => bad(
            format!("Dépouillement refusé : {error}."),
            format!("Counting refused: {error}."),
        ),
    }
}

#[derive(Template)]
#[template(path = "bureau_counting.html")]
struct CountingPage {
    ctx: PageCtx,
    uid: String,
    base: String,
    blanc: bool,
    name: String,
    closed: bool,
    member: Option<u32>,
    threshold: u32,
    shared: Vec<u32>,
    results: bool,
}

async fn page(
    State(state): State<Shared>,
    staff: Staff,
    matched: MatchedPath,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Keys)?;
    let scrutin = scrutin(&state, &uid).await?;
    let blanc = is_blanc(&matched);
    let target = Target {
        scrutin: &scrutin,
        blanc,
    };
    let closed = if blanc {
        matches!(
            crate::blanc::stage(&state, &scrutin).await?,
            Stage::Closed | Stage::Counted
        )
    } else {
        crate::voter::ballots::gate_at(state.now(), &scrutin) == crate::voter::ballots::Gate::Closed
    };
    let (shared, results) = match counting::load(&state, &target).await {
        Ok(c) => (c.members_shared(), !c.results.is_empty()),
        Err(CountingError::NoKey) => (Vec::new(), false),
        Err(e) => return Err(refused(&e)),
    };
    let page = CountingPage {
        ctx: staff.ctx(format!("{}/counting", base(&uid, blanc))),
        base: base(&uid, blanc),
        blanc,
        member: member_index(&state, &scrutin, &staff).await?,
        threshold: scrutin.threshold,
        name: scrutin.name,
        closed,
        shared,
        results,
        uid,
    };
    Ok(render(&page)?.into_response())
}

/// What a member's browser needs to compute their shares: the ceremony's messages (to
/// re-derive the key share) and each election's fingerprint and encrypted tally. Summing the
/// tallies happens here, once, on the first request after the closing.
async fn tallies_json(
    State(state): State<Shared>,
    staff: Staff,
    matched: MatchedPath,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    staff.require_right(Right::Keys)?;
    let scrutin = scrutin(&state, &uid).await?;
    let target = closed_target(&state, &scrutin, &matched).await?;
    let me = member_index(&state, &scrutin, &staff)
        .await?
        .ok_or(WebError::Forbidden)?;
    let counting = counting::tallies(&state, &target)
        .await
        .map_err(|e| refused(&e))?;
    let board = ceremony::board(&state, &scrutin)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .ok_or(WebError::NotFound)?;
    let elections: Vec<serde_json::Value> = counting
        .manifests
        .iter()
        .filter_map(|m| {
            let tally = counting.tally(&m.election)?;
            Some(json!({
                "election": m.election,
                "fingerprint": hex::encode(m.fingerprint().0),
                "ballots": tally.ballots,
                "ciphertexts": tally.ciphertexts,
                "shared": counting.shares.iter().any(|s| s.member == me && s.election == m.election),
            }))
        })
        .collect();
    let body = json!({
        "context": board.setup.context,
        "members": board.setup.members,
        "threshold": board.setup.threshold,
        "me": me,
        "announcements": board.step_json(Step::Announcement),
        "dealings": board.step_json(Step::Dealing),
        "complaints": board.step_json(Step::Complaints),
        "elections": elections,
    });
    Ok(crate::pages::json(&body))
}

#[derive(Deserialize)]
struct ShareForm {
    csrf: String,
    election: String,
    /// The share's bytes, hex.
    share: String,
}

async fn share(
    State(state): State<Shared>,
    staff: Staff,
    matched: MatchedPath,
    Path(uid): Path<String>,
    Form(form): Form<ShareForm>,
) -> Result<Response, WebError> {
    let scrutin = posted(&state, &staff, Right::Keys, &form.csrf, &uid).await?;
    let target = closed_target(&state, &scrutin, &matched).await?;
    let member = member_index(&state, &scrutin, &staff)
        .await?
        .ok_or(WebError::Forbidden)?;
    let bytes =
        hex::decode(form.share.trim()).map_err(|_| refused(&CountingError::WrongShare(member)))?;
    let stored = counting::publish_share(&state, &target, member, &form.election, &bytes).await;
    if let Err(e) = &stored {
        let detail = format!("membre {member}, élection {} : {e}", form.election);
        event(
            &state,
            &staff,
            &scrutin,
            "part de déchiffrement refusée / decryption share refused",
            &detail,
        )
        .await?;
    }
    stored.map_err(|e| refused(&e))?;
    let detail = format!("membre {member}, élection {}", form.election);
    event(
        &state,
        &staff,
        &scrutin,
        "part de déchiffrement publiée / decryption share published",
        &detail,
    )
    .await?;
    // The share is stored; results that need the bureau (a tie the rules cannot break) are
    // reported, not an error of this member's.
    let results = match counting::results(&state, &target).await {
        Ok(results) => results,
        Err(e @ (CountingError::Result(_) | CountingError::Count(_))) => {
            let detail = e.to_string();
            event(
                &state,
                &staff,
                &scrutin,
                "résultats en attente / results pending",
                &detail,
            )
            .await?;
            return Ok(crate::pages::json(
                &json!({ "stored": true, "results": false, "problem": detail }),
            ));
        }
        Err(e) => return Err(refused(&e)),
    };
    if let Some(results) = &results {
        let detail = format!("{} élections", results.len());
        event(
            &state,
            &staff,
            &scrutin,
            "résultats publiés / results published",
            &detail,
        )
        .await?;
    }
    Ok(crate::pages::json(
        &json!({ "stored": true, "results": results.is_some() }),
    ))
}

//! The second round (Code du travail, art. L2314-29; Article 5 bis of the agreement): from a
//! first round whose results require it — the quorum not reached, or seats left unfilled —
//! the organisateur creates round 2 with its own calendar, the same voters (the voter file is
//! the company's) and the same bureau and threshold. Each election that needs it is carried
//! over: all its seats without quorum, its unfilled seats otherwise. Lists are filed anew,
//! free lists included; access codes are issued for round 2 (credentials belong to a scrutin).

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use serde::Deserialize;
use urne_store::registry::NewScrutin;

use super::{event, scrutin};
use crate::app::Shared;
use crate::auth::{see_other, Staff};
use crate::calendar;
use crate::counting::{self, Target};
use crate::error::WebError;
use crate::pages::{bad, random_uid, ORGANISER};

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new().route("/bureau/{uid}/second-round", post(create))
}

#[derive(Deserialize)]
struct Round2Form {
    csrf: String,
    opens_at: String,
    closes_at: String,
}

/// What a first round's results carry over: `(election row id, seats)` of each election that
/// needs a second round.
async fn carried_over(
    state: &Shared,
    scrutin: &urne_store::registry::Scrutin,
) -> Result<Vec<(i64, u32)>, WebError> {
    let counting = counting::load(state, &Target::vote(scrutin))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let elections = state.stores.registry.elections(scrutin.id).await?;
    Ok(counting
        .results
        .iter()
        .filter(|r| r.second_round_required)
        .filter_map(|r| {
            let election = elections.iter().find(|e| e.election_uid == r.election)?;
            let seats = if r.quorum_reached {
                u32::try_from(r.unfilled).unwrap_or(r.seats)
            } else {
                r.seats
            };
            Some((election.id, seats))
        })
        .collect())
}

async fn create(
    State(state): State<Shared>,
    staff: Staff,
    Path(uid): Path<String>,
    Form(form): Form<Round2Form>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let first = scrutin(&state, &uid).await?;
    let registry = &state.stores.registry;
    if first.round != 1 {
        return Err(bad(
            "Un second tour se crée depuis un premier tour.",
            "A second round is created from a first round.",
        ));
    }
    if registry
        .scrutins()
        .await?
        .iter()
        .any(|s| s.first_round_id == Some(first.id))
    {
        return Err(bad(
            "Le second tour de ce scrutin existe déjà.",
            "This vote's second round already exists.",
        ));
    }
    let carried = carried_over(&state, &first).await?;
    if carried.is_empty() {
        return Err(bad(
            "Aucune élection de ce premier tour ne demande de second tour.",
            "No election of this first round requires a second round.",
        ));
    }
    let opens = calendar::parse_local(&form.opens_at, "ouverture", "opening")?;
    let closes = calendar::parse_local(&form.closes_at, "fermeture", "closing")?;
    if opens >= closes || opens <= first.closes_at {
        return Err(bad(
            "Le second tour s'ouvre après le premier et se ferme après son ouverture.",
            "The second round opens after the first and closes after it opens.",
        ));
    }
    let round2_uid = random_uid();
    let round2 = registry
        .add_scrutin(&NewScrutin {
            record_uid: round2_uid.clone(),
            name: format!("{} — second tour", first.name),
            round: 2,
            first_round_id: Some(first.id),
            first_round_day: first.first_round_day,
            opens_at: opens,
            closes_at: closes,
        })
        .await?;
    let challenge = registry.scrutin_challenge(first.id).await?;
    registry.set_scrutin_challenge(round2, challenge).await?;
    for (election_id, seats) in &carried {
        let election = registry.election(*election_id).await?;
        registry
            .add_election(
                &random_uid(),
                round2,
                election.establishment_id,
                election.college_id,
                election.body,
                *seats,
            )
            .await?;
    }
    let members: Vec<i64> = registry
        .bureau_members(first.id)
        .await?
        .into_iter()
        .map(|(_, staff_id)| staff_id)
        .collect();
    if members.len() >= 2 {
        registry
            .set_bureau(round2, &members, first.threshold)
            .await?;
    }
    let detail = format!("{} élections, scrutin {round2_uid}", carried.len());
    event(
        &state,
        &staff,
        &first,
        "second tour créé / second round created",
        &detail,
    )
    .await?;
    see_other(&format!("/admin/scrutins/{round2}"), None)
}

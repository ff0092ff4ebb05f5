//! The organisateur's set-up: organisation, establishments, colleges, unions, scrutins with
//! their calendar (Article 5 of the agreement), and elections with seats suggested from the
//! headcount (Code du travail, art. R2314-1).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use urne_rules::number::Q;
use urne_rules::seats::seats_by_headcount;
use urne_store::registry::{
    Body, College, Election, Establishment, NewScrutin, Organisation, Scrutin, Union,
};

use super::{
    bad, journal, random_uid, render, required, valid_schedule, valid_seats, valid_siret, ORGANISER,
};
use crate::app::Shared;
use crate::auth::{see_other, Staff};
use crate::calendar::{self, Step};
use crate::error::WebError;
use crate::i18n::PageCtx;

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/admin", get(overview))
        .route("/admin/organisation", post(set_organisation))
        .route("/admin/establishments", post(add_establishment))
        .route("/admin/colleges", post(add_college))
        .route("/admin/unions", post(add_union))
        .route("/admin/scrutins", post(add_scrutin))
        .route("/admin/scrutins/{id}", get(scrutin_page))
        .route("/admin/scrutins/{id}/calendar", post(set_calendar))
        .route("/admin/scrutins/{id}/elections", post(add_elections))
        .route("/admin/scrutins/{id}/lists-lock", post(lock_lists))
}

struct ScrutinRow {
    scrutin: Scrutin,
    opens: String,
    closes: String,
    elections: usize,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct Overview {
    ctx: PageCtx,
    organisation: Organisation,
    establishments: Vec<Establishment>,
    colleges: Vec<College>,
    unions: Vec<Union>,
    scrutins: Vec<ScrutinRow>,
    voters: u64,
}

async fn overview(State(state): State<Shared>, staff: Staff) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    let registry = &state.stores.registry;
    let mut scrutins = Vec::new();
    for scrutin in registry.scrutins().await? {
        scrutins.push(ScrutinRow {
            opens: calendar::show(scrutin.opens_at, staff.lang),
            closes: calendar::show(scrutin.closes_at, staff.lang),
            elections: registry.elections(scrutin.id).await?.len(),
            scrutin,
        });
    }
    let page = Overview {
        ctx: staff.ctx("/admin"),
        organisation: registry.organisation().await?.unwrap_or_default(),
        establishments: registry.establishments().await?,
        colleges: registry.colleges().await?,
        unions: registry.unions().await?,
        scrutins,
        voters: registry.voter_total().await?,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct OrganisationForm {
    csrf: String,
    name: String,
    #[serde(default)]
    siren: String,
    #[serde(default)]
    idcc: String,
    #[serde(default)]
    naf: String,
    #[serde(default)]
    protocol_date: String,
}

async fn set_organisation(
    State(state): State<Shared>,
    staff: Staff,
    Form(form): Form<OrganisationForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let siren = form.siren.trim().replace(' ', "");
    if !(siren.is_empty() || (siren.len() == 9 && siren.bytes().all(|b| b.is_ascii_digit()))) {
        return Err(bad(
            "Le SIREN compte 9 chiffres.",
            "A SIREN number has 9 digits.",
        ));
    }
    let idcc = form.idcc.trim().to_owned();
    if !(idcc.is_empty() || (idcc.len() == 4 && idcc.bytes().all(|b| b.is_ascii_digit()))) {
        return Err(bad("L'IDCC compte 4 chiffres.", "An IDCC has 4 digits."));
    }
    let naf = form.naf.trim().replace(['.', ' '], "").to_uppercase();
    let naf_ok = naf.len() == 5
        && naf.bytes().take(4).all(|b| b.is_ascii_digit())
        && naf.as_bytes()[4].is_ascii_uppercase();
    if !(naf.is_empty() || naf_ok) {
        return Err(bad(
            "Le code NAF s'écrit 4 chiffres et une lettre (2511Z).",
            "A NAF code is 4 digits and a letter (2511Z).",
        ));
    }
    let protocol_date = form.protocol_date.trim().to_owned();
    if !(protocol_date.is_empty() || urne_rules::date::Date::parse(&protocol_date).is_some()) {
        return Err(bad(
            "Date du protocole invalide (AAAA-MM-JJ).",
            "Invalid protocol date (YYYY-MM-DD).",
        ));
    }
    let organisation = Organisation {
        name: required(&form.name, "raison sociale", "company name")?,
        siren,
        idcc,
        naf,
        protocol_date,
    };
    state
        .stores
        .registry
        .set_organisation(&organisation)
        .await?;
    journal(&state, &staff, "organisation", &organisation.name).await?;
    see_other("/admin", None)
}

#[derive(Deserialize)]
struct EstablishmentForm {
    csrf: String,
    code: String,
    name: String,
    #[serde(default)]
    siret: String,
    #[serde(default)]
    address: String,
}

async fn add_establishment(
    State(state): State<Shared>,
    staff: Staff,
    Form(form): Form<EstablishmentForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let code = required(&form.code, "code", "code")?;
    let name = required(&form.name, "nom", "name")?;
    let siret = valid_siret(&form.siret)?;
    state
        .stores
        .registry
        .add_establishment(&code, &name, &siret, form.address.trim())
        .await?;
    journal(
        &state,
        &staff,
        "établissement ajouté / establishment added",
        &format!("{code} {name}"),
    )
    .await?;
    see_other("/admin#etablissements", None)
}

#[derive(Deserialize)]
struct CodeNameForm {
    csrf: String,
    code: String,
    name: String,
}

async fn add_college(
    State(state): State<Shared>,
    staff: Staff,
    Form(form): Form<CodeNameForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let code = required(&form.code, "code", "code")?;
    let name = required(&form.name, "nom", "name")?;
    state.stores.registry.add_college(&code, &name).await?;
    journal(
        &state,
        &staff,
        "collège ajouté / college added",
        &format!("{code} {name}"),
    )
    .await?;
    see_other("/admin#colleges", None)
}

#[derive(Deserialize)]
struct UnionForm {
    csrf: String,
    name: String,
}

async fn add_union(
    State(state): State<Shared>,
    staff: Staff,
    Form(form): Form<UnionForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let name = required(&form.name, "nom", "name")?;
    state.stores.registry.ensure_union(&name).await?;
    journal(&state, &staff, "syndicat ajouté / union added", &name).await?;
    see_other("/admin#syndicats", None)
}

#[derive(Deserialize)]
struct ScrutinForm {
    csrf: String,
    name: String,
    round: u8,
    #[serde(default)]
    first_round: String,
    opens: String,
    closes: String,
}

async fn add_scrutin(
    State(state): State<Shared>,
    staff: Staff,
    Form(form): Form<ScrutinForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let registry = &state.stores.registry;
    let name = required(&form.name, "nom", "name")?;
    let (opens, closes) = valid_schedule(&form.opens, &form.closes)?;
    let (first_round_id, first_round_day) = match form.round {
        1 => (None, calendar::paris_date(opens)?),
        2 => {
            let id: i64 = form
                .first_round
                .parse()
                .map_err(|_| bad("Choisissez le premier tour.", "Choose the first round."))?;
            let first = registry.scrutin(id).await?;
            (Some(id), first.first_round_day)
        }
        _ => return Err(bad("Tour 1 ou 2.", "Round 1 or 2.")),
    };
    let id = registry
        .add_scrutin(&NewScrutin {
            record_uid: random_uid(),
            name: name.clone(),
            round: form.round,
            first_round_id,
            first_round_day,
            opens_at: opens,
            closes_at: closes,
        })
        .await?;
    // Suggested calendar (Article 5 of the agreement), to adjust on the scrutin's page.
    for (step, due) in calendar::suggested(form.round, opens, closes)? {
        registry.set_calendar_step(id, step.key, &due).await?;
    }
    journal(&state, &staff, "scrutin créé / scrutin created", &name).await?;
    see_other(&format!("/admin/scrutins/{id}"), None)
}

struct SeatSuggestion {
    establishment: String,
    headcount: u64,
    titulaires: u32,
    per_college: Vec<(String, u64, u32)>,
}

struct ElectionRow {
    election: Election,
    establishment: String,
    college: String,
    lists: usize,
}

#[derive(Template)]
#[template(path = "scrutin.html")]
struct ScrutinPage {
    ctx: PageCtx,
    scrutin: Scrutin,
    opens: String,
    closes: String,
    opens_local: String,
    closes_local: String,
    steps: Vec<(Step, String)>,
    elections: Vec<ElectionRow>,
    establishments: Vec<Establishment>,
    colleges: Vec<College>,
    suggestions: Vec<SeatSuggestion>,
}

async fn scrutin_page(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    let registry = &state.stores.registry;
    let scrutin = registry.scrutin(id).await?;
    let stored: BTreeMap<String, String> = registry.calendar(id).await?.into_iter().collect();
    let steps = calendar::STEPS
        .iter()
        .map(|step| (*step, stored.get(step.key).cloned().unwrap_or_default()))
        .collect();
    let establishments = registry.establishments().await?;
    let colleges = registry.colleges().await?;
    let name_of = |id: i64, list: &[(i64, String)]| {
        list.iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let est_names: Vec<(i64, String)> = establishments
        .iter()
        .map(|e| (e.id, e.name.clone()))
        .collect();
    let col_names: Vec<(i64, String)> = colleges.iter().map(|c| (c.id, c.name.clone())).collect();
    let mut elections = Vec::new();
    for election in registry.elections(id).await? {
        elections.push(ElectionRow {
            establishment: name_of(election.establishment_id, &est_names),
            college: name_of(election.college_id, &col_names),
            lists: registry.lists(election.id).await?.len(),
            election,
        });
    }
    let counts = registry.voter_counts().await?;
    let suggestions = establishments
        .iter()
        .map(|establishment| {
            let per_college: Vec<(String, u64)> = counts
                .iter()
                .filter(|c| c.establishment == establishment.code)
                .map(|c| (c.college.clone(), c.voters))
                .collect();
            let headcount: u64 = per_college.iter().map(|(_, n)| n).sum();
            let titulaires = seats_by_headcount(&Q::from_integer(headcount.into())).titulaires;
            let split = split_seats(titulaires, &per_college);
            SeatSuggestion {
                establishment: establishment.name.clone(),
                headcount,
                titulaires,
                per_college: per_college
                    .into_iter()
                    .zip(split)
                    .map(|((college, n), seats)| (college, n, seats))
                    .collect(),
            }
        })
        .collect();
    let page = ScrutinPage {
        ctx: staff.ctx(format!("/admin/scrutins/{id}")),
        opens: calendar::show(scrutin.opens_at, staff.lang),
        closes: calendar::show(scrutin.closes_at, staff.lang),
        opens_local: calendar::to_local(scrutin.opens_at)?,
        closes_local: calendar::to_local(scrutin.closes_at)?,
        scrutin,
        steps,
        elections,
        establishments,
        colleges,
        suggestions,
    };
    Ok(render(&page)?.into_response())
}

/// Splits `seats` among colleges in proportion to their headcounts, largest remainders first
/// (a suggestion for the PAP, which decides: Code du travail, art. L2314-13).
fn split_seats(seats: u32, headcounts: &[(String, u64)]) -> Vec<u32> {
    let total: u64 = headcounts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return vec![0; headcounts.len()];
    }
    let mut shares: Vec<(u32, u64, usize)> = headcounts
        .iter()
        .enumerate()
        .map(|(i, (_, n))| {
            let exact = u64::from(seats) * n;
            ((exact / total) as u32, exact % total, i)
        })
        .collect();
    let given: u32 = shares.iter().map(|s| s.0).sum();
    let mut by_remainder: Vec<usize> = (0..shares.len()).collect();
    by_remainder.sort_by_key(|&i| (std::cmp::Reverse(shares[i].1), i));
    for &i in by_remainder.iter().take((seats - given) as usize) {
        shares[i].0 += 1;
    }
    shares.into_iter().map(|s| s.0).collect()
}

#[derive(Deserialize)]
struct CalendarForm {
    csrf: String,
    #[serde(flatten)]
    steps: BTreeMap<String, String>,
}

async fn set_calendar(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<CalendarForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let registry = &state.stores.registry;
    registry.require_setup(id).await?;
    // Every value is checked before any is stored: a refused form changes nothing.
    let mut steps = Vec::new();
    for step in calendar::STEPS {
        if let Some(value) = form.steps.get(step.key) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            calendar::parse_local(value, step.fr, step.en)?;
            steps.push((step.key, value));
        }
    }
    for (key, value) in steps {
        registry.set_calendar_step(id, key, value).await?;
    }
    journal(
        &state,
        &staff,
        "calendrier modifié / calendar changed",
        &id.to_string(),
    )
    .await?;
    see_other(&format!("/admin/scrutins/{id}#calendrier"), None)
}

#[derive(Deserialize)]
struct ElectionForm {
    csrf: String,
    establishment: i64,
    college: i64,
    seats: u32,
}

async fn add_elections(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<ElectionForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    valid_seats(form.seats)?;
    let registry = &state.stores.registry;
    // L2314-1: as many suppléants as titulaires; both elections are created together.
    for body in [Body::Titulaires, Body::Suppleants] {
        registry
            .add_election(
                &random_uid(),
                id,
                form.establishment,
                form.college,
                body,
                form.seats,
            )
            .await?;
    }
    journal(
        &state,
        &staff,
        "élections créées / elections created",
        &format!(
            "scrutin {id}, établissement {}, collège {}, {} sièges",
            form.establishment, form.college, form.seats
        ),
    )
    .await?;
    see_other(&format!("/admin/scrutins/{id}#elections"), None)
}

#[derive(Deserialize)]
struct LockForm {
    csrf: String,
    locked: String,
}

async fn lock_lists(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<LockForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let locked = form.locked == "1";
    state.stores.registry.set_lists_locked(id, locked).await?;
    let action = if locked {
        "listes verrouillées (fin de la recette) / lists locked (end of recette)"
    } else {
        "listes déverrouillées / lists unlocked"
    };
    journal(&state, &staff, action, &id.to_string()).await?;
    see_other(&format!("/admin/scrutins/{id}"), None)
}

#[cfg(test)]
mod tests {
    use super::split_seats;

    #[test]
    fn seats_split_by_largest_remainder() {
        let colleges = |counts: &[u64]| -> Vec<(String, u64)> {
            counts.iter().map(|n| (String::new(), *n)).collect()
        };
        assert_eq!(split_seats(5, &colleges(&[60, 30, 10])), [3, 2, 0]);
        assert_eq!(split_seats(4, &colleges(&[50, 50])), [2, 2]);
        assert_eq!(split_seats(3, &colleges(&[0, 0])), [0, 0]);
        assert_eq!(split_seats(1, &colleges(&[1, 1])), [1, 0]);
    }
}

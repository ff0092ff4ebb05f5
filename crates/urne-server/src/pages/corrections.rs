//! The organisateur's corrections to the set-up (see `urne_store::registry` corrections): rename
//! an establishment or a college, change a scrutin's name and dates, a college's seats, remove
//! a college's elections while no list is filed, reset a staff member's password or remove
//! their account. Each is journaled like the rest of the set-up.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use serde::Deserialize;

use super::{bad, journal, required, valid_schedule, valid_seats, valid_siret, ORGANISER};
use crate::app::Shared;
use crate::auth::{see_other, Staff};
use crate::error::WebError;
use crate::password;

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/admin/establishments/{id}", post(update_establishment))
        .route("/admin/colleges/{id}", post(update_college))
        .route("/admin/scrutins/{id}/edit", post(update_scrutin))
        .route("/admin/scrutins/{id}/seats", post(set_seats))
        .route(
            "/admin/scrutins/{id}/elections/delete",
            post(delete_elections),
        )
        .route("/admin/staff/{id}/password", post(reset_password))
        .route("/admin/staff/{id}/delete", post(delete_staff))
}

#[derive(Deserialize)]
struct EstablishmentForm {
    csrf: String,
    name: String,
    #[serde(default)]
    siret: String,
    #[serde(default)]
    address: String,
}

async fn update_establishment(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<EstablishmentForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let name = required(&form.name, "nom", "name")?;
    let siret = valid_siret(&form.siret)?;
    let registry = &state.stores.registry;
    registry
        .update_establishment(id, &name, &siret, form.address.trim())
        .await?;
    journal(
        &state,
        &staff,
        "établissement modifié / establishment changed",
        &name,
    )
    .await?;
    see_other("/admin#etablissements", None)
}

#[derive(Deserialize)]
struct NameForm {
    csrf: String,
    name: String,
}

async fn update_college(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<NameForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let name = required(&form.name, "nom", "name")?;
    state.stores.registry.update_college(id, &name).await?;
    journal(&state, &staff, "collège modifié / college changed", &name).await?;
    see_other("/admin#colleges", None)
}

#[derive(Deserialize)]
struct ScrutinForm {
    csrf: String,
    name: String,
    opens: String,
    closes: String,
}

async fn update_scrutin(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<ScrutinForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let name = required(&form.name, "nom", "name")?;
    let (opens, closes) = valid_schedule(&form.opens, &form.closes)?;
    state
        .stores
        .registry
        .update_scrutin(id, &name, opens, closes)
        .await?;
    let detail = format!("{name} : {} → {}", form.opens.trim(), form.closes.trim());
    journal(&state, &staff, "scrutin modifié / scrutin changed", &detail).await?;
    see_other(&format!("/admin/scrutins/{id}"), None)
}

#[derive(Deserialize)]
struct SeatsForm {
    csrf: String,
    establishment: i64,
    college: i64,
    #[serde(default)]
    seats: u32,
}

async fn set_seats(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<SeatsForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    valid_seats(form.seats)?;
    state
        .stores
        .registry
        .set_seats(id, form.establishment, form.college, form.seats)
        .await?;
    let detail = format!(
        "scrutin {id}, établissement {}, collège {} : {} sièges",
        form.establishment, form.college, form.seats
    );
    journal(&state, &staff, "sièges modifiés / seats changed", &detail).await?;
    see_other(&format!("/admin/scrutins/{id}#elections"), None)
}

async fn delete_elections(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<SeatsForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    state
        .stores
        .registry
        .delete_elections(id, form.establishment, form.college)
        .await?;
    let detail = format!(
        "scrutin {id}, établissement {}, collège {}",
        form.establishment, form.college
    );
    journal(
        &state,
        &staff,
        "élections supprimées / elections removed",
        &detail,
    )
    .await?;
    see_other(&format!("/admin/scrutins/{id}#elections"), None)
}

#[derive(Deserialize)]
struct ResetForm {
    csrf: String,
    password: String,
}

async fn account_login(state: &Shared, id: i64) -> Result<String, WebError> {
    state
        .stores
        .registry
        .staff()
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .map(|a| a.login)
        .ok_or(WebError::NotFound)
}

/// The organisateur gives a member a new initial password (they forgot theirs); every session
/// of that account ends.
async fn reset_password(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<ResetForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let login = account_login(&state, id).await?;
    password::check_strength(&form.password).map_err(|weak| bad(weak.fr(), weak.en()))?;
    let secret = form.password;
    let phc = tokio::task::spawn_blocking(move || password::hash_password(&secret))
        .await
        .map_err(|e| WebError::Internal(format!("join: {e}")))?
        .map_err(|e| WebError::Internal(format!("argon2: {e}")))?;
    // No session is kept: the token of a session is never the empty string.
    state.stores.registry.set_password(id, &phc, "").await?;
    journal(
        &state,
        &staff,
        "mot de passe réinitialisé / password reset",
        &login,
    )
    .await?;
    see_other("/admin/staff", None)
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn delete_staff(
    State(state): State<Shared>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    if id == staff.account.id {
        return Err(bad(
            "Vous ne pouvez pas supprimer votre propre compte.",
            "You cannot remove your own account.",
        ));
    }
    let login = account_login(&state, id).await?;
    state.stores.registry.delete_staff(id).await?;
    journal(&state, &staff, "compte supprimé / account removed", &login).await?;
    see_other("/admin/staff", None)
}

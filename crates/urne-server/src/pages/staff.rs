//! Staff accounts (created by the organisateur, each with one role; a délégué de liste with their
//! union), each member's own account page (to replace the initial password the organisateur
//! chose), and the set-up journal (who changed what, when).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use urne_store::registry::{JournalKind, Role, StaffAccount, Union};

use super::{bad, journal, render, required, ORGANISER};
use crate::app::Shared;
use crate::auth::{see_other, Staff};
use crate::calendar;
use crate::error::WebError;
use crate::i18n::PageCtx;
use crate::password;

/// The routes of this module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/admin/staff", get(staff_page).post(add_staff))
        .route("/admin/journal", get(journal_page))
        .route("/account", get(account_page).post(change_password))
}

/// A role's name for people.
pub fn role_label(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::Organisateur => ("Organisateur", "Organiser"),
        Role::Delegue => ("Délégué de liste", "List delegate"),
        Role::Bvc => (
            "Membre du bureau de vote centralisateur",
            "Central polling-board member",
        ),
        Role::Bve => (
            "Membre d'un bureau de vote d'établissement",
            "Establishment polling-board member",
        ),
        Role::Hotline => ("Cellule d'assistance", "Hotline"),
        Role::Direction => ("Représentant de la direction", "Management representative"),
    }
}

struct AccountRow {
    account: StaffAccount,
    role: (&'static str, &'static str),
    union: String,
}

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffPage {
    ctx: PageCtx,
    accounts: Vec<AccountRow>,
    roles: Vec<(&'static str, (&'static str, &'static str))>,
    unions: Vec<Union>,
}

async fn staff_page(State(state): State<Shared>, staff: Staff) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    let registry = &state.stores.registry;
    let unions = registry.unions().await?;
    let accounts = registry
        .staff()
        .await?
        .into_iter()
        .map(|account| AccountRow {
            role: role_label(account.role),
            union: account
                .union_id
                .and_then(|id| unions.iter().find(|u| u.id == id))
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            account,
        })
        .collect();
    let page = StaffPage {
        ctx: staff.ctx("/admin/staff"),
        accounts,
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str(), role_label(*r)))
            .collect(),
        unions,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct StaffForm {
    csrf: String,
    login: String,
    display_name: String,
    password: String,
    role: String,
    #[serde(default)]
    union: String,
}

async fn add_staff(
    State(state): State<Shared>,
    staff: Staff,
    Form(form): Form<StaffForm>,
) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    staff.check_csrf(&state, &form.csrf)?;
    let login = required(&form.login, "identifiant", "login")?;
    let display_name = required(&form.display_name, "nom affiché", "display name")?;
    let role = Role::parse(&form.role).ok_or_else(|| bad("Rôle inconnu.", "Unknown role."))?;
    let union_id = match (role, form.union.parse::<i64>()) {
        (Role::Delegue, Ok(id)) => Some(id),
        (Role::Delegue, Err(_)) => {
            return Err(bad(
                "Un délégué de liste représente une organisation syndicale : choisissez-la.",
                "A list delegate represents a union: choose it.",
            ))
        }
        _ => None,
    };
    password::check_strength(&form.password).map_err(|weak| bad(weak.fr(), weak.en()))?;
    let secret = form.password;
    let phc = tokio::task::spawn_blocking(move || password::hash_password(&secret))
        .await
        .map_err(|e| WebError::Internal(format!("join: {e}")))?
        .map_err(|e| WebError::Internal(format!("argon2: {e}")))?;
    state
        .stores
        .registry
        .add_staff(&login, &display_name, &phc, role, union_id)
        .await?;
    journal(
        &state,
        &staff,
        "compte créé / account created",
        &format!("{login} ({})", role.as_str()),
    )
    .await?;
    see_other("/admin/staff", None)
}

struct JournalRow {
    at: String,
    actor: String,
    action: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "journal.html")]
struct JournalPage {
    ctx: PageCtx,
    entries: Vec<JournalRow>,
}

async fn journal_page(State(state): State<Shared>, staff: Staff) -> Result<Response, WebError> {
    staff.require(ORGANISER)?;
    let entries = state
        .stores
        .registry
        .journal_entries(JournalKind::Setup, 1000)
        .await?
        .into_iter()
        .map(|e| JournalRow {
            at: calendar::show(e.at, staff.lang),
            actor: e.actor,
            action: e.action,
            detail: e.detail,
        })
        .collect();
    let page = JournalPage {
        ctx: staff.ctx("/admin/journal"),
        entries,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    ctx: PageCtx,
    login: String,
    role: (&'static str, &'static str),
    changed: bool,
}

#[derive(Deserialize)]
struct ChangedQuery {
    changed: Option<String>,
}

async fn account_page(
    staff: Staff,
    axum::extract::Query(query): axum::extract::Query<ChangedQuery>,
) -> Result<Response, WebError> {
    let page = AccountPage {
        ctx: staff.ctx("/account"),
        login: staff.account.login.clone(),
        role: role_label(staff.account.role),
        changed: query.changed.is_some(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct PasswordForm {
    csrf: String,
    current: String,
    new: String,
    confirm: String,
}

/// Any staff member replaces their own password, proving the current one; the account's other
/// sessions end.
async fn change_password(
    State(state): State<Shared>,
    staff: Staff,
    Form(form): Form<PasswordForm>,
) -> Result<Response, WebError> {
    staff.check_csrf(&state, &form.csrf)?;
    if form.new != form.confirm {
        return Err(bad(
            "Les deux saisies du nouveau mot de passe diffèrent.",
            "The two entries of the new password differ.",
        ));
    }
    password::check_strength(&form.new).map_err(|weak| bad(weak.fr(), weak.en()))?;
    let (current, phc) = (form.current, staff.account.password_phc.clone());
    let verified = tokio::task::spawn_blocking(move || password::verify_password(&current, &phc))
        .await
        .map_err(|e| WebError::Internal(format!("join: {e}")))?;
    if !verified {
        return Err(bad(
            "Le mot de passe actuel est incorrect.",
            "The current password is wrong.",
        ));
    }
    let new = form.new;
    let phc = tokio::task::spawn_blocking(move || password::hash_password(&new))
        .await
        .map_err(|e| WebError::Internal(format!("join: {e}")))?
        .map_err(|e| WebError::Internal(format!("argon2: {e}")))?;
    state
        .stores
        .registry
        .set_password(staff.account.id, &phc, staff.token())
        .await?;
    journal(&state, &staff, "mot de passe changé / password changed", "").await?;
    see_other("/account?changed=1", None)
}

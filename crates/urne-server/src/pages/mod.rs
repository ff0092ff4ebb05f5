//! The pages behind a staff login: set-up ([`setup`]), voters ([`voters`]), candidate lists
//! ([`lists`]), staff accounts and the journal ([`staff`]).
//!
//! Each handler takes the [`Staff`] extractor (a login is required), checks the role it needs,
//! and, for a POST, the CSRF token of the form; then calls the store, journals the change with
//! the staff member's login, and redirects (POST/redirect/GET) or renders a template.

pub mod lists;
pub mod setup;
pub mod staff;
pub mod voters;

use askama::Template;
use axum::response::Html;
use axum::Router;
use urne_store::registry::{JournalKind, Role};
use urne_store::StoreError;

use crate::app::Shared;
use crate::auth::Staff;
use crate::error::{Bilingual, WebError};

/// The routes of every page module.
pub fn routes() -> Router<Shared> {
    Router::new()
        .merge(setup::routes())
        .merge(voters::routes())
        .merge(lists::routes())
        .merge(staff::routes())
}

/// Renders a template.
///
/// # Errors
/// [`WebError::Internal`] when it fails (a bug).
pub fn render(template: &impl Template) -> Result<Html<String>, WebError> {
    template
        .render()
        .map(Html)
        .map_err(|e| WebError::Internal(format!("template: {e}")))
}

/// Roles that set the election up.
pub const ORGANISER: &[Role] = &[Role::Organisateur];

/// Journals a set-up change made by `staff`.
///
/// # Errors
/// [`WebError`] from the store.
pub async fn journal(
    state: &Shared,
    staff: &Staff,
    action: &str,
    detail: &str,
) -> Result<(), WebError> {
    state
        .stores
        .registry
        .journal(
            JournalKind::Setup,
            state.now(),
            &staff.account.login,
            action,
            detail,
        )
        .await?;
    Ok(())
}

/// A bad-request error with a French and an English message.
pub fn bad(fr: impl Into<String>, en: impl Into<String>) -> WebError {
    WebError::BadRequest(Bilingual::new(fr, en))
}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> WebError {
        match error {
            StoreError::NotFound(_) => WebError::NotFound,
            StoreError::Conflict(what) => bad(
                format!("Modification refusée : {what}."),
                format!("Change refused: {what}."),
            ),
            StoreError::Invalid(what) => bad(
                format!("Valeur refusée : {what}."),
                format!("Value refused: {what}."),
            ),
            other => WebError::Internal(other.to_string()),
        }
    }
}

/// A trimmed, non-empty form field, or a bilingual error naming it.
///
/// # Errors
/// [`WebError::BadRequest`] when the field is empty.
pub fn required(value: &str, fr_name: &str, en_name: &str) -> Result<String, WebError> {
    let value = value.trim();
    if value.is_empty() || value.len() > 500 {
        return Err(bad(
            format!("Le champ « {fr_name} » est obligatoire (500 caractères au plus)."),
            format!("The field \"{en_name}\" is required (at most 500 characters)."),
        ));
    }
    Ok(value.to_owned())
}

/// A random public identifier (128 bits, hex), for records and elections.
pub fn random_uid() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

//! What every voter step after the first shares: the scrutin, the session (or a redirect to the
//! first step), the form's CSRF token, the address's rate limit, and the access code the
//! session was opened with.

use axum::http::HeaderMap;
use axum::response::Response;
use urne_store::registry::{AccessCode, Scrutin, VoterSession};

use super::{address_key, check_csrf, check_limit, current_session, scrutin};
use crate::app::Shared;
use crate::auth::{see_other, ClientAddr};
use crate::error::WebError;

/// What every voter POST after the first step starts with.
pub(super) struct Step {
    /// The scrutin of the path.
    pub(super) scrutin: Scrutin,
    /// The session's cookie token.
    pub(super) token: String,
    /// The session.
    pub(super) session: VoterSession,
    /// The rate-limit key of the client's address.
    pub(super) address: String,
}

/// The scrutin, the session (or a redirect to the first step when there is none), the form's
/// CSRF token checked and the address's limit checked.
pub(super) async fn begin_step(
    state: &Shared,
    headers: &HeaderMap,
    address: &ClientAddr,
    uid: &str,
    csrf: &str,
) -> Result<Result<Step, Response>, WebError> {
    let scrutin = scrutin(state, uid).await?;
    let (token, session) = match session_or_restart(state, headers, &scrutin).await? {
        Ok(found) => found,
        Err(restart) => return Ok(Err(restart)),
    };
    check_csrf(state, &token, csrf)?;
    let address = address_key(address);
    check_limit(&state.voter_limiter, state, &address)?;
    Ok(Ok(Step {
        scrutin,
        token,
        session,
        address,
    }))
}

/// The access code a session was opened with, if the identifiant matched one.
pub(super) async fn code_of(
    state: &Shared,
    session: &VoterSession,
) -> Result<Option<AccessCode>, WebError> {
    match session.access_code_id {
        Some(id) => Ok(Some(state.stores.registry.access_code(id).await?)),
        None => Ok(None),
    }
}

pub(super) async fn session_or_restart(
    state: &Shared,
    headers: &HeaderMap,
    scrutin: &Scrutin,
) -> Result<Result<(String, VoterSession), Response>, WebError> {
    match current_session(state, headers, scrutin).await? {
        Some(found) => Ok(Ok(found)),
        None => Ok(Err(see_other(
            &format!("/vote/{}", scrutin.record_uid),
            None,
        )?)),
    }
}

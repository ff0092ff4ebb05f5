//! The voters' side of the site, under `/vote/{scrutin}`: the login steps of Article 9.2
//! ([`login`]), self-service recovery and the hotline contact form of Article 9.3
//! ([`recovery`]), the booth ([`booth`]), casting ([`cast`], checked against [`ballots`]) and
//! receipts ([`receipt`]).
//!
//! A voter's session is a random token in an `HttpOnly; SameSite=Strict` cookie, stored as its
//! SHA-256, tied to the access code it was opened with and checked against that code on every
//! request (a revoked code ends its sessions). No page ever shows a code, and no message tells
//! which factor of a login failed.

pub mod ballots;
pub mod booth;
pub mod cast;
pub mod login;
pub mod otp;
pub mod receipt;
pub mod recovery;
mod step;

use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::Router;
use rand::RngCore;
use sha2::{Digest, Sha256};
use urne_store::registry::{Scrutin, VoterSession};

use crate::app::Shared;
use crate::auth::ClientAddr;
use crate::error::WebError;
use crate::{cookie, csrf};

/// Name of the voter session cookie.
pub const VOTER_COOKIE: &str = "urne_voter";

/// The voter routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/vote/{uid}", get(login::identifiant_page))
        .route("/vote/{uid}/login", post(login::identifiant))
        .route(
            "/vote/{uid}/phone",
            get(login::phone_page).post(login::phone),
        )
        .route(
            "/vote/{uid}/password",
            get(login::password_page).post(login::password),
        )
        .route("/vote/{uid}/resend", post(otp::resend))
        .route("/vote/{uid}/elections", get(booth::elections))
        .route("/vote/{uid}/elections/{election}", get(booth::booth))
        .route("/vote/{uid}/elections/{election}/cast", post(cast::cast))
        .route("/vote/{uid}/lists/{list}/{file}", get(booth::list_file))
        .route(
            "/vote/{uid}/receipt",
            get(receipt::receipt_page).post(receipt::receipt),
        )
        .route("/vote/{uid}/receipt/download", post(receipt::download))
        .route("/vote/{uid}/receipt/email", post(receipt::email))
        .route("/vote/{uid}/logout", post(login::logout))
        .route(
            "/vote/{uid}/recovery",
            get(recovery::recovery_page).post(recovery::recovery),
        )
        .route(
            "/vote/{uid}/help",
            get(recovery::help_page).post(recovery::help),
        )
}

/// The scrutin whose public identifier is `uid`.
///
/// # Errors
/// [`WebError::NotFound`].
pub async fn scrutin(state: &Shared, uid: &str) -> Result<Scrutin, WebError> {
    Ok(state.stores.registry.scrutin_by_uid(uid).await?)
}

/// Whether voting is open now (between the programmed opening and closing).
pub fn is_open(state: &Shared, scrutin: &Scrutin) -> bool {
    let now = state.now();
    scrutin.opens_at <= now && now < scrutin.closes_at
}

/// A new session token and its stored hash.
pub(crate) fn new_token() -> (String, [u8; 32]) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// The cookie setting a voter session for the scrutin's pages.
pub(crate) fn session_cookie(state: &Shared, uid: &str, token: &str, max_age: i64) -> String {
    let secure = if state.https { "; Secure" } else { "" };
    format!(
        "{VOTER_COOKIE}={token}; Path=/vote/{uid}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    )
}

/// The current voter session of this scrutin, with its cookie token, if any. A session whose
/// access code was revoked or locked meanwhile is not returned.
///
/// # Errors
/// [`WebError`] from the store.
pub async fn current_session(
    state: &Shared,
    headers: &HeaderMap,
    scrutin: &Scrutin,
) -> Result<Option<(String, VoterSession)>, WebError> {
    let Some(token) = cookie::get(headers, VOTER_COOKIE) else {
        return Ok(None);
    };
    let registry = &state.stores.registry;
    let Some(session) = registry
        .voter_session(&token_hash(token), state.now())
        .await?
    else {
        return Ok(None);
    };
    if session.scrutin_id != scrutin.id {
        return Ok(None);
    }
    if let Some(code_id) = session.access_code_id {
        let code = registry.access_code(code_id).await?;
        if !code.active {
            registry.delete_voter_session(session.id).await?;
            return Ok(None);
        }
    }
    Ok(Some((token.to_owned(), session)))
}

/// The CSRF token of a voter session's forms.
pub(crate) fn csrf_of(state: &Shared, token: &str) -> String {
    csrf::token(&state.csrf_key, token)
}

/// Checks a voter form's CSRF token.
///
/// # Errors
/// [`WebError::Csrf`].
pub(crate) fn check_csrf(state: &Shared, token: &str, presented: &str) -> Result<(), WebError> {
    if csrf::verify(&state.csrf_key, token, presented) {
        Ok(())
    } else {
        Err(WebError::Csrf)
    }
}

/// The rate-limit key of a client address.
pub(crate) fn address_key(address: &ClientAddr) -> String {
    format!(
        "addr:{}",
        address
            .0
            .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
    )
}

/// Refuses the request when `key` is locked out in `limiter`.
///
/// # Errors
/// [`WebError::TooManyRequests`].
pub(crate) fn check_limit(
    limiter: &crate::rate_limit::RateLimiter,
    state: &Shared,
    key: &str,
) -> Result<(), WebError> {
    let now = state.clock.now();
    limiter
        .check(key, now)
        .map_err(|locked| WebError::TooManyRequests {
            retry_after_secs: locked.retry_after_secs(now),
        })
}

//! The login steps of Article 9.2.1: the identifiant (hashed in the browser by
//! `static/login.js`: the form posts only the login token), a mobile number the voter declares
//! (one number per voter, one voter per number) and a one-time password sent to it, then the
//! challenge (badge digits or social-security key, per scrutin). Voters outside Europe get the
//! password by e-mail instead (Article 9.2.2).
//!
//! An unknown identifiant still opens a session and goes through the same steps, so the only
//! failure a voter sees is at the last step, and it does not say which factor was wrong. Each
//! failure counts against the address (in memory) and against the access code (in the
//! registry: 5 in a row lock it for 30 minutes).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;
use urne_access::factors::{self, normalise_mobile, otp_matches};
use urne_crypto::LoginToken;
use urne_setup::challenge::{verify_badge, verify_ss_key};
use urne_store::registry::{ChallengeKind, PhoneDeclaration, VoterSession};

use super::otp::{password_email_of, send_otp, Recipient, MAX_OTP_SENDS};
use super::step::{begin_step, code_of, session_or_restart, Step};
use super::{
    address_key, check_csrf, check_limit, csrf_of, current_session, is_open, new_token, scrutin,
    session_cookie,
};
use crate::app::Shared;
use crate::auth::{see_other, ClientAddr};
use crate::error::WebError;
use crate::i18n::{Lang, PageCtx};
use crate::pages::render;

/// How long the login steps may take.
const STEP_SECS: i64 = 15 * 60;
/// How long a logged-in voter session lasts without logging in again.
pub const VOTING_SECS: i64 = 30 * 60;
/// Failures in a row that lock an access code.
pub const MAX_CODE_FAILURES: u32 = 5;
/// How long a locked code stays locked.
pub const CODE_LOCK_SECS: i64 = 30 * 60;

#[derive(Template)]
#[template(path = "voter_identifiant.html")]
struct IdentifiantPage {
    ctx: PageCtx,
    uid: String,
    scrutin: String,
    open: bool,
    malformed: bool,
}

#[derive(Template)]
#[template(path = "voter_phone.html")]
struct PhonePage {
    ctx: PageCtx,
    uid: String,
    csrf: String,
    error: &'static str,
}

#[derive(Template)]
#[template(path = "voter_password.html")]
struct PasswordPage {
    ctx: PageCtx,
    uid: String,
    csrf: String,
    sent_to: String,
    by_email: bool,
    challenge: &'static str,
    failed: bool,
}

fn ctx(lang: Lang, path: String) -> PageCtx {
    PageCtx::anonymous(lang, path)
}

/// `GET /vote/{uid}`: the identifiant step.
///
/// # Errors
/// [`WebError::NotFound`] for an unknown scrutin.
pub async fn identifiant_page(
    State(state): State<Shared>,
    lang: Lang,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    let scrutin = scrutin(&state, &uid).await?;
    let page = IdentifiantPage {
        ctx: ctx(lang, format!("/vote/{uid}")),
        open: is_open(&state, &scrutin),
        scrutin: scrutin.name,
        uid,
        malformed: false,
    };
    Ok(render(&page)?.into_response())
}

/// The identifiant form: only the login token, computed in the browser.
#[derive(Deserialize)]
pub struct IdentifiantForm {
    #[serde(default)]
    token: String,
}

/// `POST /vote/{uid}/login`.
///
/// # Errors
/// [`WebError::TooManyRequests`] when the address is locked out.
pub async fn identifiant(
    State(state): State<Shared>,
    lang: Lang,
    address: ClientAddr,
    Path(uid): Path<String>,
    Form(form): Form<IdentifiantForm>,
) -> Result<Response, WebError> {
    let scrutin = scrutin(&state, &uid).await?;
    let address = address_key(&address);
    check_limit(&state.voter_limiter, &state, &address)?;
    let token = hex::decode(form.token.trim())
        .ok()
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok());
    let open = is_open(&state, &scrutin);
    let (Some(token), true) = (token, open) else {
        // Closed: the page says so; open: the token did not parse (a browser without login.js).
        let page = IdentifiantPage {
            ctx: ctx(lang, format!("/vote/{uid}")),
            open,
            scrutin: scrutin.name,
            uid,
            malformed: open,
        };
        let status = if open {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::FORBIDDEN
        };
        return Ok((status, render(&page)?).into_response());
    };
    let registry = &state.stores.registry;
    let verifier = LoginToken(token).verifier();
    let code = registry
        .access_code_by_verifier(&verifier)
        .await?
        .filter(|code| code.active && code.scrutin_id == scrutin.id);
    if code.is_none() {
        state
            .voter_limiter
            .record_failure(&address, state.clock.now());
    }
    let now = state.now();
    let (session_token, hash) = new_token();
    let access_code_id = code.as_ref().map(|c| c.id);
    let id = registry
        .create_voter_session(&hash, scrutin.id, access_code_id, "phone", now + STEP_SECS)
        .await?;
    let cookie = session_cookie(&state, &uid, &session_token, STEP_SECS);
    // Voters whose password goes by e-mail skip the number: it is sent now.
    if let Some(code) = &code {
        if let Some(email) = password_email_of(&state, &scrutin, code.voter_id).await? {
            let session = VoterSession {
                id,
                scrutin_id: scrutin.id,
                access_code_id,
                stage: "phone".to_owned(),
                otp_hash: None,
                otp_expires_at: 0,
                otp_sends: 0,
                expires_at: now + STEP_SECS,
            };
            send_otp(&state, &scrutin, &session, Recipient::Email(&email)).await?;
            return see_other(&format!("/vote/{uid}/password?by=email"), Some(&cookie));
        }
    }
    see_other(&format!("/vote/{uid}/phone"), Some(&cookie))
}

/// `GET /vote/{uid}/phone`.
///
/// # Errors
/// [`WebError`] from the store.
pub async fn phone_page(
    State(state): State<Shared>,
    lang: Lang,
    headers: HeaderMap,
    Path(uid): Path<String>,
) -> Result<Response, WebError> {
    let scrutin = scrutin(&state, &uid).await?;
    let (token, _) = match session_or_restart(&state, &headers, &scrutin).await? {
        Ok(found) => found,
        Err(restart) => return Ok(restart),
    };
    let page = PhonePage {
        ctx: ctx(lang, format!("/vote/{uid}/phone")),
        csrf: csrf_of(&state, &token),
        uid,
        error: "",
    };
    Ok(render(&page)?.into_response())
}

/// The number form.
#[derive(Deserialize)]
pub struct PhoneForm {
    csrf: String,
    mobile: String,
}

/// `POST /vote/{uid}/phone`: declares the number and sends the password, if the identifiant
/// was right and the number is (or becomes) this voter's.
///
/// # Errors
/// [`WebError::Csrf`], [`WebError::TooManyRequests`].
pub async fn phone(
    State(state): State<Shared>,
    lang: Lang,
    headers: HeaderMap,
    address: ClientAddr,
    Path(uid): Path<String>,
    Form(form): Form<PhoneForm>,
) -> Result<Response, WebError> {
    let Step {
        scrutin,
        token,
        session,
        address,
    } = match begin_step(&state, &headers, &address, &uid, &form.csrf).await? {
        Ok(step) => step,
        Err(restart) => return Ok(restart),
    };
    let page = |error| PhonePage {
        ctx: ctx(lang, format!("/vote/{uid}/phone")),
        csrf: csrf_of(&state, &token),
        uid: uid.clone(),
        error,
    };
    let Ok(number) = normalise_mobile(&form.mobile) else {
        let page = page("mobile");
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    if session.otp_sends >= MAX_OTP_SENDS {
        state
            .voter_limiter
            .record_failure(&address, state.clock.now());
        let page = page("sends");
        return Ok((StatusCode::TOO_MANY_REQUESTS, render(&page)?).into_response());
    }
    let registry = &state.stores.registry;
    let now = state.now();
    let code = code_of(&state, &session).await?;
    let mut sent = false;
    if let Some(code) = code.filter(|c| c.locked_until <= now) {
        let hash = factors::phone_hash(&state.pepper, &scrutin.record_uid, &number);
        let declared = registry
            .declare_phone(scrutin.id, code.voter_id, &hash)
            .await?;
        if matches!(declared, PhoneDeclaration::Bound | PhoneDeclaration::Same) {
            send_otp(&state, &scrutin, &session, Recipient::Sms(&number)).await?;
            sent = true;
        }
    }
    if !sent {
        // Nothing is sent, but the session moves on as if it were.
        registry
            .update_voter_session(
                session.id,
                "password",
                None,
                session.otp_sends + 1,
                session.expires_at,
            )
            .await?;
    }
    let masked = urne_delivery::mask_phone(&number);
    see_other(
        &format!(
            "/vote/{uid}/password?to={}",
            masked
                .replace(' ', "%20")
                .replace('+', "%2B")
                .replace('*', "%2A")
        ),
        None,
    )
}

/// Query of the password page: where the password was sent, masked.
#[derive(Deserialize)]
pub struct PasswordQuery {
    #[serde(default)]
    to: String,
    #[serde(default)]
    by: String,
}

fn challenge_label(kind: ChallengeKind) -> &'static str {
    match kind {
        ChallengeKind::Badge => "badge",
        ChallengeKind::SsKey => "ss_key",
        ChallengeKind::None => "none",
    }
}

/// `GET /vote/{uid}/password`.
///
/// # Errors
/// [`WebError`] from the store.
pub async fn password_page(
    State(state): State<Shared>,
    lang: Lang,
    headers: HeaderMap,
    Path(uid): Path<String>,
    Query(query): Query<PasswordQuery>,
) -> Result<Response, WebError> {
    let scrutin = scrutin(&state, &uid).await?;
    let (token, _) = match session_or_restart(&state, &headers, &scrutin).await? {
        Ok(found) => found,
        Err(restart) => return Ok(restart),
    };
    let kind = state.stores.registry.scrutin_challenge(scrutin.id).await?;
    let page = PasswordPage {
        ctx: ctx(lang, format!("/vote/{uid}/password")),
        csrf: csrf_of(&state, &token),
        uid,
        sent_to: query
            .to
            .chars()
            .filter(|c| c.is_ascii_digit() || " +*".contains(*c))
            .collect(),
        by_email: query.by == "email",
        challenge: challenge_label(kind),
        failed: false,
    };
    Ok(render(&page)?.into_response())
}

/// The password and challenge form.
#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    password: String,
    #[serde(default)]
    challenge: String,
}

/// `POST /vote/{uid}/password`: the last step; every factor is checked here, and a failure
/// does not say which.
///
/// # Errors
/// [`WebError::Csrf`], [`WebError::TooManyRequests`].
pub async fn password(
    State(state): State<Shared>,
    lang: Lang,
    headers: HeaderMap,
    address: ClientAddr,
    Path(uid): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, WebError> {
    let Step {
        scrutin,
        token,
        session,
        address,
    } = match begin_step(&state, &headers, &address, &uid, &form.csrf).await? {
        Ok(step) => step,
        Err(restart) => return Ok(restart),
    };
    let registry = &state.stores.registry;
    let now = state.now();
    let kind = registry.scrutin_challenge(scrutin.id).await?;
    let code = code_of(&state, &session).await?;
    let mut passed = false;
    if let Some(code) = &code {
        let voter = registry.voter(code.voter_id).await?.voter;
        let otp_ok = session.otp_expires_at > now
            && session
                .otp_hash
                .is_some_and(|h| otp_matches(&state.pepper, session.id, &form.password, &h));
        let challenge_ok = match kind {
            ChallengeKind::Badge => voter.challenge.badge.is_some_and(|h| {
                verify_badge(&state.pepper, &voter.matricule, &form.challenge, &h)
            }),
            ChallengeKind::SsKey => voter.challenge.ss_key.is_some_and(|h| {
                verify_ss_key(&state.pepper, &voter.matricule, &form.challenge, &h)
            }),
            ChallengeKind::None => true,
        };
        passed = code.active && code.locked_until <= now && otp_ok && challenge_ok;
        if !passed {
            registry
                .record_access_failure(code.id, now, MAX_CODE_FAILURES, CODE_LOCK_SECS)
                .await?;
        }
    }
    if !passed {
        state
            .voter_limiter
            .record_failure(&address, state.clock.now());
        let by_email = match &code {
            Some(code) => password_email_of(&state, &scrutin, code.voter_id)
                .await?
                .is_some(),
            None => false,
        };
        let page = PasswordPage {
            ctx: ctx(lang, format!("/vote/{uid}/password")),
            csrf: csrf_of(&state, &token),
            uid,
            sent_to: String::new(),
            by_email,
            challenge: challenge_label(kind),
            failed: true,
        };
        return Ok((StatusCode::UNAUTHORIZED, render(&page)?).into_response());
    }
    let Some(code) = code else {
        return Err(WebError::Internal("passed without a code".to_owned()));
    };
    registry.clear_access_failures(code.id).await?;
    // A new token for the logged-in session (no fixation of the pre-login one).
    registry.delete_voter_session(session.id).await?;
    let (token, hash) = new_token();
    registry
        .create_voter_session(&hash, scrutin.id, Some(code.id), "in", now + VOTING_SECS)
        .await?;
    let cookie = session_cookie(&state, &uid, &token, VOTING_SECS);
    see_other(&format!("/vote/{uid}/elections"), Some(&cookie))
}

/// The logout form.
#[derive(Deserialize)]
pub struct LogoutForm {
    csrf: String,
}

/// `POST /vote/{uid}/logout`.
///
/// # Errors
/// [`WebError::Csrf`].
pub async fn logout(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(uid): Path<String>,
    Form(form): Form<LogoutForm>,
) -> Result<Response, WebError> {
    let scrutin = scrutin(&state, &uid).await?;
    if let Some((token, session)) = current_session(&state, &headers, &scrutin).await? {
        check_csrf(&state, &token, &form.csrf)?;
        state
            .stores
            .registry
            .delete_voter_session(session.id)
            .await?;
    }
    let cookie = session_cookie(&state, &uid, "", 0);
    see_other(&format!("/vote/{uid}"), Some(&cookie))
}

//! One-time passwords (Article 9.2): drawn per session, kept as an HMAC bound to the session,
//! sent by SMS to the declared number or by e-mail (voters outside Europe, or as the hotline
//! decided), at most [`MAX_OTP_SENDS`] per session; and re-sent on request to voters whose
//! passwords go by e-mail (Article 9.3).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use urne_access::factors::{self, channels, otp_hash};
use urne_access::messages;
use urne_store::registry::{Scrutin, VoterSession};

use super::step::{begin_step, code_of, Step};
use crate::app::Shared;
use crate::auth::{see_other, ClientAddr};
use crate::delivery::{self, masked};
use crate::error::WebError;

/// How long a one-time password is valid.
pub(super) const OTP_SECS: i64 = 10 * 60;
/// Passwords one session may ask for.
pub(super) const MAX_OTP_SENDS: u32 = 3;

/// Where a voter's passwords go by e-mail, if they do: set by the hotline, or the professional
/// address of a voter outside Europe.
pub(super) async fn password_email_of(
    state: &Shared,
    scrutin: &Scrutin,
    voter_id: i64,
) -> Result<Option<String>, WebError> {
    let registry = &state.stores.registry;
    if let Some(email) = registry.password_email(scrutin.id, voter_id).await? {
        return Ok(Some(email));
    }
    let voter = registry.voter(voter_id).await?.voter;
    let email = voter.professional_email.clone();
    Ok(email.filter(|_| channels(&voter.address.country, true).password_by_email))
}

pub(super) enum Recipient<'a> {
    /// An e-mail address.
    Email(&'a str),
    /// A mobile number (E.164).
    Sms(&'a str),
}

/// Draws a one-time password for the session, stores its HMAC and sends it.
pub(super) async fn send_otp(
    state: &Shared,
    scrutin: &Scrutin,
    session: &VoterSession,
    to: Recipient<'_>,
) -> Result<(), WebError> {
    let otp = factors::new_otp();
    let hash = otp_hash(&state.pepper, session.id, &otp);
    let now = state.now();
    state
        .stores
        .registry
        .update_voter_session(
            session.id,
            "password",
            Some((&hash, now + OTP_SECS)),
            session.otp_sends + 1,
            session.expires_at,
        )
        .await?;
    let sent = match to {
        Recipient::Email(email) => {
            let ctx = delivery::context(state, scrutin).await?;
            state
                .delivery
                .email(email, &messages::password_email(&ctx, &otp))
                .await
        }
        Recipient::Sms(number) => {
            state
                .delivery
                .sms(number, &messages::password_sms(&otp))
                .await
        }
    };
    // The voter sees "if your details are right, a password was sent": a failed send shows as
    // a password that does not arrive, and the operator finds it in the server's log.
    if let Err(error) = sent {
        let to = match to {
            Recipient::Email(e) => masked(true, e),
            Recipient::Sms(n) => masked(false, n),
        };
        crate::log::line(&format!("password to {to} not sent: {error}"));
    }
    Ok(())
}

/// The resend form.
#[derive(Deserialize)]
pub struct ResendForm {
    csrf: String,
}

/// `POST /vote/{uid}/resend`: a new password by e-mail for voters whose passwords go by e-mail
/// (Article 9.3: "renvoi du mot de passe sur l'email connu du système"); others declare their
/// number again. Counts against the session's sends.
///
/// # Errors
/// [`WebError::Csrf`], [`WebError::TooManyRequests`].
pub async fn resend(
    State(state): State<Shared>,
    headers: HeaderMap,
    address: ClientAddr,
    Path(uid): Path<String>,
    Form(form): Form<ResendForm>,
) -> Result<Response, WebError> {
    let Step {
        scrutin,
        session,
        address,
        ..
    } = match begin_step(&state, &headers, &address, &uid, &form.csrf).await? {
        Ok(step) => step,
        Err(restart) => return Ok(restart),
    };
    if session.otp_sends >= MAX_OTP_SENDS {
        state
            .voter_limiter
            .record_failure(&address, state.clock.now());
        return Err(WebError::TooManyRequests {
            retry_after_secs: u64::try_from(session.expires_at - state.now()).unwrap_or(0),
        });
    }
    let code = code_of(&state, &session).await?;
    let now = state.now();
    if let Some(code) = code.filter(|c| c.active && c.locked_until <= now) {
        if let Some(email) = password_email_of(&state, &scrutin, code.voter_id).await? {
            send_otp(&state, &scrutin, &session, Recipient::Email(&email)).await?;
            return see_other(&format!("/vote/{uid}/password?by=email"), None);
        }
    }
    see_other(&format!("/vote/{uid}/phone"), None)
}

//! Staff login, sessions and logout.
//!
//! A session is a random 256-bit token in an `HttpOnly; SameSite=Strict` cookie (and `Secure`
//! behind https); the registry keeps only its SHA-256. Logins are limited twice: per address and
//! per login name in memory ([`crate::rate_limit`]), and per account in the registry (five
//! failures lock the account for 15 minutes). Every failure shows the same message, whatever
//! failed, and an unknown login costs the same argon2 time as a known one.
//!
//! The [`Staff`] extractor gives a handler the logged-in account, or redirects to the login page.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use rand::RngCore;
use serde::Deserialize;
use urne_store::registry::{JournalKind, Role, StaffAccount};

use crate::app::Shared;
use crate::error::WebError;
use crate::i18n::{is_local_path, Lang, PageCtx, Tr};
use crate::{cookie, csrf, password};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "urne_session";
/// Lifetime of a staff session: a working day.
pub const SESSION_SECS: i64 = 8 * 3600;
/// Failed logins before the account locks.
pub const MAX_FAILURES: u32 = 5;
/// How long a locked account stays locked.
pub const LOCKOUT_SECS: i64 = 15 * 60;

/// A logged-in staff member.
pub struct Staff {
    /// The account.
    pub account: StaffAccount,
    /// The page language.
    pub lang: Lang,
    /// The CSRF token of this session, for forms.
    pub csrf: String,
    token: String,
}

impl Staff {
    /// The layout context of a page at `path`.
    pub fn ctx(&self, path: impl Into<String>) -> PageCtx {
        PageCtx {
            tr: Tr(self.lang),
            path: path.into(),
            user: Some(self.account.display_name.clone()),
            csrf: self.csrf.clone(),
        }
    }

    /// This session's token (to keep it when the password changes).
    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    /// Checks a form's CSRF token against this session's.
    ///
    /// # Errors
    /// [`WebError::Csrf`] when it does not match.
    pub fn check_csrf(&self, state: &Shared, presented: &str) -> Result<(), WebError> {
        if csrf::verify(&state.csrf_key, &self.token, presented) {
            Ok(())
        } else {
            Err(WebError::Csrf)
        }
    }

    /// Fails unless the account has one of `roles` (Annex 2's rights, per page).
    ///
    /// # Errors
    /// [`WebError::Forbidden`].
    pub fn require(&self, roles: &[Role]) -> Result<(), WebError> {
        if roles.contains(&self.account.role) {
            Ok(())
        } else {
            Err(WebError::Forbidden)
        }
    }
}

impl Staff {
    /// Fails unless the account holds `right` of Annex 2 ([`crate::rights`]).
    ///
    /// # Errors
    /// [`WebError::Forbidden`].
    pub fn require_right(&self, right: crate::rights::Right) -> Result<(), WebError> {
        if self.has_right(right) {
            Ok(())
        } else {
            Err(WebError::Forbidden)
        }
    }

    /// Whether the account holds `right` of Annex 2 (to show or hide what a page offers).
    pub fn has_right(&self, right: crate::rights::Right) -> bool {
        crate::rights::allows(self.account.role, right)
    }

    /// The establishments this account sees (Annex 2's (*)).
    pub fn perimeter(&self) -> crate::rights::Perimeter {
        crate::rights::Perimeter::of(&self.account)
    }
}

impl FromRequestParts<Shared> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Staff, Response> {
        let lang = Lang::negotiate(parts.uri.query(), &parts.headers);
        let to_login = || {
            let back = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            let next: String = url_encode(back);
            Redirect::to(&format!("/login?next={next}")).into_response()
        };
        let Some(token) = cookie::get(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login());
        };
        let session = state
            .stores
            .registry
            .session(token, state.now())
            .await
            .map_err(|e| WebError::from(e).into_response())?;
        match session {
            Some(session) => Ok(Staff {
                csrf: csrf::token(&state.csrf_key, token),
                token: token.to_owned(),
                account: session.staff,
                lang,
            }),
            None => Err(to_login()),
        }
    }
}

/// The client's address, when the server was started with connect info (tests may not be).
/// Behind a reverse proxy it is the proxy's: rate limits then count per proxy, which is
/// stricter, never looser.
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<ClientAddr, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip()),
        ))
    }
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: PageCtx,
    next: String,
    failed: bool,
}

/// Query of the login page.
#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

fn render(template: &impl Template) -> Result<Html<String>, WebError> {
    template
        .render()
        .map(Html)
        .map_err(|e| WebError::Internal(format!("template: {e}")))
}

/// `GET /login`.
///
/// # Errors
/// [`WebError::Internal`] when the page cannot be rendered.
pub async fn login_page(lang: Lang, Query(query): Query<LoginQuery>) -> Result<Response, WebError> {
    let next = query.next.filter(|n| is_local_path(n)).unwrap_or_default();
    let page = LoginPage {
        ctx: PageCtx::anonymous(lang, "/login"),
        next,
        failed: false,
    };
    Ok(render(&page)?.into_response())
}

/// The login form.
#[derive(Deserialize)]
pub struct LoginForm {
    login: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /login`.
///
/// # Errors
/// [`WebError::TooManyRequests`] when the address or the login name is locked out.
pub async fn login(
    State(state): State<Shared>,
    lang: Lang,
    ClientAddr(address): ClientAddr,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let now_ts = state.clock.now();
    let now = now_ts.as_second();
    let address_key = format!(
        "addr:{}",
        address.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
    );
    let login_key = format!("login:{}", form.login.trim().to_lowercase());
    for key in [&address_key, &login_key] {
        if let Err(locked) = state.login_limiter.check(key, now_ts) {
            return Err(WebError::TooManyRequests {
                retry_after_secs: locked.retry_after_secs(now_ts),
            });
        }
    }
    let registry = &state.stores.registry;
    let account = registry.staff_by_login(form.login.trim()).await?;
    let password = form.password;
    let verified = match &account {
        Some(account) if account.locked_until <= now => {
            let phc = account.password_phc.clone();
            tokio::task::spawn_blocking(move || password::verify_password(&password, &phc))
                .await
                .map_err(|e| WebError::Internal(format!("join: {e}")))?
        }
        _ => {
            tokio::task::spawn_blocking(move || password::verify_dummy(&password))
                .await
                .map_err(|e| WebError::Internal(format!("join: {e}")))?;
            false
        }
    };
    let account = match account {
        Some(account) if verified => account,
        unverified => {
            for key in [&address_key, &login_key] {
                state.login_limiter.record_failure(key, now_ts);
            }
            if let Some(account) = unverified {
                registry
                    .record_login_failure(account.id, now, MAX_FAILURES, LOCKOUT_SECS)
                    .await?;
            }
            let page = LoginPage {
                ctx: PageCtx::anonymous(lang, "/login"),
                next: form.next,
                failed: true,
            };
            return Ok((StatusCode::UNAUTHORIZED, render(&page)?).into_response());
        }
    };
    state.login_limiter.record_success(&login_key);
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    registry
        .start_session(account.id, &token, now + SESSION_SECS)
        .await?;
    registry
        .journal(
            JournalKind::Setup,
            now,
            &account.login,
            "connexion / login",
            "",
        )
        .await?;
    let target = if is_local_path(&form.next) {
        form.next
    } else if account.role == Role::Delegue {
        "/lists".to_owned()
    } else {
        "/admin".to_owned()
    };
    let secure = if state.https { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={SESSION_SECS}; HttpOnly; SameSite=Strict{secure}"
    );
    see_other(&target, Some(&cookie))
}

/// A 303 redirect to `target`, setting `cookie` if given.
///
/// # Errors
/// [`WebError::Internal`] when a header value is invalid.
pub fn see_other(target: &str, cookie: Option<&str>) -> Result<Response, WebError> {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    let header = |value: &str| {
        HeaderValue::from_str(value).map_err(|e| WebError::Internal(format!("header: {e}")))
    };
    headers.insert(LOCATION, header(target)?);
    if let Some(cookie) = cookie {
        headers.insert(SET_COOKIE, header(cookie)?);
    }
    Ok(response)
}

/// A form with only the CSRF token (logout, and the bureau's buttons).
#[derive(Deserialize)]
pub struct CsrfForm {
    /// The session's CSRF token.
    pub csrf: String,
}

/// `POST /logout`.
///
/// # Errors
/// [`WebError::Csrf`] when the token does not match.
pub async fn logout(
    State(state): State<Shared>,
    staff: Staff,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    staff.check_csrf(&state, &form.csrf)?;
    state
        .stores
        .registry
        .end_session(&staff.token, state.now())
        .await?;
    let cookie = format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    see_other("/login", Some(&cookie))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_encoded() {
        assert_eq!(url_encode("/lists/3?x=a b"), "/lists/3%3Fx%3Da%20b");
    }
}

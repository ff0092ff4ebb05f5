//! The application: shared state, the router, and serving it.
//!
//! Every route is listed in [`router`], so one read shows the whole surface. Every response goes
//! through the security headers; every POST is refused unless it comes from our own origin
//! ([`crate::csrf::same_origin`]), and pages behind a login also check the session's CSRF token.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use urne_crypto::signing::SigningKey;
use urne_setup::challenge::ChallengePepper;
use urne_store::Stores;

use crate::clock::Clock;
use crate::csrf::{self, CsrfKey};
use crate::delivery::Delivery;
use crate::error::WebError;
use crate::rate_limit::{Policy, RateLimiter};
use crate::voter::ballots::BallotCache;
use crate::{assets, auth, i18n, pages, public_record, security_headers, voter};

/// Public record archives streamed at once by one server process. A whole record of a million
/// ballots is about 15 GB read from the ballot box: anyone may download it, but a handful of
/// downloads at a time must not starve the voters of the database. The others are told to come
/// back ([`WebError::Busy`]).
pub const ARCHIVE_DOWNLOADS: usize = 4;

/// What every handler shares.
pub struct AppState {
    /// The registry and the ballot box.
    pub stores: Stores,
    /// The time (a fixed clock in tests).
    pub clock: Arc<dyn Clock>,
    /// Key of the CSRF tokens.
    pub csrf_key: CsrfKey,
    /// Key of the hashes of the voters' challenge fields.
    pub pepper: ChallengePepper,
    /// Failed logins per address and per login name.
    pub login_limiter: RateLimiter,
    /// `scheme://host[:port]` as browsers see it, for the origin check.
    pub public_origin: String,
    /// Whether the public URL is https (cookies get `Secure`, HSTS is sent).
    pub https: bool,
    /// Failed voter login steps per address.
    pub voter_limiter: RateLimiter,
    /// Recovery and help requests per address.
    pub request_limiter: RateLimiter,
    /// E-mail and SMS.
    pub delivery: Delivery,
    /// The hotline's number or address, printed in letters and messages.
    pub hotline: Option<String>,
    /// Whether `/outbox` shows the messages kept in memory, codes included, to anyone: for
    /// the demo only.
    pub show_outbox: bool,
    /// Whether the programmed communications also go by SMS to the mobiles of the voter file.
    pub sms_communications: bool,
    /// The key that signs voters' receipts (its public half is in each record).
    pub receipt_key: SigningKey,
    /// Each election's manifest and ballot context, read once from the record.
    pub ballots: BallotCache,
    /// Public archive downloads being streamed ([`ARCHIVE_DOWNLOADS`] at once): each permit is
    /// held until its archive is sent or its reader gone.
    pub archive_downloads: Arc<tokio::sync::Semaphore>,
    /// For the recovery test of DESIGN.md §3 only: abort the process right after a ballot is
    /// stored, before its émargement (`urne serve` sets it from `URNE_TEST_CRASH_AFTER_BALLOT`).
    pub crash_after_ballot: bool,
}

impl AppState {
    /// A state with the default login policies, sending to an in-memory outbox.
    pub fn new(
        stores: Stores,
        clock: Arc<dyn Clock>,
        csrf_key: CsrfKey,
        pepper: ChallengePepper,
        public_url: &str,
    ) -> AppState {
        let public_origin = origin_of(public_url);
        AppState {
            stores,
            clock,
            csrf_key,
            pepper,
            login_limiter: RateLimiter::new(Policy::LOGIN),
            voter_limiter: RateLimiter::new(Policy::VOTER),
            request_limiter: RateLimiter::new(Policy::REQUESTS),
            delivery: Delivery::outbox(),
            hotline: None,
            show_outbox: false,
            sms_communications: false,
            receipt_key: SigningKey::from_seed(&random_seed()),
            ballots: BallotCache::default(),
            archive_downloads: Arc::new(tokio::sync::Semaphore::new(ARCHIVE_DOWNLOADS)),
            crash_after_ballot: false,
            https: public_origin.starts_with("https://"),
            public_origin,
        }
    }

    /// Now, in Unix seconds.
    pub fn now(&self) -> i64 {
        self.clock.now().as_second()
    }
}

/// 32 random bytes from the operating system.
fn random_seed() -> zeroize::Zeroizing<[u8; 32]> {
    use rand::RngCore;
    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(seed.as_mut_slice());
    seed
}

/// The origin browsers will send for `public_url` ([`crate::config::parse_origin`]), or the URL
/// itself, trimmed, when it is not a bare origin (the configuration refuses those anyway).
fn origin_of(public_url: &str) -> String {
    crate::config::parse_origin(public_url)
        .unwrap_or_else(|| public_url.trim_end_matches('/').to_owned())
}

/// The shared state, as handlers see it.
pub type Shared = Arc<AppState>;

/// Largest request body: a profession de foi is at most 1 MB, a voter file of 100 000 lines
/// about 20 MB.
const BODY_LIMIT: usize = 32 * 1024 * 1024;

/// Every route of the server.
pub fn router(state: Shared) -> Router {
    let https = state.https;
    let routes = Router::new()
        .route("/", get(home))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/lang/{code}", get(i18n::set_lang))
        .merge(pages::routes())
        .merge(voter::routes())
        .merge(public_record::routes())
        .merge(assets::routes())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            same_origin_posts,
        ));
    security_headers::wrap(routes, https).with_state(state)
}

/// `/`: each role's first page (a login first, through the [`auth::Staff`] extractor).
async fn home(staff: auth::Staff) -> Redirect {
    use urne_store::registry::Role;
    match staff.account.role {
        Role::Organisateur => Redirect::to("/admin"),
        Role::Delegue => Redirect::to("/lists"),
        Role::Hotline => Redirect::to("/hotline"),
        Role::Bvc | Role::Bve | Role::Direction => Redirect::to("/bureau"),
    }
}

/// Refuses state-changing requests from another origin (OWASP CSRF cheat sheet: verifying
/// origin with standard headers), before any handler runs.
async fn same_origin_posts(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !csrf::same_origin(req.headers(), &state.public_origin) {
        return WebError::Csrf.into_response();
    }
    next.run(req).await
}

/// Serves `router` on `listener` until the process is stopped.
///
/// # Errors
/// The listener's I/O error.
pub async fn serve(state: Shared, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("https://vote.example.fr/"),
            "https://vote.example.fr"
        );
        assert_eq!(
            origin_of("HTTPS://Vote.Example.fr:443"),
            "https://vote.example.fr"
        );
        assert_eq!(origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    }
}

//! HTTP security headers on every response, after the OWASP Secure Headers Project
//! (<https://owasp.org/www-project-secure-headers/>) and MDN's Content-Security-Policy reference
//! (<https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy>),
//! in the manner of kanidm's `middleware/security_headers.rs`.
//!
//! Wiring: the middleware takes its configuration as axum state, so that HSTS is sent only when
//! the public URL is `https` (sending it over plain HTTP on `urne demo` would be ignored at best,
//! and pin a test host at worst):
//!
//! ```
//! use urne_server::security_headers::{security_headers, SecurityHeaders};
//! # let config = urne_server::config::Config::default();
//! let router: axum::Router = axum::Router::new().layer(axum::middleware::from_fn_with_state(
//!     SecurityHeaders { hsts: config.is_https() },
//!     security_headers,
//! ));
//! ```
//! or simply `security_headers::wrap(router, hsts)`.
//!
//! Each header is added only when the handler did not set it, so one page can deliberately
//! relax or tighten a header; no page does today.
//!
//! Deviation from the OWASP default `Referrer-Policy: no-referrer`: we send `same-origin`. Under
//! `no-referrer`, browsers send `Origin: null` on every same-origin form POST (Fetch standard,
//! "append a request `Origin` header", step 3; rails/rails#28299), which would blind the origin
//! check of [`crate::csrf::same_origin`]. `same-origin` still sends nothing to other sites, and
//! our pages load nothing from other sites anyway.
//!
//! Left out: `X-XSS-Protection` (obsolete; OWASP recommends not sending it), `Expect-CT`
//! (obsolete), CSP reporting (no endpoint to receive reports), and nonces (no inline script).

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
    Router,
};

/// The Content-Security-Policy of every page: nothing from other origins, no inline script or
/// style, WebAssembly allowed (`'wasm-unsafe-eval'`) for the ballot encryption in the browser,
/// forms only to this site, no framing, no `<base>`.
pub const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// `Strict-Transport-Security` when the public URL is `https`: two years, subdomains included
/// (OWASP's recommended value). No `preload`: that is a decision for the domain's owner.
pub const HSTS: &str = "max-age=63072000; includeSubDomains";

/// The `Referrer-Policy`; see the module doc for why not `no-referrer`.
pub const REFERRER_POLICY: &str = "same-origin";

/// The `Permissions-Policy`: no page needs the camera, the microphone, the location or payments.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=()";

/// Configuration of [`security_headers`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityHeaders {
    /// Send `Strict-Transport-Security` (set it when the public URL is `https`).
    pub hsts: bool,
}

/// Middleware adding the headers to every response; use with
/// `axum::middleware::from_fn_with_state(SecurityHeaders { hsts }, security_headers)`.
pub async fn security_headers(
    State(config): State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    apply(response.headers_mut(), config);
    response
}

/// `router` with [`security_headers`] around every route, HSTS sent when `hsts`.
pub fn wrap<S>(router: Router<S>, hsts: bool) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router.layer(axum::middleware::from_fn_with_state(
        SecurityHeaders { hsts },
        security_headers,
    ))
}

/// Adds the headers to a response's `headers`, keeping any the handler already set.
///
/// `Cache-Control: no-store` goes on HTML only: pages show personal and election data that must
/// not stay in shared or browser caches; static assets keep their own caching.
pub fn apply(headers: &mut HeaderMap, config: SecurityHeaders) {
    let fixed: [(HeaderName, &'static str); 7] = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, REFERRER_POLICY),
        (
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in fixed {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    if config.hsts {
        headers
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(HSTS));
    }
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .get(..9)
                .is_some_and(|media| media.eq_ignore_ascii_case("text/html"))
        });
    if is_html {
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
}

/// A real server on `127.0.0.1:0` and a raw HTTP/1.1 client, for tests of middleware and
/// routers (the crate has no `tower` dependency for `oneshot`).
#[cfg(test)]
pub(crate) mod test_http {
    use std::io::{Read, Write};

    use axum::Router;

    /// A parsed response.
    pub(crate) struct Reply {
        pub(crate) status: u16,
        pub(crate) headers: Vec<(String, String)>,
        pub(crate) body: String,
    }

    impl Reply {
        /// The value of header `name`, if present once or more (the first).
        pub(crate) fn header(&self, name: &str) -> Option<&str> {
            self.headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        }
    }

    /// Serves `router` on loopback, sends `GET path` and returns the reply.
    pub(crate) async fn get(router: Router, path: &str) -> Reply {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(async move { axum::serve(listener, router).await });
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
        let raw = tokio::task::spawn_blocking(move || {
            let mut stream = std::net::TcpStream::connect(address).unwrap();
            stream.write_all(request.as_bytes()).unwrap();
            let mut raw = Vec::new();
            stream.read_to_end(&mut raw).unwrap();
            raw
        })
        .await
        .unwrap();
        server.abort();
        let raw = String::from_utf8(raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_http::get;
    use super::*;
    use axum::{
        response::{Html, IntoResponse},
        routing::get as get_route,
    };

    fn app(hsts: bool) -> Router {
        let router = Router::new()
            .route("/page", get_route(|| async { Html("<p>ok</p>") }))
            .route("/text", get_route(|| async { "plain" }))
            .route(
                "/cached",
                get_route(|| async {
                    (
                        [(header::CACHE_CONTROL, "private, max-age=60")],
                        Html("<p>x</p>"),
                    )
                        .into_response()
                }),
            );
        wrap(router, hsts)
    }

    #[tokio::test]
    async fn every_response_gets_the_headers() {
        let reply = get(app(false), "/page").await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("content-security-policy"), Some(CSP));
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
        assert_eq!(reply.header("referrer-policy"), Some("same-origin"));
        assert_eq!(reply.header("permissions-policy"), Some(PERMISSIONS_POLICY));
        assert_eq!(
            reply.header("cross-origin-opener-policy"),
            Some("same-origin")
        );
        assert_eq!(
            reply.header("cross-origin-resource-policy"),
            Some("same-origin")
        );
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        assert_eq!(reply.header("strict-transport-security"), None);
        // Unknown routes (axum's fallback) get them too.
        let reply = get(app(false), "/nowhere").await;
        assert_eq!(reply.status, 404);
        assert_eq!(reply.header("content-security-policy"), Some(CSP));
    }

    #[tokio::test]
    async fn hsts_only_when_https() {
        let reply = get(app(true), "/page").await;
        assert_eq!(reply.header("strict-transport-security"), Some(HSTS));
    }

    #[test]
    fn no_store_on_html_only_and_never_overrides() {
        let check = |content_type: Option<&str>, cache: Option<&str>, expected: Option<&str>| {
            let mut headers = HeaderMap::new();
            if let Some(ct) = content_type {
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
            }
            if let Some(cc) = cache {
                headers.insert(header::CACHE_CONTROL, HeaderValue::from_str(cc).unwrap());
            }
            apply(&mut headers, SecurityHeaders { hsts: false });
            assert_eq!(
                headers
                    .get(header::CACHE_CONTROL)
                    .map(|v| v.to_str().unwrap()),
                expected,
                "{content_type:?} {cache:?}"
            );
        };
        check(Some("text/html; charset=utf-8"), None, Some("no-store"));
        check(Some("TEXT/HTML"), None, Some("no-store"));
        check(Some("text/css; charset=utf-8"), None, None);
        check(Some("text/plain"), None, None);
        check(None, None, None);
        check(
            Some("text/html"),
            Some("private, max-age=60"),
            Some("private, max-age=60"),
        );
    }

    #[tokio::test]
    async fn handler_headers_are_kept() {
        let reply = get(app(false), "/cached").await;
        assert_eq!(reply.header("cache-control"), Some("private, max-age=60"));
        let reply = get(app(false), "/text").await;
        assert_eq!(reply.header("cache-control"), None);
        assert_eq!(reply.body, "plain");
    }
}

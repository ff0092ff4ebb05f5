//! Cross-site request forgery defences, after the OWASP CSRF Prevention Cheat Sheet
//! (<https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html>):
//! a synchronizer token bound to the session, plus a check of where the request comes from.
//!
//! The token is `hex(HMAC-SHA256(key, "urne/csrf/v1" || session_id))` (RFC 2104 with SHA-256,
//! the cheat sheet's "signed double-submit"/HMAC variant of the synchronizer pattern): the server
//! stores nothing per form, a token is useless in any other session, and the label separates it
//! from any other use of the key. Every state-changing form carries it in a field named `csrf`;
//! the handler calls [`verify`] and [`same_origin`] and answers [`crate::error::WebError::Csrf`]
//! when either fails. Both checks are needed: the token stops forgeries from other sites, and the
//! origin check still stops them should a token leak (for instance into a log).
//!
//! Left out: per-form or per-request tokens (a session-wide token is what the cheat sheet
//! recommends for server-rendered forms, and it keeps the back button working), token expiry (it
//! ends with the session), and the session cookie itself (`SameSite`, `HttpOnly`, `Secure`),
//! which belongs to the session module.

use axum::http::{header, HeaderMap};
use hmac::{digest::Key, Hmac, Mac};
use rand::{rngs::OsRng, RngCore};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

type HmacSha256 = Hmac<Sha256>;

/// Domain-separation label of the token, versioned so a future format cannot be confused with it.
const LABEL: &[u8] = b"urne/csrf/v1";

/// The server's secret CSRF key (32 bytes, from the secrets file; see
/// [`crate::config::Secrets`]). Zeroized on drop; `Debug` does not show it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct CsrfKey([u8; 32]);

impl CsrfKey {
    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> CsrfKey {
        CsrfKey(bytes)
    }

    /// A fresh key from the operating system's generator.
    pub fn random() -> CsrfKey {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        CsrfKey(bytes)
    }
}

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey(..)")
    }
}

/// The raw MAC of `session_id`.
fn mac(key: &CsrfKey, session_id: &str) -> [u8; 32] {
    // RFC 2104 §2: a key shorter than the hash's block size is padded with zeros to the block
    // size; doing it here lets us call the infallible `new` rather than `new_from_slice`.
    let mut block = Key::<HmacSha256>::default();
    block[..key.0.len()].copy_from_slice(&key.0);
    let mut mac = <HmacSha256 as hmac::digest::KeyInit>::new(&block);
    block.zeroize();
    mac.update(LABEL);
    mac.update(session_id.as_bytes());
    mac.finalize().into_bytes().into()
}

/// The CSRF token of the session `session_id`: 64 lowercase hex digits.
pub fn token(key: &CsrfKey, session_id: &str) -> String {
    hex::encode(mac(key, session_id))
}

/// Whether `presented` is the token of `session_id`, compared in constant time (the length of
/// `presented` may leak; it is public: always 64).
pub fn verify(key: &CsrfKey, session_id: &str, presented: &str) -> bool {
    let expected = token(key, session_id);
    bool::from(expected.as_bytes().ct_eq(presented.trim().as_bytes()))
}

/// Whether a state-changing request comes from our own pages, judged from its headers.
/// `public_origin` is `scheme://host[:port]` of the public URL, without a trailing slash (see
/// [`crate::config::Config::public_origin`]).
///
/// In order (OWASP cheat sheet, "Verifying Origin With Standard Headers" and "Fetch Metadata"):
/// 1. `Origin` present and not `null`: it must equal `public_origin`, and that decides.
/// 2. Otherwise `Sec-Fetch-Site` present: it must be `same-origin` or `none` (`none`: the user
///    started the request, e.g. by resubmitting a page). Browsers set this header and scripts
///    cannot; it is what tells a same-origin post whose `Origin` was withheld as `null` (by a
///    `no-referrer` policy) from a post by a sandboxed frame, which says `cross-site`.
/// 3. Otherwise `Referer` present: it must be `public_origin` or start with `public_origin/`.
/// 4. Otherwise (an old browser sending none of the three, or a non-browser client): refused.
///    The token alone would suffice in that case, but a browser this old cannot vote either
///    (the ballot is encrypted with WebAssembly), and scripts talk to the API, not the forms.
pub fn same_origin(headers: &HeaderMap, public_origin: &str) -> bool {
    let public_origin = public_origin.trim_end_matches('/');
    let text = |name| headers.get(name).and_then(|value| value.to_str().ok());
    match text(header::ORIGIN).map(str::trim) {
        Some(origin) if origin != "null" => return origin.eq_ignore_ascii_case(public_origin),
        _ => {}
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return site == "same-origin" || site == "none";
    }
    match text(header::REFERER) {
        Some(referer) => {
            referer == public_origin
                || referer
                    .strip_prefix(public_origin)
                    .is_some_and(|rest| rest.starts_with('/'))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderName, HeaderValue};

    const ORIGIN: &str = "https://vote.example.fr";

    fn key(byte: u8) -> CsrfKey {
        CsrfKey::from_bytes([byte; 32])
    }

    #[test]
    fn token_is_hmac_sha256_of_label_and_session() {
        // Independent computation of RFC 2104 with the `hmac` crate's slice API.
        let mut reference = HmacSha256::new_from_slice(&[7u8; 32]).unwrap();
        reference.update(b"urne/csrf/v1session-123");
        let expected = hex::encode(reference.finalize().into_bytes());
        assert_eq!(token(&key(7), "session-123"), expected);
        assert_eq!(expected.len(), 64);
    }

    #[test]
    fn verify_accepts_only_the_sessions_token() {
        let k = key(1);
        let good = token(&k, "s1");
        assert!(verify(&k, "s1", &good));
        assert!(!verify(&k, "s2", &good), "other session");
        assert!(!verify(&key(2), "s1", &good), "other key");
        assert!(!verify(&k, "s1", &good[..63]), "truncated");
        assert!(!verify(&k, "s1", ""), "empty");
        assert!(
            !verify(&k, "s1", &good.to_uppercase()),
            "not the canonical hex"
        );
        assert_ne!(
            token(&CsrfKey::random(), "s1"),
            token(&CsrfKey::random(), "s1")
        );
    }

    #[test]
    fn debug_hides_the_key() {
        assert_eq!(format!("{:?}", key(9)), "CsrfKey(..)");
    }

    fn check(pairs: &[(&str, &str)], expected: bool) {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        assert_eq!(same_origin(&headers, ORIGIN), expected, "{pairs:?}");
    }

    #[test]
    fn origin_header_decides_when_present() {
        check(&[("origin", ORIGIN)], true);
        check(&[("origin", "https://VOTE.example.fr")], true);
        check(&[("origin", "https://evil.example")], false);
        check(&[("origin", "http://vote.example.fr")], false);
        check(&[("origin", "https://vote.example.fr:8443")], false);
        check(&[("origin", "https://vote.example.fr.evil.example")], false);
        // A matching Origin is not overruled, a foreign one not rescued.
        check(
            &[
                ("origin", "https://evil.example"),
                ("sec-fetch-site", "same-origin"),
            ],
            false,
        );
    }

    #[test]
    fn null_or_absent_origin_falls_back_to_fetch_metadata() {
        check(
            &[("origin", "null"), ("sec-fetch-site", "same-origin")],
            true,
        );
        check(
            &[("origin", "null"), ("sec-fetch-site", "cross-site")],
            false,
        );
        check(&[("sec-fetch-site", "same-origin")], true);
        check(&[("sec-fetch-site", "none")], true);
        check(&[("sec-fetch-site", "same-site")], false);
        check(
            &[
                ("sec-fetch-site", "cross-site"),
                ("referer", "https://vote.example.fr/x"),
            ],
            false,
        );
    }

    #[test]
    fn then_referer_then_refuse() {
        check(&[("referer", "https://vote.example.fr/elections/3")], true);
        check(&[("referer", "https://vote.example.fr")], true);
        check(
            &[("referer", "https://vote.example.fr.evil.example/")],
            false,
        );
        check(
            &[("referer", "https://evil.example/https://vote.example.fr/")],
            false,
        );
        check(&[("origin", "null")], false);
        check(&[], false);
    }

    #[test]
    fn public_origin_with_trailing_slash() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ORIGIN, HeaderValue::from_static(ORIGIN));
        assert!(same_origin(&headers, "https://vote.example.fr/"));
    }
}

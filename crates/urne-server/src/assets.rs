//! Static files, compiled into the binary with `include_bytes!` and served under `/static/`.
//!
//! Embedding makes the binary the single thing to deploy and to seal: the seal (DESIGN.md §5)
//! covers "the static assets served to voters", and [`fingerprint`] is their part of it. Each
//! asset is served with its exact `Content-Type` (with `nosniff` from
//! [`crate::security_headers`]) and a one-hour public cache.
//!
//! `parity.js` is the one script of the staff pages (the live gender-balance check);
//! `login.js` turns a voter's identifiant into the login token in the browser; `booth.js` runs
//! the booth with `wasm/` (urne-wasm built by `scripts/build-booth-wasm.sh`, committed, and
//! checked against the sources in CI).
//!
//! Left out: content-hashed file names and long-lived caching (one hour is short enough that a re-deployed
//! stylesheet is picked up the same day), compression, and range requests.

use axum::{
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use sha2::{Digest, Sha256};

/// One embedded file.
#[derive(Clone, Copy, Debug)]
pub struct Asset {
    /// Where it is served, under `/static/`.
    pub path: &'static str,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
}

/// Every embedded asset, sorted by path (the order [`fingerprint`] hashes them in).
pub const ASSETS: &[Asset] = &[
    Asset {
        path: "/static/booth.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/booth.js"),
    },
    Asset {
        path: "/static/ceremony.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/ceremony.js"),
    },
    Asset {
        path: "/static/counting.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/counting.js"),
    },
    Asset {
        path: "/static/login.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/login.js"),
    },
    Asset {
        path: "/static/parity.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/parity.js"),
    },
    Asset {
        path: "/static/urne.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../static/urne.css"),
    },
    Asset {
        path: "/static/wasm/urne_wasm.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/wasm/urne_wasm.js"),
    },
    Asset {
        path: "/static/wasm/urne_wasm_bg.wasm",
        content_type: "application/wasm",
        bytes: include_bytes!("../static/wasm/urne_wasm_bg.wasm"),
    },
];

/// `Cache-Control` of the assets.
pub const CACHE_CONTROL: &str = "public, max-age=3600";

/// The routes of every asset in [`ASSETS`].
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    ASSETS.iter().fold(Router::new(), |router, asset| {
        let asset = *asset;
        router.route(asset.path, get(move || async move { serve(asset) }))
    })
}

fn serve(asset: Asset) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(CACHE_CONTROL),
            ),
        ],
        asset.bytes,
    )
        .into_response()
}

/// SHA-256 (hex) over every asset, for the seal: for each asset in [`ASSETS`] order, the path
/// and then the bytes, each preceded by its length as a big-endian `u64`, so no two different
/// sets of assets hash alike.
pub fn fingerprint() -> String {
    let mut hasher = Sha256::new();
    for asset in ASSETS {
        for part in [asset.path.as_bytes(), asset.bytes] {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part);
        }
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security_headers::test_http::get as http_get;

    #[test]
    fn assets_are_sorted_and_under_static() {
        assert!(ASSETS.windows(2).all(|pair| pair[0].path < pair[1].path));
        assert!(ASSETS
            .iter()
            .all(|asset| asset.path.starts_with("/static/")));
    }

    #[test]
    fn fingerprint_is_sha256_of_framed_assets() {
        let mut framed = Vec::new();
        for (path, bytes) in [
            (
                "/static/booth.js",
                &include_bytes!("../static/booth.js")[..],
            ),
            (
                "/static/ceremony.js",
                &include_bytes!("../static/ceremony.js")[..],
            ),
            (
                "/static/counting.js",
                &include_bytes!("../static/counting.js")[..],
            ),
            (
                "/static/login.js",
                &include_bytes!("../static/login.js")[..],
            ),
            (
                "/static/parity.js",
                &include_bytes!("../static/parity.js")[..],
            ),
            (
                "/static/urne.css",
                &include_bytes!("../static/urne.css")[..],
            ),
            (
                "/static/wasm/urne_wasm.js",
                &include_bytes!("../static/wasm/urne_wasm.js")[..],
            ),
            (
                "/static/wasm/urne_wasm_bg.wasm",
                &include_bytes!("../static/wasm/urne_wasm_bg.wasm")[..],
            ),
        ] {
            framed.extend_from_slice(&(path.len() as u64).to_be_bytes());
            framed.extend_from_slice(path.as_bytes());
            framed.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
            framed.extend_from_slice(bytes);
        }
        assert_eq!(fingerprint(), hex::encode(Sha256::digest(&framed)));
        assert_eq!(fingerprint().len(), 64);
    }

    #[tokio::test]
    async fn css_is_served_with_type_and_cache() {
        let reply = http_get(routes(), "/static/urne.css").await;
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.header("content-type"),
            Some("text/css; charset=utf-8")
        );
        assert_eq!(reply.header("cache-control"), Some(CACHE_CONTROL));
        assert_eq!(reply.body.as_bytes(), include_bytes!("../static/urne.css"));
    }
}

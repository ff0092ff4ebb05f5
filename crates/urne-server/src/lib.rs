//! urne's web server: server-rendered pages in French and English for the organisateur and the
//! délégués de liste, with sessions, CSRF protection, rate limits and security headers; and the voters' pages (login
//! with identifiant, one-time password and challenge; recovery; the hotline contact form).
//!
//! This is the only crate that knows HTTP. Pages call [`urne_store`] for data and
//! [`urne_setup`] for validation; nothing here writes SQL or parses a voter file itself.
#![forbid(unsafe_code)]

pub mod app;
pub mod archive;
pub mod assets;
pub mod auth;
pub mod batching;
pub mod blanc;
pub mod calendar;
pub mod ceremony;
pub mod clock;
pub mod communications;
pub mod config;
pub mod cookie;
pub mod counting;
pub mod csrf;
pub mod delivery;
pub mod demo;
pub mod demo_bureau;
pub mod documents;
pub mod error;
pub mod i18n;
pub mod import;
pub mod issuance;
pub mod log;
pub mod opening;
pub mod pages;
pub mod password;
pub mod public_record;
pub mod public_trackers;
pub mod rate_limit;
pub mod record_archive;
pub mod rights;
pub mod security_headers;
pub mod uploads;
pub mod voter;

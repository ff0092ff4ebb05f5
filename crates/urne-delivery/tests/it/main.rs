//! Integration tests of urne-delivery, one binary (STYLE.md §6): the SMTP mailer against a fake
//! SMTP server, the HTTP SMS gateway against a fake provider, the memory outbox and retries.
//!
//! The fake servers listen on `127.0.0.1:0` and serve one connection each: no other network.
//! Left out: real TLS handshakes (they would need a certificate authority in the test); the TLS
//! tests only show that a TLS set-up is built and that a failed handshake is reported as such.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod outbox;
mod sms;
mod smtp;

//! The public election record's formats (`docs/protocol.md` §13, DESIGN.md §4).
//!
//! A record is a hash-chained sequence of events per scrutin; each event has a kind and a
//! payload. This crate says what the payloads are, byte for byte, for the events the voting
//! pages rely on: each election's [`manifest`] (what a ballot is bound to), the bureau's public
//! key ([`bureau`]), the server's receipt key and the receipts it signs ([`receipt`]). It does no
//! I/O: the store keeps the bytes, the server writes them, the verifier reads them.
//!
//! Every payload is canonical JSON (RFC 8785: keys sorted, no whitespace, strings escaped only
//! where JSON requires it; our payloads hold only strings, integers, arrays, objects and `null`),
//! so that its bytes, and the fingerprints over them, can be recomputed in any language.

pub mod bureau;
mod canonical;
pub mod manifest;
pub mod receipt;

pub use canonical::FormatError;

/// The kind of each event of a record.
pub mod kind {
    /// An election's manifest ([`crate::manifest::Manifest`]), one per election.
    pub const MANIFEST: &str = "manifest";
    /// The bureau's public key ([`crate::bureau::BureauKey`]).
    pub const BUREAU: &str = "bureau";
    /// The key that signs voters' receipts ([`crate::receipt::ServerKey`]).
    pub const SERVER_KEY: &str = "server-key";
    /// Public keys added to an election's credential list (`docs/protocol.md` §7.4).
    pub const CREDENTIALS: &str = "credentials";
}

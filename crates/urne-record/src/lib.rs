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

pub mod archive;
pub mod audience;
pub mod batch;
pub mod blanc;
pub mod bureau;
mod canonical;
pub mod ceremony;
pub mod chain;
pub mod counting;
pub mod credentials;
pub mod manifest;
pub mod receipt;
pub mod results;
pub mod seal;
pub mod tally;

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
    /// The key ceremony's parameters ([`crate::ceremony::CeremonySetup`]).
    pub const CEREMONY: &str = "ceremony";
    /// A member's announcement (step 1, [`crate::ceremony`]).
    pub const CEREMONY_ANNOUNCEMENT: &str = "ceremony-announcement";
    /// A member's dealing (step 2).
    pub const CEREMONY_DEALING: &str = "ceremony-dealing";
    /// A member's complaints, a JSON array, usually empty (step 3).
    pub const CEREMONY_COMPLAINTS: &str = "ceremony-complaints";
    /// A member's confirmation of their key share (step 4).
    pub const CEREMONY_CONFIRMATION: &str = "ceremony-confirmation";
    /// An election's encrypted tally ([`crate::tally::EncryptedTally`]).
    pub const TALLY: &str = "tally";
    /// A member's decryption share of a tally ([`crate::tally::PartialDecryption`]).
    pub const DECRYPTION: &str = "decryption";
    /// An election's results ([`crate::results::ElectionResult`]).
    pub const RESULT: &str = "result";
    /// The seal taken after the scrutin à blanc ([`crate::seal::Seal`]).
    pub const SEAL: &str = "seal";
    /// The scrutin à blanc's summary, when it is reset ([`crate::blanc::BlancSummary`]).
    pub const BLANC: &str = "scrutin-a-blanc";
    /// The closing of a scrutin à blanc's test record (payload `{}`).
    pub const CLOSING: &str = "closing";
    /// A batch of ballots ([`crate::batch::BallotBatch`]).
    pub const BALLOTS: &str = "ballots";
}

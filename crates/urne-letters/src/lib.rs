//! urne's print-ready documents, A4, French then English:
//! - access letters (issue 6, Article 9.2 of the agreement): one page per voter, the address
//!   placed for a window envelope, the voter's identifiant, the voting address, the dates, and an
//!   optional QR code of the voting address ([`render`]);
//! - voters' receipts ([`receipt`]);
//! - the bureau's documents (Article 9.12): procès-verbaux with the fields of Cerfa 15822 and
//!   15823 ([`pv`]), the PV de carence, the representativeness statement and the émargement
//!   lists ([`statements`]).
//!
//! Bytes in, PDF bytes out: no I/O, no clock. The PDF holds secrets (the identifiants): the
//! caller sends it to the printer and does not keep it.
//!
//! Left out: fonts other than the 14 standard PDF fonts (text is set in Helvetica with the
//! Windows-1252 character set, which covers French; other characters print as `?`), and
//! envelopes with a window on the left.
#![forbid(unsafe_code)]

mod flow;
mod layout;
mod pdf;
pub mod pv;
pub mod receipt;
pub mod statements;
mod text;

pub use layout::{ADDRESS_WINDOW_MM, PAGE_MM};
pub use pdf::render;
pub use receipt::{ReceiptDocument, ReceiptVote};

/// What every letter of a batch says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// The employer, as the sender.
    pub organisation: String,
    /// The scrutin, e.g. "Élections du CSE 2027 — 1er tour".
    pub scrutin: String,
    /// Where to vote, e.g. "https://vote.example.fr".
    pub voting_url: String,
    /// Opening, as people read it: "21/11/2027 à 8 h".
    pub opens_fr: String,
    /// The same in English: "21/11/2027 at 8 am".
    pub opens_en: String,
    /// Closing, in French.
    pub closes_fr: String,
    /// Closing, in English.
    pub closes_en: String,
    /// How to reach the hotline (a phone number or an address), if any.
    pub hotline: Option<String>,
    /// Print the QR code of the voting address.
    pub qr_code: bool,
}

impl Batch {
    /// A fictitious company's batch, for the example, the tests and the benchmark.
    pub fn example(qr_code: bool) -> Batch {
        Batch {
            organisation: "Exemple SA".to_owned(),
            scrutin: "Élections du CSE 2027 — 1er tour".to_owned(),
            voting_url: "https://vote.exemple.fr".to_owned(),
            opens_fr: "21/11/2027 à 8 h".to_owned(),
            opens_en: "21/11/2027 at 8 am".to_owned(),
            closes_fr: "23/11/2027 à 17 h".to_owned(),
            closes_en: "23/11/2027 at 5 pm".to_owned(),
            hotline: Some("01 23 45 67 89".to_owned()),
            qr_code,
        }
    }
}

/// One voter's letter.
#[derive(Clone, PartialEq, Eq)]
pub struct Letter {
    /// Name as it goes on the envelope: "Mme Hélène Lefèvre".
    pub name: String,
    /// Street lines.
    pub address_lines: Vec<String>,
    /// Postcode.
    pub postcode: String,
    /// City.
    pub city: String,
    /// Country; "France" is not printed (La Poste's rule for domestic mail).
    pub country: String,
    /// The identifiant, as printed ("ABCD-EFGH-…").
    pub code: String,
}

impl std::fmt::Debug for Letter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Letter")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

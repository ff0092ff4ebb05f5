//! A voter's vote receipt ("accusé de réception", Annex 1 §2.4 of the agreement): an A4 PDF,
//! French then English, with each vote's election, time, ballot tracker and server signature,
//! the server key that checks the signatures, and where the public record is.
//!
//! Votes are never split across pages; more pages are added when they do not fit on one.

use crate::flow::{self, Block, Item, BOLD, INDENT_MM, REGULAR};

/// One vote on a receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptVote {
    /// The election, as voters read it, e.g. "Nantes — Cadres — titulaires".
    pub election: String,
    /// When the vote was recorded, already formatted in Paris time, e.g. "24/11/2026 10:15".
    pub cast_at: String,
    /// The ballot tracker, 64 hex digits.
    pub tracker: String,
    /// The server's signature of the receipt, 128 hex digits.
    pub signature: String,
}

/// A voter's receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptDocument {
    /// The employer.
    pub organisation: String,
    /// The scrutin, e.g. "Élections du CSE 2027 — 1er tour".
    pub scrutin: String,
    /// The votes the voter cast, one per election.
    pub votes: Vec<ReceiptVote>,
    /// The public key that checks the signatures (64 hex digits), as published in the record.
    pub server_key: String,
    /// Where the public record and its tracker lookup are, e.g. "https://vote.example.fr/record/abc".
    pub record_url: String,
}

const TITLE: &str = "Accusé de réception de vote / Vote receipt";
const FRENCH: &str = "Cet accusé de réception ne porte pas votre nom et ne dit rien de votre \
    vote. L'empreinte de chaque bulletin vous permet de vérifier qu'il figure dans le registre \
    public du scrutin, à l'adresse ci-dessous. La signature du serveur, vérifiée avec la clé du \
    serveur imprimée ici et publiée dans le registre, montre que cet accusé de réception n'a pas \
    été modifié.";
const ENGLISH: &str = "This receipt does not name you and says nothing of your vote. Each \
    ballot tracker lets you check that your ballot is in the public record of the vote, at the \
    address below. The server signature, checked against the server key printed here and \
    published in the record, shows that this receipt was not edited.";
/// The receipt's content, in blocks.
fn blocks(doc: &ReceiptDocument) -> Vec<Block> {
    let mut head = Block::default();
    head.text(0.0, BOLD, 16.0, TITLE).push(Item::Gap(2.0));
    head.text(0.0, BOLD, 11.0, &doc.organisation);
    head.text(0.0, REGULAR, 10.5, &doc.scrutin);
    head.push(Item::Gap(3.0));
    let mut out = vec![head];
    for vote in &doc.votes {
        let mut b = Block::default();
        b.push(Item::Rule).text(0.0, BOLD, 11.0, &vote.election);
        b.push(Item::Gap(1.0))
            .label("Vote enregistré le / Recorded on");
        b.text(INDENT_MM, BOLD, 10.5, &vote.cast_at);
        b.label("Empreinte du bulletin / Ballot tracker");
        b.hex(11.0, &vote.tracker);
        b.label("Signature du serveur / Server signature");
        b.hex(7.5, &vote.signature);
        b.push(Item::Gap(2.0));
        out.push(b);
    }
    let mut notes = Block::default();
    notes.push(Item::Rule).text(0.0, REGULAR, 9.5, FRENCH);
    let mut english = Block::default();
    english.text(0.0, REGULAR, 9.5, ENGLISH);
    let mut keys = Block::default();
    keys.label("Registre public / Public record");
    keys.text(INDENT_MM, REGULAR, 10.0, &doc.record_url);
    keys.push(Item::Gap(1.0))
        .label("Clé du serveur / Server key");
    keys.hex(10.0, &doc.server_key);
    notes.push(Item::Gap(2.0));
    english.push(Item::Gap(3.0));
    out.extend([notes, english, keys]);
    out
}

/// The receipt as a PDF.
pub fn render(doc: &ReceiptDocument) -> Vec<u8> {
    flow::render(TITLE, blocks(doc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::{paginate, COURIER_EM, MM, MONO, WIDTH_MM};
    use crate::text::text_width;
    use std::process::Command;

    fn doc(votes: usize) -> ReceiptDocument {
        ReceiptDocument {
            organisation: "Exemple SA".to_owned(),
            scrutin: "Élections du CSE 2027 — 1er tour".to_owned(),
            votes: (0..votes)
                .map(|i| ReceiptVote {
                    election: format!("Nantes — Collège {i} — titulaires"),
                    cast_at: format!("24/11/2026 10:{i:02}"),
                    tracker: format!("{i:02}").repeat(32),
                    signature: "ab".repeat(64),
                })
                .collect(),
            server_key: "0123456789abcdef".repeat(4),
            record_url: "https://vote.example.fr/record/abc".to_owned(),
        }
    }

    fn page_count(pdf: &[u8]) -> usize {
        let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
        count(b"/Type /Page") - count(b"/Type /Pages")
    }

    fn pdftotext(pdf: &[u8]) -> Option<String> {
        let path = std::env::temp_dir().join(format!("urne-receipt-{}.pdf", std::process::id()));
        std::fs::write(&path, pdf).unwrap();
        let out = Command::new("pdftotext").arg(&path).arg("-").output();
        std::fs::remove_file(&path).unwrap();
        let out = out.ok().filter(|out| out.status.success())?;
        Some(String::from_utf8(out.stdout).unwrap())
    }

    #[test]
    fn a_receipt_is_a_pdf_with_every_vote() {
        for votes in [0, 2, 12] {
            let pdf = render(&doc(votes));
            assert!(pdf.starts_with(b"%PDF"));
            assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
            // Two votes fit on one page; 12 need three.
            let pages = if votes > 2 { 3 } else { 1 };
            assert_eq!(page_count(&pdf), pages, "{votes} votes");
            let Some(text) = pdftotext(&pdf) else {
                eprintln!("pdftotext not found (poppler-utils): text not checked");
                continue;
            };
            for i in 0..votes {
                assert!(text.contains(&format!("Nantes — Collège {i} — titulaires")));
                assert!(text.contains(&format!("24/11/2026 10:{i:02}")));
                let group = format!("{i:02}").repeat(4);
                assert_eq!(text.matches(&group).count(), 8, "{i}: {text}");
            }
            assert_eq!(text.matches("abababab").count(), 16 * votes);
            assert!(text.contains("01234567 89abcdef 01234567 89abcdef"));
            assert!(text.contains("https://vote.example.fr/record/abc"));
            assert!(text.contains("Accusé de réception") && text.contains("Vote receipt"));
        }
    }

    #[test]
    fn lines_stay_within_the_margins_and_other_scripts_do_not_panic() {
        let mut doc = doc(1);
        doc.record_url = format!("https://vote.example.fr/{}", "x".repeat(200));
        doc.votes[0].election = "Łódź — 選挙 — Ελλάδα".to_owned();
        let pdf = render(&doc);
        assert!(pdf.starts_with(b"%PDF"));
        let mut polish = false;
        for item in paginate(blocks(&doc)).iter().flatten() {
            if let Item::Text(indent, font, size, bytes) = item {
                polish |= bytes.starts_with(b"?\xf3d? ");
                let em = if *font == MONO {
                    bytes.len() as f32 * COURIER_EM
                } else {
                    text_width(bytes, 1.0)
                };
                assert!(indent + em * size / MM <= WIDTH_MM, "{bytes:?}");
            }
        }
        assert!(polish, "Łódź prints as ?ód?");
    }
}

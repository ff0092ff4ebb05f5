//! A voter's vote receipt ("accusé de réception", Annex 1 §2.4 of the agreement): an A4 PDF,
//! French then English, with each vote's election, time, ballot tracker and server signature,
//! the server key that checks the signatures, and where the public record is.
//!
//! Votes are never split across pages; more pages are added when they do not fit on one.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::layout::PAGE_MM;
use crate::text::{text_width, win_ansi, wrap};

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
/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;
const MARGIN_MM: f32 = 20.0;
const WIDTH_MM: f32 = PAGE_MM.0 - 2.0 * MARGIN_MM;
/// Indent of values under their label.
const INDENT_MM: f32 = 3.0;
const FOOTER_SIZE: f32 = 8.0;
/// Lowest point of the body: the footer sits between it and the bottom margin.
const BOTTOM_MM: f32 = PAGE_MM.1 - MARGIN_MM - 2.0 * FOOTER_SIZE * 1.35 / MM;
/// Courier's advance, in em, for every character.
const COURIER_EM: f32 = 0.6;

const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");
const MONO: Name<'static> = Name(b"F3");

/// One thing on the page, laid out top-down.
enum Item {
    /// A line of Windows-1252 text: indent from the left margin in mm, font, size, bytes.
    Text(f32, Name<'static>, f32, Vec<u8>),
    /// Vertical space, in millimetres.
    Gap(f32),
    /// A thin horizontal rule across the text width.
    Rule,
}

impl Item {
    /// Height, in millimetres.
    fn height(&self) -> f32 {
        match self {
            Item::Text(_, _, size, _) => size * 1.35 / MM,
            Item::Gap(mm) => *mm,
            Item::Rule => 3.0,
        }
    }
}

/// Items kept on one page when they fit on one.
#[derive(Default)]
struct Block(Vec<Item>);

impl Block {
    fn push(&mut self, item: Item) -> &mut Self {
        self.0.push(item);
        self
    }

    /// `text` in Helvetica, wrapped within the text width less `indent_mm`; a word too long
    /// for a line (an address) is cut.
    fn text(&mut self, indent_mm: f32, font: Name<'static>, size: f32, text: &str) -> &mut Self {
        let max = (WIDTH_MM - indent_mm) * MM;
        for mut line in wrap(text, size, max) {
            while text_width(&line, size) > max && line.len() > 1 {
                let mut cut = line.len() - 1;
                while cut > 1 && text_width(&line[..cut], size) > max {
                    cut -= 1;
                }
                let rest = line.split_off(cut);
                let full = std::mem::replace(&mut line, rest);
                self.push(Item::Text(indent_mm, font, size, full));
            }
            self.push(Item::Text(indent_mm, font, size, line));
        }
        self
    }

    /// A small label, French / English.
    fn label(&mut self, text: &str) -> &mut Self {
        self.text(0.0, REGULAR, 8.5, text)
    }

    /// Hex digits in Courier, indented, in groups of 8, at most 8 groups a line.
    fn hex(&mut self, size: f32, digits: &str) -> &mut Self {
        let chars: Vec<char> = digits.trim().chars().collect();
        let groups: Vec<String> = chars.chunks(8).map(|g| g.iter().collect()).collect();
        let fit = ((WIDTH_MM - INDENT_MM) * MM / (COURIER_EM * size) + 1.0) / 9.0;
        for line in groups.chunks((fit as usize).clamp(1, 8)) {
            self.push(Item::Text(INDENT_MM, MONO, size, win_ansi(&line.join(" "))));
        }
        self
    }
}

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

/// The blocks spread over pages, each block on one page if it fits on one; no space or rule
/// at the top of a page.
fn paginate(blocks: Vec<Block>) -> Vec<Vec<Item>> {
    let (mut pages, mut page, mut y) = (Vec::new(), Vec::new(), MARGIN_MM);
    for Block(items) in blocks {
        // The block's height for its first item, which moves it whole; each item's afterwards.
        let mut height: f32 = items.iter().map(Item::height).sum();
        for item in items {
            if !page.is_empty() && y + height.max(item.height()) > BOTTOM_MM {
                pages.push(std::mem::take(&mut page));
                y = MARGIN_MM;
            }
            height = 0.0;
            if page.is_empty() && !matches!(item, Item::Text(..)) {
                continue;
            }
            y += item.height();
            page.push(item);
        }
    }
    pages.push(page);
    pages
}

/// Shows `bytes` with its baseline `y_mm` from the top of the page.
fn show(content: &mut Content, x_mm: f32, y_mm: f32, font: Name<'_>, size: f32, bytes: &[u8]) {
    content
        .begin_text()
        .set_font(font, size)
        .next_line(x_mm * MM, (PAGE_MM.1 - y_mm) * MM)
        .show(Str(bytes))
        .end_text();
}

/// The drawing operations of one page.
fn draw(items: &[Item], footer: &str) -> Vec<u8> {
    let mut content = Content::new();
    let mut y = MARGIN_MM;
    for item in items {
        match item {
            Item::Text(indent, font, size, bytes) => {
                show(
                    &mut content,
                    MARGIN_MM + indent,
                    y + size / MM,
                    *font,
                    *size,
                    bytes,
                );
            }
            Item::Rule => {
                let (left, right, at) = (MARGIN_MM, PAGE_MM.0 - MARGIN_MM, PAGE_MM.1 - y - 1.0);
                content.set_stroke_gray(0.6).set_line_width(0.5);
                content.move_to(left * MM, at * MM);
                content.line_to(right * MM, at * MM);
                content.stroke();
            }
            Item::Gap(_) => {}
        }
        y += item.height();
    }
    let footer = win_ansi(footer);
    let x = PAGE_MM.0 - MARGIN_MM - text_width(&footer, FOOTER_SIZE) / MM;
    let baseline = PAGE_MM.1 - MARGIN_MM - 0.35 * FOOTER_SIZE / MM;
    show(&mut content, x, baseline, REGULAR, FOOTER_SIZE, &footer);
    content.finish()
}

/// The receipt as a PDF.
pub fn render(doc: &ReceiptDocument) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalog, tree, info) = (Ref::new(1), Ref::new(2), Ref::new(3));
    let fonts = [
        (REGULAR, Ref::new(4), "Helvetica"),
        (BOLD, Ref::new(5), "Helvetica-Bold"),
        (MONO, Ref::new(6), "Courier"),
    ];
    pdf.catalog(catalog).pages(tree);
    pdf.document_info(info).title(TextStr(TITLE));
    for (_, id, base) in fonts {
        pdf.type1_font(id)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let media = Rect::new(0.0, 0.0, PAGE_MM.0 * MM, PAGE_MM.1 * MM);
    let pages = paginate(blocks(doc));
    let mut kids = Vec::with_capacity(pages.len());
    for (index, items) in pages.iter().enumerate() {
        let page_id = Ref::new(7 + 2 * index as i32);
        let content_id = Ref::new(8 + 2 * index as i32);
        let footer = format!("{TITLE} — {} / {}", index + 1, pages.len());
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&draw(items, &footer), 6);
        let mut stream = pdf.stream(content_id, &compressed);
        stream.filter(Filter::FlateDecode);
        stream.finish();
        let mut page = pdf.page(page_id);
        page.media_box(media).parent(tree).contents(content_id);
        let font_pairs = fonts.map(|(name, id, _)| (name, id));
        page.resources().fonts().pairs(font_pairs);
        page.finish();
        kids.push(page_id);
    }
    let count = i32::try_from(kids.len()).unwrap_or(i32::MAX);
    pdf.pages(tree).kids(kids).count(count);
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
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

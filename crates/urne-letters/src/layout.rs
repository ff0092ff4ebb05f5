//! Where things go on the page, and the page's drawing operations.
//!
//! The address sits in the window of French DL and C5 envelopes with a right-hand window of
//! 100 × 45 mm, whose top-left corner is 100 mm from the left and 45 mm from the top of the
//! page folded in three (La Poste's recommendations for addresses: at most 6 lines, the city
//! on the last line in capitals, no blank line). Everything else stays clear of that window.

use pdf_writer::{Content, Name, Str};

use crate::text::{win_ansi, wrap};
use crate::{Batch, Letter};

/// A4, in millimetres.
pub const PAGE_MM: (f32, f32) = (210.0, 297.0);
/// The envelope window: left, top, width, height, in millimetres from the page's top-left.
pub const ADDRESS_WINDOW_MM: (f32, f32, f32, f32) = (100.0, 45.0, 100.0, 45.0);

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;
const LEFT_MM: f32 = 20.0;
const TEXT_WIDTH_MM: f32 = 170.0;

pub(crate) const REGULAR: Name<'static> = Name(b"F1");
pub(crate) const BOLD: Name<'static> = Name(b"F2");
pub(crate) const MONO: Name<'static> = Name(b"F3");

/// A PDF point from millimetres measured from the page's top-left corner.
fn at(x_mm: f32, y_from_top_mm: f32) -> (f32, f32) {
    (x_mm * MM, (PAGE_MM.1 - y_from_top_mm) * MM)
}

/// Draws page content top-down, keeping the current height.
struct Writer {
    content: Content,
    y_mm: f32,
}

impl Writer {
    fn line(&mut self, x_mm: f32, font: Name<'_>, size: f32, bytes: &[u8]) {
        let (x, y) = at(x_mm, self.y_mm);
        self.content
            .begin_text()
            .set_font(font, size)
            .next_line(x, y)
            .show(Str(bytes))
            .end_text();
        self.y_mm += size * 1.35 / MM;
    }

    fn paragraph(&mut self, font: Name<'_>, size: f32, text: &str) {
        for line in wrap(text, size, TEXT_WIDTH_MM * MM) {
            self.line(LEFT_MM, font, size, &line);
        }
        self.y_mm += size * 0.5 / MM;
    }
}

/// The address block, as La Poste wants it: name, street lines, postcode and city in capitals,
/// and the country in capitals unless it is France; at most 6 lines (extra street lines are
/// dropped from the middle, never the postcode and city).
pub(crate) fn address_lines(letter: &Letter) -> Vec<String> {
    let mut lines = vec![letter.name.clone()];
    let street: Vec<&String> = letter
        .address_lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let foreign =
        !letter.country.trim().is_empty() && !letter.country.trim().eq_ignore_ascii_case("france");
    let room = 6 - 2 - usize::from(foreign);
    lines.extend(street.iter().take(room).map(|l| l.trim().to_owned()));
    lines.push(format!(
        "{} {}",
        letter.postcode.trim(),
        letter.city.trim().to_uppercase()
    ));
    if foreign {
        lines.push(letter.country.trim().to_uppercase());
    }
    lines
}

/// A QR code as horizontal runs of dark modules, `(row, first column, length)`, on a square
/// grid of `size` modules (quiet zone included).
pub(crate) struct Qr {
    pub(crate) runs: Vec<(u32, u32, u32)>,
    pub(crate) size: u32,
}

/// The drawing operations of one letter.
pub(crate) fn page(batch: &Batch, letter: &Letter, qr: Option<&Qr>) -> Vec<u8> {
    let mut w = Writer {
        content: Content::new(),
        y_mm: 20.0,
    };
    // Sender, top left.
    w.line(LEFT_MM, BOLD, 11.0, &win_ansi(&batch.organisation));
    w.line(
        LEFT_MM,
        REGULAR,
        9.0,
        &win_ansi("Élections professionnelles / Staff elections"),
    );
    w.line(LEFT_MM, REGULAR, 9.0, &win_ansi(&batch.scrutin));
    // Address, in the window.
    let (left, top, _, _) = ADDRESS_WINDOW_MM;
    w.y_mm = top + 8.0;
    for line in address_lines(letter) {
        w.line(left + 8.0, REGULAR, 10.5, &win_ansi(&line));
    }
    // Body, below the window.
    w.y_mm = 105.0;
    w.line(
        LEFT_MM,
        BOLD,
        14.0,
        &win_ansi("Votre identifiant pour voter"),
    );
    w.paragraph(
        REGULAR,
        10.5,
        &format!(
            "Le vote « {} » a lieu par internet, 24 h sur 24, du {} au {}. Voici votre identifiant \
             personnel : gardez ce courrier et ne communiquez cet identifiant à personne, pas même \
             à la cellule d'assistance.",
            batch.scrutin, batch.opens_fr, batch.closes_fr
        ),
    );
    w.y_mm += 2.0;
    w.line(LEFT_MM + 10.0, MONO, 16.0, &win_ansi(&letter.code));
    w.y_mm += 2.0;
    w.paragraph(
        REGULAR,
        10.5,
        &format!(
            "Pour voter, allez sur {} et saisissez cet identifiant, puis suivez les instructions. \
             Votre navigateur le transforme avant tout envoi : il ne quitte jamais votre appareil \
             en clair. Vous pourrez voter pour chaque élection qui vous concerne et recevrez un \
             accusé de réception.",
            batch.voting_url
        ),
    );
    if let Some(hotline) = &batch.hotline {
        w.paragraph(
            REGULAR,
            10.5,
            &format!("Courrier perdu, difficulté : cellule d'assistance, {hotline}."),
        );
    }
    w.y_mm += 4.0;
    w.line(LEFT_MM, BOLD, 12.0, &win_ansi("Your identifier to vote"));
    w.paragraph(
        REGULAR,
        9.5,
        &format!(
            "The vote \"{}\" takes place online, day and night, from {} to {}. Your personal \
             identifier is the code above: keep this letter and give the code to nobody, not \
             even the hotline. To vote, go to {}, enter the identifier and follow the \
             instructions; your browser transforms it before sending anything.",
            batch.scrutin, batch.opens_en, batch.closes_en, batch.voting_url
        ),
    );
    if let Some(hotline) = &batch.hotline {
        w.paragraph(
            REGULAR,
            9.5,
            &format!("Lost letter or any difficulty: hotline, {hotline}."),
        );
    }
    if let Some(qr) = qr {
        draw_qr(&mut w.content, qr);
    }
    w.content.finish()
}

/// The QR code, 30 mm wide, in the bottom-right corner.
fn draw_qr(content: &mut Content, qr: &Qr) {
    let side_mm = 30.0;
    let module = side_mm * MM / qr.size as f32;
    let (x0, y_top) = at(PAGE_MM.0 - 20.0 - side_mm, PAGE_MM.1 - 20.0 - side_mm);
    content.set_fill_gray(0.0);
    for &(row, column, length) in &qr.runs {
        content.rect(
            x0 + column as f32 * module,
            y_top - (row + 1) as f32 * module,
            length as f32 * module,
            module,
        );
    }
    content.fill_nonzero();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(country: &str, streets: usize) -> Letter {
        Letter {
            name: "Mme Hélène Lefèvre".to_owned(),
            address_lines: (1..=streets)
                .map(|i| format!("{i} rue des Lilas"))
                .collect(),
            postcode: "31000".to_owned(),
            city: "Toulouse".to_owned(),
            country: country.to_owned(),
            code: "X".to_owned(),
        }
    }

    #[test]
    fn addresses_follow_la_postes_rules() {
        assert_eq!(
            address_lines(&letter("France", 1)),
            ["Mme Hélène Lefèvre", "1 rue des Lilas", "31000 TOULOUSE"]
        );
        let abroad = address_lines(&letter("Belgique", 9));
        assert_eq!(abroad.len(), 6);
        assert_eq!(abroad[4..], ["31000 TOULOUSE", "BELGIQUE"]);
    }

    #[test]
    fn the_address_lies_inside_the_window() {
        let (left, top, width, height) = ADDRESS_WINDOW_MM;
        let first_baseline = top + 8.0;
        let last_baseline = first_baseline + 5.0 * 10.5 * 1.35 / MM;
        assert!(first_baseline - 4.0 > top && last_baseline + 2.0 < top + height);
        assert!(left + 8.0 + 80.0 < left + width, "80 mm of text fits");
        assert!(left + width <= PAGE_MM.0);
    }
}

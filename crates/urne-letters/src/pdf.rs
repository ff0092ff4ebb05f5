//! The PDF document: one page per letter, the three standard fonts shared, page streams
//! compressed (zlib, fast level: a batch of 100 000 letters is written in one pass).

use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref};
use qrcode::{Color, QrCode};

use crate::layout::{self, Qr, BOLD, MONO, REGULAR};
use crate::{Batch, Letter};

/// zlib level: 1 is several times faster than the default and pages still shrink about 5×.
const COMPRESSION: u8 = 1;

/// Dark runs (row, first column, length) of the QR code of `text`, and its size in modules
/// with a quiet zone of 4; `None` if the text is too long for a QR code.
fn qr_runs(text: &str) -> Option<Qr> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let width = code.width() as u32;
    let colors = code.to_colors();
    let quiet = 4;
    let mut runs = Vec::new();
    for row in 0..width {
        let mut column = 0;
        while column < width {
            if colors[(row * width + column) as usize] == Color::Dark {
                let start = column;
                while column < width && colors[(row * width + column) as usize] == Color::Dark {
                    column += 1;
                }
                runs.push((row + quiet, start + quiet, column - start));
            } else {
                column += 1;
            }
        }
    }
    Some(Qr {
        runs,
        size: width + 2 * quiet,
    })
}

/// The letters of `letters` as one PDF; `progress` gets (letters done, total) every 1 000.
pub fn render(
    batch: &Batch,
    letters: &[Letter],
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let pages = Ref::new(2);
    let fonts = [
        (REGULAR, Ref::new(3), "Helvetica"),
        (BOLD, Ref::new(4), "Helvetica-Bold"),
        (MONO, Ref::new(5), "Courier-Bold"),
    ];
    pdf.catalog(catalog).pages(pages);
    for (_, id, base) in fonts {
        pdf.type1_font(id)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let qr = if batch.qr_code {
        qr_runs(&batch.voting_url)
    } else {
        None
    };
    let (width, height) = layout::PAGE_MM;
    let media = Rect::new(0.0, 0.0, width * 72.0 / 25.4, height * 72.0 / 25.4);
    let mut kids = Vec::with_capacity(letters.len());
    for (index, letter) in letters.iter().enumerate() {
        let page_id = Ref::new(6 + 2 * index as i32);
        let content_id = Ref::new(7 + 2 * index as i32);
        let content = layout::page(batch, letter, qr.as_ref());
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&content, COMPRESSION);
        pdf.stream(content_id, &compressed)
            .filter(Filter::FlateDecode);
        let mut page = pdf.page(page_id);
        page.media_box(media).parent(pages).contents(content_id);
        let mut resources = page.resources();
        let mut font_dict = resources.fonts();
        for (name, id, _) in fonts {
            font_dict.pair(name, id);
        }
        font_dict.finish();
        resources.finish();
        page.finish();
        kids.push(page_id);
        if (index + 1) % 1000 == 0 || index + 1 == letters.len() {
            progress(index + 1, letters.len());
        }
    }
    let count = i32::try_from(kids.len()).unwrap_or(i32::MAX);
    pdf.pages(pages).kids(kids).count(count);
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_runs_cover_the_dark_modules() {
        let Qr { runs, size } = qr_runs("https://vote.example.fr").unwrap();
        let code = QrCode::new(b"https://vote.example.fr").unwrap();
        let dark = code
            .to_colors()
            .iter()
            .filter(|c| **c == Color::Dark)
            .count() as u32;
        assert_eq!(runs.iter().map(|r| r.2).sum::<u32>(), dark);
        assert_eq!(size, code.width() as u32 + 8);
        assert!(runs
            .iter()
            .all(|&(row, column, length)| row >= 4 && column + length <= size - 4));
    }
}

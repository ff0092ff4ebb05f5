//! The flowing layout of urne's A4 documents (receipts, procès-verbaux, émargement lists):
//! items laid top-down in blocks, a block kept on one page when it fits, pages numbered in the
//! footer, text in the standard Helvetica and Courier with the Windows-1252 character set.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::layout::PAGE_MM;
use crate::text::{text_width, win_ansi, wrap};

/// What a form shows for a field left to fill by hand.
pub(crate) const BLANK: &str = "………………………………";
/// Points per millimetre.
pub(crate) const MM: f32 = 72.0 / 25.4;
pub(crate) const MARGIN_MM: f32 = 20.0;
pub(crate) const WIDTH_MM: f32 = PAGE_MM.0 - 2.0 * MARGIN_MM;
/// Indent of values under their label.
pub(crate) const INDENT_MM: f32 = 3.0;
const FOOTER_SIZE: f32 = 8.0;
/// Lowest point of the body: the footer sits between it and the bottom margin.
const BOTTOM_MM: f32 = PAGE_MM.1 - MARGIN_MM - 2.0 * FOOTER_SIZE * 1.35 / MM;
/// Courier's advance, in em, for every character.
pub(crate) const COURIER_EM: f32 = 0.6;

pub(crate) const REGULAR: Name<'static> = Name(b"F1");
pub(crate) const BOLD: Name<'static> = Name(b"F2");
pub(crate) const MONO: Name<'static> = Name(b"F3");

/// One thing on the page, laid out top-down.
pub(crate) enum Item {
    /// A line of Windows-1252 text: indent from the left margin in mm, font, size, bytes.
    Text(f32, Name<'static>, f32, Vec<u8>),
    /// Vertical space, in millimetres.
    Gap(f32),
    /// A thin horizontal rule across the text width.
    Rule,
    /// A table row at one size: its cells.
    Row(f32, Vec<Cell>),
}

/// One cell of a table row: a column from `x_mm` (from the left margin) `width_mm` wide, text
/// cut to fit, aligned left or right.
pub(crate) struct Cell {
    pub(crate) x_mm: f32,
    pub(crate) width_mm: f32,
    pub(crate) right: bool,
    pub(crate) font: Name<'static>,
    pub(crate) bytes: Vec<u8>,
}

/// A column of a table: where it starts, how wide, whether figures align right.
#[derive(Clone, Copy)]
pub(crate) struct Column {
    pub(crate) x_mm: f32,
    pub(crate) width_mm: f32,
    pub(crate) right: bool,
}

impl Item {
    /// Height, in millimetres.
    fn height(&self) -> f32 {
        match self {
            Item::Text(_, _, size, _) => size * 1.35 / MM,
            Item::Gap(mm) => *mm,
            Item::Rule => 3.0,
            Item::Row(size, _) => size * 1.45 / MM,
        }
    }
}

/// Items kept on one page when they fit on one.
#[derive(Default)]
pub(crate) struct Block(pub(crate) Vec<Item>);

impl Block {
    pub(crate) fn push(&mut self, item: Item) -> &mut Self {
        self.0.push(item);
        self
    }

    /// `text` in Helvetica, wrapped within the text width less `indent_mm`; a word too long
    /// for a line (an address) is cut.
    pub(crate) fn text(
        &mut self,
        indent_mm: f32,
        font: Name<'static>,
        size: f32,
        text: &str,
    ) -> &mut Self {
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

    /// A table row: `texts` in `columns`, each cut to its column's width.
    pub(crate) fn row(
        &mut self,
        columns: &[Column],
        font: Name<'static>,
        size: f32,
        texts: &[&str],
    ) -> &mut Self {
        self.push(Item::Row(size, cells(columns, font, size, texts)))
    }

    /// `label` then `value` on one line (a form's field), the value in bold; an empty value is
    /// a dotted line to fill by hand.
    pub(crate) fn field(&mut self, label: &str, value: &str) -> &mut Self {
        const SIZE: f32 = 9.5;
        let split = WIDTH_MM * 0.55;
        let label_column = Column {
            x_mm: 0.0,
            width_mm: split,
            right: false,
        };
        let value_column = Column {
            x_mm: split,
            width_mm: WIDTH_MM - split,
            right: false,
        };
        let value = if value.is_empty() { BLANK } else { value };
        let mut row = cells(&[label_column], REGULAR, SIZE, &[label]);
        row.extend(cells(&[value_column], BOLD, SIZE, &[value]));
        self.push(Item::Row(SIZE, row))
    }

    /// A small label, French / English.
    pub(crate) fn label(&mut self, text: &str) -> &mut Self {
        self.text(0.0, REGULAR, 8.5, text)
    }

    /// Hex digits in Courier, indented, in groups of 8, at most 8 groups a line.
    pub(crate) fn hex(&mut self, size: f32, digits: &str) -> &mut Self {
        let chars: Vec<char> = digits.trim().chars().collect();
        let groups: Vec<String> = chars.chunks(8).map(|g| g.iter().collect()).collect();
        let fit = ((WIDTH_MM - INDENT_MM) * MM / (COURIER_EM * size) + 1.0) / 9.0;
        for line in groups.chunks((fit as usize).clamp(1, 8)) {
            self.push(Item::Text(INDENT_MM, MONO, size, win_ansi(&line.join(" "))));
        }
        self
    }
}

/// `texts` set in `columns`, each cut to its column's width.
fn cells(columns: &[Column], font: Name<'static>, size: f32, texts: &[&str]) -> Vec<Cell> {
    columns
        .iter()
        .zip(texts)
        .map(|(column, text)| {
            let mut bytes = win_ansi(text);
            while bytes.len() > 1 && text_width(&bytes, size) / MM > column.width_mm - 1.0 {
                bytes.pop();
            }
            Cell {
                x_mm: column.x_mm,
                width_mm: column.width_mm,
                right: column.right,
                font,
                bytes,
            }
        })
        .collect()
}

/// The blocks spread over pages, each block on one page if it fits on one; no space or rule
/// at the top of a page.
pub(crate) fn paginate(blocks: Vec<Block>) -> Vec<Vec<Item>> {
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
            if page.is_empty() && matches!(item, Item::Gap(_) | Item::Rule) {
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
            Item::Row(size, cells) => {
                for cell in cells {
                    let width = text_width(&cell.bytes, *size) / MM;
                    let x = if cell.right {
                        cell.x_mm + cell.width_mm - width
                    } else {
                        cell.x_mm
                    };
                    let baseline = y + size / MM;
                    show(
                        &mut content,
                        MARGIN_MM + x,
                        baseline,
                        cell.font,
                        *size,
                        &cell.bytes,
                    );
                }
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

/// The document titled `title` (in its properties and every page's footer) as a PDF.
pub(crate) fn render(title: &str, blocks: Vec<Block>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalog, tree, info) = (Ref::new(1), Ref::new(2), Ref::new(3));
    let fonts = [
        (REGULAR, Ref::new(4), "Helvetica"),
        (BOLD, Ref::new(5), "Helvetica-Bold"),
        (MONO, Ref::new(6), "Courier"),
    ];
    pdf.catalog(catalog).pages(tree);
    pdf.document_info(info).title(TextStr(title));
    for (_, id, base) in fonts {
        pdf.type1_font(id)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let media = Rect::new(0.0, 0.0, PAGE_MM.0 * MM, PAGE_MM.1 * MM);
    let pages = paginate(blocks);
    let mut kids = Vec::with_capacity(pages.len());
    for (index, items) in pages.iter().enumerate() {
        let page_id = Ref::new(7 + 2 * index as i32);
        let content_id = Ref::new(8 + 2 * index as i32);
        let footer = format!("{title} — {} / {}", index + 1, pages.len());
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

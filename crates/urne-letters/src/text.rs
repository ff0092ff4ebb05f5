//! Text for the standard Helvetica font: Windows-1252 bytes (the PDF's WinAnsiEncoding) and
//! widths from Adobe's Helvetica metrics, to wrap paragraphs.

/// Helvetica widths (1/1000 em) of the printable ASCII characters 32..=126 (Adobe AFM).
const ASCII_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0..9
    278, 278, 584, 584, 584, 556, 1015, // :..@
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
    611, 722, 667, 944, 667, 667, 611, // A..Z
    278, 278, 278, 469, 556, 333, // [..`
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, // a..z
    334, 260, 334, 584, // {..~
];

/// `text` in Windows-1252; characters it lacks become `?`.
pub(crate) fn win_ansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let mut buffer = [0u8; 4];
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buffer));
        if unmappable || bytes.len() != 1 {
            out.push(b'?');
        } else {
            out.push(bytes[0]);
        }
    }
    out
}

/// Width of one Windows-1252 byte, in 1/1000 em. Accented letters take their base letter's
/// width (as in Helvetica's metrics, within a few units).
fn width(byte: u8) -> u16 {
    match byte {
        32..=126 => ASCII_WIDTHS[usize::from(byte - 32)],
        0xC0..=0xC5 => 667,        // À..Å
        0xC7 => 722,               // Ç
        0xC8..=0xCB => 667,        // È..Ë
        0xCC..=0xCF => 278,        // Ì..Ï
        0xD2..=0xD6 | 0xD8 => 778, // Ò..Ö, Ø
        0xD9..=0xDC => 722,        // Ù..Ü
        0xE0..=0xE5 | 0xE8..=0xEB | 0xF2..=0xF6 | 0xF9..=0xFC => 556,
        0xE7 => 500,        // ç
        0xEC..=0xEF => 278, // ì..ï
        0x8C => 1000,       // Œ
        0x9C => 944,        // œ
        0x96 => 556,        // en dash
        0x97 => 1000,       // em dash
        0x92 | 0x91 => 222, // ’ ‘
        0x93 | 0x94 => 333, // “ ”
        0xAB | 0xBB => 556, // « »
        0xA0 => 278,        // no-break space
        _ => 556,
    }
}

/// Width of `bytes` at `size` points.
pub(crate) fn text_width(bytes: &[u8], size: f32) -> f32 {
    bytes.iter().map(|&b| f32::from(width(b))).sum::<f32>() * size / 1000.0
}

/// `text` cut into lines no wider than `max_width` points at `size`, at spaces (a word longer
/// than a line stays whole on its own line).
pub(crate) fn wrap(text: &str, size: f32, max_width: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let word = win_ansi(word);
        let candidate_width = if line.is_empty() {
            text_width(&word, size)
        } else {
            text_width(&line, size) + text_width(b" ", size) + text_width(&word, size)
        };
        if !line.is_empty() && candidate_width > max_width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(b' ');
        }
        line.extend_from_slice(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_text_is_windows_1252_and_the_rest_is_marked() {
        assert_eq!(win_ansi("Hélène Œ «»"), b"H\xe9l\xe8ne \x8c \xab\xbb");
        assert_eq!(win_ansi("Łódź"), b"?\xf3d?");
    }

    #[test]
    fn widths_follow_helvetica() {
        assert_eq!(text_width(b"Hi", 10.0), (722.0 + 222.0) / 100.0);
    }

    #[test]
    fn lines_fit() {
        let text = "Le vote se déroule par internet, vingt-quatre heures sur vingt-quatre, \
                    pendant toute la durée du scrutin.";
        let lines = wrap(text, 11.0, 150.0);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(text_width(line, 11.0) <= 150.0 || !line.contains(&b' '));
        }
        let joined: Vec<u8> = lines.join(&b' ');
        assert_eq!(joined, win_ansi(text));
    }
}

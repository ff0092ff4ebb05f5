//! Small text helpers shared by the readers: folding for case- and accent-insensitive matching,
//! spreadsheet column letters, dates written the French way, and short excerpts of cell text.
//!
//! Left out: Unicode normalisation in general. Folding knows the Latin letters French and its
//! neighbours use (é, ç, œ, ß, …), which is what employers' files contain; anything else is only
//! lowercased.

use urne_rules::date::Date;

/// Pushes the folded form of `c`: lowercase without diacritics.
fn push_folded(c: char, out: &mut String) {
    for lower in c.to_lowercase() {
        let base = match lower {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'œ' => {
                out.push_str("oe");
                continue;
            }
            'æ' => {
                out.push_str("ae");
                continue;
            }
            'ß' => {
                out.push_str("ss");
                continue;
            }
            other => other,
        };
        out.push(base);
    }
}

/// A header name reduced to its lowercase ASCII letters and digits, accents removed:
/// `"Date d'entrée"` → `"datedentree"`, `"E-mail pro."` → `"emailpro"`.
pub(crate) fn fold_key(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut folded);
    }
    folded.retain(|c| c.is_ascii_alphanumeric());
    folded
}

/// A code or name folded for matching: lowercase, accents removed, runs of white space made one
/// space, trimmed. Punctuation is kept, since codes such as `"ETB-01"` rely on it.
pub(crate) fn fold_name(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        for c in word.chars() {
            push_folded(c, &mut folded);
        }
    }
    folded
}

/// The spreadsheet letter of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub(crate) fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        // rem < 26, so the cast cannot truncate.
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// `JJ/MM/AAAA`.
pub(crate) fn french_date(date: &Date) -> String {
    let iso = date.to_string();
    match (
        iso.get(0..iso.len() - 6),
        iso.get(iso.len() - 5..iso.len() - 3),
    ) {
        (Some(year), Some(month)) => {
            let day = iso.get(iso.len() - 2..).unwrap_or("");
            format!("{day}/{month}/{year}")
        }
        _ => iso,
    }
}

/// At most 80 characters of `text`, for quoting a bad cell in a message.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_letters() {
        assert_eq!(fold_key("Date d'entrée"), "datedentree");
        assert_eq!(fold_key("  E-MAIL Professionnel "), "emailprofessionnel");
        assert_eq!(fold_key("Clé N.I.R."), "clenir");
        assert_eq!(fold_key("Cœur"), "coeur");
        assert_eq!(fold_name("  Siège   SOCIAL "), "siege social");
        assert_eq!(fold_name("ETB-01"), "etb-01");
    }

    #[test]
    fn letters_and_dates() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(2), "C");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        let date = Date::new(1990, 2, 3).unwrap();
        assert_eq!(french_date(&date), "03/02/1990");
        assert_eq!(excerpt("abc"), "abc");
        assert_eq!(excerpt(&"é".repeat(100)).chars().count(), 81);
    }
}

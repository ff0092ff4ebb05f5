//! Parsing one cell's value: dates, e-mail addresses, mobile numbers, badge digits,
//! social-security keys, months of seniority.
//!
//! Each parser takes trimmed text and returns the normalised value or `None`; the caller turns
//! `None` into the matching [`Problem`](crate::error::Problem). Left out: any check that needs
//! another cell or the registry (establishments, duplicates), done by the row readers.

use urne_rules::date::Date;

/// `JJ/MM/AAAA` (also with `-` or `.`, and one-digit day or month), or `AAAA-MM-JJ` (optionally
/// followed by a time, as spreadsheets export). Two-digit years are refused: `01/02/03` could be
/// 1903 or 2003.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let date_part = text.split([' ', 'T']).next().unwrap_or(text);
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).collect();
    let [first, second, third] = parts.as_slice() else {
        return None;
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(first) && all_digits(second) && all_digits(third)) {
        return None;
    }
    let (year, month, day) = if first.len() == 4 && second.len() <= 2 && third.len() <= 2 {
        (*first, *second, *third)
    } else if third.len() == 4 && first.len() <= 2 && second.len() <= 2 {
        (*third, *second, *first)
    } else {
        return None;
    };
    Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// An e-mail address of a plausible shape: one `@`, a non-empty local part, a domain with a dot
/// between non-empty labels, no white space, at most 254 characters. Deliverability is checked
/// by sending, not here.
pub(crate) fn parse_email(text: &str) -> Option<String> {
    if text.len() > 254 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (local, domain) = text.split_once('@')?;
    if local.is_empty() || domain.contains('@') || local.starts_with('.') || local.ends_with('.') {
        return None;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let labels_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    labels_ok.then(|| format!("{local}@{}", domain.to_lowercase()))
}

/// A mobile number in E.164: `+` and 8 to 15 digits. French mobiles are accepted as written in
/// France (`06 12 34 56 78`, `07.…`), with `0033`, `33` or `+33`, and as a spreadsheet number
/// that lost its leading zero (`612345678`); other French numbers (01–05, 09) are landlines and
/// refused. Spaces, dots, dashes and parentheses are ignored.
pub(crate) fn parse_mobile(text: &str) -> Option<String> {
    let mut digits = String::with_capacity(text.len());
    let mut plus = false;
    for (idx, c) in text.chars().enumerate() {
        match c {
            '+' if idx == 0 => plus = true,
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '(' | ')' | '\u{a0}' => {}
            _ => return None,
        }
    }
    let french_mobile = |national: &str| {
        national.len() == 9 && (national.starts_with('6') || national.starts_with('7'))
    };
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_owned()
    } else if let Some(national) = digits.strip_prefix('0') {
        if !french_mobile(national) {
            return None;
        }
        format!("33{national}")
    } else if french_mobile(&digits) {
        format!("33{digits}")
    } else if digits.len() == 11 && french_mobile(&digits[2..]) && digits.starts_with("33") {
        digits
    } else {
        return None;
    };
    // "+33 (0)6 …" is common in signatures: drop the trunk zero.
    let international = match international.strip_prefix("330") {
        Some(national) if french_mobile(national) => format!("33{national}"),
        _ => international,
    };
    if international.starts_with("33") && !french_mobile(&international[2..]) {
        return None;
    }
    (8..=15)
        .contains(&international.len())
        .then(|| format!("+{international}"))
}

/// Badge digits: 4 to 8 digits, leading zeros kept, inner spaces ignored.
pub(crate) fn parse_badge(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    ((4..=8).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(digits)
}

/// The key of a French social-security number (NIR): 01 to 97, written on two digits. A single
/// digit is accepted and padded, since a spreadsheet drops the leading zero of `07`.
pub(crate) fn parse_ss_key(text: &str) -> Option<String> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u8 = text.parse().ok()?;
    (1..=97).contains(&value).then(|| format!("{value:02}"))
}

/// Whole months of seniority, `0` or more.
pub(crate) fn parse_months(text: &str) -> Option<u32> {
    if text.starts_with('+') {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let check = |text: &str, expected: Option<&str>| {
            assert_eq!(
                parse_date(text).map(|d| d.to_string()),
                expected.map(str::to_owned),
                "{text}"
            );
        };
        check("03/02/1990", Some("1990-02-03"));
        check("3/2/1990", Some("1990-02-03"));
        check("03-02-1990", Some("1990-02-03"));
        check("03.02.1990", Some("1990-02-03"));
        check("1990-02-03", Some("1990-02-03"));
        check("1990-02-03 00:00:00", Some("1990-02-03"));
        check("1990-02-03T00:00:00", Some("1990-02-03"));
        check("31/02/1990", None);
        check("03/02/90", None);
        check("1990/13/01", None);
        check("", None);
        check("demain", None);
        check("+3/02/1990", None);
    }

    #[test]
    fn emails() {
        assert_eq!(
            parse_email("Jeanne.Dupont@Exemple.FR").as_deref(),
            Some("Jeanne.Dupont@exemple.fr")
        );
        for bad in [
            "", "a@b", "a b@c.fr", "@c.fr", "a@@c.fr", "a@.fr", "a@c..fr", "a@c.fr.",
        ] {
            assert_eq!(parse_email(bad), None, "{bad}");
        }
    }

    #[test]
    fn mobiles() {
        let check = |text: &str, expected: Option<&str>| {
            assert_eq!(parse_mobile(text).as_deref(), expected, "{text}");
        };
        check("06 12 34 56 78", Some("+33612345678"));
        check("07.12.34.56.78", Some("+33712345678"));
        check("+33 6 12 34 56 78", Some("+33612345678"));
        check("+33 (0)6 12 34 56 78", Some("+33612345678"));
        check("0033612345678", Some("+33612345678"));
        check("33612345678", Some("+33612345678"));
        check("612345678", Some("+33612345678"));
        check("+32 470 12 34 56", Some("+32470123456"));
        check("01 23 45 67 89", None);
        check("+33 1 23 45 67 89", None);
        check("06 12 34", None);
        check("06a12345678", None);
        check("+1", None);
    }

    #[test]
    fn badges_keys_months() {
        assert_eq!(parse_badge("0042").as_deref(), Some("0042"));
        assert_eq!(parse_badge("12 34 56").as_deref(), Some("123456"));
        assert_eq!(parse_badge("123"), None);
        assert_eq!(parse_badge("123456789"), None);
        assert_eq!(parse_badge("12a4"), None);
        assert_eq!(parse_ss_key("07").as_deref(), Some("07"));
        assert_eq!(parse_ss_key("7").as_deref(), Some("07"));
        assert_eq!(parse_ss_key("97").as_deref(), Some("97"));
        assert_eq!(parse_ss_key("98"), None);
        assert_eq!(parse_ss_key("00"), None);
        assert_eq!(parse_ss_key("123"), None);
        assert_eq!(parse_months("12"), Some(12));
        assert_eq!(parse_months("-3"), None);
        assert_eq!(parse_months("douze"), None);
    }
}

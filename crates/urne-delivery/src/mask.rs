//! Masked recipients: the only form of an address or a phone number that may be written to a
//! journal or an error.
//!
//! An e-mail address keeps its first character and its domain; a phone number keeps its country
//! code and its last two digits. Enough for an operator to tell two recipients apart or to spot
//! a provider's problem with one country or domain; not enough to contact anyone.
//!
//! Left out: any attempt to mask well-formed-looking garbage cleverly. Input that is not an
//! address or an E.164 number is masked entirely.

/// Masks an e-mail address for a journal: `jean.dupont@example.org` → `j***@example.org`.
///
/// Anything without an `@` becomes `***`.
pub fn mask_email(addr: &str) -> String {
    let addr = addr.trim();
    match addr.rsplit_once('@') {
        Some((local, domain)) => match local.chars().next() {
            Some(first) => format!("{first}***@{domain}"),
            None => format!("***@{domain}"),
        },
        None => "***".to_owned(),
    }
}

/// Masks an E.164 phone number for a journal: `+33612345678` → `+33 *******78`.
///
/// Keeps the country code (1 to 3 digits, as assigned by ITU-T E.164) and the last two digits.
/// Anything that is not `+` followed by 6 to 15 digits becomes `***`.
pub fn mask_phone(e164: &str) -> String {
    let Some(digits) = e164.trim().strip_prefix('+') else {
        return "***".to_owned();
    };
    if !(6..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return "***".to_owned();
    }
    let (country, national) = digits.split_at(country_code_len(digits));
    // `digits` has at least 6 ASCII digits and a country code at most 3: `national` has at least
    // 3, so the split below keeps at least one masked digit.
    let (hidden, shown) = national.split_at(national.len() - 2);
    format!("+{country} {}{shown}", "*".repeat(hidden.len()))
}

/// The length of the country code that starts `digits` (ASCII digits, at least 3).
///
/// ITU-T E.164 country codes form a prefix code: `1` and `7` are one digit, the two-digit codes
/// are listed below, and every other code has three digits (`262` Réunion and Mayotte, `590`
/// Guadeloupe, `689` French Polynesia…).
fn country_code_len(digits: &str) -> usize {
    const TWO_DIGITS: [&str; 44] = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if TWO_DIGITS.iter().any(|code| digits.starts_with(code)) {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::{mask_email, mask_phone};

    #[test]
    fn emails() {
        let check =
            |input: &str, expected: &str| assert_eq!(mask_email(input), expected, "{input}");
        check("jean.dupont@example.org", "j***@example.org");
        check("É.leroy@exemple.fr", "É***@exemple.fr");
        check("a@b.fr", "a***@b.fr");
        check("@example.org", "***@example.org");
        check("\"odd@local\"@example.org", "\"***@example.org");
        check("not an address", "***");
        check("", "***");
    }

    #[test]
    fn phones() {
        let check =
            |input: &str, expected: &str| assert_eq!(mask_phone(input), expected, "{input}");
        check("+33612345678", "+33 *******78");
        check("+262692123456", "+262 *******56");
        check("+14155550123", "+1 ********23");
        check("+447700900123", "+44 ********23");
        check("+590690001122", "+590 *******22");
        check("+123456", "+1 ***56");
        check("0612345678", "***");
        check("+33 6 12 34 56 78", "***");
        check("+3361234567890123", "***");
        check("+12345", "***");
        check("+", "***");
        check("", "***");
    }

    #[test]
    fn a_masked_phone_never_holds_the_middle_digits() {
        let masked = mask_phone("+33698765432");
        assert!(!masked.contains("987654"), "{masked}");
    }
}

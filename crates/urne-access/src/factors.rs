//! The second and third factors of a voter's login (Article 9.2): the one-time password sent by
//! SMS (or e-mail for voters outside Europe) and the declared mobile number, both kept only as
//! HMACs under the installation's pepper; and which channel each voter's codes travel by.

use rand::Rng;
use subtle::ConstantTimeEq;
use urne_setup::challenge::ChallengePepper;
use zeroize::Zeroizing;

/// Digits of a one-time password.
pub const OTP_DIGITS: usize = 8;

/// A fresh one-time password: 8 decimal digits (≈ 26.6 bits; with 5 tries per password and a
/// lock after 5 failures, guessing succeeds with probability 5·10⁻⁸).
pub fn new_otp() -> Zeroizing<String> {
    let mut rng = rand::rngs::OsRng;
    let digits: String = (0..OTP_DIGITS)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect();
    Zeroizing::new(digits)
}

/// The HMAC of a one-time password, bound to the session it was sent for.
pub fn otp_hash(pepper: &ChallengePepper, session_id: i64, otp: &str) -> [u8; 32] {
    let typed: String = otp.chars().filter(char::is_ascii_digit).collect();
    pepper.mac(&[
        b"urne-access/otp/v1",
        &session_id.to_be_bytes(),
        typed.as_bytes(),
    ])
}

/// Whether `typed` is the password whose HMAC is `expected` (constant-time comparison).
pub fn otp_matches(
    pepper: &ChallengePepper,
    session_id: i64,
    typed: &str,
    expected: &[u8; 32],
) -> bool {
    otp_hash(pepper, session_id, typed).ct_eq(expected).into()
}

/// Why a typed phone number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneError {
    /// Characters other than digits, spaces, dots, dashes, parentheses and a leading `+`.
    Characters,
    /// Not a mobile number we can send to (length or prefix).
    NotMobile,
}

/// A mobile number in E.164 (`+33612345678`): French numbers typed as `06 12 34 56 78` or
/// `+33 6 12…`, and international ones typed with `+` or `00`.
///
/// # Errors
/// [`PhoneError`] when it is not one.
pub fn normalise_mobile(typed: &str) -> Result<String, PhoneError> {
    let trimmed = typed.trim();
    let (plus, rest) = match trimmed.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || " .-()\u{a0}".contains(c))
    {
        return Err(PhoneError::Characters);
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_owned()
    } else if digits.len() == 10 && digits.starts_with('0') {
        format!("33{}", &digits[1..])
    } else {
        return Err(PhoneError::NotMobile);
    };
    if !(8..=15).contains(&international.len()) || international.starts_with('0') {
        return Err(PhoneError::NotMobile);
    }
    // French mobiles are +33 6… and +33 7…; a French landline cannot receive the SMS.
    if let Some(national) = international.strip_prefix("33") {
        if national.len() != 9 || !(national.starts_with('6') || national.starts_with('7')) {
            return Err(PhoneError::NotMobile);
        }
    }
    Ok(format!("+{international}"))
}

/// The HMAC of a normalised mobile number for a scrutin: what the registry keeps to enforce one
/// number per voter.
pub fn phone_hash(pepper: &ChallengePepper, scrutin_uid: &str, e164: &str) -> [u8; 32] {
    pepper.mac(&[
        b"urne-access/phone/v1",
        scrutin_uid.as_bytes(),
        e164.as_bytes(),
    ])
}

/// How a voter's identifiant and password reach them (Articles 9.2.1 and 9.2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Channels {
    /// The identifiant by e-mail (voters abroad with a professional address) rather than by post.
    pub identifiant_by_email: bool,
    /// The one-time password by e-mail (voters outside Europe, where SMS may be blocked) rather
    /// than by SMS to a declared number.
    pub password_by_email: bool,
}

/// Countries where SMS are delivered as in France: the EU, the EEA, Switzerland, the United
/// Kingdom and the European microstates, by French and English name and ISO 3166 code (folded
/// to upper case without accents).
const EUROPE: &[&str] = &[
    "FR",
    "FRANCE",
    "DE",
    "ALLEMAGNE",
    "GERMANY",
    "AT",
    "AUTRICHE",
    "AUSTRIA",
    "BE",
    "BELGIQUE",
    "BELGIUM",
    "BG",
    "BULGARIE",
    "BULGARIA",
    "HR",
    "CROATIE",
    "CROATIA",
    "CY",
    "CHYPRE",
    "CYPRUS",
    "CZ",
    "TCHEQUIE",
    "REPUBLIQUE TCHEQUE",
    "CZECHIA",
    "CZECH REPUBLIC",
    "DK",
    "DANEMARK",
    "DENMARK",
    "EE",
    "ESTONIE",
    "ESTONIA",
    "ES",
    "ESPAGNE",
    "SPAIN",
    "FI",
    "FINLANDE",
    "FINLAND",
    "GR",
    "GRECE",
    "GREECE",
    "HU",
    "HONGRIE",
    "HUNGARY",
    "IE",
    "IRLANDE",
    "IRELAND",
    "IT",
    "ITALIE",
    "ITALY",
    "LV",
    "LETTONIE",
    "LATVIA",
    "LT",
    "LITUANIE",
    "LITHUANIA",
    "LU",
    "LUXEMBOURG",
    "MT",
    "MALTE",
    "MALTA",
    "NL",
    "PAYS-BAS",
    "PAYS BAS",
    "NETHERLANDS",
    "PL",
    "POLOGNE",
    "POLAND",
    "PT",
    "PORTUGAL",
    "RO",
    "ROUMANIE",
    "ROMANIA",
    "SK",
    "SLOVAQUIE",
    "SLOVAKIA",
    "SI",
    "SLOVENIE",
    "SLOVENIA",
    "SE",
    "SUEDE",
    "SWEDEN",
    "IS",
    "ISLANDE",
    "ICELAND",
    "LI",
    "LIECHTENSTEIN",
    "NO",
    "NORVEGE",
    "NORWAY",
    "CH",
    "SUISSE",
    "SWITZERLAND",
    "GB",
    "UK",
    "ROYAUME-UNI",
    "ROYAUME UNI",
    "UNITED KINGDOM",
    "MC",
    "MONACO",
    "AD",
    "ANDORRE",
    "ANDORRA",
    "SM",
    "SAINT-MARIN",
    "SAN MARINO",
    "VA",
    "VATICAN",
];

fn fold(country: &str) -> String {
    country
        .trim()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' => 'E',
            'à' | 'â' | 'À' => 'A',
            'ô' | 'Ô' => 'O',
            'î' | 'ï' => 'I',
            'û' | 'ü' => 'U',
            'ç' => 'C',
            other => other.to_ascii_uppercase(),
        })
        .collect()
}

/// The channels for a voter living in `country` (empty means France) with or without a
/// professional e-mail address. Without an address, everything falls back to post and SMS.
pub fn channels(country: &str, has_email: bool) -> Channels {
    let country = fold(country);
    let abroad = !(country.is_empty() || country == "FR" || country == "FRANCE");
    let outside_europe = abroad && !EUROPE.contains(&country.as_str());
    Channels {
        identifiant_by_email: abroad && has_email,
        password_by_email: outside_europe && has_email,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn otps_are_digits_and_bound_to_their_session() {
        let pepper = ChallengePepper::from_bytes([7; 32]);
        let otp = new_otp();
        assert_eq!(otp.len(), OTP_DIGITS);
        assert!(otp.chars().all(|c| c.is_ascii_digit()));
        let hash = otp_hash(&pepper, 1, &otp);
        assert!(otp_matches(&pepper, 1, &otp, &hash));
        assert!(otp_matches(&pepper, 1, &format!(" {} ", &*otp), &hash));
        assert!(!otp_matches(&pepper, 2, &otp, &hash));
        assert!(!otp_matches(
            &ChallengePepper::from_bytes([8; 32]),
            1,
            &otp,
            &hash
        ));
    }

    #[test]
    fn mobiles_are_normalised_to_e164() {
        for typed in [
            "06 12 34 56 78",
            "+33 6 12 34 56 78",
            "0033612345678",
            "06.12.34.56.78",
        ] {
            assert_eq!(
                normalise_mobile(typed),
                Ok("+33612345678".to_owned()),
                "{typed}"
            );
        }
        assert_eq!(
            normalise_mobile("+1 (415) 555-0100"),
            Ok("+14155550100".to_owned())
        );
        assert_eq!(
            normalise_mobile("01 23 45 67 89"),
            Err(PhoneError::NotMobile)
        );
        assert_eq!(normalise_mobile("612345678"), Err(PhoneError::NotMobile));
        assert_eq!(
            normalise_mobile("06 12 34 56 7a"),
            Err(PhoneError::Characters)
        );
    }

    #[test]
    fn channels_follow_articles_9_2_1_and_9_2_2() {
        let home = Channels {
            identifiant_by_email: false,
            password_by_email: false,
        };
        assert_eq!(channels("", true), home);
        assert_eq!(channels("France", true), home);
        assert_eq!(
            channels("Allemagne", true),
            Channels {
                identifiant_by_email: true,
                password_by_email: false
            }
        );
        assert_eq!(
            channels("États-Unis", true),
            Channels {
                identifiant_by_email: true,
                password_by_email: true
            }
        );
        assert_eq!(channels("États-Unis", false), home);
        assert!(!channels("Royaume-Uni", true).password_by_email);
    }
}

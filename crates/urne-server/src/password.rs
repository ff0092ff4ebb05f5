//! Staff passwords: hashing with Argon2id and a minimal strength rule.
//!
//! Argon2id (RFC 9106) with OWASP's Password Storage Cheat Sheet parameters: m = 19 456 KiB
//! (19 MiB), t = 2 passes, p = 1 lane, a 16-byte random salt from the operating system, stored as
//! a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`). Verification reads the parameters
//! from the stored string, so raising them later keeps old hashes valid ([`needs_rehash`] tells
//! when to re-hash at the next login). [`verify_dummy`] spends the same work when the account
//! does not exist, so response time does not reveal which staff accounts exist.
//!
//! Strength rule ([`check_strength`]): at least 12 characters and at least two kinds of
//! characters. It follows ANSSI's guide on passwords (2021: length matters most) and OWASP's
//! advice against heavy composition rules; it is a floor, not a meter.
//!
//! Left out: voters' codes (they are credentials derived in the browser, see DESIGN.md §2, not
//! passwords), breached-password lists (no network access, no data set shipped), and peppering
//! (the database and the secrets file sit on the same host, so a pepper would add little).

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use rand::rngs::OsRng;
use zeroize::Zeroize;

/// Memory cost in KiB (OWASP: 19 MiB).
pub const M_COST_KIB: u32 = 19_456;
/// Number of passes (OWASP: 2).
pub const T_COST: u32 = 2;
/// Degree of parallelism (OWASP: 1).
pub const P_COST: u32 = 1;

/// Fewest characters of an acceptable password.
pub const MIN_CHARS: usize = 12;
/// Most characters accepted: enough for any passphrase, and bounds the work an attacker can ask
/// for by posting huge passwords.
pub const MAX_CHARS: usize = 1024;

/// Salt of [`verify_dummy`]: its value does not matter, only that the work is the same.
const DUMMY_SALT: &[u8; 16] = b"urne/dummy/salt!";

/// Failure to hash a password.
#[derive(Debug)]
#[non_exhaustive]
pub enum PasswordError {
    /// The Argon2 implementation refused (only possible with invalid parameters or a password
    /// longer than 2³² bytes).
    Hash(argon2::password_hash::Error),
}

impl std::fmt::Display for PasswordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PasswordError::Hash(error) => write!(f, "cannot hash the password: {error}"),
        }
    }
}

impl std::error::Error for PasswordError {}

fn argon2() -> Result<Argon2<'static>, PasswordError> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None)
        .map_err(|error| PasswordError::Hash(error.into()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// The PHC string of `password` under Argon2id with a fresh random salt.
///
/// # Errors
/// [`PasswordError::Hash`] if Argon2 refuses the input (see there).
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut OsRng);
    let hash = argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(PasswordError::Hash)?;
    Ok(hash.to_string())
}

/// Whether `password` matches the stored PHC string `phc`. A malformed `phc` never matches.
/// The comparison of hashes is constant-time (done by the `password-hash` crate).
pub fn verify_password(password: &str, phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    if hash.algorithm != Algorithm::Argon2id.ident() {
        return false;
    }
    Argon2::default()
        .verify_password(password.as_bytes(), &hash)
        .is_ok()
}

/// Does the work of one [`verify_password`] and discards it: call it when the account does not
/// exist, so both paths take the same time.
pub fn verify_dummy(password: &str) {
    let mut output = [0u8; 32];
    if let Ok(argon2) = argon2() {
        // The result is discarded: only the time spent matters.
        let _ = argon2.hash_password_into(password.as_bytes(), DUMMY_SALT, &mut output);
    }
    output.zeroize();
}

/// Whether `phc` was made with other parameters than today's (then hash the password again
/// after a successful login). A malformed string needs re-hashing too.
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return true;
    };
    let Ok(params) = Params::try_from(&hash) else {
        return true;
    };
    hash.algorithm != Algorithm::Argon2id.ident()
        || hash.version != Some(Version::V0x13.into())
        || params.m_cost() != M_COST_KIB
        || params.t_cost() != T_COST
        || params.p_cost() != P_COST
}

/// Why a password is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Weak {
    /// Fewer than [`MIN_CHARS`] characters.
    TooShort,
    /// More than [`MAX_CHARS`] characters.
    TooLong,
    /// Only one kind of character (only lowercase letters, only digits, …).
    OneKind,
}

impl Weak {
    /// The reason, in French.
    pub fn fr(&self) -> String {
        match self {
            Weak::TooShort => {
                format!("Le mot de passe doit compter au moins {MIN_CHARS} caractères.")
            }
            Weak::TooLong => {
                format!("Le mot de passe doit compter au plus {MAX_CHARS} caractères.")
            }
            Weak::OneKind => "Le mot de passe doit mêler au moins deux sortes de caractères \
                              (minuscules, majuscules, chiffres, autres signes)."
                .to_owned(),
        }
    }

    /// The reason, in English.
    pub fn en(&self) -> String {
        match self {
            Weak::TooShort => format!("The password must have at least {MIN_CHARS} characters."),
            Weak::TooLong => format!("The password must have at most {MAX_CHARS} characters."),
            Weak::OneKind => "The password must mix at least two kinds of characters \
                              (lowercase, uppercase, digits, other signs)."
                .to_owned(),
        }
    }
}

impl std::fmt::Display for Weak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for Weak {}

/// `Ok` if `password` has [`MIN_CHARS`] to [`MAX_CHARS`] characters (Unicode scalar values) of
/// at least two kinds among lowercase letters, uppercase letters, digits and everything else.
///
/// # Errors
/// The first rule broken, as [`Weak`].
pub fn check_strength(password: &str) -> Result<(), Weak> {
    let n_chars = password.chars().count();
    if n_chars < MIN_CHARS {
        return Err(Weak::TooShort);
    }
    if n_chars > MAX_CHARS {
        return Err(Weak::TooLong);
    }
    let mut kinds = [false; 4];
    for c in password.chars() {
        let kind = if c.is_lowercase() {
            0
        } else if c.is_uppercase() {
            1
        } else if c.is_numeric() {
            2
        } else {
            3
        };
        kinds[kind] = true;
    }
    if kinds.iter().filter(|&&present| present).count() < 2 {
        return Err(Weak::OneKind);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_then_verify() {
        let phc = hash_password("correct horse battery staple").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_password("correct horse battery staple", &phc));
        assert!(!verify_password("correct horse battery stapl", &phc));
        assert!(!needs_rehash(&phc));
        // A fresh salt each time.
        assert_ne!(phc, hash_password("correct horse battery staple").unwrap());
    }

    #[test]
    fn malformed_or_foreign_hashes_never_match() {
        assert!(!verify_password("x", ""));
        assert!(!verify_password("x", "not a phc string"));
        // Argon2i of "password" (RFC 9106 parameters aside, any non-id variant is refused).
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x13, Params::default())
            .hash_password(b"password", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(!verify_password("password", &argon2i));
        assert!(needs_rehash(&argon2i));
        assert!(needs_rehash("garbage"));
    }

    #[test]
    fn weaker_parameters_need_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8, 1, 1, None).unwrap(),
        )
        .hash_password(b"password", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        assert!(verify_password("password", &weak));
        assert!(needs_rehash(&weak));
    }

    #[test]
    fn dummy_runs() {
        verify_dummy("anything");
    }

    fn check(password: &str, expected: Result<(), Weak>) {
        assert_eq!(check_strength(password), expected, "{password:?}");
    }

    #[test]
    fn strength() {
        check("short1A", Err(Weak::TooShort));
        check("élections2026", Ok(()));
        check("aaaaaaaaaaaa", Err(Weak::OneKind));
        check("123456789012", Err(Weak::OneKind));
        check("ÉLECTIONSCSE", Err(Weak::OneKind));
        check("correct horse battery", Ok(()));
        check("Correcthorsebattery", Ok(()));
        // Twelve characters, not twelve bytes.
        check("ééééééééééé1", Ok(()));
        check("éééééé1", Err(Weak::TooShort));
        check(&"aB".repeat(513), Err(Weak::TooLong));
    }

    #[test]
    fn messages_in_both_languages() {
        assert!(Weak::TooShort.fr().contains("12 caractères"));
        assert!(Weak::TooShort.en().contains("12 characters"));
        assert!(Weak::OneKind.fr().contains("deux sortes"));
    }
}

//! Keyed hashes of a voter's second factors: the digits of the badge and the key of the
//! social-security number, asked at login next to the access code.
//!
//! Both are low-entropy (at most 10⁸ badges, 97 keys): a plain hash stored in the database would
//! be inverted by brute force from a stolen copy. So each is an HMAC-SHA256 under a
//! per-installation secret, the *pepper*, kept in the configuration file and never in the
//! database; stealing the database alone reveals nothing. The message is domain-separated and
//! length-prefixed (`urne-setup/challenge/v1`, the field tag, the matricule, the normalised
//! value), so a badge hash cannot stand for a key hash nor one voter's hash for another's.
//!
//! Left out: rate limiting of login attempts (the server's), which is what actually stops online
//! guessing of 97 keys; generating and storing the pepper (the configuration's).

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The installation's secret HMAC key. Zeroized on drop, never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ChallengePepper([u8; 32]);

impl ChallengePepper {
    /// The pepper from its 32 bytes (read from the configuration file).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        ChallengePepper(bytes)
    }
}

impl ChallengePepper {
    /// HMAC-SHA256 under the pepper of the length-prefixed `parts` (each `u64be(len) ‖ part`).
    /// Callers put their own domain label first, so no two uses can collide.
    pub fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        // HMAC pads a key shorter than the hash's block with zeros (RFC 2104 §2), so keying with
        // the pepper followed by 32 zero bytes is HMAC under the pepper; the fixed-size
        // constructor avoids the `Result` of `new_from_slice`, which cannot fail for HMAC.
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(&self.0);
        let mut mac = <Hmac<Sha256> as KeyInit>::new(&block.into());
        block.zeroize();
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }
}

impl core::fmt::Debug for ChallengePepper {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("ChallengePepper(..)")
    }
}

const DOMAIN: &[u8] = b"urne-setup/challenge/v1";
const BADGE_TAG: &[u8] = b"badge";
const SS_KEY_TAG: &[u8] = b"ss-key";

fn keyed_hash(pepper: &ChallengePepper, tag: &[u8], matricule: &str, value: &str) -> [u8; 32] {
    pepper.mac(&[DOMAIN, tag, matricule.as_bytes(), value.as_bytes()])
}

/// Badge digits as compared: white space removed.
fn normalise_badge(digits: &str) -> String {
    digits.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A key as compared: trimmed, and padded to two digits (`7` → `07`).
fn normalise_ss_key(key: &str) -> String {
    let key = key.trim();
    if key.len() == 1 {
        format!("0{key}")
    } else {
        key.to_owned()
    }
}

/// HMAC of the badge digits of the voter `matricule` (white space in `digits` is ignored,
/// leading zeros count).
pub fn hash_badge(pepper: &ChallengePepper, matricule: &str, digits: &str) -> [u8; 32] {
    keyed_hash(pepper, BADGE_TAG, matricule, &normalise_badge(digits))
}

/// HMAC of the social-security key of the voter `matricule` (`7` and `07` are the same key).
pub fn hash_ss_key(pepper: &ChallengePepper, matricule: &str, key: &str) -> [u8; 32] {
    keyed_hash(pepper, SS_KEY_TAG, matricule, &normalise_ss_key(key))
}

/// Whether `digits` are the badge whose hash is `expected`.
///
/// # Security
/// The comparison is constant-time; the hashing before it depends only on the length of the
/// typed digits.
pub fn verify_badge(
    pepper: &ChallengePepper,
    matricule: &str,
    digits: &str,
    expected: &[u8; 32],
) -> bool {
    hash_badge(pepper, matricule, digits).ct_eq(expected).into()
}

/// Whether `key` is the social-security key whose hash is `expected` (constant-time comparison).
pub fn verify_ss_key(
    pepper: &ChallengePepper,
    matricule: &str,
    key: &str,
    expected: &[u8; 32],
) -> bool {
    hash_ss_key(pepper, matricule, key).ct_eq(expected).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_separated() {
        let pepper = ChallengePepper::from_bytes([7; 32]);
        assert_ne!(
            hash_badge(&pepper, "M1", "12"),
            hash_ss_key(&pepper, "M1", "12")
        );
        // Length prefixes: moving a character between matricule and value changes the hash.
        assert_ne!(
            hash_badge(&pepper, "M1", "1234"),
            hash_badge(&pepper, "M11", "234")
        );
        assert_eq!(
            hash_ss_key(&pepper, "M1", "7"),
            hash_ss_key(&pepper, "M1", "07")
        );
        assert_eq!(format!("{pepper:?}"), "ChallengePepper(..)");
        // The padded key is HMAC under the pepper itself.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&[7; 32]).unwrap();
        for part in [DOMAIN, BADGE_TAG, b"M1", b"1234"] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        let expected: [u8; 32] = mac.finalize().into_bytes().into();
        assert_eq!(hash_badge(&pepper, "M1", "1234"), expected);
    }
}

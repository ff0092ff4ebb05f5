//! Human-typable secret codes (`docs/protocol.md` §7.1): Crockford base-32 symbols with a
//! checksum, for voters' credential codes and bureau members' séquences secrètes.
//!
//! Crockford's alphabet has no `I`, `L`, `O` or `U`; on input `I`/`L` read as `1`, `O` as `0`,
//! case, spaces and dashes are ignored, so a code read aloud on the phone or copied by hand still
//! parses. The two check symbols (10 bits of a domain-separated hash) catch typing mistakes before
//! any derivation runs, and tell a credential code from a séquence secrète.

use rand_core::{CryptoRng, RngCore};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::transcript::Transcript;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Number of check symbols at the end of every code.
pub const CHECK_SYMBOLS: usize = 2;

/// Why a typed code was refused. Says nothing about the code's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodeError {
    /// A character outside the alphabet, at this position (0-based, separators skipped).
    Character {
        /// Position among the code's symbols.
        position: usize,
    },
    /// Too few or too many symbols.
    Length {
        /// Symbols expected.
        expected: usize,
        /// Symbols found.
        found: usize,
    },
    /// The check symbols do not match: a typing mistake.
    Checksum,
}

impl core::fmt::Display for CodeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CodeError::Character { position } => {
                write!(f, "character {} is not allowed in a code", position + 1)
            }
            CodeError::Length { expected, found } => {
                write!(f, "a code has {expected} characters, {found} were typed")
            }
            CodeError::Checksum => f.write_str("the code has a typing mistake"),
        }
    }
}

impl std::error::Error for CodeError {}

fn symbol_value(c: u8) -> Option<u8> {
    let c = c.to_ascii_uppercase();
    let c = match c {
        b'I' | b'L' => b'1',
        b'O' => b'0',
        other => other,
    };
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u8)
}

fn checksum(domain: &str, symbols: &[u8]) -> [u8; CHECK_SYMBOLS] {
    let mut transcript = Transcript::new("code-checksum");
    transcript.append_bytes("kind", domain.as_bytes());
    transcript.append_bytes("symbols", symbols);
    let hash = transcript.finish_32("checksum");
    let bits = u16::from_le_bytes([hash[0], hash[1]]);
    [(bits & 31) as u8, ((bits >> 5) & 31) as u8]
}

/// Draws `data_symbols` random symbols and returns the code's symbol values, check included.
pub fn generate<R: RngCore + CryptoRng>(
    domain: &str,
    data_symbols: usize,
    rng: &mut R,
) -> Zeroizing<Vec<u8>> {
    let mut symbols = Zeroizing::new(Vec::with_capacity(data_symbols + CHECK_SYMBOLS));
    let mut byte = [0u8; 1];
    for _ in 0..data_symbols {
        rng.fill_bytes(&mut byte);
        symbols.push(byte[0] & 31);
    }
    let check = checksum(domain, &symbols);
    symbols.extend_from_slice(&check);
    byte.zeroize();
    symbols
}

/// Parses typed text into the data symbols (check symbols verified and removed).
///
/// # Errors
/// [`CodeError`] for an unknown character, a wrong length or a bad checksum.
pub fn parse(
    domain: &str,
    data_symbols: usize,
    text: &str,
) -> Result<Zeroizing<Vec<u8>>, CodeError> {
    let mut symbols = Zeroizing::new(Vec::with_capacity(data_symbols + CHECK_SYMBOLS));
    for c in text
        .bytes()
        .filter(|c| !matches!(c, b'-' | b' ' | b'\t' | b'\n' | b'\r'))
    {
        let position = symbols.len();
        symbols.push(symbol_value(c).ok_or(CodeError::Character { position })?);
    }
    let expected = data_symbols + CHECK_SYMBOLS;
    if symbols.len() != expected {
        return Err(CodeError::Length {
            expected,
            found: symbols.len(),
        });
    }
    let check = checksum(domain, &symbols[..data_symbols]);
    if check != symbols[data_symbols..] {
        return Err(CodeError::Checksum);
    }
    symbols.truncate(data_symbols);
    Ok(symbols)
}

/// Formats symbol values as text, in dash-separated groups of `group` symbols.
pub fn format(symbols: &[u8], group: usize) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(symbols.len() * 2));
    for (i, &s) in symbols.iter().enumerate() {
        if i > 0 && i % group == 0 {
            out.push('-');
        }
        out.push(ALPHABET[usize::from(s & 31)] as char);
    }
    out
}

/// The layout of one kind of code: checksum domain, data symbols, display grouping.
pub(crate) struct Kind {
    pub(crate) domain: &'static str,
    pub(crate) data_symbols: usize,
    pub(crate) group: usize,
}

/// A secret code's data symbols; the check symbols are recomputed when it is printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub(crate) struct SecretCode {
    symbols: Vec<u8>,
}

impl SecretCode {
    /// Draws a code of `kind`.
    pub(crate) fn generate<R: RngCore + CryptoRng>(kind: &Kind, rng: &mut R) -> Self {
        let all = generate(kind.domain, kind.data_symbols, rng);
        SecretCode {
            symbols: all[..kind.data_symbols].to_vec(),
        }
    }

    /// Parses a typed code of `kind`.
    pub(crate) fn parse(kind: &Kind, text: &str) -> Result<Self, CodeError> {
        Ok(SecretCode {
            symbols: parse(kind.domain, kind.data_symbols, text)?.to_vec(),
        })
    }

    /// The code as printed, check symbols included.
    pub(crate) fn to_text(&self, kind: &Kind) -> Zeroizing<String> {
        let mut all = Zeroizing::new(self.symbols.clone());
        all.extend_from_slice(&checksum(kind.domain, &self.symbols));
        format(&all, kind.group)
    }

    /// The data symbols.
    pub(crate) fn symbols(&self) -> &[u8] {
        &self.symbols
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    #[test]
    fn round_trips_and_forgives_case_and_lookalikes() {
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        for _ in 0..50 {
            let symbols = generate("t", 16, &mut rng);
            let text = format(&symbols, 6);
            let parsed = parse("t", 16, &text).unwrap();
            assert_eq!(&parsed[..], &symbols[..16]);
            let sloppy = text
                .to_lowercase()
                .replace('1', "l")
                .replace('0', "o")
                .replace('-', " ");
            assert_eq!(&parse("t", 16, &sloppy).unwrap()[..], &symbols[..16]);
        }
    }

    #[test]
    fn catches_typos_and_other_kinds() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let symbols = generate("t", 16, &mut rng);
        let text = format(&symbols, 6);
        let mut typo = text.as_bytes().to_vec();
        typo[0] = if typo[0] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            parse("t", 16, core::str::from_utf8(&typo).unwrap()),
            Err(CodeError::Checksum)
        );
        assert!(parse("other", 16, &text).is_err());
        assert_eq!(
            parse("t", 16, "ABC"),
            Err(CodeError::Length {
                expected: 18,
                found: 3
            })
        );
        assert_eq!(
            parse("t", 16, "U"),
            Err(CodeError::Character { position: 0 })
        );
    }
}

//! Canonical JSON: what every payload is written as, and the check that a payload read back is
//! exactly that.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A payload that is not the canonical JSON of its type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatError {
    /// Not JSON of the expected shape; the parser's message (line, column, what it saw).
    Json(String),
    /// Valid, but not in canonical form (whitespace, key order, escapes).
    NotCanonical,
    /// A field's value is out of its domain; names the field.
    Field(&'static str),
}

impl core::fmt::Display for FormatError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            FormatError::Json(message) => write!(f, "not the expected JSON: {message}"),
            FormatError::NotCanonical => write!(f, "not in canonical form (RFC 8785)"),
            FormatError::Field(field) => write!(f, "field {field:?} is invalid"),
        }
    }
}

impl std::error::Error for FormatError {}

/// The canonical bytes of `value`: its fields are declared in sorted order and serde_json
/// writes no whitespace and escapes as RFC 8785 does.
pub(crate) fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising our own plain structs cannot fail (no maps with non-string keys).
    serde_json::to_vec(value).unwrap_or_default()
}

/// Reads `bytes` as `T` and checks they are its canonical form.
pub(crate) fn from_bytes<T: Serialize + DeserializeOwned>(bytes: &[u8]) -> Result<T, FormatError> {
    let value: T = serde_json::from_slice(bytes).map_err(|e| FormatError::Json(e.to_string()))?;
    if to_bytes(&value) != bytes {
        return Err(FormatError::NotCanonical);
    }
    Ok(value)
}

/// Decodes 64 hex digits.
pub(crate) fn hex32(field: &'static str, text: &str) -> Result<[u8; 32], FormatError> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).map_err(|_| FormatError::Field(field))?;
    if hex::encode(out) != text {
        return Err(FormatError::Field(field));
    }
    Ok(out)
}

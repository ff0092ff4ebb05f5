//! Canonical byte encodings (`docs/protocol.md` §2): points are 32-byte compressed Ristretto255,
//! scalars 32-byte little-endian reduced modulo ℓ; anything else is rejected.

use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;

/// Why bytes could not be decoded. Deliberately small: decoding errors carry no secret and the
/// verifier adds the context (which ballot, which field).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input has the wrong length for the expected shape.
    Length {
        /// Bytes expected.
        expected: usize,
        /// Bytes found.
        found: usize,
    },
    /// A point encoding is not a canonical Ristretto255 encoding.
    Point {
        /// Byte offset of the point in the input.
        offset: usize,
    },
    /// A scalar is not reduced modulo ℓ.
    Scalar {
        /// Byte offset of the scalar in the input.
        offset: usize,
    },
    /// A field has a value outside its domain (a version, a count, a checksum).
    Field(&'static str),
}

impl core::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            DecodeError::Length { expected, found } => {
                write!(f, "wrong length: expected {expected} bytes, found {found}")
            }
            DecodeError::Point { offset } => {
                write!(f, "not a canonical Ristretto255 point at byte {offset}")
            }
            DecodeError::Scalar { offset } => {
                write!(f, "not a canonical scalar at byte {offset}")
            }
            DecodeError::Field(what) => write!(f, "invalid field: {what}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A cursor over bytes that decodes canonical elements and remembers offsets for errors.
pub struct Reader<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    /// Reads from the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, offset: 0 }
    }

    /// Takes the next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self.offset + n;
        if end > self.bytes.len() {
            return Err(DecodeError::Length {
                expected: end,
                found: self.bytes.len(),
            });
        }
        let slice = &self.bytes[self.offset..end];
        self.offset = end;
        Ok(slice)
    }

    /// The next `n` bytes, without consuming them.
    pub fn peek(&self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self.offset + n;
        self.bytes.get(self.offset..end).ok_or(DecodeError::Length {
            expected: end,
            found: self.bytes.len(),
        })
    }

    /// Takes 32 bytes.
    pub fn take_32(&mut self) -> Result<[u8; 32], DecodeError> {
        let mut out = [0u8; 32];
        out.copy_from_slice(self.take(32)?);
        Ok(out)
    }

    /// Reads a compressed point without decompressing it (its canonicity is checked later).
    pub fn compressed(&mut self) -> Result<CompressedRistretto, DecodeError> {
        Ok(CompressedRistretto(self.take_32()?))
    }

    /// Reads and decompresses a point (vartime: points are public).
    pub fn point(&mut self) -> Result<RistrettoPoint, DecodeError> {
        let offset = self.offset;
        decompress(&self.compressed()?).ok_or(DecodeError::Point { offset })
    }

    /// Reads a canonical scalar.
    pub fn scalar(&mut self) -> Result<Scalar, DecodeError> {
        let offset = self.offset;
        let bytes = self.take_32()?;
        Option::from(Scalar::from_canonical_bytes(bytes)).ok_or(DecodeError::Scalar { offset })
    }

    /// Reads a little-endian `u32`.
    pub fn u32(&mut self) -> Result<u32, DecodeError> {
        let mut out = [0u8; 4];
        out.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(out))
    }

    /// Fails unless every byte was read.
    pub fn finish(self) -> Result<(), DecodeError> {
        if self.offset == self.bytes.len() {
            Ok(())
        } else {
            Err(DecodeError::Length {
                expected: self.offset,
                found: self.bytes.len(),
            })
        }
    }
}

/// Decompresses a canonical Ristretto255 encoding (`docs/protocol.md` §2.1).
pub fn decompress(compressed: &CompressedRistretto) -> Option<RistrettoPoint> {
    compressed.decompress()
}

/// Decodes a canonical scalar from 32 bytes.
pub fn scalar_from_bytes(bytes: [u8; 32]) -> Option<Scalar> {
    Option::from(Scalar::from_canonical_bytes(bytes))
}

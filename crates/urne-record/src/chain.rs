//! The record's hash chain and the envelope each event travels in (`docs/protocol.md` §14.1,
//! §14.3).

use serde::{Deserialize, Serialize};
use urne_crypto::transcript::Transcript;

use crate::canonical::{self, FormatError};

/// The hash before the first event.
pub const GENESIS: [u8; 32] = [0; 32];

/// The hash of event `seq` of `record`, chained to `previous` (§14.1).
pub fn event_hash(
    record: &str,
    seq: u64,
    previous: &[u8; 32],
    kind: &str,
    payload: &[u8],
) -> [u8; 32] {
    let mut t = Transcript::new("record-event");
    t.append_bytes("record", record.as_bytes());
    t.append_u64("seq", seq);
    t.append_bytes("previous", previous);
    t.append_bytes("kind", kind.as_bytes());
    t.append_bytes("payload", payload);
    t.finish_32("event")
}

/// One event as published: its position, kind, payload and hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// Position in the record, from 0.
    pub seq: u64,
    /// Kind (§14.4).
    pub kind: String,
    /// Payload bytes (canonical JSON).
    pub payload: Vec<u8>,
    /// The event's hash.
    pub hash: [u8; 32],
}

/// Why an envelope does not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeError(pub &'static str);

impl core::fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "the envelope is not in the form of §14.3: {}", self.0)
    }
}

impl std::error::Error for EnvelopeError {}

/// Whether `kind` may be written inside the envelope's quotes as it is.
fn plain_kind(kind: &str) -> bool {
    !kind.is_empty() && kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}

impl Envelope {
    /// The envelope's bytes: `{"hash":…,"kind":…,"payload":<payload>,"seq":…}`, the payload
    /// written as it is.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.payload.len() + 128);
        out.extend_from_slice(b"{\"hash\":\"");
        out.extend_from_slice(hex::encode(self.hash).as_bytes());
        out.extend_from_slice(b"\",\"kind\":\"");
        out.extend_from_slice(self.kind.as_bytes());
        out.extend_from_slice(b"\",\"payload\":");
        out.extend_from_slice(&self.payload);
        out.extend_from_slice(format!(",\"seq\":{}}}", self.seq).as_bytes());
        out
    }

    /// Reads an envelope, which must be exactly in the form [`Envelope::to_bytes`] writes.
    ///
    /// # Errors
    /// [`EnvelopeError`] naming what is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Result<Envelope, EnvelopeError> {
        let rest = bytes
            .strip_prefix(b"{\"hash\":\"")
            .ok_or(EnvelopeError("it does not start with {\"hash\":\""))?;
        let (hash_hex, rest) = rest.split_at_checked(64).ok_or(EnvelopeError("hash"))?;
        let mut hash = [0u8; 32];
        hex::decode_to_slice(hash_hex, &mut hash).map_err(|_| EnvelopeError("hash"))?;
        if hex::encode(hash).as_bytes() != hash_hex {
            return Err(EnvelopeError("hash"));
        }
        let rest = rest
            .strip_prefix(b"\",\"kind\":\"")
            .ok_or(EnvelopeError("kind"))?;
        let end = rest
            .iter()
            .position(|&b| b == b'"')
            .ok_or(EnvelopeError("kind"))?;
        let kind = std::str::from_utf8(&rest[..end]).map_err(|_| EnvelopeError("kind"))?;
        if !plain_kind(kind) {
            return Err(EnvelopeError("kind"));
        }
        let rest = rest[end..]
            .strip_prefix(b"\",\"payload\":")
            .ok_or(EnvelopeError("payload"))?;
        let tail = rest
            .windows(7)
            .rposition(|w| w == b",\"seq\":")
            .ok_or(EnvelopeError("seq"))?;
        let digits = rest[tail + 7..]
            .strip_suffix(b"}")
            .ok_or(EnvelopeError("it does not end with }"))?;
        let seq_text = std::str::from_utf8(digits).map_err(|_| EnvelopeError("seq"))?;
        let seq: u64 = seq_text.parse().map_err(|_| EnvelopeError("seq"))?;
        if seq.to_string() != seq_text {
            return Err(EnvelopeError("seq"));
        }
        Ok(Envelope {
            seq,
            kind: kind.to_owned(),
            payload: rest[..tail].to_vec(),
            hash,
        })
    }
}

/// The archive's header, `record.json` (§14.3). Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveHeader {
    /// Events in the archive.
    pub events: u64,
    /// Sequence number of the first.
    pub first: u64,
    /// Always [`ArchiveHeader::FORMAT`].
    pub format: String,
    /// Hash of the last event, hex (of `previous` when there is none).
    pub head: String,
    /// Hash of the event before the first, hex (zeros for a whole record).
    pub previous: String,
    /// The record's identifier.
    pub record: String,
}

impl ArchiveHeader {
    /// The format's name.
    pub const FORMAT: &'static str = "urne-record/1";

    /// The header of an archive of `events` events of `record` from `first`.
    pub fn new(
        record: &str,
        first: u64,
        previous: &[u8; 32],
        events: u64,
        head: &[u8; 32],
    ) -> Self {
        ArchiveHeader {
            events,
            first,
            format: Self::FORMAT.to_owned(),
            head: hex::encode(head),
            previous: hex::encode(previous),
            record: record.to_owned(),
        }
    }

    /// The canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Reads and checks a header.
    ///
    /// # Errors
    /// [`FormatError`] naming the field.
    pub fn from_bytes(bytes: &[u8]) -> Result<ArchiveHeader, FormatError> {
        let header: ArchiveHeader = canonical::from_bytes(bytes)?;
        if header.format != Self::FORMAT {
            return Err(FormatError::Field("format"));
        }
        header.previous_hash()?;
        header.head_hash()?;
        Ok(header)
    }

    /// `previous`, decoded.
    ///
    /// # Errors
    /// [`FormatError::Field`].
    pub fn previous_hash(&self) -> Result<[u8; 32], FormatError> {
        canonical::hex32("previous", &self.previous)
    }

    /// `head`, decoded.
    ///
    /// # Errors
    /// [`FormatError::Field`].
    pub fn head_hash(&self) -> Result<[u8; 32], FormatError> {
        canonical::hex32("head", &self.head)
    }
}

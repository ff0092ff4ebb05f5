//! The one hashing discipline of the protocol (`docs/protocol.md` §3): a length-prefixed SHA-512
//! transcript.
//!
//! Every Fiat–Shamir challenge, key derivation and fingerprint goes through [`Transcript`]; there
//! is no other way to hash in this crate. Each transcript starts with the protocol version and a
//! domain label, and each item is framed as `u64le(len(label)) ‖ label ‖ u64le(len(data)) ‖ data`,
//! so no two different sequences of items hash the same input. Merlin/STROBE was considered and
//! rejected: a plain SHA-512 framing can be re-implemented from the spec in any language.

use curve25519_dalek::ristretto::CompressedRistretto;
use curve25519_dalek::scalar::Scalar;
use sha2::{Digest, Sha512};

/// The protocol version bound into every transcript.
pub const PROTOCOL_VERSION: &str = "urne/1";

/// A length-prefixed SHA-512 transcript (`docs/protocol.md` §3).
#[derive(Clone)]
pub struct Transcript {
    hasher: Sha512,
}

impl Transcript {
    /// Starts a transcript for `domain`, binding [`PROTOCOL_VERSION`] first.
    pub fn new(domain: &str) -> Self {
        let mut transcript = Transcript {
            hasher: Sha512::new(),
        };
        transcript.append_bytes("protocol", PROTOCOL_VERSION.as_bytes());
        transcript.append_bytes("domain", domain.as_bytes());
        transcript
    }

    /// Appends one framed item.
    pub fn append_bytes(&mut self, label: &str, data: &[u8]) {
        self.hasher.update((label.len() as u64).to_le_bytes());
        self.hasher.update(label.as_bytes());
        self.hasher.update((data.len() as u64).to_le_bytes());
        self.hasher.update(data);
    }

    /// Appends an integer as 8 little-endian bytes.
    pub fn append_u64(&mut self, label: &str, value: u64) {
        self.append_bytes(label, &value.to_le_bytes());
    }

    /// Appends a compressed point (32 bytes).
    pub fn append_point(&mut self, label: &str, point: &CompressedRistretto) {
        self.append_bytes(label, point.as_bytes());
    }

    /// Appends a scalar in its canonical 32-byte little-endian encoding.
    pub fn append_scalar(&mut self, label: &str, scalar: &Scalar) {
        self.append_bytes(label, scalar.as_bytes());
    }

    /// Binds the election fingerprint.
    pub fn append_fingerprint(&mut self, fingerprint: &ElectionFingerprint) {
        self.append_bytes("election", &fingerprint.0);
    }

    /// Finishes with `label` and returns the 64-byte SHA-512 output.
    pub fn finish(mut self, label: &str) -> [u8; 64] {
        self.append_bytes("finish", label.as_bytes());
        self.hasher.finalize().into()
    }

    /// Finishes with `label` and reduces the 64-byte output modulo ℓ (a uniform scalar).
    pub fn challenge_scalar(self, label: &str) -> Scalar {
        Scalar::from_bytes_mod_order_wide(&self.finish(label))
    }

    /// Finishes with `label` and returns the first 32 bytes.
    pub fn finish_32(self, label: &str) -> [u8; 32] {
        let wide = self.finish(label);
        let mut out = [0u8; 32];
        out.copy_from_slice(&wide[..32]);
        out
    }
}

/// The fingerprint of an election's manifest (`docs/protocol.md` §3.2): 32 bytes bound into every
/// challenge and signature of that election, so nothing proved for one election verifies for
/// another.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ElectionFingerprint(pub [u8; 32]);

impl ElectionFingerprint {
    /// The fingerprint of the manifest's canonical bytes (the record format defines them).
    pub fn of_manifest(manifest_bytes: &[u8]) -> Self {
        let mut transcript = Transcript::new("manifest");
        transcript.append_bytes("manifest", manifest_bytes);
        ElectionFingerprint(transcript.finish_32("fingerprint"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_separates_items() {
        let mut a = Transcript::new("t");
        a.append_bytes("x", b"ab");
        a.append_bytes("y", b"c");
        let mut b = Transcript::new("t");
        b.append_bytes("x", b"a");
        b.append_bytes("y", b"bc");
        assert_ne!(a.finish("c"), b.finish("c"));
    }

    #[test]
    fn domain_separates() {
        assert_ne!(
            Transcript::new("a").finish("c"),
            Transcript::new("b").finish("c")
        );
        assert_ne!(
            Transcript::new("a").finish("c"),
            Transcript::new("a").finish("d")
        );
    }
}

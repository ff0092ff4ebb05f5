//! The seal (DESIGN.md §5, Article 9.8 of the agreement, `docs/protocol.md` §13.8): one
//! fingerprint over what voters and the bureau rely on, taken after the scrutin à blanc and
//! published in the record, recomputed and compared at any time ("contrôle du scellement").
//!
//! Its parts, each 64 hex digits: the server binary's SHA-256, the static assets' fingerprint
//! (every file served to voters, the booth's wasm included), the elections' manifests (SHA-256
//! of their fingerprints in record order) and the configuration (SHA-256 of its canonical
//! text). The seal is SHA-256 of `"urne-seal-v1"` and the four parts, each length-prefixed.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use urne_crypto::ElectionFingerprint;

use crate::canonical::{self, FormatError};

/// The `seal` event's payload. Fields in sorted order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// The static assets' fingerprint.
    pub assets: String,
    /// SHA-256 of the server binary.
    pub binary: String,
    /// SHA-256 of the configuration's canonical text.
    pub configuration: String,
    /// The seal: SHA-256 over the four parts.
    pub fingerprint: String,
    /// SHA-256 of the manifests' fingerprints, in record order.
    pub manifests: String,
}

/// SHA-256 of `bytes`, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The manifests' part.
pub fn manifests_part(fingerprints: &[ElectionFingerprint]) -> String {
    let mut hasher = Sha256::new();
    for f in fingerprints {
        hasher.update(f.0);
    }
    hex::encode(hasher.finalize())
}

impl Seal {
    /// The seal of these parts.
    pub fn new(binary: String, assets: String, manifests: String, configuration: String) -> Seal {
        let mut hasher = Sha256::new();
        for part in ["urne-seal-v1", &binary, &assets, &manifests, &configuration] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        Seal {
            fingerprint: hex::encode(hasher.finalize()),
            assets,
            binary,
            configuration,
            manifests,
        }
    }

    /// Whether the fingerprint is the one of its parts.
    pub fn is_consistent(&self) -> bool {
        Seal::new(
            self.binary.clone(),
            self.assets.clone(),
            self.manifests.clone(),
            self.configuration.clone(),
        ) == *self
    }

    /// The canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical::to_bytes(self)
    }

    /// Reads and checks a published payload.
    ///
    /// # Errors
    /// [`FormatError`]; [`FormatError::Field`]`("fingerprint")` when it is not its parts'.
    pub fn from_bytes(bytes: &[u8]) -> Result<Seal, FormatError> {
        let seal: Seal = canonical::from_bytes(bytes)?;
        if !seal.is_consistent() {
            return Err(FormatError::Field("fingerprint"));
        }
        Ok(seal)
    }
}

//! Zero-knowledge proofs, all Σ-protocols made non-interactive with the Fiat–Shamir transform over
//! a [`crate::Transcript`] (`docs/protocol.md` §5).
//!
//! All proofs are sent in commitment form (commitments and responses; the verifier recomputes the
//! challenge), so they verify with a [`crate::BatchVerifier`]. Callers bind the statement and its
//! context (election, indices) into the transcript before proving or verifying; the proofs here
//! bind their own commitments.

pub mod disjunctive;
pub mod dleq;
pub mod schnorr;

pub use disjunctive::{BranchWitness, DisjunctiveProof};
pub use dleq::DleqProof;
pub use schnorr::SchnorrProof;

/// A proof did not verify, or could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProofError;

impl core::fmt::Display for ProofError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("proof does not verify")
    }
}

impl std::error::Error for ProofError {}

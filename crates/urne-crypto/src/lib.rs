#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod acceptance;
pub mod ballot;
pub mod batch;
pub mod code;
pub mod credential;
pub mod decryption;
pub mod dkg;
pub mod dlog;
pub mod elgamal;
pub mod encoding;
mod halves;
pub mod proofs;
pub mod signing;
pub mod tally;
pub mod transcript;

pub use ballot::{BallotShape, Choice, ChoiceError, EncryptedBallot};
pub use batch::BatchVerifier;
pub use credential::{CredentialCode, CredentialKeys, CredentialPublicKey, LoginToken};
pub use elgamal::{Ciphertext, ElectionPublicKey};
pub use encoding::DecodeError;
pub use transcript::{ElectionFingerprint, Transcript, PROTOCOL_VERSION};

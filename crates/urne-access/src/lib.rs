//! Voter access for urne (issue 6, Article 9.2–9.3 of the agreement, DESIGN.md §2), without
//! I/O: what the server and the offline credential authority compute, not how it is stored or
//! sent.
//!
//! - [`issue`]: a fresh credential code per voter, the verifier of its login token for the
//!   registry and its public keys for the ballot box, computed on every core;
//! - [`authority`]: the files exchanged with an offline credential authority, and the checks
//!   an upload must pass;
//! - [`factors`]: one-time passwords, declared mobile numbers and the channel of each code;
//! - [`messages`]: the French and English text of every message sent to voters.

pub mod authority;
pub mod factors;
pub mod issue;
pub mod messages;

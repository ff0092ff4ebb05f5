//! The set-up domain of urne: validated voters and candidate lists, and the readers that turn an
//! employer's voter file and a union's list file into them.
//!
//! A reader reports every problem of a file at once, each with its line, its column and a
//! message in French and English ([`error::FileErrors`]), and returns nothing from a file with
//! a problem. Voters' eligibility is assessed with `urne_rules::eligibility`; their badge digits
//! and social-security keys are kept only as keyed hashes ([`challenge`]).
//!
//! Left out: SQL (the store's), HTTP (the server's), and the clock: the assessment date comes in
//! [`urne_rules::eligibility::Conditions`].
//!
//! Start at [`voter_file::read_voter_file`].

#![forbid(unsafe_code)]

pub mod candidacy;
pub mod challenge;
pub mod diff;
pub mod error;
pub mod list_file;
pub mod model;
pub mod sample;
pub mod voter_file;

mod fields;
mod table;
mod text;

pub use candidacy::{check_candidate, CandidateCheck};
pub use challenge::{hash_badge, hash_ss_key, verify_badge, verify_ss_key, ChallengePepper};
pub use diff::{diff_voters, VoterDiff};
pub use error::{FileErrors, Problem, RowError};
pub use list_file::{read_list_file, CandidateDraft, CandidateListDraft};
pub use model::{ChallengeHashes, Civility, PostalAddress, Seniority, Voter, VoterEligibility};
pub use sample::sample_voter_csv;
pub use voter_file::{read_voter_file, FileFormat, Known, ReadOptions, VoterFile};

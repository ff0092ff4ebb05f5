//! urne-rules: the counting rules of CSE elections, from the Code du travail, in exact arithmetic.
//!
//! Each rule cites its article; where the law is silent, the reading of `../shared/rules/README.md`
//! §5 is followed and said in the doc comment. No crypto, no I/O, no clock: dates are passed in.
//! [`json`] is the calculators' JSON interface (`urne rules`).

#![forbid(unsafe_code)]

pub mod allocation;
pub mod date;
pub mod eligibility;
pub mod json;
pub mod number;
pub mod parity;
pub mod personal_score;
pub mod quorum;
pub mod ratures;
pub mod representativeness;
pub mod sanctions;
pub mod seats;

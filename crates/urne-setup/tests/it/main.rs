//! Integration tests of urne-setup, one binary (STYLE.md §6): reading voter files in every
//! format, the report of bad files, eligibility, challenges, diffs, list files, and properties
//! of the reader on arbitrary input.
//!
//! Left out: speed, measured by the benchmark on `sample_voter_csv`, never by a timed test.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod challenge;
mod common;
mod diff;
mod eligibility;
mod list_file;
mod props;
mod voter_errors;
mod voter_formats;

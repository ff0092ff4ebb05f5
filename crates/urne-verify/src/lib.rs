//! The independent verifier of an urne election record (`docs/protocol.md` §10, §14).
//!
//! It reads the record's archive, or a whole record followed by the parts added since, as a
//! stream, and makes every numbered check of the protocol: the manifests and the seal, the key
//! ceremony, each ballot (signature, credential, one per credential, proofs, tracker), the
//! encrypted tallies, the decryption shares, the counts and each result recomputed with the
//! counting rules. It depends on the cryptography, the counting rules and the record's format
//! only: not on the store, not on the server.
//!
//! Memory stays bounded by one batch of ballots plus, per election, the credential list and the
//! credentials already used; ballots are checked on every core.

mod ballots;
mod ceremony;
mod count;
pub mod report;
pub mod stream;
pub mod synthetic;
mod verifier;

use std::io::Read;

pub use report::{Check, Finding, Report, Status};
pub use stream::{Source, Unreadable};

use crate::stream::RecordStream;
use crate::verifier::Verifier;

/// How to verify.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The hash of the last event already verified: ballots up to it are decoded and summed,
    /// their proofs not checked again.
    pub since: Option<[u8; 32]>,
    /// Threads for the ballots' proofs (0: every core).
    pub threads: usize,
}

/// Verifies the record in `sources` (a whole record, then the parts added since, in order).
/// `progress` is told the bytes read so far after each event.
///
/// # Errors
/// [`Unreadable`] when the first archive is not a record archive at all; a record that reads
/// but fails checks gives a [`Report`] with its failures.
pub fn verify<R: Read>(
    sources: Vec<Source<R>>,
    options: &Options,
    mut progress: impl FnMut(u64),
) -> Result<Report, Unreadable> {
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    let mut stream = RecordStream::new(sources);
    let mut verifier = Verifier::new(options.since, threads);
    loop {
        match stream.next_event(&mut verifier.report) {
            Ok(Some(event)) => {
                if verifier.record.is_empty() {
                    verifier.record = stream.record.clone();
                }
                verifier.event(event);
            }
            Ok(None) => break,
            // Before any event, not a record; after, a record broken midway (V2).
            Err(error) if verifier.report.events == 0 => return Err(error),
            Err(error) => {
                verifier.report.fail(2, "archive", error.to_string());
                break;
            }
        }
        progress(stream.position());
    }
    if verifier.record.is_empty() {
        verifier.record = stream.record.clone();
    }
    let head = stream.head();
    let mut report = verifier.finish();
    report.head = hex::encode(head);
    Ok(report)
}

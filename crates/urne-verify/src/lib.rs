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

/// What the reading thread hands over.
enum Message {
    /// The record's identifier, before its first event.
    Record(String),
    /// An event, and the bytes read so far.
    Event(stream::Event, u64),
    /// The archives stop reading.
    Unreadable(Unreadable),
}

/// Verifies the record in `sources` (a whole record, then the parts added since, in order).
/// `progress` is told the bytes read so far after each event. One thread reads and chains the
/// events, one batch ahead of the checks, which use every core.
///
/// # Errors
/// [`Unreadable`] when the first archive is not a record archive at all; a record that reads
/// but fails checks gives a [`Report`] with its failures.
pub fn verify<R: Read + Send>(
    sources: Vec<Source<R>>,
    options: &Options,
    mut progress: impl FnMut(u64),
) -> Result<Report, Unreadable> {
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    let mut verifier = Verifier::new(options.since, threads);
    let head = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Message>(1);
        let reader = scope.spawn(move || {
            let mut stream = RecordStream::new(sources);
            let mut report = Report::default();
            let mut named = false;
            loop {
                let message = match stream.next_event(&mut report) {
                    Ok(Some(event)) => {
                        if !named {
                            named = true;
                            let _ = tx.send(Message::Record(stream.record.clone()));
                        }
                        Message::Event(event, stream.position())
                    }
                    Ok(None) => break,
                    Err(error) => Message::Unreadable(error),
                };
                let stop = matches!(message, Message::Unreadable(_));
                if tx.send(message).is_err() || stop {
                    break;
                }
            }
            (report, stream.record.clone(), stream.head())
        });
        let mut unreadable = None;
        for message in rx {
            match message {
                Message::Record(record) => verifier.record = record,
                Message::Event(event, position) => {
                    verifier.event(event);
                    progress(position);
                }
                // Before any event, not a record; after, a record broken midway (V2).
                Message::Unreadable(error) if verifier.report.events == 0 => {
                    unreadable = Some(error);
                }
                Message::Unreadable(error) => verifier.report.fail(2, "archive", error.to_string()),
            }
        }
        let (stream_report, record, head) = reader
            .join()
            .map_err(|_| Unreadable("the reading thread stopped".to_owned()))?;
        if let Some(error) = unreadable {
            return Err(error);
        }
        if verifier.record.is_empty() {
            verifier.record = record;
        }
        verifier.report.findings.extend(stream_report.findings);
        verifier.report.run.extend(stream_report.run);
        Ok(head)
    })?;
    let mut report = verifier.finish();
    report.head = hex::encode(head);
    Ok(report)
}

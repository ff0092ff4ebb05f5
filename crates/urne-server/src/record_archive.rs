//! The public record as one archive (`docs/protocol.md` §14.3), whole or from a given hash on,
//! written as a stream: events are read page by page and each batch's ballots one batch at a
//! time, so a record of a million ballots never sits in memory.

use tokio::sync::mpsc::Sender;
use urne_record::archive::{ballots_name, entry, event_name, END, HEADER};
use urne_record::batch::BallotBatch;
use urne_record::chain::{ArchiveHeader, Envelope, GENESIS};
use urne_record::kind;

use crate::app::AppState;
use crate::error::WebError;

/// Events read per page.
const PAGE: u32 = 200;

/// What an archive will hold: events `first ..= last` of `record`.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The record.
    pub record: String,
    /// The first event's position.
    pub first: u64,
    /// The hash before it.
    pub previous: [u8; 32],
    /// The number of events.
    pub events: u64,
    /// The last event's hash (the archive's head).
    pub head: [u8; 32],
}

impl Plan {
    /// The archive's header.
    pub fn header(&self) -> ArchiveHeader {
        ArchiveHeader::new(
            &self.record,
            self.first,
            &self.previous,
            self.events,
            &self.head,
        )
    }
}

/// The archive of `record` as it is now: whole, or what follows the event of hash `since`.
///
/// # Errors
/// [`WebError::NotFound`] when `since` is no event of the record; store errors.
pub async fn plan(
    state: &AppState,
    record: &str,
    since: Option<[u8; 32]>,
) -> Result<Plan, WebError> {
    let ballot_box = &state.stores.ballot_box;
    let (first, previous) = match since {
        None => (0, GENESIS),
        Some(hash) => match ballot_box.seq_of_hash(record, &hash).await? {
            Some(seq) => (seq + 1, hash),
            None => return Err(WebError::NotFound),
        },
    };
    let (events, head) = match ballot_box.head(record).await? {
        Some((last, head)) if last >= first => (last + 1 - first, head),
        _ => (0, previous),
    };
    Ok(Plan {
        record: record.to_owned(),
        first,
        previous,
        events,
        head,
    })
}

/// A piece of the archive, or why it stopped.
pub type Chunk = Result<Vec<u8>, std::io::Error>;

fn failed(e: impl core::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Sends the archive of `plan` to `out`, entry by entry; stops quietly when the receiver is
/// gone, and sends the error when reading fails.
pub async fn send(state: &AppState, plan: &Plan, out: &Sender<Chunk>) {
    if let Err(error) = send_entries(state, plan, out).await {
        let _ = out.send(Err(error)).await;
    }
}

async fn send_entries(
    state: &AppState,
    plan: &Plan,
    out: &Sender<Chunk>,
) -> Result<(), std::io::Error> {
    let ballot_box = &state.stores.ballot_box;
    let gone = |_| std::io::Error::other("the reader is gone");
    out.send(Ok(entry(HEADER, &plan.header().to_bytes())))
        .await
        .map_err(gone)?;
    let end = plan.first + plan.events;
    let mut next = plan.first;
    while next < end {
        let page = ballot_box
            .events_from(&plan.record, None, next, PAGE)
            .await
            .map_err(failed)?;
        if page.is_empty() {
            return Err(failed("the record ended early"));
        }
        for event in page.into_iter().take_while(|e| e.seq < end) {
            next = event.seq + 1;
            let envelope = Envelope {
                seq: event.seq,
                kind: event.kind,
                payload: event.payload,
                hash: event.hash,
            };
            let mut chunk = entry(&event_name(envelope.seq), &envelope.to_bytes());
            if envelope.kind == kind::BALLOTS {
                let batch = BallotBatch::from_bytes(&envelope.payload).map_err(failed)?;
                let ballots = ballot_box
                    .batch_ballots(&batch.election, envelope.seq)
                    .await
                    .map_err(failed)?;
                chunk.extend_from_slice(&entry(&ballots_name(envelope.seq), &ballots));
            }
            out.send(Ok(chunk)).await.map_err(gone)?;
        }
    }
    out.send(Ok(END.to_vec())).await.map_err(gone)?;
    Ok(())
}

/// The archive of `plan` in memory (for the retention archive, which holds it whole).
///
/// # Errors
/// Store errors.
pub async fn to_vec(state: &AppState, plan: &Plan) -> Result<Vec<u8>, std::io::Error> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Chunk>(4);
    let producer = async {
        send(state, plan, &tx).await;
        drop(tx);
    };
    let consumer = async move {
        let mut out = Vec::new();
        while let Some(chunk) = rx.recv().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    };
    let ((), bytes) = tokio::join!(producer, consumer);
    bytes
}

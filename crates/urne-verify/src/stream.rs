//! The record's events, read from one or more archives in sequence (`docs/protocol.md` §14.3),
//! with the checks of V2: entry names and order, envelopes, sequence numbers, the hash chain,
//! and each archive's header. One event (and its batch of ballots) at a time.

use std::io::Read;

use urne_record::archive::{ballots_name, event_name, Entry, EntryReader, HEADER};
use urne_record::chain::{event_hash, ArchiveHeader, Envelope, GENESIS};
use urne_record::kind;

use crate::report::Report;

/// An archive that cannot be read as a record at all (exit code 2).
#[derive(Debug)]
pub struct Unreadable(pub String);

impl core::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unreadable {}

/// One event of the record, with its batch's ballots.
#[derive(Debug)]
pub struct Event {
    /// Position.
    pub seq: u64,
    /// Kind.
    pub kind: String,
    /// Payload.
    pub payload: Vec<u8>,
    /// Its hash as published.
    pub hash: [u8; 32],
    /// A `ballots` event's ballots, concatenated.
    pub ballots: Option<Vec<u8>>,
}

/// One archive to read: a name for messages, and its bytes.
pub struct Source<R: Read> {
    /// The file's name.
    pub name: String,
    /// Its bytes.
    pub input: R,
}

struct Current<R: Read> {
    name: String,
    entries: EntryReader<R>,
    header: ArchiveHeader,
    read: u64,
    lookahead: Option<Entry>,
}

/// Reads archives one after the other as one record.
pub struct RecordStream<R: Read> {
    sources: std::vec::IntoIter<Source<R>>,
    current: Option<Current<R>>,
    /// The record's identifier (from the first archive).
    pub record: String,
    next_seq: u64,
    previous: [u8; 32],
    started: bool,
    consumed: u64,
}

impl<R: Read> RecordStream<R> {
    /// Reads `sources` in order; the first must start at the record's first event.
    pub fn new(sources: Vec<Source<R>>) -> Self {
        RecordStream {
            sources: sources.into_iter(),
            current: None,
            record: String::new(),
            next_seq: 0,
            previous: GENESIS,
            started: false,
            consumed: 0,
        }
    }

    /// Bytes read so far, over every archive.
    pub fn position(&self) -> u64 {
        self.consumed + self.current.as_ref().map_or(0, |c| c.entries.position)
    }

    /// The hash of the last event read.
    pub fn head(&self) -> [u8; 32] {
        self.previous
    }

    fn open(&mut self, source: Source<R>, report: &mut Report) -> Result<(), Unreadable> {
        let mut entries = EntryReader::new(source.input);
        let first = entries
            .next_entry()
            .map_err(|e| Unreadable(format!("{}: {e}", source.name)))?
            .ok_or_else(|| Unreadable(format!("{}: an empty archive", source.name)))?;
        if first.name != HEADER {
            return Err(Unreadable(format!(
                "{}: not an urne record archive (it starts with {}, not {HEADER})",
                source.name, first.name
            )));
        }
        let header = ArchiveHeader::from_bytes(&first.bytes)
            .map_err(|e| Unreadable(format!("{}: {HEADER}: {e}", source.name)))?;
        if !self.started {
            if header.first != 0 {
                return Err(Unreadable(format!(
                    "{}: this archive starts at event {}; give the archives of the record \
                     from its first event, in order",
                    source.name, header.first
                )));
            }
            self.record = header.record.clone();
            self.started = true;
        } else {
            let item = format!("{}: {HEADER}", source.name);
            if header.record != self.record {
                report.fail(
                    2,
                    &item,
                    format!("record {:?}, not {:?}", header.record, self.record),
                );
            }
            if header.first != self.next_seq || header.previous != hex::encode(self.previous) {
                report.fail(
                    2,
                    &item,
                    format!(
                        "starts after event {} ({}), but the previous archive ended after event \
                         {} ({})",
                        header.first.wrapping_sub(1),
                        header.previous,
                        self.next_seq.wrapping_sub(1),
                        hex::encode(self.previous)
                    ),
                );
            }
        }
        self.current = Some(Current {
            name: source.name,
            entries,
            header,
            read: 0,
            lookahead: None,
        });
        Ok(())
    }

    /// Ends the current archive: its header must agree with what was read.
    fn close(&mut self, report: &mut Report) {
        if let Some(current) = self.current.take() {
            self.consumed += current.entries.position;
            let item = format!("{}: {HEADER}", current.name);
            if current.header.events != current.read {
                report.fail(
                    2,
                    &item,
                    format!(
                        "says {} events, the archive holds {}",
                        current.header.events, current.read
                    ),
                );
            }
            if current.header.head != hex::encode(self.previous) {
                report.fail(
                    2,
                    &item,
                    format!(
                        "head {} is not the last event's hash {}",
                        current.header.head,
                        hex::encode(self.previous)
                    ),
                );
            }
        }
    }

    /// The next event, or `None` at the end of the last archive.
    ///
    /// # Errors
    /// [`Unreadable`] for an archive that is not a record or does not read as tar.
    pub fn next_event(&mut self, report: &mut Report) -> Result<Option<Event>, Unreadable> {
        report.ran(2);
        loop {
            if self.current.is_none() {
                match self.sources.next() {
                    Some(source) => self.open(source, report)?,
                    None => return Ok(None),
                }
            }
            let Some(current) = self.current.as_mut() else {
                continue;
            };
            let entry = match current.lookahead.take() {
                Some(entry) => Some(entry),
                None => current
                    .entries
                    .next_entry()
                    .map_err(|e| Unreadable(format!("{}: {e}", current.name)))?,
            };
            let Some(entry) = entry else {
                self.close(report);
                continue;
            };
            return Ok(Some(self.event(entry, report)?));
        }
    }

    fn event(&mut self, entry: Entry, report: &mut Report) -> Result<Event, Unreadable> {
        let Some(current) = self.current.as_mut() else {
            return Err(Unreadable("no archive open".to_owned()));
        };
        let item = format!("{}: {}", current.name, entry.name);
        let envelope = match Envelope::from_bytes(&entry.bytes) {
            Ok(envelope) => envelope,
            Err(e) => return Err(Unreadable(format!("{item}: {e}"))),
        };
        if entry.name != event_name(envelope.seq) {
            report.fail(
                2,
                &item,
                format!("event {} in an entry of this name", envelope.seq),
            );
        }
        if envelope.seq != self.next_seq {
            report.fail(
                2,
                &item,
                format!(
                    "event {} where event {} was expected",
                    envelope.seq, self.next_seq
                ),
            );
        }
        let hash = event_hash(
            &self.record,
            envelope.seq,
            &self.previous,
            &envelope.kind,
            &envelope.payload,
        );
        if hash != envelope.hash {
            report.fail(
                2,
                &item,
                format!(
                    "hash {} is not the chain's {} (the event or an earlier one was changed)",
                    hex::encode(envelope.hash),
                    hex::encode(hash)
                ),
            );
        }
        // Go on from the published hash, so that one changed event is reported once.
        self.previous = envelope.hash;
        self.next_seq = envelope.seq + 1;
        current.read += 1;
        let mut ballots = None;
        if envelope.kind == kind::BALLOTS {
            let next = current
                .entries
                .next_entry()
                .map_err(|e| Unreadable(format!("{}: {e}", current.name)))?;
            match next {
                Some(next) if next.name == ballots_name(envelope.seq) => ballots = Some(next.bytes),
                other => {
                    report.fail(
                        2,
                        &item,
                        format!(
                            "not followed by its ballots, {}",
                            ballots_name(envelope.seq)
                        ),
                    );
                    current.lookahead = other;
                }
            }
        }
        Ok(Event {
            seq: envelope.seq,
            kind: envelope.kind,
            payload: envelope.payload,
            hash: envelope.hash,
            ballots,
        })
    }
}

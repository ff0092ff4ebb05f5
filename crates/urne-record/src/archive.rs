//! The record's archive (`docs/protocol.md` §14.3): a POSIX tar file holding `record.json`,
//! then each event's envelope, each batch's ballots right after its event. Written and read as a
//! stream: the writer makes one entry at a time, the reader hands out one entry at a time.

use std::io::{self, Read, Write};

use crate::chain::{ArchiveHeader, Envelope};

/// Name of the header entry.
pub const HEADER: &str = "record.json";

/// Largest entry a reader accepts (a batch of 1 000 ballots of 20 lists of 50 candidates is
/// far below): beyond it, the archive is refused rather than read into memory.
pub const MAX_ENTRY: u64 = 256 << 20;

/// The name of event `seq`'s envelope.
pub fn event_name(seq: u64) -> String {
    format!("events/{seq:08}.json")
}

/// The name of batch `seq`'s ballots.
pub fn ballots_name(seq: u64) -> String {
    format!("events/{seq:08}.bin")
}

/// One tar entry: its 512-byte header, its bytes, the padding to a whole block.
pub fn entry(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut header = tar::Header::new_ustar();
    // Our names are short ASCII paths, which a ustar header always takes.
    let _ = header.set_path(name);
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(0);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_cksum();
    let padding = (512 - bytes.len() % 512) % 512;
    let mut out = Vec::with_capacity(512 + bytes.len() + padding);
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(bytes);
    out.resize(out.len() + padding, 0);
    out
}

/// The two zero blocks that end a tar file.
pub const END: [u8; 1024] = [0; 1024];

/// Writes an archive to `out`, entry by entry.
pub struct ArchiveWriter<W: Write> {
    out: W,
}

impl<W: Write> ArchiveWriter<W> {
    /// Starts the archive with its header.
    ///
    /// # Errors
    /// The writer's.
    pub fn new(mut out: W, header: &ArchiveHeader) -> io::Result<Self> {
        out.write_all(&entry(HEADER, &header.to_bytes()))?;
        Ok(ArchiveWriter { out })
    }

    /// Adds an event, and a batch's ballots after it.
    ///
    /// # Errors
    /// The writer's.
    pub fn event(&mut self, envelope: &Envelope, ballots: Option<&[u8]>) -> io::Result<()> {
        self.out
            .write_all(&entry(&event_name(envelope.seq), &envelope.to_bytes()))?;
        if let Some(ballots) = ballots {
            self.out
                .write_all(&entry(&ballots_name(envelope.seq), ballots))?;
        }
        Ok(())
    }

    /// Ends the archive and returns the writer.
    ///
    /// # Errors
    /// The writer's.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(&END)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Why an archive does not read.
#[derive(Debug)]
pub struct ArchiveError {
    /// The entry concerned (or "" before the first).
    pub entry: String,
    /// What is wrong.
    pub message: String,
}

impl core::fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.entry.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.entry, self.message)
        }
    }
}

impl std::error::Error for ArchiveError {}

/// One entry of an archive: its name and bytes.
#[derive(Debug)]
pub struct Entry {
    /// Its path in the archive.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Reads the entries of a tar stream, one at a time, skipping directories.
pub struct EntryReader<R: Read> {
    input: R,
    done: bool,
    /// Bytes read so far (for progress).
    pub position: u64,
}

impl<R: Read> EntryReader<R> {
    /// Reads from `input`.
    pub fn new(input: R) -> Self {
        EntryReader {
            input,
            done: false,
            position: 0,
        }
    }

    fn fill(&mut self, buf: &mut [u8], entry: &str) -> Result<(), ArchiveError> {
        self.input.read_exact(buf).map_err(|e| ArchiveError {
            entry: entry.to_owned(),
            message: format!("cannot read: {e}"),
        })?;
        self.position += buf.len() as u64;
        Ok(())
    }

    /// The next file entry, or `None` at the end of the archive.
    ///
    /// # Errors
    /// [`ArchiveError`]: not a tar stream, a truncated entry, an entry that is not a plain
    /// file, larger than [`MAX_ENTRY`].
    pub fn next_entry(&mut self) -> Result<Option<Entry>, ArchiveError> {
        loop {
            if self.done {
                return Ok(None);
            }
            let mut block = [0u8; 512];
            self.fill(&mut block, "")?;
            if block.iter().all(|&b| b == 0) {
                self.done = true;
                return Ok(None);
            }
            let header = tar::Header::from_byte_slice(&block);
            let fail = |message: String| ArchiveError {
                entry: String::from_utf8_lossy(&block[..100])
                    .trim_end_matches('\0')
                    .to_owned(),
                message,
            };
            let computed: u32 = block
                .iter()
                .enumerate()
                .map(|(i, &b)| {
                    if (148..156).contains(&i) {
                        32
                    } else {
                        u32::from(b)
                    }
                })
                .sum();
            if header.cksum().ok() != Some(computed) {
                return Err(ArchiveError {
                    entry: String::new(),
                    message: format!(
                        "not a tar archive (no valid entry header at byte {})",
                        self.position - 512
                    ),
                });
            }
            let name = header
                .path()
                .map_err(|e| fail(format!("name: {e}")))?
                .to_string_lossy()
                .into_owned();
            let size = header.size().map_err(|e| fail(format!("size: {e}")))?;
            let kind = header.entry_type();
            if kind.is_dir() && size == 0 {
                continue;
            }
            if !kind.is_file() {
                return Err(fail(format!("not a plain file ({:?})", kind)));
            }
            if size > MAX_ENTRY {
                return Err(fail(format!("{size} bytes: larger than any record entry")));
            }
            let padded = size.div_ceil(512) * 512;
            let mut bytes = vec![0u8; usize::try_from(padded).unwrap_or(0)];
            self.fill(&mut bytes, &name)?;
            bytes.truncate(usize::try_from(size).unwrap_or(0));
            return Ok(Some(Entry { name, bytes }));
        }
    }
}

//! Ballots into the public record, in batches (`docs/protocol.md` §14.2), and the record read
//! back page by page, for its archive and its public pages.
//!
//! A ballot is stored at casting with no batch. [`BallotBox::append_batch`] takes waiting
//! ballots of one election, in tracker order (an order that says nothing of their arrival),
//! publishes their trackers as one `ballots` event and marks them with its sequence number, in
//! one transaction: two servers cutting a batch at once cannot both win the event's position.

use urne_record::batch::BallotBatch;
use urne_record::kind;

use crate::ballot_box::{BallotBox, Event};
use crate::error::StoreError;
use crate::row::get;

fn seq_of(row: &sqlx::any::AnyRow, name: &'static str) -> Result<u64, StoreError> {
    u64::try_from(get::<i64>(row, name)?).map_err(|_| StoreError::Invalid(format!("{name} < 0")))
}

fn int(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Invalid(format!("{n} is too large")))
}

/// Where a tracker is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackerPlace {
    /// Not in the election's box.
    Absent,
    /// In the box, waiting for its batch.
    Waiting,
    /// Published by the `ballots` event of this sequence number.
    Published(u64),
}

impl BallotBox {
    /// Publishes up to `max` waiting ballots of `election_uid` as one `ballots` event of
    /// `record_uid`, when at least `min` are waiting. Returns the event, if one was appended.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when another append took the position (nothing changes then).
    pub async fn append_batch(
        &self,
        record_uid: &str,
        election_uid: &str,
        min: usize,
        max: usize,
    ) -> Result<Option<Event>, StoreError> {
        let db = self.db();
        let mut tx = db.pool().begin().await.map_err(StoreError::db("begin"))?;
        let sql = "SELECT credential, tracker FROM ballots WHERE election_uid = ? \
                   AND batch IS NULL ORDER BY tracker LIMIT ?";
        let rows = sqlx::query(&db.sql(sql))
            .bind(election_uid)
            .bind(int(max as u64)?)
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::db("read waiting ballots"))?;
        if rows.is_empty() || rows.len() < min {
            return Ok(None);
        }
        let mut trackers = Vec::with_capacity(rows.len());
        let mut credentials = Vec::with_capacity(rows.len());
        for row in &rows {
            let tracker: Vec<u8> = get(row, "tracker")?;
            trackers.push(
                <[u8; 32]>::try_from(tracker.as_slice())
                    .map_err(|_| StoreError::Invalid("tracker: not 32 bytes".to_owned()))?,
            );
            credentials.push(get::<Vec<u8>>(row, "credential")?);
        }
        let payload = BallotBatch::new(election_uid, &trackers).to_bytes();
        let mut events = self
            .append_in(&mut tx, record_uid, &[(kind::BALLOTS, &payload)])
            .await?;
        let event = events
            .pop()
            .ok_or_else(|| StoreError::Invalid("no event appended".to_owned()))?;
        let sql = "UPDATE ballots SET batch = ? WHERE election_uid = ? AND credential = ?";
        for credential in credentials {
            sqlx::query(&db.sql(sql))
                .bind(int(event.seq)?)
                .bind(election_uid)
                .bind(credential)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("mark batch"))?;
        }
        tx.commit().await.map_err(StoreError::db("commit batch"))?;
        Ok(Some(event))
    }

    /// Publishes every waiting ballot of `election_uid`, in batches of at most `max`; returns
    /// the number of batches appended.
    ///
    /// # Errors
    /// As [`BallotBox::append_batch`].
    pub async fn flush_batches(
        &self,
        record_uid: &str,
        election_uid: &str,
        max: usize,
    ) -> Result<usize, StoreError> {
        let mut batches = 0;
        while self
            .append_batch(record_uid, election_uid, 1, max)
            .await?
            .is_some()
        {
            batches += 1;
        }
        Ok(batches)
    }

    /// How many ballots of an election wait for their batch.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn waiting_ballots(&self, election_uid: &str) -> Result<u64, StoreError> {
        self.count_ballots("batch IS NULL", election_uid).await
    }

    /// The ballots of batch `seq`, concatenated in tracker order (their order in the record).
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn batch_ballots(&self, election_uid: &str, seq: u64) -> Result<Vec<u8>, StoreError> {
        let db = self.db();
        let sql =
            "SELECT ballot FROM ballots WHERE election_uid = ? AND batch = ? ORDER BY tracker";
        let rows = sqlx::query(&db.sql(sql))
            .bind(election_uid)
            .bind(int(seq)?)
            .fetch_all(db.pool())
            .await
            .map_err(StoreError::db("read batch"))?;
        let mut out = Vec::new();
        for row in &rows {
            out.extend_from_slice(&get::<Vec<u8>>(row, "ballot")?);
        }
        Ok(out)
    }

    /// Where a ballot with this tracker is.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn tracker_place(
        &self,
        election_uid: &str,
        tracker: &[u8],
    ) -> Result<TrackerPlace, StoreError> {
        let db = self.db();
        let sql = "SELECT batch FROM ballots WHERE election_uid = ? AND tracker = ?";
        let row = sqlx::query(&db.sql(sql))
            .bind(election_uid)
            .bind(tracker.to_vec())
            .fetch_optional(db.pool())
            .await
            .map_err(StoreError::db("find tracker"))?;
        Ok(match row {
            None => TrackerPlace::Absent,
            Some(row) => match get::<Option<i64>>(&row, "batch")? {
                None => TrackerPlace::Waiting,
                Some(seq) => TrackerPlace::Published(u64::try_from(seq).unwrap_or(0)),
            },
        })
    }

    /// Up to `limit` events of a record (of one kind, when `kind` is given) from position
    /// `from`, in order: the archive and the public pages read the record page by page, never
    /// whole.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn events_from(
        &self,
        record_uid: &str,
        kind: Option<&str>,
        from: u64,
        limit: u32,
    ) -> Result<Vec<Event>, StoreError> {
        let db = self.db();
        let of_kind = if kind.is_some() {
            "AND event_type = ? "
        } else {
            ""
        };
        let sql = format!(
            "SELECT seq, event_type, payload, prev_hash, hash FROM events \
             WHERE record_uid = ? {of_kind}AND seq >= ? ORDER BY seq LIMIT ?"
        );
        let sql = db.sql(&sql);
        let mut query = sqlx::query(&sql).bind(record_uid);
        if let Some(kind) = kind {
            query = query.bind(kind);
        }
        query
            .bind(int(from)?)
            .bind(i64::from(limit))
            .fetch_all(db.pool())
            .await
            .map_err(StoreError::db("read events"))?
            .iter()
            .map(crate::ballot_box::event_of)
            .collect()
    }

    /// The record's last event's position and hash, if it has any.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn head(&self, record_uid: &str) -> Result<Option<(u64, [u8; 32])>, StoreError> {
        let db = self.db();
        let sql = "SELECT seq, hash FROM events WHERE record_uid = ? ORDER BY seq DESC LIMIT 1";
        let row = sqlx::query(&db.sql(sql))
            .bind(record_uid)
            .fetch_optional(db.pool())
            .await
            .map_err(StoreError::db("read head"))?;
        row.map(|row| {
            Ok((
                seq_of(&row, "seq")?,
                crate::ballot_box::hash_of(&row, "hash")?,
            ))
        })
        .transpose()
    }

    /// The position of the event with this hash, if the record has one.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn seq_of_hash(
        &self,
        record_uid: &str,
        hash: &[u8; 32],
    ) -> Result<Option<u64>, StoreError> {
        let db = self.db();
        let sql = "SELECT seq FROM events WHERE record_uid = ? AND hash = ?";
        let row = sqlx::query(&db.sql(sql))
            .bind(record_uid)
            .bind(hash.to_vec())
            .fetch_optional(db.pool())
            .await
            .map_err(StoreError::db("find event"))?;
        row.map(|row| seq_of(&row, "seq")).transpose()
    }

    /// How many ballots of an election the record holds (published in a batch).
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn published_ballots(&self, election_uid: &str) -> Result<u64, StoreError> {
        self.count_ballots("batch IS NOT NULL", election_uid).await
    }
}

//! The ballot box: the public election record of each scrutin (hash-chained events) and the
//! ballots of each election, one per credential.
//!
//! Nothing here names a voter or carries a time: a ballot row holds the election, the
//! credential's public key, the ballot bytes and its tracker, and is keyed by
//! `(election_uid, credential)` with no sequential id (a sequential id would follow arrival
//! order, as the émargement's does, and link the two stores).
//!
//! Events chain as `docs/protocol.md` §14.1 says ([`urne_record::chain::event_hash`]); ballots
//! enter the record in batches ([`crate::batches`]).

use urne_record::chain::{event_hash, GENESIS};

use crate::db::{Db, Migration};
use crate::error::{Conflict, StoreError};
use crate::row::get;

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: include_str!("../migrations/ballot_box/0001_record.sql"),
    },
    Migration {
        version: 2,
        sql: include_str!("../migrations/ballot_box/0002_credentials.sql"),
    },
    Migration {
        version: 3,
        sql: include_str!("../migrations/ballot_box/0003_batches.sql"),
    },
];

/// The ballot-box store.
#[derive(Clone, Debug)]
pub struct BallotBox {
    db: Db,
}

/// One event of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Position in the record, from 0.
    pub seq: u64,
    /// Kind, e.g. "manifest".
    pub kind: String,
    /// Payload bytes.
    pub payload: Vec<u8>,
    /// Hash of the previous event (zeros for the first).
    pub prev_hash: [u8; 32],
    /// This event's hash.
    pub hash: [u8; 32],
}

/// What storing a ballot did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// The ballot is new.
    Added,
    /// The very same ballot was already there (a retried cast): nothing changed.
    AlreadyThere,
}

pub(crate) fn hash_of(row: &sqlx::any::AnyRow, name: &'static str) -> Result<[u8; 32], StoreError> {
    get::<Vec<u8>>(row, name)?
        .try_into()
        .map_err(|_| StoreError::Invalid(format!("{name}: not 32 bytes")))
}

/// An event from its row.
pub(crate) fn event_of(row: &sqlx::any::AnyRow) -> Result<Event, StoreError> {
    Ok(Event {
        seq: u64::try_from(get::<i64>(row, "seq")?).unwrap_or(0),
        kind: get(row, "event_type")?,
        payload: get(row, "payload")?,
        prev_hash: hash_of(row, "prev_hash")?,
        hash: hash_of(row, "hash")?,
    })
}

impl BallotBox {
    /// Wraps `db` and applies the ballot box's migrations.
    ///
    /// # Errors
    /// [`StoreError`] when a migration fails.
    pub async fn open(db: Db) -> Result<BallotBox, StoreError> {
        db.migrate(MIGRATIONS).await?;
        Ok(BallotBox { db })
    }

    /// The underlying database (for catalogue inspection and clean-up).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Appends an event to a record, chained to the previous one. Concurrent appends to the
    /// same record cannot both win a sequence number (primary key), so the loser fails.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when another append took the same position.
    pub async fn append_event(
        &self,
        record_uid: &str,
        kind: &str,
        payload: &[u8],
    ) -> Result<Event, StoreError> {
        let mut events = self.append_events(record_uid, &[(kind, payload)]).await?;
        events
            .pop()
            .ok_or_else(|| StoreError::Invalid("no event appended".to_owned()))
    }

    /// Appends events to a record in one transaction: all of them, in order, or none.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when another append took the same position (nothing is
    /// appended then).
    pub async fn append_events(
        &self,
        record_uid: &str,
        events: &[(&str, &[u8])],
    ) -> Result<Vec<Event>, StoreError> {
        let mut tx = self
            .db
            .pool()
            .begin()
            .await
            .map_err(StoreError::db("begin"))?;
        let appended = self.append_in(&mut tx, record_uid, events).await?;
        tx.commit().await.map_err(StoreError::db("commit event"))?;
        Ok(appended)
    }

    /// Appends events within `tx`, after the record's last one.
    pub(crate) async fn append_in(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        record_uid: &str,
        events: &[(&str, &[u8])],
    ) -> Result<Vec<Event>, StoreError> {
        let sql = "SELECT seq, hash FROM events WHERE record_uid = ? ORDER BY seq DESC LIMIT 1";
        let last = sqlx::query(&self.db.sql(sql))
            .bind(record_uid)
            .fetch_optional(&mut **tx)
            .await
            .map_err(StoreError::db("read last event"))?;
        let (mut seq, mut prev_hash) = match last {
            Some(row) => (
                u64::try_from(get::<i64>(&row, "seq")?).unwrap_or(0) + 1,
                hash_of(&row, "hash")?,
            ),
            None => (0, GENESIS),
        };
        let mut appended = Vec::with_capacity(events.len());
        for (kind, payload) in events {
            let hash = event_hash(record_uid, seq, &prev_hash, kind, payload);
            let sql = "INSERT INTO events (record_uid, seq, event_type, payload, prev_hash, hash) \
                       VALUES (?, ?, ?, ?, ?, ?)";
            sqlx::query(&self.db.sql(sql))
                .bind(record_uid)
                .bind(i64::try_from(seq).map_err(|_| StoreError::Invalid("seq".to_owned()))?)
                .bind(*kind)
                .bind(payload.to_vec())
                .bind(prev_hash.to_vec())
                .bind(hash.to_vec())
                .execute(&mut **tx)
                .await
                .map_err(StoreError::db("append event"))?;
            appended.push(Event {
                seq,
                kind: (*kind).to_owned(),
                payload: payload.to_vec(),
                prev_hash,
                hash,
            });
            prev_hash = hash;
            seq += 1;
        }
        Ok(appended)
    }

    /// The events of a record, in order.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn events(&self, record_uid: &str) -> Result<Vec<Event>, StoreError> {
        let sql =
            "SELECT seq, event_type, payload, prev_hash, hash FROM events WHERE record_uid = ? \
                   ORDER BY seq";
        sqlx::query(&self.db.sql(sql))
            .bind(record_uid)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("read events"))?
            .iter()
            .map(event_of)
            .collect()
    }

    /// Recomputes a record's chain; `Some(seq)` names the first event that does not chain.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn first_broken_link(&self, record_uid: &str) -> Result<Option<u64>, StoreError> {
        let mut prev = GENESIS;
        for (expected_seq, event) in self.events(record_uid).await?.iter().enumerate() {
            let hash = event_hash(record_uid, event.seq, &prev, &event.kind, &event.payload);
            if event.seq != expected_seq as u64 || event.prev_hash != prev || event.hash != hash {
                return Ok(Some(event.seq));
            }
            prev = event.hash;
        }
        Ok(None)
    }

    /// Stores a checked ballot, once per credential: the same ballot again is
    /// [`Stored::AlreadyThere`]; a different one for the same credential is refused.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the credential already cast a different ballot.
    pub async fn store_ballot(
        &self,
        election_uid: &str,
        credential: &[u8],
        ballot: &[u8],
        tracker: &[u8],
    ) -> Result<Stored, StoreError> {
        let sql = "INSERT INTO ballots (election_uid, credential, ballot, tracker) \
                   VALUES (?, ?, ?, ?) ON CONFLICT (election_uid, credential) DO NOTHING";
        let inserted = sqlx::query(&self.db.sql(sql))
            .bind(election_uid)
            .bind(credential.to_vec())
            .bind(ballot.to_vec())
            .bind(tracker.to_vec())
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("store ballot"))?
            .rows_affected();
        if inserted == 1 {
            return Ok(Stored::Added);
        }
        let sql = "SELECT ballot FROM ballots WHERE election_uid = ? AND credential = ?";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(election_uid)
            .bind(credential.to_vec())
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("read ballot"))?;
        if get::<Vec<u8>>(&row, "ballot")? == ballot {
            Ok(Stored::AlreadyThere)
        } else {
            Err(StoreError::Conflict(Conflict::OtherBallot))
        }
    }

    /// The ballot a credential cast in an election, with its tracker, if any.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn ballot(
        &self,
        election_uid: &str,
        credential: &[u8],
    ) -> Result<Option<(Vec<u8>, Vec<u8>)>, StoreError> {
        let sql = "SELECT ballot, tracker FROM ballots WHERE election_uid = ? AND credential = ?";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(election_uid)
            .bind(credential.to_vec())
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read ballot"))?;
        row.map(|row| Ok((get(&row, "ballot")?, get(&row, "tracker")?)))
            .transpose()
    }

    /// Erases a scrutin à blanc's test record: its events, and its elections' ballots and
    /// credentials, in one transaction (Article 9.8 of the agreement: after the test, the
    /// system is reset to empty). Only records whose uid ends with `~blanc` can be erased; the
    /// real record is append-only.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for any other record; [`StoreError::Database`].
    pub async fn erase_test_record(
        &self,
        record_uid: &str,
        election_uids: &[String],
    ) -> Result<(), StoreError> {
        let test = |uid: &str| uid.ends_with("~blanc");
        if !test(record_uid) || !election_uids.iter().all(|e| test(e)) {
            return Err(StoreError::Invalid(format!(
                "{record_uid} is not a scrutin à blanc: the record is append-only"
            )));
        }
        let mut tx = self
            .db
            .pool()
            .begin()
            .await
            .map_err(StoreError::db("erase test"))?;
        sqlx::query(&self.db.sql("DELETE FROM events WHERE record_uid = ?"))
            .bind(record_uid)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("erase test events"))?;
        for election in election_uids {
            for table in ["ballots", "credentials"] {
                let sql = format!("DELETE FROM {table} WHERE election_uid = ?");
                sqlx::query(&self.db.sql(&sql))
                    .bind(election)
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::db("erase test ballots"))?;
            }
        }
        tx.commit().await.map_err(StoreError::db("erase test"))
    }

    /// Up to `limit` ballots of an election published in the record (in a batch), in credential
    /// order, after credential `after` (from the start with `None`): the counting reads the box
    /// page by page, never whole. Returns `(credential, ballot)` pairs.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn ballot_page(
        &self,
        election_uid: &str,
        after: Option<&[u8]>,
        limit: u32,
    ) -> Result<Vec<(Vec<u8>, Vec<u8>)>, StoreError> {
        let sql = "SELECT credential, ballot FROM ballots WHERE election_uid = ? \
                   AND batch IS NOT NULL AND credential > ? ORDER BY credential LIMIT ?";
        sqlx::query(&self.db.sql(sql))
            .bind(election_uid)
            .bind(after.unwrap_or_default().to_vec())
            .bind(i64::from(limit))
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("read ballots"))?
            .iter()
            .map(|row| Ok((get(row, "credential")?, get(row, "ballot")?)))
            .collect()
    }

    /// The payloads of a record's events of one kind, in order.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn event_payloads(
        &self,
        record_uid: &str,
        kind: &str,
    ) -> Result<Vec<Vec<u8>>, StoreError> {
        let sql = "SELECT payload FROM events WHERE record_uid = ? AND event_type = ? ORDER BY seq";
        sqlx::query(&self.db.sql(sql))
            .bind(record_uid)
            .bind(kind)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("read events"))?
            .iter()
            .map(|row| get(row, "payload"))
            .collect()
    }

    /// How many ballots an election holds.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn ballot_count(&self, election_uid: &str) -> Result<u64, StoreError> {
        self.count_ballots("TRUE", election_uid).await
    }

    /// How many ballots of an election meet `condition` (a fixed SQL condition of ours).
    pub(crate) async fn count_ballots(
        &self,
        condition: &'static str,
        election_uid: &str,
    ) -> Result<u64, StoreError> {
        let sql = format!("SELECT COUNT(*) FROM ballots WHERE election_uid = ? AND {condition}");
        let (n,): (i64,) = sqlx::query_as(&self.db.sql(&sql))
            .bind(election_uid)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("count ballots"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Whether a ballot with this tracker is in the election's box.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn has_tracker(
        &self,
        election_uid: &str,
        tracker: &[u8],
    ) -> Result<bool, StoreError> {
        let sql = "SELECT COUNT(*) FROM ballots WHERE election_uid = ? AND tracker = ?";
        let (n,): (i64,) = sqlx::query_as(&self.db.sql(sql))
            .bind(election_uid)
            .bind(tracker.to_vec())
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("find tracker"))?;
        Ok(n > 0)
    }
}

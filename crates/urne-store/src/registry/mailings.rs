//! Returned letters (plis non distribués) and programmed communications (Article 5 of the
//! agreement): the texts per scrutin and kind, and one run per scrutin, kind and day, claimed
//! by a unique key so that two server instances never send the same mailing twice.

use sqlx::any::AnyRow;

use super::Registry;
use crate::error::{Conflict, StoreError};
use crate::row::get;

/// A returned letter and what was done about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnedLetter {
    /// Row id.
    pub id: i64,
    /// The voter's row id.
    pub voter_id: i64,
    /// The voter's matricule.
    pub matricule: String,
    /// "NOM Prénom".
    pub name: String,
    /// When it was recorded.
    pub recorded_at: i64,
    /// By whom.
    pub recorded_by: String,
    /// La Poste's reason or the operator's note.
    pub note: String,
    /// When a new code was sent, if it was.
    pub resent_at: Option<i64>,
    /// By whom.
    pub resent_by: Option<String>,
}

/// The texts of one programmed communication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommunicationText {
    /// Subject in French.
    pub subject_fr: String,
    /// Body in French.
    pub body_fr: String,
    /// Subject in English.
    pub subject_en: String,
    /// Body in English.
    pub body_en: String,
}

/// One send of a programmed communication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommunicationRun {
    /// Row id.
    pub id: i64,
    /// "opening", "reminder" or "closing".
    pub kind: String,
    /// The Paris day it is for (YYYY-MM-DD).
    pub day: String,
    /// When it started.
    pub started_at: i64,
    /// When it finished, once it has.
    pub finished_at: Option<i64>,
    /// Messages sent.
    pub sent: u64,
    /// Messages that failed after retries.
    pub failed: u64,
}

fn returned_letter(row: &AnyRow) -> Result<ReturnedLetter, StoreError> {
    let last: String = get(row, "last_name")?;
    let first: String = get(row, "first_name")?;
    Ok(ReturnedLetter {
        id: get(row, "id")?,
        voter_id: get(row, "voter_id")?,
        matricule: get(row, "matricule")?,
        name: format!("{last} {first}"),
        recorded_at: get(row, "recorded_at")?,
        recorded_by: get(row, "recorded_by")?,
        note: get(row, "note")?,
        resent_at: get(row, "resent_at")?,
        resent_by: get(row, "resent_by")?,
    })
}

fn count(row: &AnyRow, name: &'static str) -> Result<u64, StoreError> {
    Ok(u64::try_from(get::<i64>(row, name)?).unwrap_or(0))
}

impl Registry {
    /// Records a returned letter.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn record_returned_letter(
        &self,
        scrutin_id: i64,
        voter_id: i64,
        by: &str,
        note: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO returned_letters (scrutin_id, voter_id, recorded_at, recorded_by, \
                   note) VALUES (?, ?, ?, ?, ?)";
        sqlx::query(&self.db.sql(sql))
            .bind(scrutin_id)
            .bind(voter_id)
            .bind(now)
            .bind(by)
            .bind(note)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("record returned letter"))?;
        Ok(())
    }

    /// The returned letters of a scrutin, most recent first.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn returned_letters(
        &self,
        scrutin_id: i64,
    ) -> Result<Vec<ReturnedLetter>, StoreError> {
        let sql = "SELECT r.id, r.voter_id, v.matricule, v.last_name, v.first_name, \
                   r.recorded_at, r.recorded_by, r.note, r.resent_at, r.resent_by \
                   FROM returned_letters r JOIN voters v ON v.id = r.voter_id \
                   WHERE r.scrutin_id = ? ORDER BY r.id DESC";
        sqlx::query(&self.db.sql(sql))
            .bind(scrutin_id)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("list returned letters"))?
            .iter()
            .map(returned_letter)
            .collect()
    }

    /// Marks a returned letter as re-sent, once.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when it was already re-sent.
    pub async fn mark_letter_resent(&self, id: i64, by: &str, now: i64) -> Result<(), StoreError> {
        let sql = "UPDATE returned_letters SET resent_at = ?, resent_by = ? \
                   WHERE id = ? AND resent_at IS NULL";
        let n = sqlx::query(&self.db.sql(sql))
            .bind(now)
            .bind(by)
            .bind(id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("mark letter resent"))?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict(Conflict::AlreadyDecided));
        }
        Ok(())
    }

    /// A returned letter by id.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    pub async fn returned_letter(&self, id: i64) -> Result<(i64, ReturnedLetter), StoreError> {
        let sql = "SELECT r.id, r.scrutin_id, r.voter_id, v.matricule, v.last_name, \
                   v.first_name, r.recorded_at, r.recorded_by, r.note, r.resent_at, r.resent_by \
                   FROM returned_letters r JOIN voters v ON v.id = r.voter_id WHERE r.id = ?";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(id)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read returned letter"))?
            .ok_or(StoreError::NotFound("returned letter"))?;
        Ok((get(&row, "scrutin_id")?, returned_letter(&row)?))
    }

    /// The texts of a communication of a scrutin, if they were edited.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn communication_text(
        &self,
        scrutin_id: i64,
        kind: &str,
    ) -> Result<Option<CommunicationText>, StoreError> {
        let sql = "SELECT subject_fr, body_fr, subject_en, body_en FROM communication_texts \
                   WHERE scrutin_id = ? AND kind = ?";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(scrutin_id)
            .bind(kind)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read communication"))?;
        row.map(|row| {
            Ok(CommunicationText {
                subject_fr: get(&row, "subject_fr")?,
                body_fr: get(&row, "body_fr")?,
                subject_en: get(&row, "subject_en")?,
                body_en: get(&row, "body_en")?,
            })
        })
        .transpose()
    }

    /// Stores the texts of a communication.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn set_communication_text(
        &self,
        scrutin_id: i64,
        kind: &str,
        text: &CommunicationText,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO communication_texts (scrutin_id, kind, subject_fr, body_fr, \
                   subject_en, body_en) VALUES (?, ?, ?, ?, ?, ?) \
                   ON CONFLICT (scrutin_id, kind) DO UPDATE SET subject_fr = excluded.subject_fr, \
                   body_fr = excluded.body_fr, subject_en = excluded.subject_en, \
                   body_en = excluded.body_en";
        sqlx::query(&self.db.sql(sql))
            .bind(scrutin_id)
            .bind(kind)
            .bind(&text.subject_fr)
            .bind(&text.body_fr)
            .bind(&text.subject_en)
            .bind(&text.body_en)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("store communication"))?;
        Ok(())
    }

    /// Claims the run of a communication for a day; `None` when it was already claimed (by this
    /// or another instance).
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn claim_communication_run(
        &self,
        scrutin_id: i64,
        kind: &str,
        day: &str,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let sql = "INSERT INTO communication_runs (scrutin_id, kind, day, started_at) \
                   VALUES (?, ?, ?, ?) ON CONFLICT (scrutin_id, kind, day) DO NOTHING RETURNING id";
        let row: Option<(i64,)> = sqlx::query_as(&self.db.sql(sql))
            .bind(scrutin_id)
            .bind(kind)
            .bind(day)
            .bind(now)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("claim communication run"))?;
        Ok(row.map(|(id,)| id))
    }

    /// Records the outcome of a run.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn finish_communication_run(
        &self,
        id: i64,
        sent: u64,
        failed: u64,
        now: i64,
    ) -> Result<(), StoreError> {
        let sql =
            "UPDATE communication_runs SET finished_at = ?, sent = ?, failed = ? WHERE id = ?";
        sqlx::query(&self.db.sql(sql))
            .bind(now)
            .bind(i64::try_from(sent).unwrap_or(i64::MAX))
            .bind(i64::try_from(failed).unwrap_or(i64::MAX))
            .bind(id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("finish communication run"))?;
        Ok(())
    }

    /// The runs of a scrutin, most recent first.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn communication_runs(
        &self,
        scrutin_id: i64,
    ) -> Result<Vec<CommunicationRun>, StoreError> {
        let sql = "SELECT id, kind, day, started_at, finished_at, sent, failed \
                   FROM communication_runs WHERE scrutin_id = ? ORDER BY id DESC";
        sqlx::query(&self.db.sql(sql))
            .bind(scrutin_id)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("list communication runs"))?
            .iter()
            .map(|row| {
                Ok(CommunicationRun {
                    id: get(row, "id")?,
                    kind: get(row, "kind")?,
                    day: get(row, "day")?,
                    started_at: get(row, "started_at")?,
                    finished_at: get(row, "finished_at")?,
                    sent: count(row, "sent")?,
                    failed: count(row, "failed")?,
                })
            })
            .collect()
    }
}

//! Journals kept in the registry: who changed what in the set-up, and later the hotline's and
//! the returned letters' (PND) journals. Append-only: there is no update or delete here.

use super::Registry;
use crate::error::StoreError;
use crate::row::get;

/// Which journal an entry belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JournalKind {
    /// Set-up changes by the organisateur and the délégués de liste.
    Setup,
    /// Level-2 recovery requests and decisions.
    Hotline,
    /// Plis non distribués: returned letters.
    Pnd,
    /// The event journal of the vote: key ceremony, programming, suspension, closing, counting.
    Events,
}

impl JournalKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            JournalKind::Setup => "setup",
            JournalKind::Hotline => "hotline",
            JournalKind::Pnd => "pnd",
            JournalKind::Events => "events",
        }
    }
}

/// One journal entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalEntry {
    /// Row id, increasing.
    pub id: i64,
    /// When, Unix seconds.
    pub at: i64,
    /// Who (a staff login, or "urne" for the command line).
    pub actor: String,
    /// What, in a few words ("establishment added").
    pub action: String,
    /// Details (codes, names, counts; never a secret).
    pub detail: String,
}

impl Registry {
    /// Appends an entry.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn journal(
        &self,
        kind: JournalKind,
        now: i64,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO journal (kind, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)";
        sqlx::query(&self.db.sql(sql))
            .bind(kind.as_str())
            .bind(now)
            .bind(actor)
            .bind(action)
            .bind(detail)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("append journal"))?;
        Ok(())
    }

    /// Every entry of a journal, oldest first (for its export and hash chain).
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn journal_all(&self, kind: JournalKind) -> Result<Vec<JournalEntry>, StoreError> {
        let mut entries = self.journal_entries(kind, u32::MAX).await?;
        entries.reverse();
        Ok(entries)
    }

    /// The entries of a journal, newest first, at most `limit`.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn journal_entries(
        &self,
        kind: JournalKind,
        limit: u32,
    ) -> Result<Vec<JournalEntry>, StoreError> {
        let sql = "SELECT id, at, actor, action, detail FROM journal WHERE kind = ? \
                   ORDER BY id DESC LIMIT ?";
        sqlx::query(&self.db.sql(sql))
            .bind(kind.as_str())
            .bind(i64::from(limit))
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("read journal"))?
            .iter()
            .map(|row| {
                Ok(JournalEntry {
                    id: get(row, "id")?,
                    at: get(row, "at")?,
                    actor: get(row, "actor")?,
                    action: get(row, "action")?,
                    detail: get(row, "detail")?,
                })
            })
            .collect()
    }
}

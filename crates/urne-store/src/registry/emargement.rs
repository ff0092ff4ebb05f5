//! The émargement: who has voted in which election, and when (Code du travail, art. R2314-7:
//! kept apart from the ballot box). Recording is idempotent, so a retried cast completes it
//! once (DESIGN.md §3).

use super::Registry;
use crate::error::StoreError;
use crate::row::get;

impl Registry {
    /// Records that `voter_id` voted in `election_id` at `now`; a second call changes nothing.
    /// Returns whether this call recorded it.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn record_emargement(
        &self,
        voter_id: i64,
        election_id: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let sql = "INSERT INTO emargement (voter_id, election_id, voted_at) VALUES (?, ?, ?) \
                   ON CONFLICT (voter_id, election_id) DO NOTHING";
        let done = sqlx::query(&self.db.sql(sql))
            .bind(voter_id)
            .bind(election_id)
            .bind(now)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("record émargement"))?;
        Ok(done.rows_affected() == 1)
    }

    /// Whether `voter_id` has voted in `election_id`.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn has_voted(&self, voter_id: i64, election_id: i64) -> Result<bool, StoreError> {
        let sql = "SELECT COUNT(*) FROM emargement WHERE voter_id = ? AND election_id = ?";
        let (n,): (i64,) = sqlx::query_as(&self.db.sql(sql))
            .bind(voter_id)
            .bind(election_id)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("read émargement"))?;
        Ok(n > 0)
    }

    /// How many voters have voted in `election_id`.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn emargement_count(&self, election_id: i64) -> Result<u64, StoreError> {
        let sql = "SELECT COUNT(*) FROM emargement WHERE election_id = ?";
        let (n,): (i64,) = sqlx::query_as(&self.db.sql(sql))
            .bind(election_id)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("count émargement"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The elections of `scrutin_id` where `voter_id` has voted, with when: `(election_id,
    /// voted_at)`, by election.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn emargements_of(
        &self,
        voter_id: i64,
        scrutin_id: i64,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        let sql = "SELECT m.election_id, m.voted_at FROM emargement m \
                   JOIN elections e ON e.id = m.election_id \
                   WHERE m.voter_id = ? AND e.scrutin_id = ? ORDER BY m.election_id";
        let rows = sqlx::query(&self.db.sql(sql))
            .bind(voter_id)
            .bind(scrutin_id)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("read émargement"))?;
        rows.iter()
            .map(|row| Ok((get(row, "election_id")?, get(row, "voted_at")?)))
            .collect()
    }
}

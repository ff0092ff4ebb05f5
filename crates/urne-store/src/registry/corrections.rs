//! Corrections to the set-up: renaming establishments and colleges, changing a scrutin's name
//! and dates or an election's seats, removing a college's elections, removing staff accounts.
//! Everything an organisateur mistyped must be fixable until the scrutin is sealed, and nothing
//! after: each function that touches a scrutin checks that it is still being set up.
//!
//! Codes of establishments and colleges do not change: voter files name them.

use super::Registry;
use crate::error::{Conflict, StoreError};

impl Registry {
    /// Renames an establishment and sets its SIRET and address.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown id.
    pub async fn update_establishment(
        &self,
        id: i64,
        name: &str,
        siret: &str,
        address: &str,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE establishments SET name = ?, siret = ?, address = ? WHERE id = ?";
        let done = sqlx::query(&self.db.sql(sql))
            .bind(name)
            .bind(siret)
            .bind(address)
            .bind(id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("update establishment"))?;
        found(done.rows_affected(), "establishment")
    }

    /// Renames a college.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown id.
    pub async fn update_college(&self, id: i64, name: &str) -> Result<(), StoreError> {
        let done = sqlx::query(&self.db.sql("UPDATE colleges SET name = ? WHERE id = ?"))
            .bind(name)
            .bind(id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("update college"))?;
        found(done.rows_affected(), "college")
    }

    /// Changes a scrutin's name and programmed opening and closing.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] past set-up; [`StoreError::Invalid`] when it would close before
    /// it opens.
    pub async fn update_scrutin(
        &self,
        id: i64,
        name: &str,
        opens_at: i64,
        closes_at: i64,
    ) -> Result<(), StoreError> {
        self.require_setup(id).await?;
        if closes_at <= opens_at {
            return Err(StoreError::Invalid("closing before opening".to_owned()));
        }
        let sql = "UPDATE scrutins SET name = ?, opens_at = ?, closes_at = ? WHERE id = ?";
        sqlx::query(&self.db.sql(sql))
            .bind(name)
            .bind(opens_at)
            .bind(closes_at)
            .bind(id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("update scrutin"))?;
        Ok(())
    }

    /// Sets the seats of a college's elections in one establishment (titulaires and suppléants
    /// alike, L2314-1).
    ///
    /// # Errors
    /// [`StoreError::Conflict`] past set-up; [`StoreError::NotFound`] when there is no such
    /// election.
    pub async fn set_seats(
        &self,
        scrutin_id: i64,
        establishment_id: i64,
        college_id: i64,
        seats: u32,
    ) -> Result<(), StoreError> {
        self.require_setup(scrutin_id).await?;
        let sql = "UPDATE elections SET seats = ? \
                   WHERE scrutin_id = ? AND establishment_id = ? AND college_id = ?";
        let done = sqlx::query(&self.db.sql(sql))
            .bind(i64::from(seats))
            .bind(scrutin_id)
            .bind(establishment_id)
            .bind(college_id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("set seats"))?;
        found(done.rows_affected(), "election")
    }

    /// Removes a college's elections in one establishment, if no list has been filed in them.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] past set-up or when lists exist; [`StoreError::NotFound`] when
    /// there is no such election.
    pub async fn delete_elections(
        &self,
        scrutin_id: i64,
        establishment_id: i64,
        college_id: i64,
    ) -> Result<(), StoreError> {
        self.require_setup(scrutin_id).await?;
        let which = "scrutin_id = ? AND establishment_id = ? AND college_id = ?";
        let mut tx = self
            .db
            .pool()
            .begin()
            .await
            .map_err(StoreError::db("begin"))?;
        let sql = format!(
            "SELECT COUNT(*) FROM candidate_lists WHERE election_id IN \
             (SELECT id FROM elections WHERE {which})"
        );
        let (lists,): (i64,) = sqlx::query_as(&self.db.sql(&sql))
            .bind(scrutin_id)
            .bind(establishment_id)
            .bind(college_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::db("count lists"))?;
        if lists > 0 {
            return Err(StoreError::Conflict(Conflict::ListsFiled));
        }
        let done = sqlx::query(&self.db.sql(&format!("DELETE FROM elections WHERE {which}")))
            .bind(scrutin_id)
            .bind(establishment_id)
            .bind(college_id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("delete elections"))?;
        found(done.rows_affected(), "election")?;
        tx.commit().await.map_err(StoreError::db("commit"))
    }

    /// Removes a staff account and its sessions. The journal keeps its login in past entries.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] for the last organisateur; [`StoreError::NotFound`].
    pub async fn delete_staff(&self, id: i64) -> Result<(), StoreError> {
        let mut tx = self
            .db
            .pool()
            .begin()
            .await
            .map_err(StoreError::db("begin"))?;
        let (others,): (i64,) = sqlx::query_as(
            &self
                .db
                .sql("SELECT COUNT(*) FROM staff WHERE role = 'organisateur' AND id <> ?"),
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::db("count organisateurs"))?;
        if others == 0 {
            return Err(StoreError::Conflict(Conflict::LastOrganisateur));
        }
        for sql in [
            "DELETE FROM staff_sessions WHERE staff_id = ?",
            "DELETE FROM pending_imports WHERE staff_id = ?",
        ] {
            sqlx::query(&self.db.sql(sql))
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("remove staff"))?;
        }
        let done = sqlx::query(&self.db.sql("DELETE FROM staff WHERE id = ?"))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("remove staff"))?;
        found(done.rows_affected(), "staff account")?;
        tx.commit().await.map_err(StoreError::db("commit"))
    }
}

fn found(rows: u64, what: &'static str) -> Result<(), StoreError> {
    if rows == 0 {
        Err(StoreError::NotFound(what))
    } else {
        Ok(())
    }
}

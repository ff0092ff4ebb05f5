//! The ballot box's credential lists (DESIGN.md §2): per election, the public keys that may sign
//! a ballot, keyed by the key itself (no row id, no time, no voter), with the category the
//! public record counts them under.

use std::collections::BTreeMap;

use crate::ballot_box::BallotBox;
use crate::error::StoreError;
use crate::row::get;

/// Keys per INSERT statement (3 bound values each).
const BATCH: usize = 300;

impl BallotBox {
    /// Adds public keys to an election's credential list, in one transaction.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when a key is already in the list (nothing is added then).
    pub async fn add_credentials(
        &self,
        election_uid: &str,
        keys: &[[u8; 32]],
        origin: &str,
    ) -> Result<u64, StoreError> {
        let db = self.db();
        let mut tx = db.pool().begin().await.map_err(StoreError::db("begin"))?;
        for chunk in keys.chunks(BATCH) {
            let sql = format!(
                "INSERT INTO credentials (election_uid, public_key, origin) VALUES {}",
                vec!["(?, ?, ?)"; chunk.len()].join(", ")
            );
            let sql = db.sql(&sql);
            let mut query = sqlx::query(&sql);
            for key in chunk {
                query = query.bind(election_uid).bind(key.to_vec()).bind(origin);
            }
            query
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("add credentials"))?;
        }
        tx.commit()
            .await
            .map_err(StoreError::db("commit credentials"))?;
        Ok(keys.len() as u64)
    }

    /// How many credentials an election has, per origin.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn credential_counts(
        &self,
        election_uid: &str,
    ) -> Result<BTreeMap<String, u64>, StoreError> {
        let sql = "SELECT origin, COUNT(*) AS n FROM credentials WHERE election_uid = ? \
                   GROUP BY origin";
        let db = self.db();
        let rows = sqlx::query(&db.sql(sql))
            .bind(election_uid)
            .fetch_all(db.pool())
            .await
            .map_err(StoreError::db("count credentials"))?;
        rows.iter()
            .map(|row| {
                Ok((
                    get::<String>(row, "origin")?,
                    u64::try_from(get::<i64>(row, "n")?).unwrap_or(0),
                ))
            })
            .collect()
    }

    /// Whether a key is in an election's credential list.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn has_credential(
        &self,
        election_uid: &str,
        key: &[u8; 32],
    ) -> Result<bool, StoreError> {
        let sql = "SELECT COUNT(*) FROM credentials WHERE election_uid = ? AND public_key = ?";
        let db = self.db();
        let (n,): (i64,) = sqlx::query_as(&db.sql(sql))
            .bind(election_uid)
            .bind(key.to_vec())
            .fetch_one(db.pool())
            .await
            .map_err(StoreError::db("read credential"))?;
        Ok(n > 0)
    }

    /// An election's credential list, in key order.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn credentials(&self, election_uid: &str) -> Result<Vec<[u8; 32]>, StoreError> {
        let sql = "SELECT public_key FROM credentials WHERE election_uid = ? ORDER BY public_key";
        let db = self.db();
        sqlx::query(&db.sql(sql))
            .bind(election_uid)
            .fetch_all(db.pool())
            .await
            .map_err(StoreError::db("list credentials"))?
            .iter()
            .map(|row| {
                get::<Vec<u8>>(row, "public_key")?
                    .try_into()
                    .map_err(|_| StoreError::Invalid("public_key: not 32 bytes".to_owned()))
            })
            .collect()
    }
}

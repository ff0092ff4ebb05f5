//! Uploaded files waiting for the organisateur's confirmation (a voter-file re-import shows its
//! diff first). Kept per staff member; taken once.

use super::Registry;
use crate::error::StoreError;
use crate::row::get;

impl Registry {
    /// Keeps an uploaded file under `token` for `staff_id`, and drops that member's older ones.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn save_pending_import(
        &self,
        token: &str,
        staff_id: i64,
        file_name: &str,
        content: &[u8],
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self
            .db
            .pool()
            .begin()
            .await
            .map_err(StoreError::db("begin"))?;
        sqlx::query(
            &self
                .db
                .sql("DELETE FROM pending_imports WHERE staff_id = ?"),
        )
        .bind(staff_id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("drop pending import"))?;
        let sql = "INSERT INTO pending_imports (token, staff_id, file_name, content, created_at) \
                   VALUES (?, ?, ?, ?, ?)";
        sqlx::query(&self.db.sql(sql))
            .bind(token)
            .bind(staff_id)
            .bind(file_name)
            .bind(content.to_vec())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("save pending import"))?;
        tx.commit().await.map_err(StoreError::db("commit"))
    }

    /// The file kept under `token` for `staff_id`: its name and bytes.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is none (or it is another member's).
    pub async fn pending_import(
        &self,
        token: &str,
        staff_id: i64,
    ) -> Result<(String, Vec<u8>), StoreError> {
        let sql = "SELECT file_name, content FROM pending_imports WHERE token = ? AND staff_id = ?";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(token)
            .bind(staff_id)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read pending import"))?
            .ok_or(StoreError::NotFound("pending import"))?;
        Ok((get(&row, "file_name")?, get(&row, "content")?))
    }

    /// Forgets the file kept under `token`.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn drop_pending_import(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query(&self.db.sql("DELETE FROM pending_imports WHERE token = ?"))
            .bind(token)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("drop pending import"))?;
        Ok(())
    }
}

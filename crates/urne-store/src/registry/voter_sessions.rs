//! Voters' sessions: the steps of a login (identifiant, declared number, one-time password and
//! challenge) and, once every factor passed, the voting session. The cookie's token is stored as
//! its SHA-256; the one-time password as an HMAC computed by the caller.

use sqlx::any::AnyRow;

use super::Registry;
use crate::error::StoreError;
use crate::row::{get, hash32};

/// A voter session as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoterSession {
    /// Row id.
    pub id: i64,
    /// The scrutin the voter logs into.
    pub scrutin_id: i64,
    /// The access code the typed identifiant matched, or `None` when it matched none (the
    /// steps go on, so that no step tells which factor failed).
    pub access_code_id: Option<i64>,
    /// The step reached ("phone", "password", "in").
    pub stage: String,
    /// The HMAC of the one-time password sent, if any.
    pub otp_hash: Option<[u8; 32]>,
    /// When that password expires (Unix seconds).
    pub otp_expires_at: i64,
    /// How many passwords this session sent.
    pub otp_sends: u32,
    /// When the session ends (Unix seconds).
    pub expires_at: i64,
}

fn voter_session(row: &AnyRow) -> Result<VoterSession, StoreError> {
    Ok(VoterSession {
        id: get(row, "id")?,
        scrutin_id: get(row, "scrutin_id")?,
        access_code_id: get(row, "access_code_id")?,
        stage: get(row, "stage")?,
        otp_hash: hash32(row, "otp_hash")?,
        otp_expires_at: get(row, "otp_expires_at")?,
        otp_sends: u32::try_from(get::<i64>(row, "otp_sends")?).unwrap_or(u32::MAX),
        expires_at: get(row, "expires_at")?,
    })
}

impl Registry {
    /// Opens a voter session at its first step; returns its row id.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn create_voter_session(
        &self,
        token_hash: &[u8; 32],
        scrutin_id: i64,
        access_code_id: Option<i64>,
        stage: &str,
        expires_at: i64,
    ) -> Result<i64, StoreError> {
        let sql = "INSERT INTO voter_sessions (token_hash, scrutin_id, access_code_id, stage, \
                   expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id";
        let (id,): (i64,) = sqlx::query_as(&self.db.sql(sql))
            .bind(token_hash.to_vec())
            .bind(scrutin_id)
            .bind(access_code_id)
            .bind(stage)
            .bind(expires_at)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("open voter session"))?;
        Ok(id)
    }

    /// The unexpired session with this token hash.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn voter_session(
        &self,
        token_hash: &[u8; 32],
        now: i64,
    ) -> Result<Option<VoterSession>, StoreError> {
        let sql = "SELECT id, scrutin_id, access_code_id, stage, otp_hash, otp_expires_at, \
                   otp_sends, expires_at FROM voter_sessions WHERE token_hash = ? \
                   AND expires_at > ?";
        sqlx::query(&self.db.sql(sql))
            .bind(token_hash.to_vec())
            .bind(now)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read voter session"))?
            .as_ref()
            .map(voter_session)
            .transpose()
    }

    /// Moves a session to `stage`, with the one-time password now expected (or none).
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn update_voter_session(
        &self,
        id: i64,
        stage: &str,
        otp: Option<(&[u8; 32], i64)>,
        otp_sends: u32,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE voter_sessions SET stage = ?, otp_hash = ?, otp_expires_at = ?, \
                   otp_sends = ?, expires_at = ? WHERE id = ?";
        sqlx::query(&self.db.sql(sql))
            .bind(stage)
            .bind(otp.map(|(hash, _)| hash.to_vec()))
            .bind(otp.map_or(0, |(_, at)| at))
            .bind(i64::from(otp_sends))
            .bind(expires_at)
            .bind(id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("update voter session"))?;
        Ok(())
    }

    /// Ends a session (log-out, or a failed last step).
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn delete_voter_session(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query(&self.db.sql("DELETE FROM voter_sessions WHERE id = ?"))
            .bind(id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("close voter session"))?;
        Ok(())
    }

    /// Deletes the expired sessions (run now and then; an expired session is never read).
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn purge_voter_sessions(&self, now: i64) -> Result<u64, StoreError> {
        let sql = "DELETE FROM voter_sessions WHERE expires_at <= ?";
        Ok(sqlx::query(&self.db.sql(sql))
            .bind(now)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("purge voter sessions"))?
            .rows_affected())
    }
}

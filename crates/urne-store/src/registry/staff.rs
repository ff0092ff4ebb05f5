//! Staff accounts (organisateur, délégués de liste, bureau members, hotline) and their sessions.
//!
//! Passwords arrive already hashed (argon2id PHC strings, by urne-server); session tokens are
//! stored as their SHA-256, so a copy of the registry does not let anyone log in. Failed logins
//! are counted per account and lock it for a while (the rate limiter in the server adds a limit
//! per address).

use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;

use super::Registry;
use crate::error::StoreError;
use crate::row::get;

/// What a staff member may do (the rights matrix of Annex 2 is enforced by the server).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The employer's organiser: sets everything up.
    Organisateur,
    /// A union's list representative: edits their union's lists until the recette closes.
    Delegue,
    /// Member of the bureau de vote centralisateur.
    Bvc,
    /// Member of a bureau de vote d'établissement.
    Bve,
    /// Hotline operator (level-2 recovery).
    Hotline,
    /// Representative of the direction (observer).
    Direction,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 6] = [
        Role::Organisateur,
        Role::Delegue,
        Role::Bvc,
        Role::Bve,
        Role::Hotline,
        Role::Direction,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Organisateur => "organisateur",
            Role::Delegue => "delegue",
            Role::Bvc => "bvc",
            Role::Bve => "bve",
            Role::Hotline => "hotline",
            Role::Direction => "direction",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// A staff account.
#[derive(Clone, PartialEq, Eq)]
pub struct StaffAccount {
    /// Row id.
    pub id: i64,
    /// Login name, unique.
    pub login: String,
    /// Name shown in pages and journals.
    pub display_name: String,
    /// argon2id PHC string.
    pub password_phc: String,
    /// Role.
    pub role: Role,
    /// For a délégué de liste: their union.
    pub union_id: Option<i64>,
    /// For a BVE member (required) or a délégué (optional): their establishment (Annex 2's
    /// "périmètre de l'établissement").
    pub establishment_id: Option<i64>,
    /// Consecutive failed logins.
    pub failed_logins: u32,
    /// Locked until this time (Unix seconds); 0 when not locked.
    pub locked_until: i64,
}

impl std::fmt::Debug for StaffAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffAccount")
            .field("id", &self.id)
            .field("login", &self.login)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// A live session: who, until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// The account.
    pub staff: StaffAccount,
    /// Expiry, Unix seconds.
    pub expires_at: i64,
}

const STAFF_COLUMNS: &str = "id, login, display_name, password_phc, role, union_id, \
                             establishment_id, failed_logins, locked_until";

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

impl Registry {
    /// Creates a staff account.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the login is taken; [`StoreError::Invalid`] when a délégué
    /// has no union.
    pub async fn add_staff(
        &self,
        login: &str,
        display_name: &str,
        password_phc: &str,
        role: Role,
        union_id: Option<i64>,
    ) -> Result<i64, StoreError> {
        if role == Role::Delegue && union_id.is_none() {
            return Err(StoreError::Invalid(
                "a délégué de liste needs a union".to_owned(),
            ));
        }
        let sql = "INSERT INTO staff (login, display_name, password_phc, role, union_id) \
                   VALUES (?, ?, ?, ?, ?) RETURNING id";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(login)
            .bind(display_name)
            .bind(password_phc)
            .bind(role.as_str())
            .bind(union_id)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("add staff"))?;
        get(&row, "id")
    }

    /// The account with this login, if any.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn staff_by_login(&self, login: &str) -> Result<Option<StaffAccount>, StoreError> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE login = ?");
        sqlx::query(&self.db.sql(&sql))
            .bind(login)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read staff"))?
            .map(|row| staff(&row))
            .transpose()
    }

    /// Every staff account, by login.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn staff(&self) -> Result<Vec<StaffAccount>, StoreError> {
        sqlx::query(&format!("SELECT {STAFF_COLUMNS} FROM staff ORDER BY login"))
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("list staff"))?
            .iter()
            .map(staff)
            .collect()
    }

    /// Whether any organisateur account exists (the first one is created by `urne serve`'s
    /// set-up command, not from the web).
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn has_organisateur(&self) -> Result<bool, StoreError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff WHERE role = 'organisateur'")
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("count staff"))?;
        Ok(n > 0)
    }

    /// Records a failed login at `now`; the `max_failures`-th consecutive one locks the account
    /// until `now + lockout_secs`. While locked, attempts change nothing (so nobody can keep an
    /// account locked by trying again and again); once a lock has expired, counting starts over.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn record_login_failure(
        &self,
        staff_id: i64,
        now: i64,
        max_failures: u32,
        lockout_secs: i64,
    ) -> Result<(), StoreError> {
        // Both right-hand sides read the row as it was before the update (SQL semantics, the
        // same on SQLite and PostgreSQL).
        let sql = "UPDATE staff SET \
                   failed_logins = CASE WHEN locked_until > ? THEN failed_logins \
                   WHEN locked_until > 0 THEN 1 ELSE failed_logins + 1 END, \
                   locked_until = CASE WHEN locked_until > ? THEN locked_until \
                   WHEN (CASE WHEN locked_until > 0 THEN 1 ELSE failed_logins + 1 END) >= ? THEN ? \
                   ELSE 0 END \
                   WHERE id = ?";
        sqlx::query(&self.db.sql(sql))
            .bind(now)
            .bind(now)
            .bind(i64::from(max_failures))
            .bind(now + lockout_secs)
            .bind(staff_id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("record login failure"))?;
        Ok(())
    }

    /// Starts a session for `staff_id` with the random `token` (stored hashed), and clears the
    /// failure count.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn start_session(
        &self,
        staff_id: i64,
        token: &str,
        expires_at: i64,
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
                .sql("UPDATE staff SET failed_logins = 0, locked_until = 0 WHERE id = ?"),
        )
        .bind(staff_id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("reset login failures"))?;
        sqlx::query(
            &self.db.sql(
                "INSERT INTO staff_sessions (token_hash, staff_id, expires_at) VALUES (?, ?, ?)",
            ),
        )
        .bind(token_hash(token))
        .bind(staff_id)
        .bind(expires_at)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("start session"))?;
        tx.commit().await.map_err(StoreError::db("commit"))
    }

    /// The live session for `token` at `now`, if any.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn session(&self, token: &str, now: i64) -> Result<Option<Session>, StoreError> {
        let sql = "SELECT s.id, s.login, s.display_name, s.password_phc, s.role, s.union_id, \
                   s.establishment_id, s.failed_logins, s.locked_until, t.expires_at FROM staff_sessions t \
                   JOIN staff s ON s.id = t.staff_id WHERE t.token_hash = ? AND t.expires_at > ?";
        sqlx::query(&self.db.sql(sql))
            .bind(token_hash(token))
            .bind(now)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read session"))?
            .map(|row| {
                Ok(Session {
                    staff: staff(&row)?,
                    expires_at: get(&row, "expires_at")?,
                })
            })
            .transpose()
    }

    /// Replaces an account's password hash and ends every session of the account but the one
    /// for `keep_token` (so a password changed after a leak also logs the intruder out).
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn set_password(
        &self,
        staff_id: i64,
        password_phc: &str,
        keep_token: &str,
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
                .sql("UPDATE staff SET password_phc = ? WHERE id = ?"),
        )
        .bind(password_phc)
        .bind(staff_id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("set password"))?;
        sqlx::query(
            &self
                .db
                .sql("DELETE FROM staff_sessions WHERE staff_id = ? AND token_hash <> ?"),
        )
        .bind(staff_id)
        .bind(token_hash(keep_token))
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("end other sessions"))?;
        tx.commit().await.map_err(StoreError::db("commit"))
    }

    /// Ends the session for `token`, and drops every expired session.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn end_session(&self, token: &str, now: i64) -> Result<(), StoreError> {
        let sql = "DELETE FROM staff_sessions WHERE token_hash = ? OR expires_at <= ?";
        sqlx::query(&self.db.sql(sql))
            .bind(token_hash(token))
            .bind(now)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("end session"))?;
        Ok(())
    }
}

fn staff(row: &AnyRow) -> Result<StaffAccount, StoreError> {
    let role: String = get(row, "role")?;
    Ok(StaffAccount {
        id: get(row, "id")?,
        login: get(row, "login")?,
        display_name: get(row, "display_name")?,
        password_phc: get(row, "password_phc")?,
        role: Role::parse(&role).ok_or_else(|| StoreError::Invalid(format!("role {role:?}")))?,
        union_id: get(row, "union_id")?,
        establishment_id: get(row, "establishment_id")?,
        failed_logins: u32::try_from(get::<i64>(row, "failed_logins")?).unwrap_or(u32::MAX),
        locked_until: get(row, "locked_until")?,
    })
}

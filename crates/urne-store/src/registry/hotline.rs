//! Level-2 recovery (Article 9.3): the requests voters file on the voting site, queued for the
//! hotline operators, and their decisions. Each request and decision is also written to the
//! hotline journal by the caller.

use sqlx::any::AnyRow;

use super::Registry;
use crate::error::{Conflict, StoreError};
use crate::row::get;

/// What a voter filled in on the contact form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewHotlineRequest {
    /// The scrutin.
    pub scrutin_id: i64,
    /// Nom.
    pub last_name: String,
    /// Prénom.
    pub first_name: String,
    /// Date de naissance, as typed (ISO after validation).
    pub birth_date: String,
    /// The e-mail address the voter gives.
    pub email: String,
    /// The phone number to call back (and to send an SMS to).
    pub phone: String,
    /// Objet: what is missing ("password", "identifiant", "badge", "email").
    pub subject: String,
    /// Free text.
    pub message: String,
}

/// A request and its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HotlineRequest {
    /// Row id (the request number told to the voter).
    pub id: i64,
    /// When it was filed.
    pub created_at: i64,
    /// What the voter filled in.
    pub request: NewHotlineRequest,
    /// "open", "validated" or "refused".
    pub status: String,
    /// The voter the operator identified, once validated.
    pub voter_id: Option<i64>,
    /// The operator's login.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<i64>,
    /// What the operator wrote.
    pub decision: Option<String>,
}

fn hotline_request(row: &AnyRow) -> Result<HotlineRequest, StoreError> {
    Ok(HotlineRequest {
        id: get(row, "id")?,
        created_at: get(row, "created_at")?,
        request: NewHotlineRequest {
            scrutin_id: get(row, "scrutin_id")?,
            last_name: get(row, "last_name")?,
            first_name: get(row, "first_name")?,
            birth_date: get(row, "birth_date")?,
            email: get(row, "email")?,
            phone: get(row, "phone")?,
            subject: get(row, "subject")?,
            message: get(row, "message")?,
        },
        status: get(row, "status")?,
        voter_id: get(row, "voter_id")?,
        decided_by: get(row, "decided_by")?,
        decided_at: get(row, "decided_at")?,
        decision: get(row, "decision")?,
    })
}

const COLUMNS: &str = "id, created_at, scrutin_id, last_name, first_name, birth_date, email, \
                       phone, subject, message, status, voter_id, decided_by, decided_at, decision";

impl Registry {
    /// Files a request; returns its number.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn add_hotline_request(
        &self,
        request: &NewHotlineRequest,
        now: i64,
    ) -> Result<i64, StoreError> {
        let sql = "INSERT INTO hotline_requests (scrutin_id, created_at, last_name, first_name, \
                   birth_date, email, phone, subject, message, status) \
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open') RETURNING id";
        let (id,): (i64,) = sqlx::query_as(&self.db.sql(sql))
            .bind(request.scrutin_id)
            .bind(now)
            .bind(&request.last_name)
            .bind(&request.first_name)
            .bind(&request.birth_date)
            .bind(&request.email)
            .bind(&request.phone)
            .bind(&request.subject)
            .bind(&request.message)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("file hotline request"))?;
        Ok(id)
    }

    /// The requests, open ones first, then the most recent.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn hotline_requests(&self) -> Result<Vec<HotlineRequest>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM hotline_requests \
             ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, id DESC"
        );
        sqlx::query(&sql)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("list hotline requests"))?
            .iter()
            .map(hotline_request)
            .collect()
    }

    /// One request.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    pub async fn hotline_request(&self, id: i64) -> Result<HotlineRequest, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM hotline_requests WHERE id = ?");
        let row = sqlx::query(&self.db.sql(&sql))
            .bind(id)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read hotline request"))?
            .ok_or(StoreError::NotFound("hotline request"))?;
        hotline_request(&row)
    }

    /// Decides an open request, once: `validated` (with the voter identified) or `refused`.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the request was already decided.
    pub async fn decide_hotline_request(
        &self,
        id: i64,
        validated_voter: Option<i64>,
        operator: &str,
        decision: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let status = if validated_voter.is_some() {
            "validated"
        } else {
            "refused"
        };
        let sql = "UPDATE hotline_requests SET status = ?, voter_id = ?, decided_by = ?, \
                   decided_at = ?, decision = ? WHERE id = ? AND status = 'open'";
        let n = sqlx::query(&self.db.sql(sql))
            .bind(status)
            .bind(validated_voter)
            .bind(operator)
            .bind(now)
            .bind(decision)
            .bind(id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("decide hotline request"))?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict(Conflict::AlreadyDecided));
        }
        Ok(())
    }
}

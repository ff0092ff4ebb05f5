//! The bureau de vote's side of the registry (issue 8): the BVC members of a scrutin and its
//! threshold, staff establishments, participation and the émargement lists.

use super::Registry;
use crate::error::StoreError;
use crate::row::get;

/// Participation in one election: never a partial result, only who voted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participation {
    /// The election.
    pub election_id: i64,
    /// Electors.
    pub inscrits: u64,
    /// Electors in the émargement.
    pub votants: u64,
}

/// One elector of an émargement list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmargementRow {
    /// Matricule.
    pub matricule: String,
    /// Nom.
    pub last_name: String,
    /// Prénom.
    pub first_name: String,
    /// When they voted (Unix seconds), if they did.
    pub voted_at: Option<i64>,
}

fn count(row: &sqlx::any::AnyRow, column: &'static str) -> Result<u64, StoreError> {
    Ok(u64::try_from(get::<i64>(row, column)?).unwrap_or(0))
}

impl Registry {
    /// Sets a staff member's establishment (`None` for every establishment).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown account.
    pub async fn set_staff_establishment(
        &self,
        staff_id: i64,
        establishment_id: Option<i64>,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            &self
                .db
                .sql("UPDATE staff SET establishment_id = ? WHERE id = ?"),
        )
        .bind(establishment_id)
        .bind(staff_id)
        .execute(self.db.pool())
        .await
        .map_err(StoreError::db("set staff establishment"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("staff"));
        }
        Ok(())
    }

    /// Names the BVC members of a scrutin, numbered 1 to N in the order given, and its
    /// threshold `t`, replacing any earlier choice, in one transaction.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] unless `2 ≤ t ≤ N` and the members are distinct.
    pub async fn set_bureau(
        &self,
        scrutin_id: i64,
        staff_ids: &[i64],
        threshold: u32,
    ) -> Result<(), StoreError> {
        let n = staff_ids.len();
        if threshold < 2 || threshold as usize > n {
            return Err(StoreError::Invalid(format!(
                "threshold {threshold} for {n} members (2 ≤ t ≤ N)"
            )));
        }
        let mut tx = self
            .db
            .pool()
            .begin()
            .await
            .map_err(StoreError::db("set bureau"))?;
        sqlx::query(
            &self
                .db
                .sql("DELETE FROM bureau_members WHERE scrutin_id = ?"),
        )
        .bind(scrutin_id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("set bureau"))?;
        let insert = self.db.sql(
            "INSERT INTO bureau_members (scrutin_id, member_index, staff_id) VALUES (?, ?, ?)",
        );
        for (index, staff_id) in (1i64..).zip(staff_ids) {
            sqlx::query(&insert)
                .bind(scrutin_id)
                .bind(index)
                .bind(*staff_id)
                .execute(&mut *tx)
                .await
                .map_err(|_| StoreError::Invalid("a member is named twice".to_owned()))?;
        }
        sqlx::query(
            &self
                .db
                .sql("UPDATE scrutins SET threshold = ? WHERE id = ?"),
        )
        .bind(i64::from(threshold))
        .bind(scrutin_id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("set bureau"))?;
        tx.commit().await.map_err(StoreError::db("set bureau"))
    }

    /// Programs a scrutin's opening and closing (the BVC, Article 9.8).
    ///
    /// # Errors
    /// [`StoreError::Invalid`] unless the opening comes first.
    pub async fn set_schedule(
        &self,
        scrutin_id: i64,
        opens_at: i64,
        closes_at: i64,
    ) -> Result<(), StoreError> {
        if opens_at >= closes_at {
            return Err(StoreError::Invalid(
                "the opening must come before the closing".to_owned(),
            ));
        }
        sqlx::query(
            &self
                .db
                .sql("UPDATE scrutins SET opens_at = ?, closes_at = ? WHERE id = ?"),
        )
        .bind(opens_at)
        .bind(closes_at)
        .bind(scrutin_id)
        .execute(self.db.pool())
        .await
        .map_err(StoreError::db("program scrutin"))?;
        Ok(())
    }

    /// Marks elections as carence (no candidate when the ceremony opened): no vote there.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn set_carence(&self, election_uids: &[String]) -> Result<(), StoreError> {
        for uid in election_uids {
            sqlx::query(
                &self
                    .db
                    .sql("UPDATE elections SET carence = 1 WHERE election_uid = ?"),
            )
            .bind(uid)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("mark carence"))?;
        }
        Ok(())
    }

    /// The BVC members of a scrutin: `(member index, staff id)`, by index.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn bureau_members(&self, scrutin_id: i64) -> Result<Vec<(u32, i64)>, StoreError> {
        let sql = "SELECT member_index, staff_id FROM bureau_members WHERE scrutin_id = ? \
                   ORDER BY member_index";
        sqlx::query(&self.db.sql(sql))
            .bind(scrutin_id)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("read bureau"))?
            .iter()
            .map(|row| {
                let index = u32::try_from(get::<i64>(row, "member_index")?)
                    .map_err(|_| StoreError::Invalid("member_index".to_owned()))?;
                Ok((index, get(row, "staff_id")?))
            })
            .collect()
    }

    /// Inscrits and votants of every election of a scrutin, by election id.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn participation(&self, scrutin_id: i64) -> Result<Vec<Participation>, StoreError> {
        let sql = "SELECT e.id AS election_id, \
                   (SELECT COUNT(*) FROM voters v WHERE v.establishment_id = e.establishment_id \
                    AND v.college_id = e.college_id AND v.active = 1 AND v.elector = 1) \
                   AS inscrits, \
                   (SELECT COUNT(*) FROM emargement m WHERE m.election_id = e.id) AS votants \
                   FROM elections e WHERE e.scrutin_id = ? ORDER BY e.id";
        sqlx::query(&self.db.sql(sql))
            .bind(scrutin_id)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("read participation"))?
            .iter()
            .map(|row| {
                Ok(Participation {
                    election_id: get(row, "election_id")?,
                    inscrits: count(row, "inscrits")?,
                    votants: count(row, "votants")?,
                })
            })
            .collect()
    }

    /// The émargement list of an election: every elector, by name, with when they voted.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn emargement_list(
        &self,
        election_id: i64,
    ) -> Result<Vec<EmargementRow>, StoreError> {
        let sql = "SELECT v.matricule, v.last_name, v.first_name, m.voted_at FROM elections e \
                   JOIN voters v ON v.establishment_id = e.establishment_id \
                   AND v.college_id = e.college_id AND v.active = 1 AND v.elector = 1 \
                   LEFT JOIN emargement m ON m.voter_id = v.id AND m.election_id = e.id \
                   WHERE e.id = ? ORDER BY v.last_name, v.first_name, v.matricule";
        sqlx::query(&self.db.sql(sql))
            .bind(election_id)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("read émargement list"))?
            .iter()
            .map(|row| {
                Ok(EmargementRow {
                    matricule: get(row, "matricule")?,
                    last_name: get(row, "last_name")?,
                    first_name: get(row, "first_name")?,
                    voted_at: get(row, "voted_at")?,
                })
            })
            .collect()
    }
}

impl Registry {
    /// Removes a scrutin's personal data at the end of the contestation period (Article 10 of
    /// the agreement), in one transaction: voter sessions, declared mobiles, password e-mail
    /// addresses, hotline requests, returned letters, the émargement of its elections and its
    /// access-code verifiers. Returns `(émargements, access codes, sessions)` removed. The
    /// voter file is the company's, shared by scrutins, and stays.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn destroy_personal_data(
        &self,
        scrutin_id: i64,
    ) -> Result<(u64, u64, u64), StoreError> {
        let mut tx = self
            .db
            .pool()
            .begin()
            .await
            .map_err(StoreError::db("destroy"))?;
        let mut counts = Vec::new();
        for sql in [
            "DELETE FROM voter_sessions WHERE scrutin_id = ?",
            "DELETE FROM declared_phones WHERE scrutin_id = ?",
            "DELETE FROM password_emails WHERE scrutin_id = ?",
            "DELETE FROM hotline_requests WHERE scrutin_id = ?",
            "DELETE FROM returned_letters WHERE scrutin_id = ?",
            "DELETE FROM emargement WHERE election_id IN \
             (SELECT id FROM elections WHERE scrutin_id = ?)",
            "DELETE FROM access_codes WHERE scrutin_id = ?",
        ] {
            let done = sqlx::query(&self.db.sql(sql))
                .bind(scrutin_id)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("destroy personal data"))?;
            counts.push(done.rows_affected());
        }
        tx.commit().await.map_err(StoreError::db("destroy"))?;
        Ok((counts[5], counts[6], counts[0]))
    }
}

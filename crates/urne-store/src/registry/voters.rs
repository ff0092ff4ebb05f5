//! Voters (the electoral lists, imported from the employer's voter file) and their access-code
//! material.
//!
//! An import is applied as a diff computed by `urne_setup::diff` (added, removed, changed), in
//! one transaction: either the whole file is in, or nothing changed. A removed voter is kept
//! inactive (so journals still make sense) and their access codes are revoked at once
//! (Annex 1 §7.1 of the agreement: codes of voters struck off must be invalidated).

use std::collections::HashMap;

use sqlx::any::AnyRow;
use urne_rules::date::Date;
use urne_setup::diff::VoterDiff;
use urne_setup::model::{
    ChallengeHashes, Civility, PostalAddress, Seniority, Voter, VoterEligibility,
};

use super::Registry;
use crate::error::{Conflict, StoreError};
use crate::row::{flag, get, hash32};

/// A voter as stored: the row id and the validated voter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredVoter {
    /// Row id (never leaves the registry).
    pub id: i64,
    /// The voter.
    pub voter: Voter,
}

/// Headcount of one establishment and college, for seats (R2314-1) and gender balance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoterCount {
    /// Establishment code.
    pub establishment: String,
    /// College code.
    pub college: String,
    /// Active voters on the list.
    pub voters: u64,
    /// Of whom electors.
    pub electors: u64,
    /// Women (from the civilité).
    pub women: u64,
    /// Men.
    pub men: u64,
}

/// Rows per INSERT statement: 200 rows × 21 columns stays far below both engines' limits on
/// bound parameters, and makes a 50 000-voter import 250 statements.
const BATCH: usize = 200;

const COLUMNS: [&str; 21] = [
    "matricule",
    "active",
    "civility",
    "last_name",
    "first_name",
    "birth_date",
    "establishment_id",
    "college_id",
    "entry_date",
    "seniority_months",
    "professional_email",
    "mobile",
    "address_lines",
    "postcode",
    "city",
    "country",
    "badge_hash",
    "ss_key_hash",
    "elector",
    "eligible",
    "eligibility_reasons",
];

impl Registry {
    /// The active voters, by matricule.
    ///
    /// # Errors
    /// [`StoreError::Database`], or [`StoreError::Invalid`] for a row that no longer parses.
    pub async fn voters(&self) -> Result<Vec<StoredVoter>, StoreError> {
        self.voters_where("", &[]).await
    }

    /// The active voters of one establishment and college (an election's electoral list), by
    /// matricule.
    ///
    /// # Errors
    /// As [`Registry::voters`].
    pub async fn voters_in(
        &self,
        establishment_id: i64,
        college_id: i64,
    ) -> Result<Vec<StoredVoter>, StoreError> {
        self.voters_where(
            "AND v.establishment_id = ? AND v.college_id = ?",
            &[establishment_id, college_id],
        )
        .await
    }

    /// The active voters born on `date` (to find a voter asking for their codes again without
    /// reading the whole list).
    ///
    /// # Errors
    /// As [`Registry::voters`].
    pub async fn voters_born_on(&self, date: Date) -> Result<Vec<StoredVoter>, StoreError> {
        self.voters_matching("AND v.birth_date = ?", &[], Some(&date.to_string()))
            .await
    }

    async fn voters_where(
        &self,
        filter: &str,
        ids: &[i64],
    ) -> Result<Vec<StoredVoter>, StoreError> {
        self.voters_matching(filter, ids, None).await
    }

    async fn voters_matching(
        &self,
        filter: &str,
        ids: &[i64],
        text: Option<&str>,
    ) -> Result<Vec<StoredVoter>, StoreError> {
        let sql = format!(
            "SELECT v.id, {}, s.code AS establishment, c.code AS college FROM voters v \
             JOIN establishments s ON s.id = v.establishment_id \
             JOIN colleges c ON c.id = v.college_id WHERE v.active = 1 {filter} \
             ORDER BY v.matricule",
            COLUMNS.map(|c| format!("v.{c}")).join(", ")
        );
        let sql = self.db.sql(&sql);
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        if let Some(text) = text {
            query = query.bind(text);
        }
        query
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("list voters"))?
            .iter()
            .map(stored_voter)
            .collect()
    }

    /// One active voter by row id.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown or removed voter.
    pub async fn voter(&self, id: i64) -> Result<StoredVoter, StoreError> {
        self.voters_where("AND v.id = ?", &[id])
            .await?
            .pop()
            .ok_or(StoreError::NotFound("voter"))
    }

    /// How many active voters there are.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn voter_total(&self) -> Result<u64, StoreError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM voters WHERE active = 1")
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("count voters"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Headcounts by establishment and college.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn voter_counts(&self) -> Result<Vec<VoterCount>, StoreError> {
        let sql = "SELECT s.code AS establishment, c.code AS college, COUNT(*) AS voters, \
                   SUM(v.elector) AS electors, \
                   SUM(CASE WHEN v.civility = 'Mme' THEN 1 ELSE 0 END) AS women \
                   FROM voters v JOIN establishments s ON s.id = v.establishment_id \
                   JOIN colleges c ON c.id = v.college_id WHERE v.active = 1 \
                   GROUP BY s.code, c.code ORDER BY s.code, c.code";
        // SUM is NUMERIC on PostgreSQL: cast it back to a 64-bit integer.
        let sql = sql
            .replace("SUM(v.elector)", "CAST(SUM(v.elector) AS BIGINT)")
            .replace(
                "SUM(CASE WHEN v.civility = 'Mme' THEN 1 ELSE 0 END)",
                "CAST(SUM(CASE WHEN v.civility = 'Mme' THEN 1 ELSE 0 END) AS BIGINT)",
            );
        sqlx::query(&sql)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("count voters"))?
            .iter()
            .map(|row| {
                let voters = count(row, "voters")?;
                let women = count(row, "women")?;
                Ok(VoterCount {
                    establishment: get(row, "establishment")?,
                    college: get(row, "college")?,
                    voters,
                    electors: count(row, "electors")?,
                    women,
                    men: voters - women,
                })
            })
            .collect()
    }

    /// Women and men on one establishment and college's electoral list: the shares the gender
    /// balance of its lists follows (Code du travail, art. L2314-30).
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn college_headcount(
        &self,
        establishment_id: i64,
        college_id: i64,
    ) -> Result<(u64, u64), StoreError> {
        let sql = "SELECT COUNT(*) AS voters, \
                   CAST(SUM(CASE WHEN civility = 'Mme' THEN 1 ELSE 0 END) AS BIGINT) AS women \
                   FROM voters WHERE active = 1 AND establishment_id = ? AND college_id = ?";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(establishment_id)
            .bind(college_id)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("count voters"))?;
        let (voters, women) = (count(&row, "voters")?, count(&row, "women")?);
        Ok((women, voters - women))
    }

    /// The active employees of an establishment in the voter file (the PV's "effectif").
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn establishment_headcount(&self, establishment_id: i64) -> Result<u64, StoreError> {
        let sql = "SELECT COUNT(*) AS voters FROM voters WHERE active = 1 AND establishment_id = ?";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(establishment_id)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("count voters"))?;
        count(&row, "voters")
    }

    /// Applies an import's diff in one transaction: adds and updates voters, deactivates the
    /// removed ones and revokes their access codes. Returns the number of codes revoked.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when a scrutin is sealed or open (the lists are frozen then);
    /// [`StoreError::Invalid`] when a voter names an unknown establishment or college. Nothing
    /// is written on error.
    pub async fn apply_voter_diff(&self, diff: &VoterDiff, now: i64) -> Result<u64, StoreError> {
        let (frozen,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM scrutins WHERE status IN ('sealed', 'open')")
                .fetch_one(self.db.pool())
                .await
                .map_err(StoreError::db("read scrutins"))?;
        if frozen > 0 {
            return Err(StoreError::Conflict(Conflict::VotersFrozen));
        }
        let establishments: HashMap<String, i64> = self
            .establishments()
            .await?
            .into_iter()
            .map(|e| (e.code, e.id))
            .collect();
        let colleges: HashMap<String, i64> = self
            .colleges()
            .await?
            .into_iter()
            .map(|c| (c.code, c.id))
            .collect();
        let upserts: Vec<&Voter> = diff
            .added
            .iter()
            .chain(diff.changed.iter().map(|(_, new, _)| new))
            .collect();
        let mut tx = self
            .db
            .pool()
            .begin()
            .await
            .map_err(StoreError::db("begin"))?;
        for chunk in upserts.chunks(BATCH) {
            let sql = self.db.sql(&upsert_sql(chunk.len()));
            let mut query = sqlx::query(&sql);
            for voter in chunk {
                let establishment = *establishments.get(&voter.establishment).ok_or_else(|| {
                    StoreError::Invalid(format!("unknown establishment {}", voter.establishment))
                })?;
                let college = *colleges.get(&voter.college).ok_or_else(|| {
                    StoreError::Invalid(format!("unknown college {}", voter.college))
                })?;
                let (entry_date, months) = match voter.seniority {
                    Seniority::EntryDate(date) => (Some(date.to_string()), None),
                    Seniority::Months(months) => (None, Some(i64::from(months))),
                };
                query = query
                    .bind(voter.matricule.clone())
                    .bind(1_i64)
                    .bind(voter.civility.as_str())
                    .bind(voter.last_name.clone())
                    .bind(voter.first_name.clone())
                    .bind(voter.birth_date.to_string())
                    .bind(establishment)
                    .bind(college)
                    .bind(entry_date)
                    .bind(months)
                    .bind(voter.professional_email.clone())
                    .bind(voter.mobile.clone())
                    .bind(voter.address.lines.join("\n"))
                    .bind(voter.address.postcode.clone())
                    .bind(voter.address.city.clone())
                    .bind(voter.address.country.clone())
                    .bind(voter.challenge.badge.map(|h| h.to_vec()))
                    .bind(voter.challenge.ss_key.map(|h| h.to_vec()))
                    .bind(i64::from(voter.eligibility.elector))
                    .bind(i64::from(voter.eligibility.eligible))
                    .bind(voter.eligibility.reasons.join("\n"));
            }
            query
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("insert voters"))?;
        }
        let mut revoked = 0;
        let deactivate = self
            .db
            .sql("UPDATE voters SET active = 0 WHERE matricule = ?");
        let revoke = self.db.sql(
            "UPDATE access_codes SET status = 'revoked', revoked_at = ? \
             WHERE status = 'active' AND voter_id = (SELECT id FROM voters WHERE matricule = ?)",
        );
        for voter in &diff.removed {
            sqlx::query(&deactivate)
                .bind(&voter.matricule)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("remove voter"))?;
            revoked += sqlx::query(&revoke)
                .bind(now)
                .bind(&voter.matricule)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("revoke access codes"))?
                .rows_affected();
        }
        tx.commit().await.map_err(StoreError::db("commit voters"))?;
        Ok(revoked)
    }

    /// The row id of the voter with this matricule, active or not.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    pub async fn voter_id(&self, matricule: &str) -> Result<i64, StoreError> {
        let row = sqlx::query(&self.db.sql("SELECT id FROM voters WHERE matricule = ?"))
            .bind(matricule)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read voter"))?
            .ok_or(StoreError::NotFound("voter"))?;
        get(&row, "id")
    }
}

fn upsert_sql(rows: usize) -> String {
    let placeholders = format!("({})", vec!["?"; COLUMNS.len()].join(", "));
    let updates: Vec<String> = COLUMNS[1..]
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO voters ({}) VALUES {} ON CONFLICT (matricule) DO UPDATE SET {}",
        COLUMNS.join(", "),
        vec![placeholders; rows].join(", "),
        updates.join(", ")
    )
}

fn count(row: &AnyRow, name: &'static str) -> Result<u64, StoreError> {
    let n: Option<i64> = get(row, name)?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}

fn date(row: &AnyRow, name: &'static str) -> Result<Date, StoreError> {
    let text: String = get(row, name)?;
    Date::parse(&text).ok_or_else(|| StoreError::Invalid(format!("{name} {text:?}")))
}

fn stored_voter(row: &AnyRow) -> Result<StoredVoter, StoreError> {
    let civility: String = get(row, "civility")?;
    let seniority = match get::<Option<String>>(row, "entry_date")? {
        Some(_) => Seniority::EntryDate(date(row, "entry_date")?),
        None => Seniority::Months(
            u32::try_from(get::<Option<i64>>(row, "seniority_months")?.unwrap_or(0))
                .map_err(|_| StoreError::Invalid("seniority_months".to_owned()))?,
        ),
    };
    let lines: String = get(row, "address_lines")?;
    let reasons: String = get(row, "eligibility_reasons")?;
    Ok(StoredVoter {
        id: get(row, "id")?,
        voter: Voter {
            matricule: get(row, "matricule")?,
            civility: Civility::parse(&civility)
                .ok_or_else(|| StoreError::Invalid(format!("civility {civility:?}")))?,
            last_name: get(row, "last_name")?,
            first_name: get(row, "first_name")?,
            birth_date: date(row, "birth_date")?,
            establishment: get(row, "establishment")?,
            college: get(row, "college")?,
            seniority,
            professional_email: get(row, "professional_email")?,
            mobile: get(row, "mobile")?,
            address: PostalAddress {
                lines: lines
                    .split('\n')
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
                postcode: get(row, "postcode")?,
                city: get(row, "city")?,
                country: get(row, "country")?,
            },
            challenge: ChallengeHashes {
                badge: hash32(row, "badge_hash")?,
                ss_key: hash32(row, "ss_key_hash")?,
            },
            eligibility: VoterEligibility {
                elector: flag(row, "elector")?,
                eligible: flag(row, "eligible")?,
                reasons: reasons
                    .split('\n')
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned)
                    .collect(),
            },
        },
    })
}

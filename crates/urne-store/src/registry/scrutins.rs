//! Scrutins (one round of voting, with its calendar) and elections (one college's titulaires
//! or suppléants in one establishment, with its number of seats).

use sqlx::any::AnyRow;
use urne_rules::date::Date;

use super::Registry;
use crate::error::{Conflict, StoreError};
use crate::row::{flag, get};

/// Where a scrutin stands. Set-up changes are only allowed before it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScrutinStatus {
    /// Being set up: lists, voters and calendar may change.
    Setup,
    /// The manifests are published and the BVC runs its key ceremony: the set-up is frozen.
    Ceremony,
    /// The election key is published: the scrutin à blanc, then the seal.
    Keyed,
    /// Sealed after the scrutin à blanc: nothing may change; voting opens at the programmed
    /// time.
    Sealed,
    /// Open to voters (between the programmed opening and closing).
    Open,
    /// Closed.
    Closed,
}

impl ScrutinStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ScrutinStatus::Setup => "setup",
            ScrutinStatus::Ceremony => "ceremony",
            ScrutinStatus::Keyed => "keyed",
            ScrutinStatus::Sealed => "sealed",
            ScrutinStatus::Open => "open",
            ScrutinStatus::Closed => "closed",
        }
    }

    /// The order of the stages: a scrutin never goes back.
    pub fn rank(self) -> u8 {
        match self {
            ScrutinStatus::Setup => 0,
            ScrutinStatus::Ceremony => 1,
            ScrutinStatus::Keyed => 2,
            ScrutinStatus::Sealed => 3,
            ScrutinStatus::Open => 4,
            ScrutinStatus::Closed => 5,
        }
    }

    fn parse(text: &str) -> Result<Self, StoreError> {
        Ok(match text {
            "setup" => ScrutinStatus::Setup,
            "ceremony" => ScrutinStatus::Ceremony,
            "keyed" => ScrutinStatus::Keyed,
            "sealed" => ScrutinStatus::Sealed,
            "open" => ScrutinStatus::Open,
            "closed" => ScrutinStatus::Closed,
            other => return Err(StoreError::Invalid(format!("scrutin status {other:?}"))),
        })
    }
}

/// A round of voting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scrutin {
    /// Row id.
    pub id: i64,
    /// Public identifier of the scrutin's election record (random, shared with the ballot box).
    pub record_uid: String,
    /// Name, e.g. "Élections CSE 2027 — 1er tour".
    pub name: String,
    /// 1 or 2.
    pub round: u8,
    /// For a second round, the first round's id.
    pub first_round_id: Option<i64>,
    /// The day eligibility is assessed on: the first day of the first round.
    pub first_round_day: Date,
    /// Programmed opening, Unix seconds.
    pub opens_at: i64,
    /// Programmed closing, Unix seconds.
    pub closes_at: i64,
    /// Where it stands.
    pub status: ScrutinStatus,
    /// Candidate lists locked (end of the recette).
    pub lists_locked: bool,
    /// Voting suspended by the bureau (Article 9.9): voters see a "suspended" page.
    pub suspended: bool,
    /// `t`: BVC members needed to decrypt (at least 2).
    pub threshold: u32,
}

/// What a new scrutin needs.
#[derive(Clone, Debug)]
pub struct NewScrutin {
    /// Public identifier of its record (random, chosen by the caller).
    pub record_uid: String,
    /// Name.
    pub name: String,
    /// 1 or 2.
    pub round: u8,
    /// For a second round, the first round's id.
    pub first_round_id: Option<i64>,
    /// First day of the first round.
    pub first_round_day: Date,
    /// Programmed opening, Unix seconds.
    pub opens_at: i64,
    /// Programmed closing, Unix seconds; after the opening.
    pub closes_at: i64,
}

/// Which body an election fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// Membres titulaires.
    Titulaires,
    /// Membres suppléants.
    Suppleants,
}

impl Body {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Body::Titulaires => "titulaires",
            Body::Suppleants => "suppleants",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Option<Body> {
        match text {
            "titulaires" => Some(Body::Titulaires),
            "suppleants" => Some(Body::Suppleants),
            _ => None,
        }
    }
}

/// One election: a college's titulaires or suppléants in one establishment, in one scrutin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Election {
    /// Row id.
    pub id: i64,
    /// Public identifier (random, shared with the ballot box).
    pub election_uid: String,
    /// Its scrutin.
    pub scrutin_id: i64,
    /// Its establishment.
    pub establishment_id: i64,
    /// Its college.
    pub college_id: i64,
    /// Titulaires or suppléants.
    pub body: Body,
    /// Seats to fill.
    pub seats: u32,
    /// No candidate when the key ceremony opened: no vote, a PV de carence.
    pub carence: bool,
}

const SCRUTIN_COLUMNS: &str = "id, record_uid, name, round, first_round_id, first_round_day, \
                               opens_at, closes_at, status, lists_locked, suspended, \
                               threshold";

impl Registry {
    /// Creates a scrutin.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when it closes before it opens or the round is not 1 or 2.
    pub async fn add_scrutin(&self, new: &NewScrutin) -> Result<i64, StoreError> {
        if new.closes_at <= new.opens_at {
            return Err(StoreError::Invalid("closing before opening".to_owned()));
        }
        if !(1..=2).contains(&new.round) {
            return Err(StoreError::Invalid("round must be 1 or 2".to_owned()));
        }
        let sql = "INSERT INTO scrutins (record_uid, name, round, first_round_id, \
                   first_round_day, opens_at, closes_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(&new.record_uid)
            .bind(&new.name)
            .bind(i64::from(new.round))
            .bind(new.first_round_id)
            .bind(new.first_round_day.to_string())
            .bind(new.opens_at)
            .bind(new.closes_at)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("add scrutin"))?;
        get(&row, "id")
    }

    /// Every scrutin, oldest first.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn scrutins(&self) -> Result<Vec<Scrutin>, StoreError> {
        sqlx::query(&format!(
            "SELECT {SCRUTIN_COLUMNS} FROM scrutins ORDER BY id"
        ))
        .fetch_all(self.db.pool())
        .await
        .map_err(StoreError::db("list scrutins"))?
        .iter()
        .map(scrutin)
        .collect()
    }

    /// One scrutin.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    pub async fn scrutin(&self, id: i64) -> Result<Scrutin, StoreError> {
        let sql = format!("SELECT {SCRUTIN_COLUMNS} FROM scrutins WHERE id = ?");
        let row = sqlx::query(&self.db.sql(&sql))
            .bind(id)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read scrutin"))?
            .ok_or(StoreError::NotFound("scrutin"))?;
        scrutin(&row)
    }

    /// The scrutin with this public identifier (the voters' pages are addressed by it).
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    pub async fn scrutin_by_uid(&self, record_uid: &str) -> Result<Scrutin, StoreError> {
        let sql = format!("SELECT {SCRUTIN_COLUMNS} FROM scrutins WHERE record_uid = ?");
        let row = sqlx::query(&self.db.sql(&sql))
            .bind(record_uid)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read scrutin"))?
            .ok_or(StoreError::NotFound("scrutin"))?;
        scrutin(&row)
    }

    /// Locks or unlocks the candidate lists of a scrutin (the end of the recette).
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the scrutin is no longer being set up.
    pub async fn set_lists_locked(&self, scrutin_id: i64, locked: bool) -> Result<(), StoreError> {
        self.require_setup(scrutin_id).await?;
        sqlx::query(
            &self
                .db
                .sql("UPDATE scrutins SET lists_locked = ? WHERE id = ?"),
        )
        .bind(i64::from(locked))
        .bind(scrutin_id)
        .execute(self.db.pool())
        .await
        .map_err(StoreError::db("lock lists"))?;
        Ok(())
    }

    /// Moves a scrutin to `status` (set-up → sealed → open → closed, by the bureau).
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when that would go backwards.
    pub async fn set_scrutin_status(
        &self,
        scrutin_id: i64,
        status: ScrutinStatus,
    ) -> Result<(), StoreError> {
        let current = self.scrutin(scrutin_id).await?.status;
        if status.rank() < current.rank() {
            return Err(StoreError::Conflict(Conflict::NotInSetup(current.as_str())));
        }
        sqlx::query(&self.db.sql("UPDATE scrutins SET status = ? WHERE id = ?"))
            .bind(status.as_str())
            .bind(scrutin_id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("set scrutin status"))?;
        Ok(())
    }

    /// Suspends or resumes voting in a scrutin.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn set_suspended(&self, scrutin_id: i64, suspended: bool) -> Result<(), StoreError> {
        sqlx::query(
            &self
                .db
                .sql("UPDATE scrutins SET suspended = ? WHERE id = ?"),
        )
        .bind(i64::from(suspended))
        .bind(scrutin_id)
        .execute(self.db.pool())
        .await
        .map_err(StoreError::db("suspend scrutin"))?;
        Ok(())
    }

    /// The scrutin, if it is still being set up.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when it is sealed, open or closed.
    pub async fn require_setup(&self, scrutin_id: i64) -> Result<Scrutin, StoreError> {
        let scrutin = self.scrutin(scrutin_id).await?;
        if scrutin.status != ScrutinStatus::Setup {
            return Err(StoreError::Conflict(Conflict::NotInSetup(
                scrutin.status.as_str(),
            )));
        }
        Ok(scrutin)
    }

    /// Sets one step of a scrutin's calendar (Article 5 of the agreement), e.g.
    /// `("depot_candidatures", "2027-10-27T12:00")`.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn set_calendar_step(
        &self,
        scrutin_id: i64,
        step: &str,
        due: &str,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO calendar_steps (scrutin_id, step, due) VALUES (?, ?, ?) \
                   ON CONFLICT (scrutin_id, step) DO UPDATE SET due = excluded.due";
        sqlx::query(&self.db.sql(sql))
            .bind(scrutin_id)
            .bind(step)
            .bind(due)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("set calendar step"))?;
        Ok(())
    }

    /// A scrutin's calendar: `(step, due)` pairs, by due date.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn calendar(&self, scrutin_id: i64) -> Result<Vec<(String, String)>, StoreError> {
        let sql = "SELECT step, due FROM calendar_steps WHERE scrutin_id = ? ORDER BY due, step";
        sqlx::query_as(&self.db.sql(sql))
            .bind(scrutin_id)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("read calendar"))
    }

    /// Adds an election to a scrutin being set up.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the same college and body already has an election in this
    /// establishment and scrutin, or the scrutin is past set-up.
    pub async fn add_election(
        &self,
        election_uid: &str,
        scrutin_id: i64,
        establishment_id: i64,
        college_id: i64,
        body: Body,
        seats: u32,
    ) -> Result<i64, StoreError> {
        self.require_setup(scrutin_id).await?;
        let sql = "INSERT INTO elections (election_uid, scrutin_id, establishment_id, college_id, \
                   body, seats) VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(election_uid)
            .bind(scrutin_id)
            .bind(establishment_id)
            .bind(college_id)
            .bind(body.as_str())
            .bind(i64::from(seats))
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("add election"))?;
        get(&row, "id")
    }

    /// The elections of a scrutin, by establishment, college and body.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn elections(&self, scrutin_id: i64) -> Result<Vec<Election>, StoreError> {
        let sql = "SELECT e.id, e.election_uid, e.scrutin_id, e.establishment_id, e.college_id, \
                   e.body, e.seats, e.carence FROM elections e \
                   JOIN establishments s ON s.id = e.establishment_id \
                   JOIN colleges c ON c.id = e.college_id \
                   WHERE e.scrutin_id = ? ORDER BY s.code, c.code, e.body DESC";
        sqlx::query(&self.db.sql(sql))
            .bind(scrutin_id)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("list elections"))?
            .iter()
            .map(election)
            .collect()
    }

    /// The names an election is known by: its establishment's, its college's and its scrutin's.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    pub async fn election_names(&self, id: i64) -> Result<(String, String, String), StoreError> {
        let sql = "SELECT s.name AS establishment, c.name AS college, r.name AS scrutin \
                   FROM elections e JOIN establishments s ON s.id = e.establishment_id \
                   JOIN colleges c ON c.id = e.college_id JOIN scrutins r ON r.id = e.scrutin_id \
                   WHERE e.id = ?";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(id)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read election"))?
            .ok_or(StoreError::NotFound("election"))?;
        Ok((
            get(&row, "establishment")?,
            get(&row, "college")?,
            get(&row, "scrutin")?,
        ))
    }

    /// One election.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    pub async fn election(&self, id: i64) -> Result<Election, StoreError> {
        let sql =
            "SELECT id, election_uid, scrutin_id, establishment_id, college_id, body, seats, \
                   carence FROM elections WHERE id = ?";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(id)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read election"))?
            .ok_or(StoreError::NotFound("election"))?;
        election(&row)
    }
}

fn scrutin(row: &AnyRow) -> Result<Scrutin, StoreError> {
    let day: String = get(row, "first_round_day")?;
    Ok(Scrutin {
        id: get(row, "id")?,
        record_uid: get(row, "record_uid")?,
        name: get(row, "name")?,
        round: u8::try_from(get::<i64>(row, "round")?)
            .map_err(|_| StoreError::Invalid("round".to_owned()))?,
        first_round_id: get(row, "first_round_id")?,
        first_round_day: Date::parse(&day)
            .ok_or_else(|| StoreError::Invalid(format!("first_round_day {day:?}")))?,
        opens_at: get(row, "opens_at")?,
        closes_at: get(row, "closes_at")?,
        status: ScrutinStatus::parse(&get::<String>(row, "status")?)?,
        lists_locked: flag(row, "lists_locked")?,
        suspended: flag(row, "suspended")?,
        threshold: u32::try_from(get::<i64>(row, "threshold")?)
            .map_err(|_| StoreError::Invalid("threshold".to_owned()))?,
    })
}

fn election(row: &AnyRow) -> Result<Election, StoreError> {
    let body: String = get(row, "body")?;
    Ok(Election {
        id: get(row, "id")?,
        election_uid: get(row, "election_uid")?,
        scrutin_id: get(row, "scrutin_id")?,
        establishment_id: get(row, "establishment_id")?,
        college_id: get(row, "college_id")?,
        body: Body::parse(&body).ok_or_else(|| StoreError::Invalid(format!("body {body:?}")))?,
        seats: u32::try_from(get::<i64>(row, "seats")?)
            .map_err(|_| StoreError::Invalid("seats".to_owned()))?,
        carence: flag(row, "carence")?,
    })
}

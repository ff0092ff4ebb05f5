//! Unions, candidate lists with their ordered candidates, and the files attached to them:
//! profession de foi (PDF), logo and candidate photos (PNG or JPEG). The store keeps the bytes;
//! checking type, size and dimensions is the caller's (urne-server), before it calls here.
//!
//! Every change refuses once the scrutin's lists are locked (end of the recette) or the scrutin
//! is past set-up.

use sqlx::any::AnyRow;
use urne_rules::date::Date;
use urne_rules::parity::Sex;

use super::Registry;
use crate::error::{Conflict, StoreError};
use crate::row::get;

/// A union (organisation syndicale) presenting lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Union {
    /// Row id.
    pub id: i64,
    /// Name, e.g. "CFDT".
    pub name: String,
}

/// A candidate list in one election.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CandidateList {
    /// Row id.
    pub id: i64,
    /// Its election.
    pub election_id: i64,
    /// The union presenting it; `None` for a free list (second round only).
    pub union_id: Option<i64>,
    /// Name shown to voters.
    pub name: String,
    /// File name of the profession de foi, if uploaded.
    pub profession_de_foi_name: Option<String>,
    /// MIME type of the logo, if uploaded.
    pub logo_type: Option<String>,
}

/// A candidate, in list order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Row id.
    pub id: i64,
    /// Its list.
    pub list_id: i64,
    /// 1-based position on the list.
    pub position: u32,
    /// Sex, for the gender balance of L2314-30.
    pub sex: Sex,
    /// Nom.
    pub last_name: String,
    /// Prénom.
    pub first_name: String,
    /// Date of birth, if given.
    pub birth_date: Option<Date>,
    /// MIME type of the photo, if uploaded.
    pub photo_type: Option<String>,
}

/// A candidate to store; positions follow the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCandidate {
    /// Sex.
    pub sex: Sex,
    /// Nom.
    pub last_name: String,
    /// Prénom.
    pub first_name: String,
    /// Date of birth, if given.
    pub birth_date: Option<Date>,
}

/// A stored file and its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadedFile {
    /// Bytes.
    pub content: Vec<u8>,
    /// MIME type, or the file name for a profession de foi.
    pub label: String,
}

impl Registry {
    /// Adds a union, or returns the id of the one with that name.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn ensure_union(&self, name: &str) -> Result<i64, StoreError> {
        let sql = "INSERT INTO unions (name) VALUES (?) ON CONFLICT (name) DO NOTHING";
        sqlx::query(&self.db.sql(sql))
            .bind(name)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("add union"))?;
        let row = sqlx::query(&self.db.sql("SELECT id FROM unions WHERE name = ?"))
            .bind(name)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("read union"))?;
        get(&row, "id")
    }

    /// Every union, by name.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn unions(&self) -> Result<Vec<Union>, StoreError> {
        sqlx::query("SELECT id, name FROM unions ORDER BY name")
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("list unions"))?
            .iter()
            .map(|row| {
                Ok(Union {
                    id: get(row, "id")?,
                    name: get(row, "name")?,
                })
            })
            .collect()
    }

    /// Fails unless lists of this election may still change.
    async fn require_lists_open(&self, election_id: i64) -> Result<(), StoreError> {
        let election = self.election(election_id).await?;
        let scrutin = self.require_setup(election.scrutin_id).await?;
        if scrutin.lists_locked {
            return Err(StoreError::Conflict(Conflict::ListsLocked));
        }
        Ok(())
    }

    /// Adds a list to an election.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the name is taken in this election or the lists are locked.
    pub async fn add_list(
        &self,
        election_id: i64,
        union_id: Option<i64>,
        name: &str,
    ) -> Result<i64, StoreError> {
        self.require_lists_open(election_id).await?;
        let sql = "INSERT INTO candidate_lists (election_id, union_id, name) VALUES (?, ?, ?) \
                   RETURNING id";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(election_id)
            .bind(union_id)
            .bind(name)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("add list"))?;
        get(&row, "id")
    }

    /// One list.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    pub async fn list(&self, list_id: i64) -> Result<CandidateList, StoreError> {
        let sql = "SELECT id, election_id, union_id, name, profession_de_foi_name, logo_type \
                   FROM candidate_lists WHERE id = ?";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(list_id)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read list"))?
            .ok_or(StoreError::NotFound("list"))?;
        candidate_list(&row)
    }

    /// The lists of an election, by name.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn lists(&self, election_id: i64) -> Result<Vec<CandidateList>, StoreError> {
        let sql = "SELECT id, election_id, union_id, name, profession_de_foi_name, logo_type \
                   FROM candidate_lists WHERE election_id = ? ORDER BY name";
        sqlx::query(&self.db.sql(sql))
            .bind(election_id)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("list lists"))?
            .iter()
            .map(candidate_list)
            .collect()
    }

    /// Deletes a list and its candidates.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the lists are locked.
    pub async fn delete_list(&self, list_id: i64) -> Result<(), StoreError> {
        let list = self.list(list_id).await?;
        self.require_lists_open(list.election_id).await?;
        let mut tx = self
            .db
            .pool()
            .begin()
            .await
            .map_err(StoreError::db("begin"))?;
        for sql in [
            "DELETE FROM candidates WHERE list_id = ?",
            "DELETE FROM candidate_lists WHERE id = ?",
        ] {
            sqlx::query(&self.db.sql(sql))
                .bind(list_id)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("delete list"))?;
        }
        tx.commit().await.map_err(StoreError::db("commit"))
    }

    /// Replaces a list's candidates by `candidates`, in that order (photos are dropped).
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the lists are locked.
    pub async fn set_candidates(
        &self,
        list_id: i64,
        candidates: &[NewCandidate],
    ) -> Result<(), StoreError> {
        let list = self.list(list_id).await?;
        self.require_lists_open(list.election_id).await?;
        let mut tx = self
            .db
            .pool()
            .begin()
            .await
            .map_err(StoreError::db("begin"))?;
        sqlx::query(&self.db.sql("DELETE FROM candidates WHERE list_id = ?"))
            .bind(list_id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("replace candidates"))?;
        self.insert_candidates(&mut tx, list_id, candidates).await?;
        tx.commit().await.map_err(StoreError::db("commit"))
    }

    async fn insert_candidates(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        list_id: i64,
        candidates: &[NewCandidate],
    ) -> Result<(), StoreError> {
        let sql = self.db.sql(
            "INSERT INTO candidates (list_id, position, sex, last_name, first_name, birth_date) \
             VALUES (?, ?, ?, ?, ?, ?)",
        );
        for (index, candidate) in candidates.iter().enumerate() {
            sqlx::query(&sql)
                .bind(list_id)
                .bind(index as i64 + 1)
                .bind(candidate.sex.letter().to_string())
                .bind(&candidate.last_name)
                .bind(&candidate.first_name)
                .bind(candidate.birth_date.map(|d| d.to_string()))
                .execute(&mut **tx)
                .await
                .map_err(StoreError::db("insert candidate"))?;
        }
        Ok(())
    }

    /// Adds several lists with their candidates to an election, all or none (a list file's
    /// import).
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when a name is taken or the lists are locked; nothing is stored.
    pub async fn add_lists(
        &self,
        election_id: i64,
        lists: &[(Option<i64>, String, Vec<NewCandidate>)],
    ) -> Result<Vec<i64>, StoreError> {
        self.require_lists_open(election_id).await?;
        let mut tx = self
            .db
            .pool()
            .begin()
            .await
            .map_err(StoreError::db("begin"))?;
        let sql = self.db.sql(
            "INSERT INTO candidate_lists (election_id, union_id, name) VALUES (?, ?, ?) \
             RETURNING id",
        );
        let mut ids = Vec::new();
        for (union_id, name, candidates) in lists {
            let row = sqlx::query(&sql)
                .bind(election_id)
                .bind(*union_id)
                .bind(name)
                .fetch_one(&mut *tx)
                .await
                .map_err(StoreError::db("add list"))?;
            let list_id = get(&row, "id")?;
            self.insert_candidates(&mut tx, list_id, candidates).await?;
            ids.push(list_id);
        }
        tx.commit().await.map_err(StoreError::db("commit"))?;
        Ok(ids)
    }

    /// A list's candidates, in order.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn candidates(&self, list_id: i64) -> Result<Vec<Candidate>, StoreError> {
        let sql = "SELECT id, list_id, position, sex, last_name, first_name, birth_date, \
                   photo_type FROM candidates WHERE list_id = ? ORDER BY position";
        sqlx::query(&self.db.sql(sql))
            .bind(list_id)
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("list candidates"))?
            .iter()
            .map(candidate)
            .collect()
    }

    /// Stores a list's profession de foi (a PDF checked by the caller).
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the lists are locked.
    pub async fn set_profession_de_foi(
        &self,
        list_id: i64,
        file_name: &str,
        pdf: &[u8],
    ) -> Result<(), StoreError> {
        self.set_list_file(
            list_id,
            "profession_de_foi",
            "profession_de_foi_name",
            file_name,
            pdf,
        )
        .await
    }

    /// Stores a list's logo (PNG or JPEG checked by the caller).
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the lists are locked.
    pub async fn set_logo(&self, list_id: i64, mime: &str, image: &[u8]) -> Result<(), StoreError> {
        self.set_list_file(list_id, "logo", "logo_type", mime, image)
            .await
    }

    async fn set_list_file(
        &self,
        list_id: i64,
        column: &str,
        label_column: &str,
        label: &str,
        content: &[u8],
    ) -> Result<(), StoreError> {
        let list = self.list(list_id).await?;
        self.require_lists_open(list.election_id).await?;
        let sql =
            format!("UPDATE candidate_lists SET {column} = ?, {label_column} = ? WHERE id = ?");
        sqlx::query(&self.db.sql(&sql))
            .bind(content.to_vec())
            .bind(label)
            .bind(list_id)
            .execute(self.db.pool())
            .await
            .map_err(StoreError::db("store list file"))?;
        Ok(())
    }

    /// A list's profession de foi: the PDF and its file name.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is none.
    pub async fn profession_de_foi(&self, list_id: i64) -> Result<UploadedFile, StoreError> {
        self.file(
            "SELECT profession_de_foi AS content, profession_de_foi_name AS label \
             FROM candidate_lists WHERE id = ?",
            list_id,
            "profession de foi",
        )
        .await
    }

    /// A list's logo and its MIME type.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is none.
    pub async fn logo(&self, list_id: i64) -> Result<UploadedFile, StoreError> {
        self.file(
            "SELECT logo AS content, logo_type AS label FROM candidate_lists WHERE id = ?",
            list_id,
            "logo",
        )
        .await
    }

    /// Stores a candidate's photo (PNG or JPEG checked by the caller).
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the lists are locked.
    pub async fn set_photo(
        &self,
        candidate_id: i64,
        mime: &str,
        image: &[u8],
    ) -> Result<(), StoreError> {
        let list = self
            .list(self.candidate_list_id(candidate_id).await?)
            .await?;
        self.require_lists_open(list.election_id).await?;
        sqlx::query(
            &self
                .db
                .sql("UPDATE candidates SET photo = ?, photo_type = ? WHERE id = ?"),
        )
        .bind(image.to_vec())
        .bind(mime)
        .bind(candidate_id)
        .execute(self.db.pool())
        .await
        .map_err(StoreError::db("store photo"))?;
        Ok(())
    }

    /// The list a candidate is on.
    ///
    /// # Errors
    /// [`StoreError::NotFound`].
    pub async fn candidate_list_id(&self, candidate_id: i64) -> Result<i64, StoreError> {
        let row = sqlx::query(&self.db.sql("SELECT list_id FROM candidates WHERE id = ?"))
            .bind(candidate_id)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read candidate"))?
            .ok_or(StoreError::NotFound("candidate"))?;
        get(&row, "list_id")
    }

    /// A candidate's photo and its MIME type.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is none.
    pub async fn photo(&self, candidate_id: i64) -> Result<UploadedFile, StoreError> {
        self.file(
            "SELECT photo AS content, photo_type AS label FROM candidates WHERE id = ?",
            candidate_id,
            "photo",
        )
        .await
    }

    async fn file(
        &self,
        sql: &str,
        id: i64,
        what: &'static str,
    ) -> Result<UploadedFile, StoreError> {
        let row = sqlx::query(&self.db.sql(sql))
            .bind(id)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read file"))?
            .ok_or(StoreError::NotFound(what))?;
        match (
            get::<Option<Vec<u8>>>(&row, "content")?,
            get::<Option<String>>(&row, "label")?,
        ) {
            (Some(content), Some(label)) => Ok(UploadedFile { content, label }),
            _ => Err(StoreError::NotFound(what)),
        }
    }
}

fn candidate_list(row: &AnyRow) -> Result<CandidateList, StoreError> {
    Ok(CandidateList {
        id: get(row, "id")?,
        election_id: get(row, "election_id")?,
        union_id: get(row, "union_id")?,
        name: get(row, "name")?,
        profession_de_foi_name: get(row, "profession_de_foi_name")?,
        logo_type: get(row, "logo_type")?,
    })
}

fn candidate(row: &AnyRow) -> Result<Candidate, StoreError> {
    let sex: String = get(row, "sex")?;
    let birth: Option<String> = get(row, "birth_date")?;
    Ok(Candidate {
        id: get(row, "id")?,
        list_id: get(row, "list_id")?,
        position: u32::try_from(get::<i64>(row, "position")?)
            .map_err(|_| StoreError::Invalid("position".to_owned()))?,
        sex: Sex::from_letter(&sex).ok_or_else(|| StoreError::Invalid(format!("sex {sex:?}")))?,
        last_name: get(row, "last_name")?,
        first_name: get(row, "first_name")?,
        birth_date: match birth {
            Some(text) => Some(
                Date::parse(&text)
                    .ok_or_else(|| StoreError::Invalid(format!("birth_date {text:?}")))?,
            ),
            None => None,
        },
        photo_type: get(row, "photo_type")?,
    })
}

//! The organisation (the employer), its establishments and its colleges.

use sqlx::any::AnyRow;

use super::Registry;
use crate::error::StoreError;
use crate::row::get;

/// The employer holding the elections. One per installation.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Organisation {
    /// Raison sociale.
    pub name: String,
    /// SIREN number (9 digits), or empty.
    pub siren: String,
}

/// An establishment (établissement distinct), where a CSE is elected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Establishment {
    /// Row id.
    pub id: i64,
    /// Short code used in voter files, unique.
    pub code: String,
    /// Name.
    pub name: String,
    /// SIRET number (14 digits), or empty.
    pub siret: String,
    /// Postal address.
    pub address: String,
}

/// An electoral college (e.g. 1: ouvriers et employés; 2: techniciens et agents de maîtrise;
/// 3: ingénieurs et cadres).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct College {
    /// Row id.
    pub id: i64,
    /// Short code used in voter files, unique.
    pub code: String,
    /// Name.
    pub name: String,
}

impl Registry {
    /// The organisation, if set up.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn organisation(&self) -> Result<Option<Organisation>, StoreError> {
        let row = sqlx::query("SELECT name, siren FROM organisation ORDER BY id LIMIT 1")
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read organisation"))?;
        row.map(|row| {
            Ok(Organisation {
                name: get(&row, "name")?,
                siren: get(&row, "siren")?,
            })
        })
        .transpose()
    }

    /// Sets the organisation's name and SIREN.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn set_organisation(&self, organisation: &Organisation) -> Result<(), StoreError> {
        let mut tx = self
            .db
            .pool()
            .begin()
            .await
            .map_err(StoreError::db("begin"))?;
        sqlx::query("DELETE FROM organisation")
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("set organisation"))?;
        sqlx::query(
            &self
                .db
                .sql("INSERT INTO organisation (name, siren) VALUES (?, ?)"),
        )
        .bind(&organisation.name)
        .bind(&organisation.siren)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("set organisation"))?;
        tx.commit().await.map_err(StoreError::db("commit"))
    }

    /// Adds an establishment; its code must be new.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the code is taken.
    pub async fn add_establishment(
        &self,
        code: &str,
        name: &str,
        siret: &str,
        address: &str,
    ) -> Result<i64, StoreError> {
        let sql = "INSERT INTO establishments (code, name, siret, address) VALUES (?, ?, ?, ?) \
                   RETURNING id";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(code)
            .bind(name)
            .bind(siret)
            .bind(address)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("add establishment"))?;
        get(&row, "id")
    }

    /// Every establishment, by code.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn establishments(&self) -> Result<Vec<Establishment>, StoreError> {
        sqlx::query("SELECT id, code, name, siret, address FROM establishments ORDER BY code")
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("list establishments"))?
            .iter()
            .map(|row| {
                Ok(Establishment {
                    id: get(row, "id")?,
                    code: get(row, "code")?,
                    name: get(row, "name")?,
                    siret: get(row, "siret")?,
                    address: get(row, "address")?,
                })
            })
            .collect()
    }

    /// Adds a college; its code must be new.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the code is taken.
    pub async fn add_college(&self, code: &str, name: &str) -> Result<i64, StoreError> {
        let sql = "INSERT INTO colleges (code, name) VALUES (?, ?) RETURNING id";
        let row = sqlx::query(&self.db.sql(sql))
            .bind(code)
            .bind(name)
            .fetch_one(self.db.pool())
            .await
            .map_err(StoreError::db("add college"))?;
        get(&row, "id")
    }

    /// Every college, by code.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn colleges(&self) -> Result<Vec<College>, StoreError> {
        sqlx::query("SELECT id, code, name FROM colleges ORDER BY code")
            .fetch_all(self.db.pool())
            .await
            .map_err(StoreError::db("list colleges"))?
            .iter()
            .map(college)
            .collect()
    }
}

fn college(row: &AnyRow) -> Result<College, StoreError> {
    Ok(College {
        id: get(row, "id")?,
        code: get(row, "code")?,
        name: get(row, "name")?,
    })
}

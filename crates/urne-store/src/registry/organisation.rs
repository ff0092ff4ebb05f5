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
    /// Identifiant de convention collective (4 digits), or empty.
    pub idcc: String,
    /// Code NAF (e.g. `2511Z`), or empty.
    pub naf: String,
    /// Date the pre-electoral protocol was signed (`YYYY-MM-DD`), or empty.
    pub protocol_date: String,
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
        let sql = "SELECT name, siren, idcc, naf, protocol_date FROM organisation \
                   ORDER BY id LIMIT 1";
        let row = sqlx::query(sql)
            .fetch_optional(self.db.pool())
            .await
            .map_err(StoreError::db("read organisation"))?;
        row.map(|row| {
            Ok(Organisation {
                name: get(&row, "name")?,
                siren: get(&row, "siren")?,
                idcc: get(&row, "idcc")?,
                naf: get(&row, "naf")?,
                protocol_date: get(&row, "protocol_date")?,
            })
        })
        .transpose()
    }

    /// Sets the organisation: name, SIREN, IDCC, NAF code, date of the protocol.
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
        sqlx::query(&self.db.sql(
            "INSERT INTO organisation (name, siren, idcc, naf, protocol_date) \
                      VALUES (?, ?, ?, ?, ?)",
        ))
        .bind(&organisation.name)
        .bind(&organisation.siren)
        .bind(&organisation.idcc)
        .bind(&organisation.naf)
        .bind(&organisation.protocol_date)
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

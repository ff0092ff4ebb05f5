//! urne's two stores, and the only crate that knows SQL.
//!
//! - The [`Registry`] holds who: the organisation, establishments, colleges, scrutins and
//!   elections, candidate lists, voters, access-code material (hashes only), the émargement,
//!   the journals and the staff accounts.
//! - The [`BallotBox`] holds what: the public election record (events and ballots).
//!
//! They are two databases (two SQLite files, or two PostgreSQL databases or schemas) that share
//! no identifier of a voter or a ballot and no precise timestamp (Code du travail, art. R2314-7;
//! DESIGN.md §2); `tests/it/separation.rs` inspects both schemas to keep it so. Both backends run
//! the same SQL through [`db::Db`] and pass the same tests.
//!
//! Left out: the record's hash chain and batches (the record issue), casting (the voting issue).
#![forbid(unsafe_code)]

pub mod ballot_box;
pub mod batches;
mod credentials;
pub mod db;
pub mod error;
pub mod registry;
mod row;

pub use ballot_box::BallotBox;
pub use db::{Backend, Db};
pub use error::{Conflict, StoreError, Taken};
pub use registry::Registry;

/// The two stores of one installation.
#[derive(Clone, Debug)]
pub struct Stores {
    /// Who: set-up, voters, émargement, journals, staff.
    pub registry: Registry,
    /// What: the public election record.
    pub ballot_box: BallotBox,
}

impl Stores {
    /// Opens (creating them if needed) `registry.sqlite` and `ballot-box.sqlite` in `dir`, and
    /// migrates both.
    ///
    /// # Errors
    /// [`StoreError`] when a file cannot be created or migrated.
    pub async fn open_sqlite_dir(dir: &std::path::Path) -> Result<Stores, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Invalid(format!("{}: {e}", dir.display())))?;
        let registry = Registry::open(Db::open_sqlite(&dir.join("registry.sqlite")).await?).await?;
        let ballot_box =
            BallotBox::open(Db::open_sqlite(&dir.join("ballot-box.sqlite")).await?).await?;
        Ok(Stores {
            registry,
            ballot_box,
        })
    }

    /// Opens both stores from URLs (see [`Db::open_url`]) and migrates them.
    ///
    /// # Errors
    /// [`StoreError`] when a store cannot be reached or migrated, or when both URLs are the
    /// same (the stores must be separate).
    pub async fn open_urls(registry_url: &str, ballot_box_url: &str) -> Result<Stores, StoreError> {
        if registry_url == ballot_box_url {
            return Err(StoreError::Invalid(
                "the registry and the ballot box must be separate databases or schemas".to_owned(),
            ));
        }
        let registry = Registry::open(Db::open_url(registry_url).await?).await?;
        let ballot_box = BallotBox::open(Db::open_url(ballot_box_url).await?).await?;
        Ok(Stores {
            registry,
            ballot_box,
        })
    }
}

//! The registry: who takes part. Set-up (organisation, establishments, colleges, scrutins,
//! elections, unions, candidate lists), voters and their access-code material (hashes only),
//! the émargement, the journals and the staff accounts.
//!
//! Every function takes the time as a parameter (`now`, Unix seconds): the store reads no
//! clock. Changes that an organisateur makes are journaled by the caller through
//! [`Registry::journal`], in the same request, so the journal names the staff member.

mod access;
mod bureau;
mod corrections;
mod emargement;
mod hotline;
mod journal;
mod lists;
mod mailings;
mod organisation;
mod pending;
mod scrutins;
mod staff;
mod voter_sessions;
mod voters;

pub use access::{
    AccessCode, ChallengeKind, CodeCounts, CodeOrigin, PhoneDeclaration, ScrutinElector,
};
pub use bureau::{EmargementRow, Participation};
pub use hotline::{HotlineRequest, NewHotlineRequest};
pub use journal::{JournalEntry, JournalKind};
pub use lists::{Candidate, CandidateList, NewCandidate, Union, UploadedFile};
pub use mailings::{CommunicationRun, CommunicationText, ReturnedLetter};
pub use organisation::{College, Establishment, Organisation};
pub use scrutins::{Body, Election, NewScrutin, Scrutin, ScrutinStatus};
pub use staff::{Role, Session, StaffAccount};
pub use voter_sessions::VoterSession;
pub use voters::{StoredVoter, VoterCount};

use crate::db::{Db, Migration};
use crate::error::StoreError;

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: include_str!("../../migrations/registry/0001_setup.sql"),
    },
    Migration {
        version: 2,
        sql: include_str!("../../migrations/registry/0002_access.sql"),
    },
    Migration {
        version: 3,
        sql: include_str!("../../migrations/registry/0003_birth_index.sql"),
    },
    Migration {
        version: 4,
        sql: include_str!("../../migrations/registry/0004_voting.sql"),
    },
    Migration {
        version: 5,
        sql: include_str!("../../migrations/registry/0005_bureau.sql"),
    },
];

/// The registry store.
#[derive(Clone, Debug)]
pub struct Registry {
    db: Db,
}

impl Registry {
    /// Wraps `db` and applies the registry's migrations.
    ///
    /// # Errors
    /// [`StoreError`] when a migration fails.
    pub async fn open(db: Db) -> Result<Registry, StoreError> {
        db.migrate(MIGRATIONS).await?;
        Ok(Registry { db })
    }

    /// The underlying database (for catalogue inspection and clean-up).
    pub fn db(&self) -> &Db {
        &self.db
    }
}

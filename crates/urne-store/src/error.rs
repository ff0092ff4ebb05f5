//! The store's one error type: what failed, and the database's own error kept as the source.
//!
//! Messages name the operation ("insert voter", "open SQLite") and never a voter's data: they may
//! reach logs.

use std::fmt;

/// An error of the registry or the ballot box.
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// The database refused or failed `operation`.
    Database {
        /// What the store was doing.
        operation: &'static str,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// The row asked for does not exist.
    NotFound(&'static str),
    /// A unique key is already taken, or a state forbids the change (e.g. lists locked).
    Conflict(Conflict),
    /// A value the store cannot accept.
    Invalid(String),
}

impl StoreError {
    /// A closure wrapping a driver error with the operation, for `map_err`.
    pub(crate) fn db(operation: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
        move |source| {
            if let sqlx::Error::Database(db) = &source {
                if db.is_unique_violation() {
                    return StoreError::Conflict(Conflict::Taken(Taken::of(operation)));
                }
            }
            StoreError::Database { operation, source }
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Database { operation, source } => write!(f, "{operation}: {source}"),
            StoreError::NotFound(what) => write!(f, "{what} not found"),
            StoreError::Conflict(conflict) => write!(f, "conflict: {conflict:?}"),
            StoreError::Invalid(what) => write!(f, "invalid: {what}"),
        }
    }
}

/// Why a change was refused: each case is one the pages explain to the user in their words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Conflict {
    /// A unique value is already used.
    Taken(Taken),
    /// The scrutin is no longer being set up (its status: sealed, open or closed).
    NotInSetup(&'static str),
    /// The candidate lists are locked (end of the recette).
    ListsLocked,
    /// A scrutin is sealed or open: the electoral lists are frozen.
    VotersFrozen,
    /// Lists have been filed in the elections to remove.
    ListsFiled,
    /// The last organisateur account cannot be removed.
    LastOrganisateur,
    /// This credential has already cast another ballot.
    OtherBallot,
    /// A hotline request or a returned letter was already dealt with.
    AlreadyDecided,
}

/// Which unique value is already used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Taken {
    /// An establishment's code.
    EstablishmentCode,
    /// A college's code.
    CollegeCode,
    /// A list's name in its election.
    ListName,
    /// A staff login.
    Login,
    /// The same college and body already has an election in this establishment and scrutin.
    Election,
    /// Anything else (a bug if a user ever sees it).
    Other(&'static str),
}

impl Taken {
    /// What the unique violation of `operation` means.
    fn of(operation: &'static str) -> Taken {
        match operation {
            "add establishment" => Taken::EstablishmentCode,
            "add college" => Taken::CollegeCode,
            "add list" => Taken::ListName,
            "add staff" => Taken::Login,
            "add election" => Taken::Election,
            other => Taken::Other(other),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Database { source, .. } => Some(source),
            _ => None,
        }
    }
}

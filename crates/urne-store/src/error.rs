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
    Conflict(String),
    /// A value the store cannot accept.
    Invalid(String),
}

impl StoreError {
    /// A closure wrapping a driver error with the operation, for `map_err`.
    pub(crate) fn db(operation: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
        move |source| {
            if let sqlx::Error::Database(db) = &source {
                if db.is_unique_violation() {
                    return StoreError::Conflict(format!("{operation}: already exists"));
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
            StoreError::Conflict(what) => write!(f, "conflict: {what}"),
            StoreError::Invalid(what) => write!(f, "invalid: {what}"),
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

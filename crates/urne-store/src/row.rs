//! Reading columns from `Any` rows with the store's error type, and the integer conventions
//! (booleans are 0/1, counts are 64-bit) shared by both backends.

use sqlx::any::AnyRow;
use sqlx::{Any, Decode, Row, Type};

use crate::error::StoreError;

/// Column `name` of `row`.
pub(crate) fn get<'r, T>(row: &'r AnyRow, name: &'static str) -> Result<T, StoreError>
where
    T: Decode<'r, Any> + Type<Any>,
{
    row.try_get(name).map_err(StoreError::db(name))
}

/// A boolean stored as an integer.
pub(crate) fn flag(row: &AnyRow, name: &'static str) -> Result<bool, StoreError> {
    Ok(get::<i64>(row, name)? != 0)
}

/// A 32-byte hash stored as a blob, or `None`.
pub(crate) fn hash32(row: &AnyRow, name: &'static str) -> Result<Option<[u8; 32]>, StoreError> {
    match get::<Option<Vec<u8>>>(row, name)? {
        None => Ok(None),
        Some(bytes) => bytes
            .try_into()
            .map(Some)
            .map_err(|_| StoreError::Invalid(format!("{name}: not 32 bytes"))),
    }
}

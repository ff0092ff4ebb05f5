//! JSON adapter of the representativeness (L2122-1 to L2122-3) calculator (`../shared/rules/README.md` §4). Being written.

use serde_json::Value;

use super::input::{error, InputError, Obj};

/// Runs the calculator.
pub(super) fn calculate(_input: &Obj<'_>) -> Result<Value, InputError> {
    Err(error("kind", "this calculator is being written"))
}

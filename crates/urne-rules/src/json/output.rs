//! Writing results as JSON: exact values become JSON numbers only here.

use serde_json::Value;

use crate::number::{is_integer, to_f64, Q};

/// A rational as a JSON number: an integer when whole, else the nearest float.
pub(crate) fn num(x: &Q) -> Value {
    if is_integer(x) {
        if let Ok(n) = i64::try_from(x.numer().clone()) {
            return Value::from(n);
        }
    }
    Value::from(to_f64(x))
}

/// An optional rational, `null` when absent.
pub(crate) fn opt_num(x: &Option<Q>) -> Value {
    x.as_ref().map_or(Value::Null, num)
}

//! Reading a calculator's input (`../shared/rules/README.md` §4): typed accessors that name the
//! field path in every error (`lists[2].votes: must be a number ≥ 0`).

use num_traits::Zero;
use serde_json::{Map, Value};

use crate::date::Date;
use crate::number::{is_integer, parse_decimal, Q};

/// Invalid input: the field path and why. Shown as `error: <path>: <reason>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// Where, as `field.sub[index]`; empty for the whole input.
    pub path: String,
    /// What is wrong.
    pub reason: String,
}

impl core::fmt::Display for InputError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let path = if self.path.is_empty() {
            "(input)"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.reason)
    }
}

impl std::error::Error for InputError {}

/// A JSON object being read, with its path.
#[derive(Clone)]
pub struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

/// A value with its path.
#[derive(Clone)]
pub struct Field<'a> {
    /// The value.
    pub value: &'a Value,
    /// Its path.
    pub path: String,
}

pub(crate) fn error(path: impl Into<String>, reason: impl Into<String>) -> InputError {
    InputError {
        path: path.into(),
        reason: reason.into(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'a> Field<'a> {
    /// This value as an object.
    pub fn object(&self) -> Result<Obj<'a>, InputError> {
        match self.value {
            Value::Object(map) => Ok(Obj {
                map,
                path: self.path.clone(),
            }),
            _ => Err(error(&self.path, "must be an object")),
        }
    }

    /// A number read exactly: with serde_json's `arbitrary_precision`, the literal's own digits.
    pub fn number(&self) -> Result<Q, InputError> {
        match self.value {
            Value::Number(n) => {
                parse_decimal(&n.to_string()).ok_or_else(|| error(&self.path, "must be a number"))
            }
            _ => Err(error(&self.path, "must be a number")),
        }
    }

    /// A number ≥ 0.
    pub fn non_negative(&self) -> Result<Q, InputError> {
        let n = self.number()?;
        if n < Q::zero() {
            return Err(error(&self.path, "must be a number ≥ 0"));
        }
        Ok(n)
    }

    /// An integer ≥ 0.
    pub fn count(&self) -> Result<u64, InputError> {
        let n = self
            .number()
            .map_err(|_| error(&self.path, "must be an integer ≥ 0"))?;
        if n < Q::zero() || !is_integer(&n) {
            return Err(error(&self.path, "must be an integer ≥ 0"));
        }
        u64::try_from(n.numer().clone()).map_err(|_| error(&self.path, "is too large"))
    }

    /// A string.
    pub fn string(&self) -> Result<&'a str, InputError> {
        self.value
            .as_str()
            .ok_or_else(|| error(&self.path, "must be a string"))
    }

    /// A boolean.
    pub fn boolean(&self) -> Result<bool, InputError> {
        self.value
            .as_bool()
            .ok_or_else(|| error(&self.path, "must be true or false"))
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&self) -> Result<Date, InputError> {
        Date::parse(self.string()?).ok_or_else(|| error(&self.path, "must be a date YYYY-MM-DD"))
    }

    /// An array's elements, each with its path.
    pub fn array(&self) -> Result<Vec<Field<'a>>, InputError> {
        let items = self
            .value
            .as_array()
            .ok_or_else(|| error(&self.path, "must be an array"))?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, value)| Field {
                value,
                path: format!("{}[{i}]", self.path),
            })
            .collect())
    }

    /// An object's entries, each with its path, in key order.
    pub fn entries(&self) -> Result<Vec<(&'a str, Field<'a>)>, InputError> {
        let map = self
            .value
            .as_object()
            .ok_or_else(|| error(&self.path, "must be an object"))?;
        Ok(map
            .iter()
            .map(|(k, value)| {
                (
                    k.as_str(),
                    Field {
                        value,
                        path: join(&self.path, k),
                    },
                )
            })
            .collect())
    }

    /// A string or an integer, as text (college identifiers).
    pub fn identifier(&self) -> Result<String, InputError> {
        match self.value {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
            _ => Err(error(&self.path, "must be a string or an integer")),
        }
    }
}

impl<'a> Obj<'a> {
    /// The input's top level, which must be an object.
    pub fn root(value: &'a Value) -> Result<Obj<'a>, InputError> {
        match value {
            Value::Object(map) => Ok(Obj {
                map,
                path: String::new(),
            }),
            _ => Err(error("", "must be a JSON object")),
        }
    }

    /// An optional field (absent or `null` is `None`).
    pub fn get(&self, key: &str) -> Option<Field<'a>> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => Some(Field {
                value,
                path: join(&self.path, key),
            }),
        }
    }

    /// A required field.
    pub fn field(&self, key: &str) -> Result<Field<'a>, InputError> {
        self.get(key)
            .ok_or_else(|| error(join(&self.path, key), "is required"))
    }

    /// An error about `key`.
    pub fn error(&self, key: &str, reason: impl Into<String>) -> InputError {
        error(join(&self.path, key), reason)
    }

    /// Path of this object.
    pub fn path(&self) -> &str {
        &self.path
    }
}

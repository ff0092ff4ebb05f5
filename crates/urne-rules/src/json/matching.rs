//! Whether a calculator's output matches a case's `expected` (`../shared/rules/README.md` §2), and
//! where the first mismatch is (a JSON Pointer into `expected`, RFC 6901).

use serde_json::Value;

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn numbers_match(expected: f64, output: f64) -> bool {
    (output - expected).abs() <= 1e-4 * expected.abs().max(1.0)
}

/// `Ok(())` when `output` matches `expected`; otherwise the pointer of the first mismatch in
/// document order and what differs.
pub fn matches(expected: &Value, output: &Value) -> Result<(), (String, String)> {
    walk(expected, Some(output), String::new())
}

fn walk(expected: &Value, output: Option<&Value>, pointer: String) -> Result<(), (String, String)> {
    let here = |what: String| {
        Err((
            if pointer.is_empty() {
                "/".to_string()
            } else {
                pointer.clone()
            },
            what,
        ))
    };
    let Some(output) = output else {
        return here("missing in the output".into());
    };
    match (expected, output) {
        (Value::Null, Value::Null) => Ok(()),
        (Value::Bool(a), Value::Bool(b)) if a == b => Ok(()),
        (Value::String(a), Value::String(b)) if a == b => Ok(()),
        (Value::Number(a), Value::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(a), Some(b)) if numbers_match(a, b) => Ok(()),
            _ => here(format!("expected {a}, got {b}")),
        },
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return here(format!("expected {} elements, got {}", a.len(), b.len()));
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                walk(x, Some(y), format!("{pointer}/{i}"))?;
            }
            Ok(())
        }
        (Value::Object(a), Value::Object(b)) => {
            for (key, x) in a {
                walk(x, b.get(key), format!("{pointer}/{}", escape(key)))?;
            }
            Ok(())
        }
        (e, o) => here(format!("expected {e}, got {o}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn subset_and_tolerance() {
        assert!(matches(&json!({"a": 1.0}), &json!({"a": 1.00005, "b": 2})).is_ok());
        assert_eq!(
            matches(&json!({"a": {"b": [1, 2]}}), &json!({"a": {"b": [1, 3]}}))
                .unwrap_err()
                .0,
            "/a/b/1"
        );
        assert_eq!(
            matches(&json!({"a/b": true}), &json!({})).unwrap_err().0,
            "/a~1b"
        );
        assert!(matches(&json!(null), &json!(0)).is_err());
        assert!(matches(&json!(1), &json!(true)).is_err());
    }
}

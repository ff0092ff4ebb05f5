//! JSON adapter of the gender balance of a list (`../shared/rules/README.md` §4.5,
//! Code du travail, art. L2314-30): reads the college, the list's size, the seats and an optional
//! submitted list, and writes every output field. The rule itself is [`crate::parity`].

use serde_json::{json, Value};

use super::input::{error, Field, InputError, Obj};
use super::output::num;
use crate::number::Q;
use crate::parity::{check, College, Composition, Exact, ParityError, Sex, MAX_LIST_SIZE};

/// Runs the calculator.
pub(super) fn calculate(input: &Obj<'_>) -> Result<Value, InputError> {
    let college = read_college(input)?;
    let submitted = match input.get("submitted_list") {
        None => None,
        Some(field) => {
            let sexes = field
                .array()?
                .iter()
                .map(|f| {
                    f.value
                        .as_str()
                        .and_then(Sex::from_letter)
                        .ok_or_else(|| error(&f.path, "must be \"F\" or \"H\""))
                })
                .collect::<Result<Vec<Sex>, _>>()?;
            if sexes.is_empty() {
                return Err(error(&field.path, "must not be empty"));
            }
            Some(sexes)
        }
    };
    let list_size = match (input.get("list_size"), &submitted) {
        (Some(field), _) => field.count()?,
        (None, Some(list)) => list.len() as u64,
        (None, None) => return Err(input.error("list_size", "is required (or submitted_list)")),
    };
    let seats = input
        .get("seats")
        .map(|f| f.count())
        .transpose()?
        .unwrap_or(list_size);
    let parity = check(&college, list_size, seats, submitted.as_deref()).map_err(|e| match e {
        ParityError::EmptyList => input.error("list_size", "must be at least 1"),
        ParityError::ListTooLong => {
            input.error("list_size", format!("must be at most {MAX_LIST_SIZE}"))
        }
        ParityError::SeatsBelowListSize => input.error(
            "seats",
            format!("must be ≥ list_size ({list_size}): a list has at most one candidate per seat"),
        ),
        ParityError::SubmittedLength => input.error(
            "submitted_list",
            format!("must have list_size = {list_size} candidates"),
        ),
    })?;
    let valid_orders: Vec<String> = parity.valid_orders.iter().map(|o| order(o)).collect();
    Ok(json!({
        "exact": exact(&parity.exact),
        "allowed": compositions(&parity.allowed),
        "exception": parity.exception.map_or(Value::Null, |e| json!({
            "sex": e.sex.letter().to_string(),
            "women": e.composition.women,
            "men": e.composition.men,
        })),
        "valid_orders": valid_orders,
        "full_list": {
            "exact": exact(&parity.full_list_exact),
            "allowed": compositions(&parity.full_list_allowed),
        },
        "submitted_list_valid": parity.reasons.as_ref().map_or(Value::Null, |r| Value::from(r.is_empty())),
        "reasons": parity.reasons.as_ref().map_or(Value::Null, |r| {
            Value::from(r.iter().map(|reason| reason.name()).collect::<Vec<_>>())
        }),
    }))
}

/// `college`: `{women, men}` (registered electors) or `{women_pct, men_pct}`, not a mix.
fn read_college(input: &Obj<'_>) -> Result<College, InputError> {
    let college = input.field("college")?.object()?;
    let counts = (college.get("women"), college.get("men"));
    let percentages = (college.get("women_pct"), college.get("men_pct"));
    match (counts, percentages) {
        ((Some(women), Some(men)), (None, None)) => {
            College::from_counts(women.count()?, men.count()?).ok_or_else(|| {
                error(
                    college.path(),
                    "has no elector: women + men must be at least 1",
                )
            })
        }
        ((None, None), (Some(women_pct), Some(men_pct))) => {
            let women_pct = percentage(&women_pct)?;
            let men_pct = percentage(&men_pct)?;
            College::from_percentages(&women_pct, &men_pct).ok_or_else(|| {
                error(
                    college.path(),
                    "has no elector: women_pct + men_pct must be above 0",
                )
            })
        }
        _ => Err(error(
            college.path(),
            "give {women, men} or {women_pct, men_pct}",
        )),
    }
}

fn percentage(field: &Field<'_>) -> Result<Q, InputError> {
    let value = field.non_negative()?;
    if value > Q::from_integer(100.into()) {
        return Err(error(&field.path, "must be a number between 0 and 100"));
    }
    Ok(value)
}

fn exact(exact: &Exact) -> Value {
    json!({"women": num(&exact.women), "men": num(&exact.men)})
}

fn compositions(compositions: &[Composition]) -> Value {
    compositions
        .iter()
        .map(|c| json!({"women": c.women, "men": c.men}))
        .collect()
}

fn order(order: &[Sex]) -> String {
    order
        .iter()
        .map(|s| s.letter().to_string())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: Value) -> Result<Value, String> {
        let obj = Obj::root(&input).map_err(|e| e.to_string())?;
        calculate(&obj).map_err(|e| e.to_string())
    }

    /// Code du travail, art. L2314-30: errors name the field.
    #[test]
    fn l2314_30_input_errors_name_the_field() {
        let cases = [
            (
                json!({"college": {"women": 1, "men": 1}, "submitted_list": ["F", "H", "F", "X"]}),
                "submitted_list[3]: must be \"F\" or \"H\"",
            ),
            (
                json!({"college": {"women": 1, "men_pct": 1}, "list_size": 2}),
                "college: give {women, men} or {women_pct, men_pct}",
            ),
            (
                json!({"college": {"women": 1, "men": 1, "women_pct": 50, "men_pct": 50}, "list_size": 2}),
                "college: give {women, men} or {women_pct, men_pct}",
            ),
            (
                json!({"college": {"women": 0, "men": 0}, "list_size": 2}),
                "college: has no elector: women + men must be at least 1",
            ),
            (
                json!({"college": {"women_pct": 120, "men_pct": 0}, "list_size": 2}),
                "college.women_pct: must be a number between 0 and 100",
            ),
            (
                json!({"college": {"women": 1.5, "men": 1}, "list_size": 2}),
                "college.women: must be an integer ≥ 0",
            ),
            (
                json!({"college": {"women": 1, "men": 1}}),
                "list_size: is required (or submitted_list)",
            ),
            (
                json!({"college": {"women": 1, "men": 1}, "list_size": 0}),
                "list_size: must be at least 1",
            ),
            (
                json!({"college": {"women": 1, "men": 1}, "list_size": 3, "seats": 2}),
                "seats: must be ≥ list_size (3): a list has at most one candidate per seat",
            ),
            (
                json!({"college": {"women": 1, "men": 1}, "list_size": 3, "submitted_list": ["F", "H"]}),
                "submitted_list: must have list_size = 3 candidates",
            ),
            (
                json!({"college": {"women": 1, "men": 1}, "submitted_list": []}),
                "submitted_list: must not be empty",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(run(input.clone()), Err(expected.to_string()), "{input}");
        }
    }

    /// Code du travail, art. L2314-30: `list_size` defaults to the submitted list's length and
    /// every output field is present.
    #[test]
    fn l2314_30_output_fields() {
        let out = run(
            json!({"college": {"women": 40, "men": 10}, "submitted_list": ["H", "F", "F", "F"]}),
        )
        .unwrap();
        assert_eq!(out["exact"], json!({"women": 3.2, "men": 0.8}));
        assert_eq!(out["allowed"], json!([{"women": 3, "men": 1}]));
        assert_eq!(out["exception"], Value::Null);
        assert_eq!(out["valid_orders"], json!(["F-H-F-F", "H-F-F-F"]));
        assert_eq!(out["full_list"]["allowed"], json!([{"women": 3, "men": 1}]));
        assert_eq!(out["submitted_list_valid"], json!(true));
        assert_eq!(out["reasons"], json!([]));
    }
}

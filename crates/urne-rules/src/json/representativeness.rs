//! JSON adapter of the unions' electoral audience (`../shared/rules/README.md` §4.6,
//! Code du travail, art. L2122-1 to L2122-3): reads the colleges, catégoriel unions and common
//! lists, checks that they describe one first round, naming the field of every error, and writes
//! every output field. The rule itself is [`crate::representativeness`].
//!
//! College identifiers are strings or integers; `1` and `"1"` name the same college, and each is
//! written back as `first_round_titulaires` gives it.

use std::collections::HashMap;

use num_bigint::BigInt;
use serde_json::{json, Map, Value};

use super::input::{error, Field, InputError, Obj};
use super::output::{num, opt_num};
use crate::number::Q;
use crate::representativeness::{
    measure, College, CommonList, FirstRound, Inconsistency, Place, Scope,
};

/// Union names, each given an index on first sight.
#[derive(Default)]
struct Unions {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Unions {
    fn index_of(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), self.names.len() - 1);
        self.names.len() - 1
    }
}

/// Runs the calculator.
pub(super) fn calculate(input: &Obj<'_>) -> Result<Value, InputError> {
    let mut unions = Unions::default();

    let college_fields = input.field("first_round_titulaires")?.array()?;
    if college_fields.is_empty() {
        return Err(input.error("first_round_titulaires", "must not be empty"));
    }
    let mut college_ids: Vec<Value> = Vec::new();
    let mut college_index: HashMap<String, usize> = HashMap::new();
    let mut colleges = Vec::new();
    for field in &college_fields {
        let entry = field.object()?;
        let id_field = entry.field("college")?;
        let id = id_field.identifier()?;
        if college_index.insert(id.clone(), colleges.len()).is_some() {
            return Err(error(
                &id_field.path,
                format!("college {id} is given twice"),
            ));
        }
        college_ids.push(id_field.value.clone());
        let sve = entry.field("sve")?.count()?;
        let mut ballots = Vec::new();
        if let Some(map) = entry.get("ballots") {
            for (name, count) in map.entries()? {
                ballots.push((unions.index_of(name), count.count()?));
            }
        }
        colleges.push(College { sve, ballots });
    }

    // L2122-2: a catégoriel union's scope; colleges not in the input are ignored (README §4.6).
    let mut categoriel: HashMap<usize, Vec<usize>> = HashMap::new();
    if let Some(map) = input.get("categoriel_unions") {
        for (name, list) in map.entries()? {
            let union = unions.index_of(name);
            let mut scope = Vec::new();
            for college in list.array()? {
                if let Some(&c) = college_index.get(&college.identifier()?) {
                    scope.push(c);
                }
            }
            categoriel.insert(union, scope);
        }
    }

    let mut common_lists = Vec::new();
    let mut common_fields = Vec::new();
    if let Some(lists) = input.get("common_lists") {
        common_fields = lists.array()?;
        for field in &common_fields {
            common_lists.push(common_list(field, &college_index, &mut unions)?);
        }
    }

    let first_round = FirstRound {
        unions: (0..unions.names.len())
            .map(|u| {
                categoriel
                    .remove(&u)
                    .map_or(Scope::AllColleges, Scope::Categoriel)
            })
            .collect(),
        colleges,
        common_lists,
    };
    let audiences = measure(&first_round).map_err(|e| match e {
        Inconsistency::BallotsExceedSve { college, ballots } => error(
            format!("{}.ballots", college_fields[college].path),
            format!(
                "own-list and common-list ballots add up to {ballots}, more than sve = {}",
                first_round.colleges[college].sve
            ),
        ),
        Inconsistency::TooFewUnions { list } => error(
            format!("{}.unions", common_fields[list].path),
            "a common list is presented by at least two unions",
        ),
        Inconsistency::RepeatedUnion { list, union } => error(
            format!("{}.unions", common_fields[list].path),
            format!("{:?} is given twice", unions.names[union]),
        ),
        Inconsistency::BadSplit { list } => error(
            format!("{}.declared_split", common_fields[list].path),
            "the fractions must add up to 1",
        ),
        Inconsistency::UnknownCollege { list } => error(
            format!("{}.college", common_fields[list].path),
            "is not a college of first_round_titulaires",
        ),
        // Unreachable from JSON: every name read above was given an index.
        Inconsistency::UnknownUnion { at } => match at {
            Place::College(c) => error(&college_fields[c].path, "names an unknown union"),
            Place::CommonList(l) => error(&common_fields[l].path, "names an unknown union"),
        },
    })?;

    let (mut votes, mut denominator, mut pct, mut meets, mut scope) =
        (Map::new(), Map::new(), Map::new(), Map::new(), Map::new());
    for (name, audience) in unions.names.iter().zip(&audiences) {
        votes.insert(name.clone(), num(&audience.votes));
        denominator.insert(name.clone(), integer(&audience.denominator));
        pct.insert(name.clone(), opt_num(&audience.pct));
        meets.insert(name.clone(), Value::from(audience.meets_10pct));
        scope.insert(
            name.clone(),
            Value::Array(
                audience
                    .colleges
                    .iter()
                    .map(|&c| college_ids[c].clone())
                    .collect(),
            ),
        );
    }
    let total_sve: BigInt = first_round
        .colleges
        .iter()
        .map(|c| BigInt::from(c.sve))
        .sum();
    Ok(json!({
        "total_sve": integer(&total_sve),
        "votes": votes,
        "denominator": denominator,
        "audience_pct": pct,
        "meets_10pct": meets,
        "colleges": scope,
    }))
}

/// A whole number as JSON (a float only beyond `i64`, as [`num`] does).
fn integer(n: &BigInt) -> Value {
    num(&Q::from_integer(n.clone()))
}

/// One `common_lists[]` entry. Counts, the number of unions and the split's sum are checked by
/// [`measure`]; names are checked here, where they are known.
fn common_list(
    field: &Field<'_>,
    college_index: &HashMap<String, usize>,
    unions: &mut Unions,
) -> Result<CommonList, InputError> {
    let list = field.object()?;
    let college_field = list.field("college")?;
    let college = *college_index
        .get(&college_field.identifier()?)
        .ok_or_else(|| {
            error(
                &college_field.path,
                "is not a college of first_round_titulaires",
            )
        })?;
    let mut members = Vec::new();
    for union in list.field("unions")?.array()? {
        members.push(unions.index_of(union.string()?));
    }
    let ballots = list.field("ballots")?.count()?;
    let declared_split = match list.get("declared_split") {
        None => None,
        Some(map) => {
            // One fraction per union of the list, in list order; a union the split leaves out
            // gets 0.
            let mut split = vec![Q::from_integer(BigInt::from(0)); members.len()];
            for (name, fraction) in map.entries()? {
                let position = unions
                    .index
                    .get(name)
                    .and_then(|u| members.iter().position(|m| m == u))
                    .ok_or_else(|| error(&fraction.path, "is not one of the list's unions"))?;
                split[position] = fraction.non_negative()?;
            }
            Some(split)
        }
    };
    let split_published_before_vote = list
        .get("split_published_before_vote")
        .map(|f| f.boolean())
        .transpose()?
        .unwrap_or(false);
    Ok(CommonList {
        college,
        unions: members,
        ballots,
        declared_split,
        split_published_before_vote,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::json::run;

    fn fails(input: serde_json::Value, path: &str) {
        let e = run("representativeness", &input).unwrap_err();
        assert_eq!(e.path, path, "{e}");
    }

    /// Code du travail, art. L2122-3: the output keeps 151/3 exact and college ids as given.
    #[test]
    fn l2122_3_output_fields() {
        let out = run(
            "representativeness",
            &json!({
                "first_round_titulaires": [{"college": 1, "sve": 600}, {"college": "2", "sve": 0}],
                "common_lists": [{"college": "1", "unions": ["A", "B", "C"], "ballots": 151}],
                "categoriel_unions": {"C": [2, 9]},
            }),
        )
        .unwrap();
        assert_eq!(out["total_sve"], json!(600));
        assert_eq!(out["votes"]["A"], json!(151.0 / 3.0));
        assert_eq!(out["colleges"]["A"], json!([1, "2"]));
        assert_eq!(out["colleges"]["C"], json!(["2"]));
        assert_eq!(out["votes"]["C"], json!(0));
        assert_eq!(out["denominator"]["C"], json!(0));
        assert_eq!(out["audience_pct"]["C"], json!(null));
        assert_eq!(out["meets_10pct"]["C"], json!(false));
    }

    /// Code du travail, art. L2122-1 to L2122-3: inconsistent inputs name their field.
    #[test]
    fn l2122_3_errors_name_the_field() {
        let college = |sve: u64| json!([{"college": 1, "sve": sve, "ballots": {"A": 50}}]);
        fails(
            json!({"first_round_titulaires": []}),
            "first_round_titulaires",
        );
        fails(
            json!({"first_round_titulaires": [{"college": 1, "sve": 1}, {"college": "1", "sve": 1}]}),
            "first_round_titulaires[1].college",
        );
        fails(
            json!({"first_round_titulaires": college(99),
                   "common_lists": [{"college": 1, "unions": ["B", "C"], "ballots": 50}]}),
            "first_round_titulaires[0].ballots",
        );
        fails(
            json!({"first_round_titulaires": college(100),
                   "common_lists": [{"college": 2, "unions": ["B", "C"], "ballots": 5}]}),
            "common_lists[0].college",
        );
        fails(
            json!({"first_round_titulaires": college(100),
                   "common_lists": [{"college": 1, "unions": ["B"], "ballots": 5}]}),
            "common_lists[0].unions",
        );
        fails(
            json!({"first_round_titulaires": college(100),
                   "common_lists": [{"college": 1, "unions": ["B", "B"], "ballots": 5}]}),
            "common_lists[0].unions",
        );
        fails(
            json!({"first_round_titulaires": college(100),
                   "common_lists": [{"college": 1, "unions": ["B", "C"], "ballots": 5,
                                     "declared_split": {"B": 0.5, "A": 0.5}}]}),
            "common_lists[0].declared_split.A",
        );
        fails(
            json!({"first_round_titulaires": college(100),
                   "common_lists": [{"college": 1, "unions": ["B", "C"], "ballots": 5,
                                     "declared_split": {"B": 0.5, "C": 0.4}}]}),
            "common_lists[0].declared_split",
        );
    }
}

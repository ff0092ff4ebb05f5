//! The JSON interface of the calculators (`../shared/rules/README.md` §4): one function per
//! kind, JSON in, JSON out, and [`matching::matches`] for the golden-case runner. Pure: the
//! binary reads the files.

pub mod input;
pub mod matching;
mod output;
mod parity;
mod representativeness;
mod totals;

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use crate::allocation::{allocate, list_votes_from_candidates, ListInput, Surplus, TieError};
use crate::number::{is_integer, Q};
use input::{error, Field, InputError, Obj};
use output::{num, opt_num};

/// The calculators, by case kind, with their command names.
pub const KINDS: [(&str, &str); 7] = [
    ("seats_by_headcount", "seats"),
    ("quorum", "quorum"),
    ("allocation", "allocate"),
    ("ratures", "ratures"),
    ("parity", "parity"),
    ("representativeness", "representativeness"),
    ("personal_score", "personal-score"),
];

/// Runs the calculator of `kind` (a case kind) on `input`.
///
/// # Errors
/// [`InputError`] naming the field, or an unknown kind (path `kind`).
pub fn run(kind: &str, input: &Value) -> Result<Value, InputError> {
    let obj = Obj::root(input)?;
    match kind {
        "seats_by_headcount" => seats(&obj),
        "quorum" => quorum(&obj),
        "allocation" => allocation(&obj),
        "ratures" => ratures(&obj),
        "personal_score" => personal_score(&obj),
        "parity" => parity::calculate(&obj),
        "representativeness" => representativeness::calculate(&obj),
        _ => Err(error("kind", format!("unknown kind {kind:?}"))),
    }
}

/// The case kind of a command name (`allocate` → `allocation`).
pub fn kind_of_command(command: &str) -> Option<&'static str> {
    KINDS.iter().find(|(_, c)| *c == command).map(|(k, _)| *k)
}

fn seats(input: &Obj<'_>) -> Result<Value, InputError> {
    let headcount = input.field("headcount")?.non_negative()?;
    let s = crate::seats::seats_by_headcount(&headcount);
    Ok(json!({
        "cse_required": s.cse_required,
        "titulaires": s.titulaires,
        "suppleants": s.suppleants,
        "hours_per_titulaire_per_month": s.hours_per_titulaire_per_month,
        "total_hours_per_month": s.titulaires * s.hours_per_titulaire_per_month,
        "single_college": s.single_college,
        "band": s.band.map_or(Value::Null, |(from, to)| json!({"from": from, "to": to})),
    }))
}

fn quorum(input: &Obj<'_>) -> Result<Value, InputError> {
    if input.get("sve").is_none() && input.get("votants").is_none() {
        return Err(input.error("sve", "is required (or votants)"));
    }
    let totals = totals::read(input, None, true)?;
    let quorum = crate::quorum::quorum(&totals);
    Ok(json!({
        "round": totals.round,
        "sve": totals.sve,
        "quorum": totals::quorum_json(&quorum),
        "second_round_required": crate::quorum::second_round_required(&totals),
    }))
}

fn unique_id(field: &Field<'_>, seen: &mut HashSet<String>) -> Result<String, InputError> {
    let id = field.string()?.to_string();
    if !seen.insert(id.clone()) {
        return Err(error(&field.path, format!("{id:?} is given twice")));
    }
    Ok(id)
}

fn allocation(input: &Obj<'_>) -> Result<Value, InputError> {
    let seats = input.field("seats")?.count()?;
    if seats == 0 {
        return Err(input.error("seats", "must be at least 1"));
    }
    let mut ids = Vec::new();
    let mut lists = Vec::new();
    let mut seen = HashSet::new();
    let mut whole_votes = true;
    let list_fields = input.field("lists")?.array()?;
    for field in &list_fields {
        let list = field.object()?;
        ids.push(unique_id(&list.field("id")?, &mut seen)?);
        let candidates = list.get("candidates").map(|f| f.count()).transpose()?;
        if candidates == Some(0) {
            return Err(list.error("candidates", "must be at least 1"));
        }
        let (votes, candidates) = match (list.get("votes"), list.get("candidate_votes")) {
            (Some(votes), None) => {
                let votes = votes.non_negative()?;
                whole_votes &= is_integer(&votes);
                (votes, candidates)
            }
            (None, Some(field)) => {
                let each = field
                    .array()?
                    .iter()
                    .map(Field::non_negative)
                    .collect::<Result<Vec<Q>, _>>()?;
                if each.is_empty() {
                    return Err(list.error("candidate_votes", "must list at least one candidate"));
                }
                if candidates.is_some_and(|n| n != each.len() as u64) {
                    return Err(
                        list.error("candidates", "must equal the number of candidate_votes")
                    );
                }
                whole_votes = false;
                (list_votes_from_candidates(&each), Some(each.len() as u64))
            }
            (Some(_), Some(_)) => {
                return Err(list.error("votes", "give votes or candidate_votes, not both"))
            }
            (None, None) => return Err(list.error("votes", "is required (or candidate_votes)")),
        };
        let birthdates = match list.get("birthdates") {
            None => Vec::new(),
            Some(f) => f
                .array()?
                .iter()
                .map(Field::date)
                .collect::<Result<_, _>>()?,
        };
        lists.push(ListInput {
            votes,
            candidates,
            birthdates,
        });
    }
    let sum: Q = lists.iter().map(|l| l.votes.clone()).sum();
    let totals = totals::read(input, whole_votes.then_some(&sum), false)?;
    if sum > Q::from_integer(totals.sve.into()) {
        return Err(input.error(
            "lists",
            format!("the lists' votes add up to more than sve = {}", totals.sve),
        ));
    }
    let options = input.get("options").map(|o| o.object()).transpose()?;
    let surplus = match options.as_ref().and_then(|o| o.get("surplus_seats")) {
        None => Surplus::Vacant,
        Some(f) => match f.string()? {
            "vacant" => Surplus::Vacant,
            "redistribute" => Surplus::Redistribute,
            _ => return Err(error(&f.path, "must be \"vacant\" or \"redistribute\"")),
        },
    };
    if surplus == Surplus::Redistribute {
        let limited: Option<u64> = lists.iter().map(|l| l.candidates).sum();
        if limited.is_some_and(|total| total < seats) {
            return Err(input.error(
                "seats",
                "more seats than candidates in all lists: nothing to redistribute to",
            ));
        }
    }
    let result = allocate(&totals, seats, &lists, surplus).map_err(|e| match e {
        TieError::MissingBirthdate { list, index } => error(
            format!("lists[{list}].birthdates[{index}]"),
            "is needed to break a tie (R2314-21: the older candidate)",
        ),
        TieError::SameBirthdate { list, index } => error(
            format!("lists[{list}].birthdates[{index}]"),
            "ties with another list's next candidate: unresolvable",
        ),
    })?;
    let by_id = |values: &[u64]| -> Value {
        Value::Object(
            ids.iter()
                .zip(values)
                .map(|(id, v)| (id.clone(), Value::from(*v)))
                .collect::<Map<_, _>>(),
        )
    };
    let steps: Vec<Value> = result
        .steps
        .iter()
        .map(|step| {
            let averages: Map<String, Value> = step.averages.iter().map(|(i, a)| (ids[*i].clone(), num(a))).collect();
            json!({"seat_no": step.seat_no, "averages": averages, "winner": ids[step.winner], "rule": step.rule.name()})
        })
        .collect();
    let list_votes: Map<String, Value> = ids
        .iter()
        .zip(&lists)
        .map(|(id, l)| (id.clone(), num(&l.votes)))
        .collect();
    Ok(json!({
        "round": totals.round,
        "sve": totals.sve,
        "quorum": totals::quorum_json(&result.quorum),
        "seats_allocated": result.seats_allocated,
        "list_votes": list_votes,
        "quotient": opt_num(&result.quotient),
        "seats_by_quotient": by_id(&result.seats_by_quotient),
        "highest_average_steps": steps,
        "entitlement": by_id(&result.entitlement),
        "seats": by_id(&result.seats),
        "unfilled": result.unfilled,
        "second_round_required": result.second_round_required,
    }))
}

fn ratures(input: &Obj<'_>) -> Result<Value, InputError> {
    let list_ballots = input.field("list_ballots")?.count()?;
    let seats_won = input.field("seats_won")?.count()?;
    let fields = input.field("candidates")?.array()?;
    if fields.is_empty() {
        return Err(input.error("candidates", "must not be empty"));
    }
    let mut ids = Vec::new();
    let mut seen = HashSet::new();
    let mut positions = HashSet::new();
    let mut candidates = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let c = field.object()?;
        ids.push(unique_id(&c.field("id")?, &mut seen)?);
        let position = c
            .get("position")
            .map(|f| f.count())
            .transpose()?
            .unwrap_or(index as u64 + 1);
        if position == 0 || !positions.insert(position) {
            return Err(c.error("position", "must be ≥ 1 and unique"));
        }
        let ratures = c.field("ratures")?.count()?;
        if ratures > list_ballots {
            return Err(c.error("ratures", "exceeds list_ballots"));
        }
        candidates.push(crate::ratures::Candidate { position, ratures });
    }
    let d = crate::ratures::designate(list_ballots, seats_won, &candidates);
    let sum: u64 = d.candidate_votes.iter().sum();
    if list_ballots > 0 && sum < list_ballots {
        return Err(input.error(
            "candidates",
            "the candidates' votes add up to less than list_ballots: some ballot would cross out every name, and such a ballot is blank",
        ));
    }
    let map =
        |values: Vec<Value>| -> Value { Value::Object(ids.iter().cloned().zip(values).collect()) };
    Ok(json!({
        "threshold_votes": num(&d.threshold_votes),
        "candidate_votes": map(d.candidate_votes.iter().map(|&v| Value::from(v)).collect()),
        "ratures_taken_into_account": map(d.taken_into_account.iter().map(|&b| Value::from(b)).collect()),
        "designation_order": d.order.iter().map(|&i| ids[i].clone()).collect::<Vec<_>>(),
        "elected": d.elected.iter().map(|&i| ids[i].clone()).collect::<Vec<_>>(),
        "unfilled": d.unfilled,
        "candidate_votes_sum": sum,
        "list_votes": num(&d.list_votes),
    }))
}

fn personal_score(input: &Obj<'_>) -> Result<Value, InputError> {
    let sve = input.field("sve")?.count()?;
    let list_ballots = input.field("list_ballots")?.count()?;
    if list_ballots > sve {
        return Err(input.error("list_ballots", "exceeds sve"));
    }
    let fields = input.field("candidates")?.array()?;
    if fields.is_empty() {
        return Err(input.error("candidates", "must not be empty"));
    }
    let (mut votes, mut pct, mut meets) = (Map::new(), Map::new(), Map::new());
    let mut seen = HashSet::new();
    for field in &fields {
        let c = field.object()?;
        let id = unique_id(&c.field("id")?, &mut seen)?;
        let ratures = c.field("ratures")?.count()?;
        if ratures > list_ballots {
            return Err(c.error("ratures", "exceeds list_ballots"));
        }
        let score = crate::personal_score::personal_score(sve, list_ballots, ratures);
        votes.insert(id.clone(), Value::from(score.personal_votes));
        pct.insert(id.clone(), opt_num(&score.pct));
        meets.insert(id, Value::from(score.meets_10pct));
    }
    Ok(json!({
        "threshold_votes": num(&crate::number::ratio(sve as i64, 10)),
        "list_audience_pct": opt_num(&crate::personal_score::list_audience_pct(sve, list_ballots)),
        "personal_votes": votes,
        "personal_score_pct": pct,
        "meets_10pct": meets,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `../shared/rules/README.md` §4: input numbers are read exactly, even with more digits than a
    /// double holds (0.1000000000000000000001 is not 0.1).
    #[test]
    fn numbers_are_read_exactly() {
        let input: Value =
            serde_json::from_str(r#"{"headcount": 10.9999999999999999999999}"#).unwrap();
        assert_eq!(
            run("seats_by_headcount", &input).unwrap()["cse_required"],
            false
        );
        let input: Value =
            serde_json::from_str(r#"{"headcount": 11.0000000000000000000001}"#).unwrap();
        assert_eq!(
            run("seats_by_headcount", &input).unwrap()["cse_required"],
            true
        );
    }
}

//! Reading the totals of a scrutin (`../shared/rules/README.md` §4.2), shared by `quorum` and
//! `allocate`, with every consistency rule of the README.

use serde_json::{json, Value};

use super::input::{InputError, Obj};
use super::output::num;
use crate::number::{is_integer, Q};
use crate::quorum::{Quorum, QuorumBase, Totals};

/// Reads the totals; `list_votes_sum` is the sum of list votes when every list gave whole `votes`
/// (the last way to derive SVE, `allocate` only).
pub(crate) fn read(
    input: &Obj<'_>,
    list_votes_sum: Option<&Q>,
    require_inscrits: bool,
) -> Result<Totals, InputError> {
    let round = match input.get("round") {
        None => 1,
        Some(field) => match field.count()? {
            1 => 1,
            2 => 2,
            _ => return Err(input.error("round", "must be 1 or 2")),
        },
    };
    let inscrits = input.get("inscrits").map(|f| f.count()).transpose()?;
    if require_inscrits && inscrits.is_none() {
        return Err(input.error("inscrits", "is required"));
    }
    let votants = input.get("votants").map(|f| f.count()).transpose()?;
    let blancs = input.get("blancs").map(|f| f.count()).transpose()?;
    let nuls = input.get("nuls").map(|f| f.count()).transpose()?;
    let given_sve = input.get("sve").map(|f| f.count()).transpose()?;
    let (b, n) = (blancs.unwrap_or(0), nuls.unwrap_or(0));
    let sve = match (given_sve, votants) {
        (Some(sve), _) => sve,
        (None, Some(v)) => v
            .checked_sub(b + n)
            .ok_or_else(|| input.error("votants", "is less than blancs + nuls"))?,
        (None, None) => match list_votes_sum {
            Some(sum) if is_integer(sum) => u64::try_from(sum.numer().clone())
                .map_err(|_| input.error("sve", "is too large"))?,
            _ => return Err(input.error("sve", "is required (or votants)")),
        },
    };
    if let (Some(sve), Some(v)) = (given_sve, votants) {
        if v < sve {
            return Err(input.error("votants", "is less than sve"));
        }
        if (blancs.is_some() || nuls.is_some()) && v != sve + b + n {
            return Err(input.error(
                "votants",
                format!("must equal sve + blancs + nuls = {}", sve + b + n),
            ));
        }
    }
    let quorum_base = match input
        .get("options")
        .map(|o| o.object())
        .transpose()?
        .and_then(|o| o.get("quorum_base"))
    {
        None => QuorumBase::Sve,
        Some(field) => match field.string()? {
            "sve" => QuorumBase::Sve,
            "votants" => QuorumBase::Votants,
            _ => {
                return Err(InputError {
                    path: field.path.clone(),
                    reason: "must be \"sve\" or \"votants\"".into(),
                })
            }
        },
    };
    if let Some(inscrits) = inscrits {
        let counted = votants.unwrap_or(sve + b + n);
        if counted > inscrits {
            return Err(input.error("inscrits", "is less than the ballots cast"));
        }
    }
    Ok(Totals {
        round,
        inscrits,
        votants: votants.unwrap_or(sve + b + n),
        sve,
        quorum_base,
    })
}

/// The quorum object.
pub(crate) fn quorum_json(quorum: &Option<Quorum>) -> Value {
    match quorum {
        None => Value::Null,
        Some(q) => json!({
            "required": q.required,
            "base": q.base.name(),
            "counted": q.counted,
            "threshold": num(&q.threshold),
            "reached": q.reached,
        }),
    }
}

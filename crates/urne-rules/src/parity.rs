//! Balanced representation of women and men on one candidate list (`../shared/rules/README.md`
//! §4.5).
//!
//! Code du travail, art. L2314-30: in each college, a union list with several candidates holds
//! as many women and men as their shares of the college's electors (al. 1), rounded
//! arithmetically: up when the decimal part is ≥ 0.5, down otherwise (al. 2); with an odd number
//! of seats and exactly as many women as men, one more woman or one more man, either way
//! (al. 3). Candidates alternate, one of each sex, until one sex runs out (al. 1). The rule holds
//! for the titulaires' list and for the suppléants' list (al. 4). When it would exclude a sex
//! entirely, the list may hold one candidate of that sex, never in first position (last al.;
//! Cass. soc. 11 déc. 2019 n° 18-26.568).
//!
//! The case law fills two gaps: an incomplete list applies the shares to the candidates it
//! presents, but keeps every sex that a complete list would hold (Cass. soc. 17 avr. 2019
//! n° 17-26.724, 1er juill. 2020 n° 19-14.222); and the rule binds union lists only, at both
//! rounds, not *candidatures libres* at the second round (Cass. soc. 25 nov. 2020 n° 19-60.222),
//! which is the caller's choice of list to check.
//!
//! Where the texts are silent this module follows README §5: any exact .5 pair (not only al. 3's
//! equal college) admits either composition; a single-seat list may be of either sex, since
//! al. 1 speaks of lists "qui comportent plusieurs candidats"; an incomplete list keeps every sex
//! a complete list would have.
//!
//! Left out: the sanctions of art. L2314-32 (annulment of the elected of the over-represented
//! sex, or of those badly placed). They are for the judge after the vote; this module only checks
//! lists before it.

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use crate::number::{floor, ratio, Q};

/// The largest list this module checks.
///
/// R2314-1 gives at most 35 titulaires and a PAP may raise that, but no college comes near this
/// bound; it keeps the valid orders (one string of `list_size` letters each) small in memory on
/// untrusted input.
pub const MAX_LIST_SIZE: u64 = 10_000;

/// A sex as written on French forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sex {
    /// A woman, `F`.
    Woman,
    /// A man, `H`.
    Man,
}

impl Sex {
    /// Both sexes, women first.
    pub const BOTH: [Sex; 2] = [Sex::Woman, Sex::Man];

    /// The letter of French forms: `F` or `H`.
    pub fn letter(self) -> char {
        match self {
            Sex::Woman => 'F',
            Sex::Man => 'H',
        }
    }

    /// `F` or `H` read back.
    pub fn from_letter(letter: &str) -> Option<Sex> {
        match letter {
            "F" => Some(Sex::Woman),
            "H" => Some(Sex::Man),
            _ => None,
        }
    }

    /// The other sex.
    pub fn other(self) -> Sex {
        match self {
            Sex::Woman => Sex::Man,
            Sex::Man => Sex::Woman,
        }
    }
}

/// The shares of women and men among a college's registered electors.
///
/// Invariant: both shares are in [0, 1] and add up to 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct College {
    women: Q,
    men: Q,
}

impl College {
    /// From the registered electors of each sex; `None` when the college is empty.
    pub fn from_counts(women: u64, men: u64) -> Option<College> {
        College::from_weights(
            Q::from_integer(BigInt::from(women)),
            Q::from_integer(BigInt::from(men)),
        )
    }

    /// From percentages of each sex, each in [0, 100]; they are normalised by their sum, so
    /// rounded percentages (33.3 and 66.7) need not add up to exactly 100. `None` when a
    /// percentage is out of range or both are 0.
    pub fn from_percentages(women_pct: &Q, men_pct: &Q) -> Option<College> {
        let hundred = Q::from_integer(BigInt::from(100));
        if *women_pct > hundred || *men_pct > hundred {
            return None;
        }
        College::from_weights(women_pct.clone(), men_pct.clone())
    }

    fn from_weights(women: Q, men: Q) -> Option<College> {
        if women.is_negative() || men.is_negative() {
            return None;
        }
        let total = &women + &men;
        if total.is_zero() {
            return None;
        }
        Some(College {
            women: women / &total,
            men: men / total,
        })
    }

    /// The share of `sex`: `women / (women + men)` or `men / (women + men)`.
    pub fn share(&self, sex: Sex) -> &Q {
        match sex {
            Sex::Woman => &self.women,
            Sex::Man => &self.men,
        }
    }
}

/// Numbers of women and men on a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Composition {
    /// Women.
    pub women: u64,
    /// Men.
    pub men: u64,
}

impl Composition {
    /// The number of candidates of `sex`.
    pub fn of(self, sex: Sex) -> u64 {
        match sex {
            Sex::Woman => self.women,
            Sex::Man => self.men,
        }
    }

    /// One candidate of `sex` and `n − 1` of the other.
    fn one_of(sex: Sex, n: u64) -> Composition {
        let others = n.saturating_sub(1);
        match sex {
            Sex::Woman => Composition {
                women: 1,
                men: others,
            },
            Sex::Man => Composition {
                women: others,
                men: 1,
            },
        }
    }

    /// The composition of a list.
    pub fn of_list(list: &[Sex]) -> Composition {
        let women = list.iter().filter(|&&s| s == Sex::Woman).count() as u64;
        Composition {
            women,
            men: list.len() as u64 - women,
        }
    }
}

/// `n·share` of each sex, unrounded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exact {
    /// `n·share_F`.
    pub women: Q,
    /// `n·share_H`.
    pub men: Q,
}

/// The composition the exclusion exception allows (L2314-30, last al.).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exception {
    /// The sex the rounding would exclude; it gets one candidate, never first.
    pub sex: Sex,
    /// One candidate of `sex`, the rest of the other.
    pub composition: Composition,
}

/// Why a submitted list is not valid, in the order they are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// Its counts are neither an allowed composition nor the exception.
    Composition,
    /// Two consecutive candidates of one sex while the other sex has candidates further down.
    Alternation,
    /// Its first candidate's sex has 0 candidates in every allowed composition.
    FirstPosition,
}

impl Reason {
    /// The name used in results.
    pub fn name(self) -> &'static str {
        match self {
            Reason::Composition => "composition",
            Reason::Alternation => "alternation",
            Reason::FirstPosition => "first_position",
        }
    }
}

/// What L2314-30 requires of a list, and whether a submitted list meets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parity {
    /// `n·share` for the `n` candidates presented.
    pub exact: Exact,
    /// The compositions allowed for `n` candidates, women descending; empty when no list of
    /// this size is valid.
    pub allowed: Vec<Composition>,
    /// The exclusion exception, when it applies.
    pub exception: Option<Exception>,
    /// Every valid order, sorted (`F` before `H`).
    pub valid_orders: Vec<Vec<Sex>>,
    /// `n·share` for a complete list of `seats` candidates.
    pub full_list_exact: Exact,
    /// The compositions allowed for a complete list.
    pub full_list_allowed: Vec<Composition>,
    /// For a submitted list, why it is not valid (empty when it is valid).
    pub reasons: Option<Vec<Reason>>,
}

/// A list that cannot be checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParityError {
    /// The list has no candidate.
    EmptyList,
    /// The list has more than [`MAX_LIST_SIZE`] candidates.
    ListTooLong,
    /// Fewer seats than candidates.
    SeatsBelowListSize,
    /// The submitted list does not have `list_size` candidates.
    SubmittedLength,
}

/// Checks a list of `list_size` candidates for `seats` seats, and `submitted` if given
/// (Code du travail, art. L2314-30).
///
/// # Errors
/// [`ParityError`] when `list_size` is 0 or above [`MAX_LIST_SIZE`], `seats` < `list_size`, or
/// `submitted` is not `list_size` long.
pub fn check(
    college: &College,
    list_size: u64,
    seats: u64,
    submitted: Option<&[Sex]>,
) -> Result<Parity, ParityError> {
    if list_size == 0 {
        return Err(ParityError::EmptyList);
    }
    if list_size > MAX_LIST_SIZE {
        return Err(ParityError::ListTooLong);
    }
    if seats < list_size {
        return Err(ParityError::SeatsBelowListSize);
    }
    if submitted.is_some_and(|list| list.len() as u64 != list_size) {
        return Err(ParityError::SubmittedLength);
    }
    let full_list_allowed = rounded(college, seats, seats);
    let mut allowed = rounded(college, list_size, seats);
    if list_size < seats {
        allowed = keep_sexes_of_full_list(allowed, &full_list_allowed, list_size);
    }
    allowed.sort_by_key(|c| std::cmp::Reverse(c.women));
    allowed.dedup();
    let exception = exclusion_exception(college, list_size, &allowed);
    let mut valid_orders: Vec<Vec<Sex>> = allowed
        .iter()
        .flat_map(|&c| Sex::BOTH.into_iter().filter_map(move |s| alternating(c, s)))
        .chain(exception.and_then(|e| alternating(e.composition, e.sex.other())))
        .collect();
    valid_orders.sort();
    valid_orders.dedup();
    let reasons = submitted.map(|list| reasons(list, &allowed, exception));
    Ok(Parity {
        exact: exact(college, list_size),
        allowed,
        exception,
        valid_orders,
        full_list_exact: exact(college, seats),
        full_list_allowed,
        reasons,
    })
}

fn exact(college: &College, n: u64) -> Exact {
    let n = Q::from_integer(BigInt::from(n));
    Exact {
        women: &n * college.share(Sex::Woman),
        men: n * college.share(Sex::Man),
    }
}

/// L2314-30 al. 2: up when the decimal part is ≥ 0.5, down otherwise, on the exact rational
/// (half up: ⌊x + 1/2⌋).
fn round_half_up(x: &Q) -> BigInt {
    floor(&(x + ratio(1, 2)))
}

/// A count between 0 and `n` as a `u64`. Every caller passes `n·share` rounded one way or the
/// other, which is in [0, n] because a share is in [0, 1]; clamping only keeps the type honest.
fn count_within(x: BigInt, n: u64) -> u64 {
    u64::try_from(x).map_or(n, |c| c.min(n))
}

/// `rounded(n)` of README §4.5, for a list of `n` candidates where `seats` are to be filled.
///
/// L2314-30 al. 2 rounds each sex on its own; since the shares add up to 1 the two rounded counts
/// add up to `n`, except when both decimal parts are exactly 0.5, where rounding both up would
/// give `n + 1`. Al. 3 settles that for an equal college and an odd number of seats ("un homme ou
/// une femme supplémentaire", either way); README §5 extends it to any exact .5 pair (30 % of 5
/// seats is 1.5), the only reading that keeps the list at `n` without favouring a sex.
///
/// A single seat takes one candidate of either sex that has electors: al. 1 binds lists "qui
/// comportent plusieurs candidats" (README §5).
fn rounded(college: &College, n: u64, seats: u64) -> Vec<Composition> {
    if seats == 1 {
        return Sex::BOTH
            .into_iter()
            .filter(|&s| college.share(s).is_positive())
            .map(|s| Composition::one_of(s, 1))
            .collect();
    }
    let exact = exact(college, n);
    let half = ratio(1, 2);
    let fraction = |x: &Q| x - Q::from_integer(floor(x));
    if fraction(&exact.women) == half && fraction(&exact.men) == half {
        let (women_low, men_low) = (
            count_within(floor(&exact.women), n),
            count_within(floor(&exact.men), n),
        );
        return vec![
            Composition {
                women: women_low + 1,
                men: men_low,
            },
            Composition {
                women: women_low,
                men: men_low + 1,
            },
        ];
    }
    vec![Composition {
        women: count_within(round_half_up(&exact.women), n),
        men: count_within(round_half_up(&exact.men), n),
    }]
}

/// An incomplete list (fewer candidates than seats) keeps every sex that has a candidate in each
/// composition of the complete list (Cass. soc. 17 avr. 2019 n° 17-26.724, 1er juill. 2020
/// n° 19-14.222): where such a sex has 0, it gets 1 and the other sex the rest. A composition
/// that cannot keep them all (one candidate for two required sexes) is dropped.
fn keep_sexes_of_full_list(
    allowed: Vec<Composition>,
    full_list: &[Composition],
    n: u64,
) -> Vec<Composition> {
    let required: Vec<Sex> = Sex::BOTH
        .into_iter()
        .filter(|&s| !full_list.is_empty() && full_list.iter().all(|c| c.of(s) > 0))
        .collect();
    allowed
        .into_iter()
        .filter_map(|mut composition| {
            for &sex in &required {
                if composition.of(sex) == 0 {
                    composition = Composition::one_of(sex, n);
                }
            }
            required
                .iter()
                .all(|&s| composition.of(s) > 0)
                .then_some(composition)
        })
        .collect()
}

/// L2314-30, last al. (Cass. soc. 11 déc. 2019 n° 18-26.568): when the rounding leaves a sex that
/// has electors with no candidate at all, a list of several candidates may hold one of that sex.
fn exclusion_exception(college: &College, n: u64, allowed: &[Composition]) -> Option<Exception> {
    if n < 2 || allowed.is_empty() {
        return None;
    }
    Sex::BOTH
        .into_iter()
        .find(|&s| college.share(s).is_positive() && allowed.iter().all(|c| c.of(s) == 0))
        .map(|sex| Exception {
            sex,
            composition: Composition::one_of(sex, n),
        })
}

/// The alternating order of `composition` that starts with `first` (L2314-30 al. 1): one of each
/// sex in turn until one runs out, then the rest. `None` when `first` has no candidate.
fn alternating(composition: Composition, first: Sex) -> Option<Vec<Sex>> {
    if composition.of(first) == 0 {
        return None;
    }
    let mut left = [composition.of(first), composition.of(first.other())];
    let turn = [first, first.other()];
    let mut order = Vec::new();
    let mut next = 0;
    while left[0] + left[1] > 0 {
        if left[next] == 0 {
            next = 1 - next;
        }
        order.push(turn[next]);
        left[next] -= 1;
        next = 1 - next;
    }
    Some(order)
}

/// README §4.5 `reasons`, in their order.
fn reasons(list: &[Sex], allowed: &[Composition], exception: Option<Exception>) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let composition = Composition::of_list(list);
    if !allowed.contains(&composition) && exception.is_none_or(|e| e.composition != composition) {
        reasons.push(Reason::Composition);
    }
    // A repeat is allowed only once the other sex has run out.
    let alternation_broken = (1..list.len())
        .any(|i| list[i] == list[i - 1] && list[i + 1..].iter().any(|&s| s != list[i]));
    if alternation_broken {
        reasons.push(Reason::Alternation);
    }
    if let Some(&first) = list.first() {
        if !allowed.is_empty() && allowed.iter().all(|c| c.of(first) == 0) {
            reasons.push(Reason::FirstPosition);
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(women: u64, men: u64) -> College {
        College::from_counts(women, men).unwrap()
    }

    fn pct(women: i64, men: i64) -> College {
        College::from_percentages(&Q::from_integer(women.into()), &Q::from_integer(men.into()))
            .unwrap()
    }

    fn comp(women: u64, men: u64) -> Composition {
        Composition { women, men }
    }

    fn list(letters: &str) -> Vec<Sex> {
        letters
            .split('-')
            .map(|l| Sex::from_letter(l).unwrap())
            .collect()
    }

    fn orders(parity: &Parity) -> Vec<String> {
        parity
            .valid_orders
            .iter()
            .map(|o| {
                o.iter()
                    .map(|s| s.letter().to_string())
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .collect()
    }

    /// Checks a complete list of `n` and, optionally, a submitted order.
    fn check_list(college: &College, n: u64, submitted: Option<&str>) -> Parity {
        let submitted = submitted.map(list);
        check(college, n, n, submitted.as_deref()).unwrap()
    }

    /// Code du travail, art. L2314-30 al. 1–2: 40 women and 10 men, 4 seats: 3.2 and 0.8 round to
    /// 3 women and 1 man, in order F-H-F-F or H-F-F-F (CGT THCB worked example).
    #[test]
    fn l2314_30_arithmetic_rounding_and_alternation() {
        let p = check_list(&counts(40, 10), 4, None);
        assert_eq!(p.exact.women, ratio(16, 5));
        assert_eq!(p.allowed, vec![comp(3, 1)]);
        assert_eq!(p.exception, None);
        assert_eq!(orders(&p), ["F-H-F-F", "H-F-F-F"]);
        assert_eq!(p.reasons, None);
    }

    /// Code du travail, art. L2314-30 al. 2: 99 women and 175 men, 5 seats: 1.8066 rounds up to 2
    /// women, 3.1934 down to 3 men (NMCG worked example); 45 women and 105 men, 8 seats: 2.4 and
    /// 5.6 give 2 and 6, alternating until the women run out.
    #[test]
    fn l2314_30_rounding_half_up_on_exact_shares() {
        let p = check_list(&counts(99, 175), 5, None);
        assert_eq!(p.exact.women, ratio(495, 274));
        assert_eq!(p.allowed, vec![comp(2, 3)]);
        assert_eq!(orders(&p), ["F-H-F-H-H", "H-F-H-F-H"]);
        let p = check_list(&counts(45, 105), 8, None);
        assert_eq!(p.allowed, vec![comp(2, 6)]);
        assert_eq!(orders(&p), ["F-H-F-H-H-H-H-H", "H-F-H-F-H-H-H-H"]);
        assert_eq!(round_half_up(&ratio(5, 2)), BigInt::from(3));
        assert_eq!(round_half_up(&ratio(249_999, 100_000)), BigInt::from(2));
    }

    /// Code du travail, art. L2314-30 al. 3: odd seats and as many women as men: one more woman
    /// or one more man, either way; every alternating order of both compositions is valid.
    #[test]
    fn l2314_30_odd_seats_equal_college() {
        let p = check_list(&counts(50, 50), 3, None);
        assert_eq!(p.allowed, vec![comp(2, 1), comp(1, 2)]);
        assert_eq!(orders(&p), ["F-H-F", "F-H-H", "H-F-F", "H-F-H"]);
        assert_eq!(p.full_list_allowed, vec![comp(2, 1), comp(1, 2)]);
    }

    /// Code du travail, art. L2314-30 al. 2–3 (README §5): any exact .5 pair admits either
    /// composition: 30 % women and 5 seats give 1.5 and 3.5, so 2 + 3 or 1 + 4, never 2 + 4.
    #[test]
    fn l2314_30_any_exact_half_pair() {
        let p = check_list(&pct(30, 70), 5, Some("H-F-H-H-H"));
        assert_eq!(p.allowed, vec![comp(2, 3), comp(1, 4)]);
        assert_eq!(p.reasons, Some(vec![]));
        let p = check_list(&pct(30, 70), 4, None);
        assert_eq!(p.allowed, vec![comp(1, 3)]);
    }

    /// Code du travail, art. L2314-30 al. 1 ("les listes ... qui comportent plusieurs
    /// candidats", README §5): a single seat may go to either sex that has electors.
    #[test]
    fn l2314_30_single_seat_either_sex() {
        let p = check_list(&counts(30, 70), 1, Some("F"));
        assert_eq!(p.allowed, vec![comp(1, 0), comp(0, 1)]);
        assert_eq!(orders(&p), ["F", "H"]);
        assert_eq!(p.exception, None);
        assert_eq!(p.reasons, Some(vec![]));
        let p = check_list(&counts(0, 12), 1, Some("F"));
        assert_eq!(p.allowed, vec![comp(0, 1)]);
        assert_eq!(
            p.reasons,
            Some(vec![Reason::Composition, Reason::FirstPosition])
        );
    }

    /// Code du travail, art. L2314-30; Cass. soc. 17 avr. 2019 n° 17-26.724 and 1er juill. 2020
    /// n° 19-14.222: an incomplete list applies the shares to its own candidates (5 of 10 seats,
    /// 40 % women: 2 women and 3 men) but keeps every sex of the complete list.
    #[test]
    fn l2314_30_incomplete_list() {
        let p = check(&counts(40, 60), 5, 10, None).unwrap();
        assert_eq!(p.allowed, vec![comp(2, 3)]);
        assert_eq!(p.full_list_allowed, vec![comp(4, 6)]);
        assert_eq!(p.full_list_exact.women, Q::from_integer(4.into()));
        // 72 women and 27 men, 5 seats: the complete list has 4 women and 1 man. A list of 2 has
        // 1.45 and 0.55, so one of each.
        let p = check(&counts(72, 27), 2, 5, Some(&list("F-H"))).unwrap();
        assert_eq!(p.allowed, vec![comp(1, 1)]);
        assert_eq!(p.reasons, Some(vec![]));
        // 85 % women, 6 seats: 5.1 and 0.9 give 5 + 1. A list of 3 rounds to 3 + 0 and must keep
        // its man; no exception is needed.
        let p = check(&pct(85, 15), 3, 6, Some(&list("F-F-F"))).unwrap();
        assert_eq!(p.allowed, vec![comp(2, 1)]);
        assert_eq!(p.exception, None);
        assert_eq!(orders(&p), ["F-H-F", "H-F-F"]);
        assert_eq!(p.reasons, Some(vec![Reason::Composition]));
        // One candidate cannot keep both sexes of a complete list: no list of 1 is valid.
        let p = check(&counts(50, 50), 1, 4, Some(&list("F"))).unwrap();
        assert_eq!(p.allowed, vec![]);
        assert!(p.valid_orders.is_empty());
        assert_eq!(p.reasons, Some(vec![Reason::Composition]));
        // ...but when the complete list has one sex only, a list of 1 of that sex is.
        let p = check(&pct(8, 92), 1, 4, None).unwrap();
        assert_eq!(p.allowed, vec![comp(0, 1)]);
        assert_eq!(p.exception, None);
    }

    /// Code du travail, art. L2314-30 last al.; Cass. soc. 11 déc. 2019 n° 18-26.568: when the
    /// rounding excludes a sex, the list may hold one candidate of it, never first. 77 % women,
    /// 2 seats: 1.54 and 0.46 give 2 + 0, so F-F or F-H (not H-F).
    #[test]
    fn l2314_30_exclusion_exception() {
        let p = check_list(&pct(77, 23), 2, Some("H-F"));
        assert_eq!(p.allowed, vec![comp(2, 0)]);
        assert_eq!(
            p.exception,
            Some(Exception {
                sex: Sex::Man,
                composition: comp(1, 1)
            })
        );
        assert_eq!(orders(&p), ["F-F", "F-H"]);
        assert_eq!(p.reasons, Some(vec![Reason::FirstPosition]));
        let p = check_list(&pct(8, 92), 4, Some("H-F-H-H"));
        assert_eq!(orders(&p), ["H-F-H-H", "H-H-H-H"]);
        assert_eq!(p.reasons, Some(vec![]));
        // The exception is one candidate, not two.
        let p = check_list(&pct(8, 92), 4, Some("H-F-H-F"));
        assert_eq!(p.reasons, Some(vec![Reason::Composition]));
        // A sex without electors is not excluded by the rounding.
        let p = check_list(&counts(0, 30), 3, None);
        assert_eq!(p.allowed, vec![comp(0, 3)]);
        assert_eq!(p.exception, None);
    }

    /// Code du travail, art. L2314-30 al. 1: the right composition in the wrong order breaks the
    /// alternation; a repeat is fine once the other sex has run out.
    #[test]
    fn l2314_30_alternation() {
        let p = check_list(&counts(50, 50), 4, Some("F-F-H-H"));
        assert_eq!(p.reasons, Some(vec![Reason::Alternation]));
        assert_eq!(orders(&p), ["F-H-F-H", "H-F-H-F"]);
        let p = check_list(&counts(40, 10), 4, Some("H-F-F-F"));
        assert_eq!(p.reasons, Some(vec![]));
        let p = check_list(&counts(40, 10), 4, Some("F-F-H-F"));
        assert_eq!(p.reasons, Some(vec![Reason::Alternation]));
        let p = check_list(&counts(40, 10), 4, Some("H-H-F-F"));
        assert_eq!(
            p.reasons,
            Some(vec![Reason::Composition, Reason::Alternation])
        );
    }

    /// Code du travail, art. L2314-30: lists that cannot be checked.
    #[test]
    fn l2314_30_invalid_inputs() {
        let college = counts(1, 1);
        assert_eq!(check(&college, 0, 0, None), Err(ParityError::EmptyList));
        assert_eq!(
            check(&college, 3, 2, None),
            Err(ParityError::SeatsBelowListSize)
        );
        assert_eq!(
            check(&college, 3, 3, Some(&list("F-H"))),
            Err(ParityError::SubmittedLength)
        );
        assert_eq!(
            check(&college, MAX_LIST_SIZE + 1, MAX_LIST_SIZE + 1, None),
            Err(ParityError::ListTooLong)
        );
        assert_eq!(College::from_counts(0, 0), None);
        assert_eq!(
            College::from_percentages(&Q::from_integer(101.into()), &Q::zero()),
            None
        );
        assert_eq!(
            College::from_percentages(&Q::from_integer((-1).into()), &Q::zero()),
            None
        );
        assert_eq!(Sex::from_letter("M"), None);
    }
}

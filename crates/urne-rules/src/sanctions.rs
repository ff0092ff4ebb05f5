//! What the judge annuls among the elected of a list that broke the gender-balance rules.
//!
//! Code du travail, art. L2314-32 al. 1: when a list did not respect the proportion of women and
//! men of L2314-30 (first sentence of al. 1), the election of as many elected of the
//! over-represented sex as that sex had candidates in excess is annulled, starting from the last
//! elected in the list's order. Al. 2: when it did not respect the alternation (second sentence),
//! the election of each elected whose position breaks it is annulled.
//!
//! Which allowed composition the excess is measured against: when L2314-30 allows two (an exact
//! .5 pair, `../shared/rules/README.md` §4.5), the one that gives the smaller excess, since the list
//! could lawfully have had it. The candidate who breaks the alternation is the second of two
//! consecutive candidates of one sex while the other sex still has candidates further down.
//! This is the judge's consequence after the vote; urne computes it for the bureau's information.

use crate::parity::{Composition, Sex};

/// Why an election is annulled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// L2314-32 al. 1: an excess of the over-represented sex.
    Proportion,
    /// L2314-32 al. 2: a position that breaks the alternation.
    Alternation,
}

/// Code du travail, art. L2314-32: the positions (0-based, in `list`) of the elected whose election
/// is annulled, with the cause, in list order. `allowed` are the compositions L2314-30 allowed for
/// the list (see `parity::check`); `elected` the positions of its elected candidates.
pub fn annulled(list: &[Sex], allowed: &[Composition], elected: &[usize]) -> Vec<(usize, Cause)> {
    let mut out: Vec<(usize, Cause)> = Vec::new();
    let actual = Composition::of_list(list);
    for sex in [Sex::Woman, Sex::Man] {
        let excess = allowed
            .iter()
            .map(|c| actual.of(sex).saturating_sub(c.of(sex)))
            .min()
            .unwrap_or(0);
        if excess == 0 || allowed.contains(&actual) {
            continue;
        }
        let mut of_sex: Vec<usize> = elected
            .iter()
            .copied()
            .filter(|&p| list.get(p) == Some(&sex))
            .collect();
        of_sex.sort_unstable();
        for &position in of_sex
            .iter()
            .rev()
            .take(usize::try_from(excess).unwrap_or(usize::MAX))
        {
            out.push((position, Cause::Proportion));
        }
    }
    for &position in elected {
        let breaks = position >= 1
            && position < list.len()
            && list[position] == list[position - 1]
            && list[position + 1..].iter().any(|&s| s != list[position]);
        if breaks && !out.iter().any(|(p, _)| *p == position) {
            out.push((position, Cause::Alternation));
        }
    }
    out.sort_unstable_by_key(|(p, _)| *p);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(letters: &str) -> Vec<Sex> {
        letters
            .split('-')
            .map(|l| Sex::from_letter(l).unwrap())
            .collect()
    }

    fn comp(women: u64, men: u64) -> Composition {
        Composition { women, men }
    }

    /// Code du travail, art. L2314-32 al. 1: one man too many, the last elected man goes.
    #[test]
    fn l2314_32_excess_annuls_the_last_elected_of_that_sex() {
        let l = list("H-F-H-H");
        assert_eq!(
            annulled(&l, &[comp(2, 2)], &[0, 1, 2]),
            vec![(2, Cause::Proportion)]
        );
        // Only elected count: with men elected at 0 and 3 only, the last of them goes.
        assert_eq!(
            annulled(&l, &[comp(2, 2)], &[0, 3]),
            vec![(3, Cause::Proportion)]
        );
    }

    /// Code du travail, art. L2314-32 al. 2: the elected placed against the alternation goes.
    #[test]
    fn l2314_32_alternation_annuls_the_misplaced() {
        let l = list("F-F-H-H");
        assert_eq!(
            annulled(&l, &[comp(2, 2)], &[0, 1]),
            vec![(1, Cause::Alternation)]
        );
        assert!(annulled(&l, &[comp(2, 2)], &[0]).is_empty());
        // A repeat after the other sex has run out is lawful.
        assert!(annulled(&list("F-H-F-F"), &[comp(3, 1)], &[0, 1, 2, 3]).is_empty());
    }

    /// Code du travail, art. L2314-32 al. 1 with an exact .5 pair: the smaller excess counts.
    #[test]
    fn l2314_32_two_allowed_compositions() {
        let l = list("F-H-F-F-F");
        assert_eq!(
            annulled(&l, &[comp(3, 2), comp(2, 3)], &[0, 1, 2, 3]),
            vec![(3, Cause::Proportion)]
        );
        assert!(annulled(
            &list("F-H-F-H-F"),
            &[comp(3, 2), comp(2, 3)],
            &[0, 1, 2, 3, 4]
        )
        .is_empty());
    }
}

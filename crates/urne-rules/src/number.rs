//! Exact numbers (`../shared/rules/README.md` §4): every count, quotient, average and percentage is
//! a rational; a decision never depends on a float. Floats appear only when a result is written
//! out as a JSON number.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};

/// An exact rational number.
pub type Q = BigRational;

/// `n` as a rational.
pub fn q(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

/// `a / b` as a rational (`b` ≠ 0).
pub fn ratio(a: i64, b: i64) -> Q {
    Q::new(BigInt::from(a), BigInt::from(b))
}

/// Parses a decimal literal exactly: `15.9` is 159/10, `1e3` is 1000, `-2.5E-1` is −1/4.
/// Returns `None` for anything that is not a decimal number.
pub fn parse_decimal(text: &str) -> Option<Q> {
    let text = text.trim();
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (negative, digits) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let all: String = format!("{whole}{fraction}");
    let numerator: BigInt = all.parse().unwrap_or_else(|_| BigInt::zero());
    let scale = exponent.checked_sub(i32::try_from(fraction.len()).ok()?)?;
    if scale.unsigned_abs() > 400 {
        return None;
    }
    let ten = BigInt::from(10);
    let power = num_traits::pow(ten, scale.unsigned_abs() as usize);
    let value = if scale >= 0 {
        Q::from_integer(numerator * power)
    } else {
        Q::new(numerator, power)
    };
    Some(if negative { -value } else { value })
}

/// The integer part ⌊x⌋.
pub fn floor(x: &Q) -> BigInt {
    x.numer().div_floor(x.denom())
}

/// The nearest `f64`, for output only.
pub fn to_f64(x: &Q) -> f64 {
    // Exact enough for any count: scale big operands before dividing.
    match (x.numer().to_f64(), x.denom().to_f64()) {
        (Some(n), Some(d)) if n.is_finite() && d.is_finite() => n / d,
        _ => x.to_f64().unwrap_or(f64::NAN),
    }
}

/// Whether `x` is a whole number.
pub fn is_integer(x: &Q) -> bool {
    x.denom().is_one()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(parse_decimal("15.9"), Some(ratio(159, 10)));
        assert_eq!(parse_decimal("24.5"), Some(ratio(49, 2)));
        assert_eq!(parse_decimal("1e3"), Some(q(1000)));
        assert_eq!(parse_decimal("-2.5E-1"), Some(ratio(-1, 4)));
        assert_eq!(
            parse_decimal("0.1").map(|x| x + ratio(2, 10)),
            Some(ratio(3, 10))
        );
        assert_eq!(parse_decimal("abc"), None);
        assert_eq!(parse_decimal("."), None);
        assert_eq!(floor(&ratio(7, 2)), BigInt::from(3));
    }
}

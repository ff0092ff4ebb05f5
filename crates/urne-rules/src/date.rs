//! Calendar dates (`YYYY-MM-DD`), passed in: the rules crate reads no clock. Only what the rules
//! need: ordering, validation, and whole years or months between two dates.

/// A date of the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = text[..4].parse().ok()?;
        let month = text[5..7].parse().ok()?;
        let day = text[8..].parse().ok()?;
        Self::new(year, month, day)
    }

    /// Whole years from `self` to `later` (an age on `later` for a birth date `self`).
    pub fn whole_years_until(&self, later: &Date) -> i32 {
        let mut years = later.year - self.year;
        if (later.month, later.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }

    /// Whole months from `self` to `later` (seniority on `later` for a start date `self`).
    pub fn whole_months_until(&self, later: &Date) -> i32 {
        let mut months =
            (later.year - self.year) * 12 + i32::from(later.month) - i32::from(self.month);
        if later.day < self.day {
            months -= 1;
        }
        months
    }
}

impl core::fmt::Display for Date {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_counts() {
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2024-2-29").is_none());
        let birth = Date::parse("2008-12-05").unwrap();
        assert_eq!(
            birth.whole_years_until(&Date::parse("2024-12-04").unwrap()),
            15
        );
        assert_eq!(
            birth.whole_years_until(&Date::parse("2024-12-05").unwrap()),
            16
        );
        let start = Date::parse("2023-03-31").unwrap();
        assert_eq!(
            start.whole_months_until(&Date::parse("2023-06-30").unwrap()),
            2
        );
        assert_eq!(
            start.whole_months_until(&Date::parse("2023-07-31").unwrap()),
            4
        );
    }
}

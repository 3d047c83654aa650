//! Calendar facts of a day number: weekday, month, day of year and US federal holidays.
//!
//! [`DayTable`] precomputes them for the span of days a dataset covers, so deriving calendar
//! features for a million rows is one table lookup per row. [`is_federal_holiday`] knows the
//! eleven US federal holidays (Juneteenth from 2021) and their observed weekday when they fall
//! on a weekend.

use crate::core::data::date::{civil_from_days, days_from_civil, days_in_month, weekday};

/// Calendar facts of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayFacts {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day of the year, 1–366.
    pub day_of_year: u16,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// A US federal holiday (actual or observed date).
    pub holiday: bool,
}

/// Facts of every day in a range, for fast per-row lookups.
#[derive(Debug, Clone)]
pub struct DayTable {
    first: i32,
    facts: Vec<DayFacts>,
}

impl DayTable {
    /// A table covering `first..=last` (day numbers).
    pub fn new(first: i32, last: i32) -> DayTable {
        let facts = (first..=last.max(first)).map(facts_of).collect();
        DayTable { first, facts }
    }

    /// Facts of `day` (computed directly when outside the table).
    #[inline]
    pub fn get(&self, day: i32) -> DayFacts {
        match self.facts.get(day.wrapping_sub(self.first) as usize) {
            Some(f) => *f,
            None => facts_of(day),
        }
    }
}

/// Calendar facts of one day.
pub fn facts_of(day: i32) -> DayFacts {
    let (year, month, _) = civil_from_days(day);
    DayFacts {
        year,
        month: month as u8,
        day_of_year: (day - days_from_civil(year, 1, 1) + 1) as u16,
        weekday: weekday(day) as u8,
        holiday: is_federal_holiday(day),
    }
}

/// Whether `day` is a US federal holiday or the weekday on which one is observed
/// (Saturday holidays are observed on the Friday before, Sunday ones on the Monday after).
pub fn is_federal_holiday(day: i32) -> bool {
    let (year, _, _) = civil_from_days(day);
    // New Year's Day of the next year can be observed on Dec 31.
    [year, year + 1].iter().flat_map(|&y| holidays(y)).any(|h| h == day || observed(h) == day)
}

fn observed(day: i32) -> i32 {
    match weekday(day) {
        5 => day - 1,
        6 => day + 1,
        _ => day,
    }
}

/// The federal holidays of a year (actual dates).
fn holidays(year: i32) -> Vec<i32> {
    let mut days = vec![
        days_from_civil(year, 1, 1),
        nth_weekday(year, 1, 0, 3), // Martin Luther King Jr. Day: 3rd Monday of January
        nth_weekday(year, 2, 0, 3), // Washington's Birthday: 3rd Monday of February
        last_weekday(year, 5, 0),   // Memorial Day: last Monday of May
        days_from_civil(year, 7, 4), // Independence Day
        nth_weekday(year, 9, 0, 1), // Labor Day: 1st Monday of September
        nth_weekday(year, 10, 0, 2), // Columbus Day: 2nd Monday of October
        days_from_civil(year, 11, 11),
        nth_weekday(year, 11, 3, 4), // Thanksgiving: 4th Thursday of November
        days_from_civil(year, 12, 25),
    ];
    if year >= 2021 {
        days.push(days_from_civil(year, 6, 19)); // Juneteenth
    }
    days
}

/// The `n`-th (1-based) `wd` (0 = Monday) of a month.
fn nth_weekday(year: i32, month: u32, wd: u32, n: u32) -> i32 {
    let first = days_from_civil(year, month, 1);
    let offset = (wd + 7 - weekday(first)) % 7;
    first + offset as i32 + 7 * (n as i32 - 1)
}

/// The last `wd` (0 = Monday) of a month.
fn last_weekday(year: i32, month: u32, wd: u32) -> i32 {
    let last = days_from_civil(year, month, days_in_month(year, month));
    last - ((weekday(last) + 7 - wd) % 7) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_holidays() {
        let d = days_from_civil;
        assert!(is_federal_holiday(d(2020, 11, 26))); // Thanksgiving 2020
        assert!(is_federal_holiday(d(2021, 1, 18))); // MLK 2021
        assert!(is_federal_holiday(d(2020, 5, 25))); // Memorial Day 2020
        assert!(is_federal_holiday(d(2020, 7, 3))); // July 4th 2020 (Sat) observed Fri
        assert!(is_federal_holiday(d(2021, 12, 31))); // New Year 2022 (Sat) observed
        assert!(is_federal_holiday(d(2022, 6, 20))); // Juneteenth 2022 (Sun) observed Mon
        assert!(!is_federal_holiday(d(2020, 6, 19))); // before Juneteenth was federal
        assert!(!is_federal_holiday(d(2020, 11, 27)));
        let t = DayTable::new(d(2020, 1, 1), d(2020, 12, 31));
        let f = t.get(d(2020, 12, 31));
        assert_eq!((f.year, f.month, f.day_of_year, f.weekday), (2020, 12, 366, 3));
        assert_eq!(t.get(d(2021, 1, 1)).day_of_year, 1);
    }
}

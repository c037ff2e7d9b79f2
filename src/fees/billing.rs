//! Billing periods: orders reach finance by the cut-off day (seed 003: 每月25日前送財務部) and
//! the fee is collected with that month's management fee; later work waits for next month's.

use chrono::{Datelike, NaiveDate};

/// The statement month (`YYYY-MM`) for work completed on local date `date`. A cut-off past the
/// month's last day puts the whole month on its own statement.
pub(crate) fn period(date: NaiveDate, cut_off_day: u32) -> String {
    let (year, month) = if date.day() <= cut_off_day {
        (date.year(), date.month())
    } else if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    format!("{year:04}-{month:02}")
}

#[cfg(test)]
mod tests {
    use super::period;
    use chrono::NaiveDate;

    fn on(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_cut_off_day_is_still_this_month() {
        assert_eq!(period(on(2026, 3, 25), 25), "2026-03");
        assert_eq!(period(on(2026, 3, 26), 25), "2026-04");
        assert_eq!(period(on(2026, 12, 26), 25), "2027-01");
        assert_eq!(period(on(2026, 2, 28), 31), "2026-02");
        assert_eq!(period(on(2026, 1, 1), 1), "2026-01");
    }
}

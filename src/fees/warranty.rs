//! Statutory warranty classes (建设工程质量管理条例 第四十条): a part still under warranty is
//! repaired free. Periods count from handover the way the Civil Code counts periods (民法典
//! 第二百零一、二百零二条): the handover day itself is not counted, and a period of years ends on
//! the corresponding day of the final year — the month's last day when there is none (a
//! 29 February handover) — which is still covered.

use crate::error::{Error, ErrorCode};
use crate::pointer;
use crate::priority::Label;
use crate::ruleset::checked::{Checked, unique_items};
use crate::ruleset::fees_doc::WarrantyDoc;
use chrono::{Datelike, Months, NaiveDate};

/// Longest warranty accepted, in years or seasons: bounds the date arithmetic.
const MAX_PERIODS: u32 = 100;

#[derive(Debug)]
pub(crate) struct WarrantyClass {
    pub id: String,
    pub label: Label,
    period: Period,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy)]
enum Period {
    Years(u32),
    /// `count` whole seasons, each from `start` to `end` (month, day), possibly across a new year.
    Seasons {
        count: u32,
        start: (u32, u32),
        end: (u32, u32),
    },
}

impl WarrantyClass {
    /// The last day covered for a unit handed over on `handover`.
    pub fn last_covered_day(&self, handover: NaiveDate) -> Option<NaiveDate> {
        match self.period {
            Period::Years(years) => handover.checked_add_months(Months::new(years * 12)),
            Period::Seasons { count, start, end } => {
                // The first whole season starts after the handover day.
                let mut first = on(handover.year(), start)?;
                if first <= handover {
                    first = on(handover.year().checked_add(1)?, start)?;
                }
                let year_of_last_start =
                    first.year().checked_add(i32::try_from(count - 1).ok()?)?;
                let wraps = end < start;
                on(year_of_last_start.checked_add(i32::from(wraps))?, end)
            }
        }
    }
}

fn on(year: i32, (month, day): (u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Compiles `fees.warranty`.
pub(crate) fn compile(
    docs: &[Checked<WarrantyDoc>],
    problems: &mut Vec<Error>,
) -> Vec<WarrantyClass> {
    let items = unique_items(
        docs,
        "/fees/warranty",
        ("warranty class", "id"),
        |d| &d.id,
        problems,
    );
    let mut out = Vec::new();
    for (at, doc) in items {
        let label = doc
            .label
            .get(&pointer::push(&at, "label"), problems)
            .cloned();
        let period = period(doc, &at, problems);
        if let (Some(label), Some(period)) = (label, period) {
            out.push(WarrantyClass {
                id: doc.id.clone(),
                label,
                period,
                source: doc.source.clone(),
            });
        }
    }
    out
}

fn period(doc: &WarrantyDoc, at: &str, problems: &mut Vec<Error>) -> Option<Period> {
    let mut report = |code: ErrorCode, key: &str, message: String| {
        problems.push(Error::new(code, pointer::join(at, key), message));
    };
    let bounded = |n: u32| (1..=MAX_PERIODS).contains(&n);
    match (doc.years, doc.seasons, &doc.season) {
        (Some(years), None, None) if bounded(years) => Some(Period::Years(years)),
        (None, Some(count), Some(season)) if bounded(count) => match parse_season(season) {
            Some((start, end)) => Some(Period::Seasons { count, start, end }),
            None => {
                report(
                    ErrorCode::InvalidDate,
                    "season",
                    format!(
                        "\"{season}\" is not a season like \"11-15..03-15\" (month-day..month-day)"
                    ),
                );
                None
            }
        },
        (Some(_), _, Some(_)) => {
            report(
                ErrorCode::UnknownKey,
                "season",
                "\"season\" goes with \"seasons\", not with \"years\"".to_owned(),
            );
            None
        }
        (None, Some(_), None) => {
            report(
                ErrorCode::MissingField,
                "season",
                "a warranty in seasons needs its \"season\", e.g. \"11-15..03-15\"".to_owned(),
            );
            None
        }
        (Some(_), Some(_), _) | (None, None, _) => {
            report(
                ErrorCode::InvalidValue,
                "",
                "a warranty class has either \"years\" or \"seasons\"".to_owned(),
            );
            None
        }
        (years, _, _) => {
            let key = if years.is_some() { "years" } else { "seasons" };
            report(
                ErrorCode::InvalidValue,
                key,
                format!("a warranty lasts 1 to {MAX_PERIODS} {key}"),
            );
            None
        }
    }
}

/// `"11-15..03-15"` → ((11, 15), (3, 15)); days must exist in every year (no 02-29).
fn parse_season(text: &str) -> Option<((u32, u32), (u32, u32))> {
    let (from, to) = text.split_once("..")?;
    let month_day = |t: &str| {
        let (m, d) = t.split_once('-')?;
        let ok = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !ok(m) || !ok(d) {
            return None;
        }
        let (m, d) = (m.parse().ok()?, d.parse().ok()?);
        // 2001 is not a leap year: a day valid in it is valid in every year.
        NaiveDate::from_ymd_opt(2001, m, d).map(|_| (m, d))
    };
    let (start, end) = (month_day(from)?, month_day(to)?);
    (start != end).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(period: Period) -> WarrantyClass {
        WarrantyClass {
            id: "w".into(),
            label: Label {
                zh: "保修".into(),
                en: None,
            },
            period,
            source: None,
        }
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn years_end_on_the_corresponding_day_or_the_month_end() {
        let two = class(Period::Years(2));
        assert_eq!(
            two.last_covered_day(date("2024-03-10")),
            Some(date("2026-03-10"))
        );
        assert_eq!(
            two.last_covered_day(date("2024-02-29")),
            Some(date("2026-02-28"))
        );
        let four = class(Period::Years(4));
        assert_eq!(
            four.last_covered_day(date("2024-02-29")),
            Some(date("2028-02-29"))
        );
    }

    #[test]
    fn seasons_count_whole_seasons_after_handover() {
        let heating = class(Period::Seasons {
            count: 2,
            start: (11, 15),
            end: (3, 15),
        });
        // Handed over in summer: seasons 2024/25 and 2025/26.
        assert_eq!(
            heating.last_covered_day(date("2024-06-01")),
            Some(date("2026-03-15"))
        );
        // Handed over on the first day of a season: that season is not whole.
        assert_eq!(
            heating.last_covered_day(date("2024-11-15")),
            Some(date("2027-03-15"))
        );
        assert_eq!(
            heating.last_covered_day(date("2024-11-14")),
            Some(date("2026-03-15"))
        );
        let cooling = class(Period::Seasons {
            count: 1,
            start: (6, 1),
            end: (9, 30),
        });
        assert_eq!(
            cooling.last_covered_day(date("2025-01-01")),
            Some(date("2025-09-30"))
        );
    }

    #[test]
    fn seasons_parse_strictly() {
        assert_eq!(parse_season("11-15..03-15"), Some(((11, 15), (3, 15))));
        for bad in [
            "11-15",
            "11-15..02-29",
            "1-15..03-15",
            "11-15..11-15",
            "13-01..03-01",
        ] {
            assert_eq!(parse_season(bad), None, "{bad}");
        }
    }
}

//! Working-time questions asked directly of a rule set's calendars — “when are 2 business hours
//! up from this instant?” — the same arithmetic SLA deadlines use, exposed for product teams,
//! tests and the page.

use crate::calendar::{Calendar, NotCovered};
use crate::error::{Error, ErrorCode};
use crate::ruleset::RuleSet;
use crate::{duration, time};

fn calendar<'r>(rule_set: &'r RuleSet, name: &str) -> Result<&'r Calendar, Error> {
    rule_set.calendars.get(name).ok_or_else(|| {
        let known: Vec<&str> = rule_set.calendars.keys().map(String::as_str).collect();
        Error::new(
            ErrorCode::UnknownCalendar,
            "/calendar",
            format!("no calendar \"{name}\" (calendars: {})", known.join(", ")),
        )
    })
}

pub(crate) fn instant(text: &str, path: &str) -> Result<i64, Error> {
    instant_or(text, || path.to_owned())
}

/// [`instant`] with the error's path built only on failure: a ticket's event log is read for
/// every record of a KPI run, and formatting each event's path cost more than parsing it.
pub(crate) fn instant_or(text: &str, path: impl FnOnce() -> String) -> Result<i64, Error> {
    time::parse_seconds(text).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidDate,
            path(),
            format!("\"{text}\" is not an instant with offset like 2026-03-01T09:00:00+08:00"),
        )
    })
}

pub(crate) fn not_covered(name: &str, path: &str) -> impl Fn(NotCovered) -> Error {
    move |NotCovered| {
        Error::new(
            ErrorCode::CalendarNotCovered,
            path,
            format!("the computation leaves the dates calendar \"{name}\" covers"),
        )
    }
}

/// The instant at which `duration` of working time on `calendar` has passed since `from`.
pub(crate) fn add(
    rule_set: &RuleSet,
    name: &str,
    from: &str,
    duration: &str,
) -> Result<String, Error> {
    let calendar = calendar(rule_set, name)?;
    let from = instant(from, "/from")?;
    let seconds = duration::parse(duration)
        .map_err(|reason| Error::new(ErrorCode::InvalidDuration, "/duration", reason))?;
    let end = calendar
        .add(from, seconds)
        .map_err(not_covered(name, "/from"))?;
    Ok(time::format_instant(end, calendar.zone))
}

/// Working seconds on `calendar` in `[from, to)`.
pub(crate) fn between(rule_set: &RuleSet, name: &str, from: &str, to: &str) -> Result<i64, Error> {
    let calendar = calendar(rule_set, name)?;
    let (a, b) = (instant(from, "/from")?, instant(to, "/to")?);
    calendar.between(a, b).map_err(not_covered(name, "/from"))
}

/// The close of the `n`th working day after the local date of `from`.
pub(crate) fn close_of_working_day(
    rule_set: &RuleSet,
    name: &str,
    from: &str,
    n: u32,
) -> Result<String, Error> {
    let calendar = calendar(rule_set, name)?;
    let from = instant(from, "/from")?;
    if n == 0 {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            "/days",
            "“within N working days” needs N ≥ 1: the start day itself never counts",
        ));
    }
    let end = calendar
        .close_of_working_day(from, n)
        .map_err(not_covered(name, "/from"))?;
    Ok(time::format_instant(end, calendar.zone))
}

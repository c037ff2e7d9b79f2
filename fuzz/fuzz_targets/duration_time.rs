//! Duration, time-of-day / interval, date and instant text. The bytes are up to five
//! newline-separated fields — `duration`, `from` instant, `to` instant, weekly interval
//! (`09:00-18:00`), holiday date — each defaulting to a valid value when absent. They reach the
//! parsers through the working-time calls of `rules/default.json` and through a small rule set
//! whose calendar and SLA targets are built from them (business / calendar / after /
//! next-working-day-at / working-days targets), then its deadlines for tickets created at `from`.
//! Checks: no panic; every answer the same twice; `between(a, add(a, d))` is `d` (measured on
//! the always-open `24x7` calendar); `between(b, a) = -between(a, b)`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::json;
use slafee::Engine;
use slafee_fuzz::{NOW, check_twice, default_engine, twice};

/// The working-time identities on one calendar of `engine`.
fn arithmetic(engine: &Engine, calendar: &str, duration: &str, from: &str, to: &str, days: u32) {
    let end = twice("add_working_time", || {
        engine.add_working_time(calendar, from, duration)
    });
    if let Ok(end) = end {
        let wall = engine
            .add_working_time("24x7", from, duration)
            .and_then(|wall_end| engine.working_time_between("24x7", from, &wall_end));
        let worked = twice("working_time_between", || {
            engine.working_time_between(calendar, from, &end)
        });
        if let (Ok(wall), Ok(worked)) = (wall, worked) {
            assert_eq!(
                worked, wall,
                "between({from}, add({from}, {duration}) = {end}) on {calendar}"
            );
        }
    }
    let forth = twice("working_time_between", || {
        engine.working_time_between(calendar, from, to)
    });
    let back = twice("working_time_between", || {
        engine.working_time_between(calendar, to, from)
    });
    if let (Ok(forth), Ok(back)) = (forth, back) {
        assert_eq!(forth, -back, "between({from}, {to}) on {calendar}");
    }
    check_twice("close_of_working_day", || {
        engine.close_of_working_day(calendar, from, days)
    });
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut fields = text.split('\n');
    let mut next = |default: &'static str| fields.next().map_or(default.to_owned(), str::to_owned);
    let duration = next("2h");
    let from = next("2026-03-02T09:15:00+08:00");
    let to = next("2026-03-05T17:00:00+08:00");
    let span = next("09:00-18:00");
    let date = next("2026-05-01");
    let days = u32::try_from(duration.len() % 12).unwrap_or(1);

    arithmetic(default_engine(), "office", &duration, &from, &to, days);

    let at = span.split('-').next().unwrap_or_default();
    let rules = json!({
        "id": "times", "version": "1", "effective_from": "2025-01-01", "time_zone": "Asia/Shanghai",
        "priorities": [ { "id": "routine", "rank": 1, "label": { "zh": "常规" } } ],
        "classify": { "hit_policy": "first", "inputs": [],
                      "rules": [ { "id": "all", "then": { "priority": "routine" } } ] },
        "calendars": { "c": {
            "week": { "mon-fri": [span], "sat": ["10:00-12:00"] },
            "holidays": [date], "workdays": ["2026-02-15"],
            "closures": [ { "from": "2026-07-20T10:00:00+08:00", "to": "2026-07-20T18:00:00+08:00" } ],
            "covers": "2025-12-01..2027-01-31" } },
        "sla": { "routine": [
            { "id": "business", "kind": "business", "within": duration, "calendar": "c",
              "start": "created", "stop": "resolved", "pause": "waiting_owner", "resume": "owner_confirmed",
              "warnings": ["50%"] },
            { "id": "wall", "kind": "calendar", "within": duration, "start": "created", "stop": "resolved" },
            { "id": "after", "kind": "after", "field": "appointment", "offset": duration,
              "start": "created", "stop": "arrived" },
            { "id": "next", "kind": "next_working_day_at", "at": at, "calendar": "c",
              "start": "created", "stop": "resolved" },
            { "id": "days", "kind": "working_days", "days": days.max(1), "calendar": "c",
              "start": "created", "stop": "resolved" }
        ] }
    });
    if twice("load", || {
        Engine::from_json(&rules.to_string()).map(|e| e.rule_sets())
    })
    .is_err()
    {
        return;
    }
    let engine = Engine::from_json(&rules.to_string()).expect("loaded once, loads again");
    arithmetic(&engine, "c", &duration, &from, &to, days);
    for ticket in [
        json!({ "created": from, "appointment": to }),
        json!({ "created": from, "appointment": to, "events": [
            { "type": "waiting_owner", "at": from }, { "type": "owner_confirmed", "at": to },
            { "type": "resolved", "at": to } ] }),
    ] {
        check_twice("deadlines", || engine.deadlines(&ticket, NOW));
        check_twice("deadlines", || engine.deadlines(&ticket, &to));
    }
});

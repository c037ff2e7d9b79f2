//! Reliability properties over random tickets, complementing `calendar_property` (calendar
//! arithmetic: `add` monotone in the duration, `between(a, add(a, d)) = d`) and `fees_property`
//! (receipt sums, the same order giving the same receipt bytes):
//!
//! - SLA deadlines are monotone in the target's duration (`within`, `days`), for business,
//!   wall-clock and working-day targets, with or without a pause;
//! - a pause never makes a deadline earlier (closed or still open at `now`);
//! - evaluation is a pure function: classify (with trace), deadlines, quote, follow-ups, the
//!   named table and a KPI run give byte-identical JSON for the same input, whatever the engine
//!   evaluated before, and on a second engine loaded from the same text;
//! - a rule set's meaning does not depend on how its JSON is written (compact, pretty, object
//!   keys in reverse order). The crate exposes no serialised form of a loaded rule set, so this
//!   stands in for a serialisation round trip.
//!
//! `PROPTEST_CASES=2000 cargo test --test reliability_property` runs a longer search.

mod common;

use chrono::DateTime;
use common::config;
use proptest::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use slafee::{Dimension, Engine, Error, KpiOptions, Options};
use std::sync::OnceLock;

/// 2026-01-05T00:00:00+08:00, a Monday.
const BASE: i64 = 1_767_542_400;
const NOW: &str = "2026-03-02T10:00:00+08:00";

/// Minutes after `BASE`, in Shanghai time.
fn at(minutes: i64) -> String {
    DateTime::from_timestamp(BASE + minutes * 60, 0)
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .to_rfc3339()
}

fn seconds(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text).unwrap().timestamp()
}

fn default_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| std::fs::read_to_string("rules/default.json").unwrap())
}

fn default_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::from_json(default_text()).unwrap())
}

/// Another engine loaded from the same text, used only to judge the same tickets again.
fn second_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::from_json(default_text()).unwrap())
}

// ---------------------------------------------------------------------------------------------
// Deadlines: monotone in the duration; a pause never makes them earlier
// ---------------------------------------------------------------------------------------------

/// Targets `a` and `b` of each kind, `a` no longer than `b`: business and wall-clock (`within`
/// in minutes) and working days (`days`), all pausable; on an office calendar of 2026 with
/// lunch breaks, holidays, a make-up workday and a closure.
fn sla_engine(short: u32, long: u32, days_short: u32, days_long: u32) -> Engine {
    let target = |id: &str, kind: &str, extra: Value| {
        let mut t = json!({ "id": id, "kind": kind, "start": "created", "stop": "resolved",
                            "pause": "waiting_owner", "resume": "owner_confirmed" });
        for (k, v) in extra.as_object().unwrap() {
            t[k] = v.clone();
        }
        t
    };
    let rules = json!({
        "id": "sla", "version": "1", "effective_from": "2026-01-01", "time_zone": "Asia/Shanghai",
        "priorities": [ { "id": "routine", "rank": 1, "label": { "zh": "常规" } } ],
        "classify": { "hit_policy": "first", "inputs": [],
                      "rules": [ { "id": "all", "then": { "priority": "routine" } } ] },
        "calendars": { "office": {
            "week": { "mon-fri": ["09:00-12:00", "13:30-18:00"], "sat": ["10:00-12:00"] },
            "holidays": ["2026-02-16..2026-02-20", "2026-04-06", "2026-05-01..2026-05-03"],
            "workdays": ["2026-02-22"],
            "closures": [ { "from": "2026-03-10T10:00:00+08:00", "to": "2026-03-11T15:00:00+08:00" } ],
            "covers": "2026-01-01..2026-12-31" } },
        "sla": { "routine": [
            target("business-a", "business", json!({ "within": format!("{short}m"), "calendar": "office" })),
            target("business-b", "business", json!({ "within": format!("{long}m"), "calendar": "office" })),
            target("wall-a", "calendar", json!({ "within": format!("{short}m") })),
            target("wall-b", "calendar", json!({ "within": format!("{long}m") })),
            target("days-a", "working_days", json!({ "days": days_short, "calendar": "office" })),
            target("days-b", "working_days", json!({ "days": days_long, "calendar": "office" })),
        ] }
    });
    Engine::from_json(&rules.to_string()).unwrap()
}

/// Each target's deadline (Unix seconds) at `now`.
fn deadlines(engine: &Engine, ticket: &Value, now: &str) -> Vec<(String, i64)> {
    let d = engine
        .deadlines(ticket, now)
        .unwrap_or_else(|e| panic!("{e:?}\n{ticket}"));
    d.targets
        .iter()
        .map(|t| {
            let deadline = t
                .deadline
                .as_deref()
                .unwrap_or_else(|| panic!("{} has no deadline: {ticket}", t.target));
            (t.target.to_owned(), seconds(deadline))
        })
        .collect()
}

fn deadline(all: &[(String, i64)], target: &str) -> i64 {
    all.iter().find(|(t, _)| t == target).unwrap().1
}

/// A ticket created at `created` minutes; `pause`: (start, length in minutes or `None` while
/// still open), in minutes after creation.
fn sla_ticket(created: i64, pause: Option<(i64, Option<i64>)>) -> Value {
    let mut events = Vec::new();
    if let Some((start, length)) = pause {
        events.push(json!({ "type": "waiting_owner", "at": at(created + start) }));
        if let Some(length) = length {
            events.push(json!({ "type": "owner_confirmed", "at": at(created + start + length) }));
        }
    }
    json!({ "created": at(created), "events": events })
}

/// A creation instant in 2026-01-05 .. 2026-08-31 (minutes after `BASE`).
fn created() -> impl Strategy<Value = i64> {
    0i64..(238 * 1440)
}

/// A pause: start and (optional) length, in minutes; up to ten days each.
fn pause() -> impl Strategy<Value = (i64, Option<i64>)> {
    (0i64..14_400, prop::option::weighted(0.8, 0i64..14_400))
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn deadlines_are_monotone_in_the_duration(
        (short, long) in (0u32..6_000, 0u32..6_000).prop_map(|(a, b)| (a.min(b), a.max(b))),
        (days_short, days_long) in (1u32..15, 1u32..15).prop_map(|(a, b)| (a.min(b), a.max(b))),
        created in created(),
        pause in prop::option::of(pause()),
        later in 0i64..30_000,
    ) {
        let engine = sla_engine(short, long, days_short, days_long);
        let ticket = sla_ticket(created, pause);
        let now = at(created + pause.map_or(0, |(start, _)| start) + later);
        let all = deadlines(&engine, &ticket, &now);
        for kind in ["business", "wall", "days"] {
            let (a, b) = (deadline(&all, &format!("{kind}-a")), deadline(&all, &format!("{kind}-b")));
            prop_assert!(a <= b, "{kind}: ({short}m / {days_short}d) → {}, ({long}m / {days_long}d) → {}\n{ticket} at {now}",
                         at((a - BASE) / 60), at((b - BASE) / 60));
        }
    }

    #[test]
    fn a_pause_never_makes_a_deadline_earlier(
        within in 0u32..6_000,
        days in 1u32..15,
        created in created(),
        pause in pause(),
        later in 0i64..30_000,
    ) {
        let engine = sla_engine(within, within, days, days);
        // `now` is at or after the pause started: closed by then, or still open.
        let now = at(created + pause.0 + later);
        let plain = deadlines(&engine, &sla_ticket(created, None), &now);
        let paused_ticket = sla_ticket(created, Some(pause));
        let paused = deadlines(&engine, &paused_ticket, &now);
        for (target, without) in &plain {
            let with = deadline(&paused, target);
            prop_assert!(with >= *without, "{target}: {} without the pause, {} with it\n{paused_ticket} at {now}",
                         at((without - BASE) / 60), at((with - BASE) / 60));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Purity, and independence from how the rule set is written
// ---------------------------------------------------------------------------------------------

const KINDS: [&str; 5] = ["repair", "complaint", "help", "enquiry", "activity"];
const AREAS: [&str; 2] = ["indoor", "common"];
const SYSTEMS: [&str; 7] = [
    "water", "gas", "electric", "drain", "elevator", "lighting", "other",
];
const DESCRIPTIONS: [&str; 6] = [
    "厨房水管爆裂",
    "3号楼电梯困人",
    "楼道灯不亮",
    "闻到煤气味",
    "水龙头滴水",
    "咨询物业费怎么交",
];
const EVENTS: [&str; 10] = [
    "responded",
    "engineering_notified",
    "dispatched",
    "arrived",
    "waiting_owner",
    "owner_confirmed",
    "quote_reviewed",
    "resolved",
    "closed",
    "called_back",
];
const FIXED: [&str; 4] = ["PLMB-01", "PLMB-02", "DOOR-01", "MISC-09"];
const ANSWERS: [&str; 3] = ["satisfied", "basically_satisfied", "unsatisfied"];

/// An order line of `rules/default.json`'s schedule: a fixed-price item with a quantity, a
/// range item with the technician's labor, a time-based item with minutes, or an off-schedule
/// quote (accepted or not).
fn line() -> impl Strategy<Value = Value> {
    let yuan = |fen: u32| format!("{}.{:02}", fen / 100, fen % 100);
    prop_oneof![
        (prop::sample::select(&FIXED[..]), 1u32..4)
            .prop_map(|(code, quantity)| json!({ "code": code, "quantity": quantity })),
        (3_000u32..=8_000).prop_map(move |fen| json!({ "code": "PLMB-13", "labor": yuan(fen), "material_cost": "8.50" })),
        (1u32..300).prop_map(|minutes| json!({ "code": "ELEC-03", "minutes": minutes, "material_cost": "3.00" })),
        (0u32..20_000, any::<bool>()).prop_map(move |(fen, accepted)| json!({
            "description": "更换门锁", "labor": yuan(fen), "material_cost": "12.50", "accepted": accepted })),
    ]
}

/// A ticket that is also a work order and a KPI record: fields every call reads, mostly valid.
fn ticket() -> impl Strategy<Value = Value> {
    (
        (
            prop::sample::select(&KINDS[..]),
            prop::sample::select(&AREAS[..]),
            prop::sample::select(&SYSTEMS[..]),
            prop::sample::select(&DESCRIPTIONS[..]),
            prop::option::of(any::<bool>()),
            prop::option::of(0u32..40),
        ),
        -20_000i64..(120 * 1440),
        prop::collection::vec((prop::sample::select(&EVENTS[..]), 0i64..3_000), 0..6),
        prop::collection::vec(line(), 0..3),
        prop::option::of((prop::sample::select(&ANSWERS[..]), any::<bool>())),
        prop::option::of((0u32..50_000, any::<bool>())),
        any::<bool>(),
    )
        .prop_map(
            |((kind, area, system, description, hazard, households), created, events, lines, survey, fee, paid)| {
                let mut t = created;
                let events: Vec<Value> = events
                    .iter()
                    .map(|(kind, after)| {
                        t += after;
                        json!({ "type": kind, "at": at(t) })
                    })
                    .collect();
                let mut ticket = json!({
                    "kind": kind, "area": area, "system": system, "description": description,
                    "created": at(created), "events": events, "lines": lines, "paid": paid,
                    "team": "工程一组",
                });
                if let Some(hazard) = hazard {
                    ticket["hazard"] = json!(hazard);
                }
                if let Some(households) = households {
                    ticket["households_affected"] = json!(households);
                }
                if let Some((answer, by_score)) = survey {
                    ticket["survey"] = if by_score {
                        json!({ "score": ANSWERS.iter().position(|a| *a == answer).map_or(3, |i| 5 - 2 * i), "at": at(t + 60) })
                    } else {
                        json!({ "answer": answer, "at": at(t + 60) })
                    };
                }
                if let Some((fen, collected)) = fee {
                    ticket["fee"] = json!({ "amount": format!("{}.{:02}", fen / 100, fen % 100), "collected": collected });
                }
                ticket
            },
        )
}

fn printed<T: Serialize>(result: Result<T, Error>) -> String {
    match result {
        Ok(value) => serde_json::to_string(&value).unwrap(),
        Err(error) => format!("error {}", serde_json::to_string(&error).unwrap()),
    }
}

/// Everything the engine says about one ticket, and about a KPI run over `batch`, as JSON text.
fn everything(engine: &Engine, ticket: &Value, batch: &[Value]) -> Vec<String> {
    let kpi = || -> Result<Value, Error> {
        let mut run = engine.kpi(&KpiOptions {
            now: NOW.into(),
            by: vec![Dimension::Month, Dimension::Category, Dimension::Priority],
        })?;
        for record in batch {
            run.add(record);
        }
        Ok(serde_json::to_value(run.finish()?).unwrap())
    };
    vec![
        printed(engine.classify_with(ticket, Options { trace: true })),
        printed(engine.deadlines(ticket, NOW)),
        printed(engine.quote(ticket, NOW)),
        printed(engine.follow_ups(ticket, NOW)),
        printed(engine.decide("free-of-charge", ticket, Options { trace: true })),
        printed(kpi()),
    ]
}

/// JSON text with every object's keys in reverse order (serde_json's maps iterate sorted).
fn reversed_keys(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let members: Vec<String> = map
                .iter()
                .rev()
                .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), reversed_keys(v)))
                .collect();
            format!("{{{}}}", members.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(reversed_keys).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

/// `rules/default.json` loaded from its text as written, compact, pretty and with reversed keys.
fn rewritten_engines() -> &'static [Engine] {
    static ENGINES: OnceLock<Vec<Engine>> = OnceLock::new();
    ENGINES.get_or_init(|| {
        let value: Value = serde_json::from_str(default_text()).unwrap();
        [
            serde_json::to_string(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap(),
            reversed_keys(&value),
        ]
        .iter()
        .map(|text| Engine::from_json(text).unwrap())
        .collect()
    })
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn evaluation_is_a_pure_function(ticket in ticket(), other in ticket()) {
        let engine = default_engine();
        let batch = [ticket.clone(), other.clone()];
        let first = everything(engine, &ticket, &batch);
        // Whatever the engine evaluated in between, and on a fresh engine: the same bytes.
        let _ = everything(engine, &other, &batch);
        prop_assert_eq!(&first, &everything(engine, &ticket, &batch));
        prop_assert_eq!(&first, &everything(second_engine(), &ticket, &batch));
    }

    #[test]
    fn how_the_rule_set_is_written_does_not_change_its_answers(ticket in ticket(), other in ticket()) {
        let batch = [ticket.clone(), other];
        let expected = everything(default_engine(), &ticket, &batch);
        for engine in rewritten_engines() {
            prop_assert_eq!(&expected, &everything(engine, &ticket, &batch));
        }
    }
}

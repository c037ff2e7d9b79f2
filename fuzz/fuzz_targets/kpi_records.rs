//! KPI records, structure-aware: the bytes drive `arbitrary` to build well-formed ticket records
//! (kinds, systems, event logs, surveys by answer or score, call-backs, fees, teams, priority
//! changes, in three UTC offsets) with occasional malformed fields, run through a KPI run of
//! `rules/default.json` (`KpiRun::add`) and through `follow_ups`. Checks: no panic; the report is
//! the same twice and the same for the records in reverse order (counters do not depend on the
//! order; only skipped records' indices do); records = evaluated + skipped; the groups partition
//! the evaluated records; follow-ups are the same twice.
#![no_main]

use chrono::{DateTime, FixedOffset};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};
use slafee::Dimension;
use slafee_fuzz::{check_report_counts, check_twice, default_engine, kpi_report, twice};

/// 2026-01-01T00:00:00+08:00.
const BASE: i64 = 1_767_196_800;
const KINDS: [&str; 6] = ["repair", "complaint", "help", "enquiry", "activity", "报修"];
const AREAS: [&str; 3] = ["indoor", "common", "outdoor"];
const SYSTEMS: [&str; 8] = [
    "water", "gas", "electric", "drain", "elevator", "lighting", "other", "fire",
];
const DESCRIPTIONS: [&str; 5] = [
    "厨房水管爆裂",
    "电梯困人",
    "楼道灯不亮",
    "闻到煤气味",
    "水龙头滴水",
];
const EVENTS: [&str; 12] = [
    "responded",
    "arrived",
    "resolved",
    "closed",
    "called_back",
    "engineering_notified",
    "dispatched",
    "quote_reviewed",
    "waiting_owner",
    "owner_confirmed",
    "priority_changed",
    "noted",
];
const PRIORITIES: [&str; 4] = ["emergency", "routine", "low", "urgent"];
const ANSWERS: [&str; 4] = ["satisfied", "basically_satisfied", "unsatisfied", "meh"];
const TEAMS: [&str; 3] = ["工程一组", "工程二组", "客服"];
const LEVELS: [&str; 4] = ["general", "important", "major", "minor"];
const BY: [Dimension; 6] = [
    Dimension::Day,
    Dimension::Week,
    Dimension::Month,
    Dimension::Category,
    Dimension::Priority,
    Dimension::Team,
];

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

/// Minutes after `BASE` as RFC 3339 in one of three offsets.
fn instant(minutes: i64, style: u8) -> String {
    let offset = match style % 3 {
        0 => FixedOffset::east_opt(8 * 3600),
        1 => FixedOffset::east_opt(0),
        _ => FixedOffset::west_opt(5 * 3600),
    }
    .expect("a valid offset");
    DateTime::from_timestamp(BASE + minutes * 60, 0)
        .expect("in range")
        .with_timezone(&offset)
        .to_rfc3339()
}

#[derive(Debug, Arbitrary)]
struct Event {
    kind: u8,
    /// Minutes after the previous event; a negative one makes the log out of order.
    after: i16,
    priority: u8,
}

#[derive(Debug, Arbitrary)]
enum Survey {
    Answer(u8, u16),
    Score(i8, u16),
}

#[derive(Debug, Arbitrary)]
struct Callback {
    after: u16,
    by: u8,
    issue: Option<bool>,
    handled: Option<bool>,
}

#[derive(Debug, Arbitrary)]
struct Record {
    kind: u8,
    area: u8,
    system: u8,
    description: u8,
    /// Minutes after 2026-01-01 (taken modulo about 14 months).
    created: u32,
    style: u8,
    events: Vec<Event>,
    survey: Option<Survey>,
    callbacks: Vec<Callback>,
    fee: Option<(u32, bool)>,
    team: Option<u8>,
    level: Option<u8>,
    hazard: Option<bool>,
    households: Option<u16>,
    paid: Option<bool>,
    appointment: Option<u16>,
    /// Replace one field (by index) with an arbitrary JSON scalar.
    broken: Option<(u8, Scalar)>,
}

#[derive(Debug, Arbitrary)]
enum Scalar {
    Null,
    Bool(bool),
    Number(i64),
    Text(String),
}

impl Scalar {
    fn json(&self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => json!(b),
            Self::Number(n) => json!(n),
            Self::Text(t) => json!(t),
        }
    }
}

impl Record {
    fn json(&self) -> Value {
        let created = i64::from(self.created % (430 * 1440));
        let at = |minutes: i64| instant(minutes, self.style);
        let mut r = Map::new();
        r.insert("kind".into(), json!(pick(&KINDS, self.kind)));
        r.insert("area".into(), json!(pick(&AREAS, self.area)));
        r.insert("system".into(), json!(pick(&SYSTEMS, self.system)));
        r.insert(
            "description".into(),
            json!(pick(&DESCRIPTIONS, self.description)),
        );
        r.insert("created".into(), json!(at(created)));
        let mut t = created;
        let events: Vec<Value> = self
            .events
            .iter()
            .take(16)
            .map(|e| {
                t += i64::from(e.after);
                let kind = pick(&EVENTS, e.kind);
                let mut event = json!({ "type": kind, "at": at(t) });
                if kind == "priority_changed" {
                    event["priority"] = json!(pick(&PRIORITIES, e.priority));
                }
                event
            })
            .collect();
        r.insert("events".into(), json!(events));
        match &self.survey {
            Some(Survey::Answer(a, after)) => {
                r.insert(
                    "survey".into(),
                    json!({ "answer": pick(&ANSWERS, *a), "at": at(t + i64::from(*after)) }),
                );
            }
            Some(Survey::Score(s, after)) => {
                r.insert(
                    "survey".into(),
                    json!({ "score": s, "at": at(t + i64::from(*after)) }),
                );
            }
            None => {}
        }
        if !self.callbacks.is_empty() {
            let callbacks: Vec<Value> = self
                .callbacks
                .iter()
                .take(4)
                .map(|c| {
                    let mut v =
                        json!({ "at": at(t + i64::from(c.after) * 10), "by": pick(&TEAMS, c.by) });
                    if let Some(issue) = c.issue {
                        v["issue"] = json!(issue);
                    }
                    if let Some(handled) = c.handled {
                        v["handled"] = json!(handled);
                    }
                    v
                })
                .collect();
            r.insert("callbacks".into(), json!(callbacks));
        }
        if let Some((fen, collected)) = self.fee {
            let amount = format!("{}.{:02}", fen / 100, fen % 100);
            r.insert(
                "fee".into(),
                json!({ "amount": amount, "collected": collected }),
            );
        }
        if let Some(team) = self.team {
            r.insert("team".into(), json!(pick(&TEAMS, team)));
        }
        if let Some(level) = self.level {
            r.insert("complaint_level".into(), json!(pick(&LEVELS, level)));
        }
        if let Some(hazard) = self.hazard {
            r.insert("hazard".into(), json!(hazard));
        }
        if let Some(n) = self.households {
            r.insert("households_affected".into(), json!(n));
        }
        if let Some(paid) = self.paid {
            r.insert("paid".into(), json!(paid));
        }
        if let Some(minutes) = self.appointment {
            r.insert(
                "appointment".into(),
                json!(at(created + i64::from(minutes))),
            );
        }
        if let Some((i, value)) = &self.broken {
            let keys: Vec<String> = r.keys().cloned().collect();
            let key = &keys[usize::from(*i) % keys.len()];
            r.insert(key.clone(), value.json());
        }
        Value::Object(r)
    }
}

#[derive(Debug, Arbitrary)]
struct Batch {
    /// Minutes after 2026-01-01 (modulo about 16 months).
    now: u32,
    style: u8,
    /// Which dimensions to group by (bits of `BY`).
    by: u8,
    records: Vec<Record>,
}

fuzz_target!(|batch: Batch| {
    let now = instant(i64::from(batch.now % (480 * 1440)), batch.style);
    let by: Vec<Dimension> = BY
        .iter()
        .enumerate()
        .filter(|(i, _)| batch.by & (1 << i) != 0)
        .map(|(_, d)| *d)
        .collect();
    let records: Vec<Value> = batch.records.iter().take(64).map(Record::json).collect();
    let engine = default_engine();
    let Ok(report) = twice("kpi", || kpi_report(engine, &now, &by, &records)) else {
        return;
    };
    check_report_counts(&report, !by.is_empty());
    let reversed: Vec<Value> = records.iter().rev().cloned().collect();
    let mut backwards =
        kpi_report(engine, &now, &by, &reversed).expect("started once, starts again");
    let mut forwards = report;
    forwards["errors"] = Value::Null;
    backwards["errors"] = Value::Null;
    assert_eq!(
        forwards, backwards,
        "the report depends on the order of the records"
    );
    for record in &records {
        check_twice("follow-ups", || engine.follow_ups(record, &now));
    }
});

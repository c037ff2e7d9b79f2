//! The default rule set's SLA targets (from the seeds) on its 2026 office calendar.

use serde_json::{Value, json};
use slafee::{Engine, TargetState};

fn engine() -> Engine {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/default.json"))
        .unwrap();
    Engine::from_json(&text).unwrap()
}

/// `(target, deadline, state)` of every target that applies to the ticket at `now`.
fn clocks(ticket: &Value, now: &str) -> Vec<(String, Option<String>, TargetState)> {
    let engine = engine();
    let d = engine
        .deadlines(ticket, now)
        .unwrap_or_else(|e| panic!("{e}"));
    d.targets
        .iter()
        .map(|t| (t.target.to_owned(), t.deadline.clone(), t.state))
        .collect()
}

fn at(s: &str) -> Option<String> {
    Some(s.to_owned())
}

#[test]
fn a_burst_pipe_runs_the_emergency_clocks_around_the_clock() {
    let ticket = json!({ "kind": "repair", "area": "indoor", "system": "water", "description": "厨房水管爆裂",
                         "created": "2026-10-03T23:40:00+08:00", "events": [ { "type": "responded", "at": "2026-10-03T23:55:00+08:00" } ] });
    assert_eq!(
        clocks(&ticket, "2026-10-04T00:30:00+08:00"),
        [
            (
                "respond".to_owned(),
                at("2026-10-04T00:10:00+08:00"),
                TargetState::Met
            ),
            (
                "arrive".to_owned(),
                at("2026-10-04T00:40:00+08:00"),
                TargetState::Running
            ),
            (
                "resolve".to_owned(),
                at("2026-10-04T01:40:00+08:00"),
                TargetState::Running
            ),
            ("repair-callback".to_owned(), None, TargetState::Pending),
        ]
    );
}

#[test]
fn a_low_priority_enquiry_resolves_within_three_working_days_over_national_day() {
    let ticket = json!({ "kind": "enquiry", "description": "咨询物业费怎么交", "created": "2026-09-30T10:00:00+08:00" });
    let got = clocks(&ticket, "2026-10-01T09:00:00+08:00");
    // Oct 1–7 are holidays; Thu 8, Fri 9 and the make-up Saturday 10 are the three working days.
    assert_eq!(
        got[1],
        (
            "resolve".to_owned(),
            at("2026-10-10T18:00:00+08:00"),
            TargetState::Running
        )
    );
    assert_eq!(
        got[0],
        (
            "reply".to_owned(),
            at("2026-10-01T10:00:00+08:00"),
            TargetState::Running
        )
    );
}

#[test]
fn conditional_targets_apply_only_to_their_tickets() {
    let complaint = json!({ "kind": "complaint", "area": "common", "system": "other", "description": "邻居装修噪音",
        "created": "2026-03-02T09:00:00+08:00", "events": [ { "type": "closed", "at": "2026-03-03T10:00:00+08:00" } ] });
    let ids: Vec<String> = clocks(&complaint, "2026-03-04T10:00:00+08:00")
        .into_iter()
        .map(|c| c.0)
        .collect();
    // A complaint has no technician to send: the 24-hour arrival applies to repairs only.
    assert_eq!(ids, ["respond", "resolve", "complaint-callback"]);
    let got = clocks(&complaint, "2026-03-07T10:00:01+08:00");
    assert_eq!(
        got[2],
        (
            "complaint-callback".to_owned(),
            at("2026-03-06T10:00:00+08:00"),
            TargetState::Breached
        )
    );

    let common = json!({ "kind": "repair", "area": "common", "system": "lighting", "description": "楼道灯不亮", "created": "2026-03-02T09:00:00+08:00",
        "events": [ { "type": "engineering_notified", "at": "2026-03-02T09:08:00+08:00" } ] });
    let got = clocks(&common, "2026-03-02T09:20:00+08:00");
    let find = |id: &str| got.iter().find(|c| c.0 == id).cloned().unwrap();
    assert_eq!(
        find("notify-engineering"),
        (
            "notify-engineering".to_owned(),
            at("2026-03-02T09:10:00+08:00"),
            TargetState::Met
        )
    );
    assert_eq!(
        find("common-arrive"),
        (
            "common-arrive".to_owned(),
            at("2026-03-02T09:23:00+08:00"),
            TargetState::Running
        )
    );

    let paid = json!({ "kind": "repair", "area": "indoor", "system": "water", "description": "更换水龙头", "paid": true,
        "appointment": "2026-03-03T14:00:00+08:00", "created": "2026-03-02T09:00:00+08:00",
        "events": [ { "type": "dispatched", "at": "2026-03-03T13:00:00+08:00" } ] });
    let got = clocks(&paid, "2026-03-03T13:30:00+08:00");
    let ids: Vec<&str> = got.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "respond",
            "resolve",
            "paid-arrive-appointment",
            "repair-callback"
        ],
        "an appointment replaces the 24 h arrival"
    );
    assert_eq!(got[2].1, at("2026-03-03T13:55:00+08:00"));
}

/// The README's boundary: a 低 ticket's 3 working days still fit in 2026 when it is created on
/// 2026-12-28 at 10:00; from 2026-12-29 they would end in 2027, which the calendar does not
/// cover, so its office target is not covered — and `evaluate` answers the same error, not a
/// partial result.
#[test]
fn the_last_low_tickets_the_2026_calendar_can_time() {
    let created =
        |instant: &str| json!({ "kind": "enquiry", "description": "咨询", "created": instant });
    let last = clocks(
        &created("2026-12-28T10:00:00+08:00"),
        "2026-12-28T10:00:00+08:00",
    );
    assert_eq!(
        last.iter().find(|c| c.0 == "resolve").map(|c| c.1.clone()),
        Some(at("2026-12-31T18:00:00+08:00"))
    );
    let engine = engine();
    for (created_at, now) in [
        ("2026-12-29T08:00:00+08:00", "2026-12-29T08:00:00+08:00"),
        ("2026-12-30T10:00:00+08:00", "2026-12-30T11:00:00+08:00"),
    ] {
        let ticket = created(created_at);
        for err in [
            engine.deadlines(&ticket, now).unwrap_err(),
            engine.evaluate(&ticket, now).unwrap_err(),
        ] {
            assert_eq!(
                err.code,
                slafee::ErrorCode::CalendarNotCovered,
                "{created_at}"
            );
        }
    }
}

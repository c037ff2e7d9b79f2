//! SLA clocks: deadlines, states, pauses, warnings and escalations replayed from event logs.

use serde_json::{Value, json};
use slafee::{Engine, ErrorCode, TargetClock, TargetState};

fn engine() -> Engine {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/calendars/sla-2025.json"
    ))
    .unwrap();
    Engine::from_json(&text).unwrap()
}

fn clock<'e>(engine: &'e Engine, ticket: &Value, now: &str, target: &str) -> TargetClock<'e> {
    let deadlines = engine
        .deadlines(ticket, now)
        .unwrap_or_else(|e| panic!("{e}"));
    deadlines
        .targets
        .into_iter()
        .find(|t| t.target == target)
        .unwrap_or_else(|| panic!("no target {target}"))
}

fn routine(events: Value) -> Value {
    json!({ "system": "water", "created": "2025-03-07T09:00:00+08:00", "events": events })
}

#[test]
fn a_pause_over_the_weekend_removes_only_working_time() {
    // 8 business hours from Fri 09:00, paused Fri 14:00 → Mon 10:00: 5 h before, 3 h after.
    let e = engine();
    let ticket = routine(json!([
        { "type": "waiting_owner", "at": "2025-03-07T14:00:00+08:00" },
        { "type": "owner_confirmed", "at": "2025-03-10T10:00:00+08:00" }
    ]));
    let c = clock(&e, &ticket, "2025-03-10T11:00:00+08:00", "resolve");
    assert_eq!(c.deadline.as_deref(), Some("2025-03-10T13:00:00+08:00"));
    assert_eq!(c.state, TargetState::Running);
    assert_eq!(c.elapsed_seconds, Some(6 * 3600));
    assert_eq!(c.remaining_seconds, Some(2 * 3600));
    // While the pause is open the clock is paused and the deadline is projected from now.
    let paused = clock(
        &e,
        &routine(json!([{ "type": "waiting_owner", "at": "2025-03-07T14:00:00+08:00" }])),
        "2025-03-10T10:00:00+08:00",
        "resolve",
    );
    assert_eq!(paused.state, TargetState::Paused);
    assert_eq!(
        paused.deadline.as_deref(),
        Some("2025-03-10T13:00:00+08:00")
    );
    assert_eq!(paused.elapsed_seconds, Some(5 * 3600));
}

#[test]
fn a_pause_never_makes_a_deadline_earlier() {
    let e = engine();
    let plain = clock(
        &e,
        &routine(json!([])),
        "2025-03-07T09:00:00+08:00",
        "resolve",
    );
    assert_eq!(plain.deadline.as_deref(), Some("2025-03-07T17:00:00+08:00"));
    // A pause entirely outside working time changes nothing.
    let night = routine(json!([
        { "type": "waiting_owner", "at": "2025-03-07T18:00:00+08:00" },
        { "type": "owner_confirmed", "at": "2025-03-08T20:00:00+08:00" }
    ]));
    assert_eq!(
        clock(&e, &night, "2025-03-09T00:00:00+08:00", "resolve").deadline,
        plain.deadline
    );
}

#[test]
fn emergency_response_states_met_breached_and_breached_met() {
    let e = engine();
    let gas = |events: Value| json!({ "system": "gas", "created": "2025-03-07T10:00:00+08:00", "events": events });
    let running = clock(&e, &gas(json!([])), "2025-03-07T10:10:00+08:00", "respond");
    assert_eq!(
        (running.state, running.deadline.as_deref()),
        (TargetState::Running, Some("2025-03-07T10:30:00+08:00"))
    );
    assert_eq!(
        (running.elapsed_seconds, running.remaining_seconds),
        (Some(600), Some(1200))
    );
    let met = clock(
        &e,
        &gas(json!([{ "type": "responded", "at": "2025-03-07T10:30:00+08:00" }])),
        "2025-03-07T12:00:00+08:00",
        "respond",
    );
    assert_eq!(
        met.state,
        TargetState::Met,
        "met = stopped at or before the deadline"
    );
    assert_eq!(met.remaining_seconds, Some(0));
    let late = clock(
        &e,
        &gas(json!([{ "type": "responded", "at": "2025-03-07T10:30:01+08:00" }])),
        "2025-03-07T12:00:00+08:00",
        "respond",
    );
    assert_eq!(
        (late.state, late.remaining_seconds),
        (TargetState::BreachedMet, Some(-1))
    );
    let exactly = clock(&e, &gas(json!([])), "2025-03-07T10:30:00+08:00", "respond");
    assert_eq!(
        exactly.state,
        TargetState::Running,
        "not breached at the deadline instant itself"
    );
    let breached = clock(&e, &gas(json!([])), "2025-03-07T10:30:01+08:00", "respond");
    assert_eq!(breached.state, TargetState::Breached);
    // Events after `now` have not happened yet.
    let future = clock(
        &e,
        &gas(json!([{ "type": "responded", "at": "2025-03-07T10:20:00+08:00" }])),
        "2025-03-07T10:05:00+08:00",
        "respond",
    );
    assert_eq!(future.state, TargetState::Running);
}

#[test]
fn warnings_and_escalations() {
    let e = engine();
    let ticket = json!({ "system": "gas", "created": "2025-03-07T10:00:00+08:00" });
    let c = clock(&e, &ticket, "2025-03-07T10:25:00+08:00", "respond");
    let warnings: Vec<(&str, &str, bool)> = c
        .warnings
        .iter()
        .map(|w| (w.at.as_str(), w.instant.as_str(), w.reached))
        .collect();
    assert_eq!(
        warnings,
        [
            ("50%", "2025-03-07T10:15:00+08:00", true),
            ("80%", "2025-03-07T10:24:00+08:00", true)
        ]
    );
    assert_eq!(c.escalations.len(), 1);
    assert_eq!(
        (
            c.escalations[0].reason.as_str(),
            c.escalations[0].to.clone()
        ),
        ("80%", vec!["主管".to_owned()])
    );
    let after = clock(&e, &ticket, "2025-03-07T11:00:00+08:00", "respond");
    let reasons: Vec<&str> = after
        .escalations
        .iter()
        .map(|x| x.reason.as_str())
        .collect();
    assert_eq!(reasons, ["80%", "breach"]);
    assert_eq!(after.escalations[1].to, ["公司经理"]);
}

#[test]
fn business_time_warnings_never_land_in_closed_hours() {
    // 50 % of 8 business hours from Fri 15:00: 2.5 h Friday, 1.5 h Monday → Mon 10:00.
    let e = engine();
    let ticket = json!({ "system": "water", "created": "2025-03-07T15:00:00+08:00" });
    let c = clock(&e, &ticket, "2025-03-07T15:00:00+08:00", "resolve");
    assert_eq!(c.warnings[0].instant, "2025-03-10T10:00:00+08:00");
    assert!(!c.warnings[0].reached);
}

#[test]
fn pending_until_the_start_event_then_offset_working_days_and_next_day_kinds() {
    let e = engine();
    let ticket = json!({ "system": "water", "created": "2025-09-30T09:00:00+08:00", "appointment": "2025-09-30T15:00:00+08:00" });
    let d = e.deadlines(&ticket, "2025-09-30T10:00:00+08:00").unwrap();
    let by_id = |id: &str| d.targets.iter().find(|t| t.target == id).unwrap();
    assert_eq!(by_id("arrive").state, TargetState::Pending);
    assert_eq!(by_id("arrive").deadline, None);
    assert_eq!(by_id("callback").state, TargetState::Pending);
    // Next working day after Tue 2025-09-30 is Thu 2025-10-09 (National Day holidays).
    assert_eq!(
        by_id("reply").deadline.as_deref(),
        Some("2025-10-09T16:00:00+08:00")
    );

    let later = json!({ "system": "water", "created": "2025-09-30T09:00:00+08:00", "appointment": "2025-09-30T15:00:00+08:00",
        "events": [ { "type": "dispatched", "at": "2025-09-30T14:00:00+08:00" }, { "type": "arrived", "at": "2025-09-30T14:56:00+08:00" },
                    { "type": "resolved", "at": "2025-09-30T15:30:00+08:00" }, { "type": "closed", "at": "2025-09-30T16:00:00+08:00" } ] });
    let d = e.deadlines(&later, "2025-10-10T12:00:00+08:00").unwrap();
    let by_id = |id: &str| d.targets.iter().find(|t| t.target == id).unwrap();
    // Arrive 5 minutes before the appointment, wall-clock.
    assert_eq!(
        by_id("arrive").deadline.as_deref(),
        Some("2025-09-30T14:55:00+08:00")
    );
    assert_eq!(by_id("arrive").state, TargetState::BreachedMet);
    // Call back within 3 working days of closing: close of Sat 2025-10-11 (make-up workday).
    assert_eq!(
        by_id("callback").deadline.as_deref(),
        Some("2025-10-11T17:30:00+08:00")
    );
    assert_eq!(by_id("callback").state, TargetState::Running);
    assert_eq!(by_id("resolve").state, TargetState::Met);
}

#[test]
fn inconsistent_event_logs_are_located_errors() {
    let e = engine();
    let now = "2025-03-10T12:00:00+08:00";
    let cases = [
        (
            json!([{ "type": "owner_confirmed", "at": "2025-03-07T10:00:00+08:00" }]),
            "/events/0",
        ),
        (
            json!([{ "type": "waiting_owner", "at": "2025-03-07T10:00:00+08:00" }, { "type": "waiting_owner", "at": "2025-03-07T11:00:00+08:00" }]),
            "/events/1",
        ),
        (
            json!([{ "type": "resolved", "at": "2025-03-07T10:00:00+08:00" }, { "type": "waiting_owner", "at": "2025-03-07T09:30:00+08:00" }]),
            "/events/1/at",
        ),
        (
            json!([{ "type": "resolved", "at": "2025-03-07T08:00:00+08:00" }]),
            "/events/0/at",
        ),
        (
            json!([{ "at": "2025-03-07T10:00:00+08:00" }]),
            "/events/0/type",
        ),
    ];
    for (events, path) in cases {
        let err = e.deadlines(&routine(events.clone()), now).unwrap_err();
        assert_eq!(
            (err.code, err.path.as_str()),
            (ErrorCode::InvalidEventLog, path),
            "{events}"
        );
    }
    let err = e.deadlines(&json!({ "system": "water" }), now).unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::MissingField, "/created")
    );
    let err = e.deadlines(&routine(json!([])), "soon").unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::InvalidDate, "/now")
    );
    let no_appointment = json!({ "system": "water", "created": "2025-03-07T09:00:00+08:00", "events": [{ "type": "dispatched", "at": "2025-03-07T10:00:00+08:00" }] });
    let err = e.deadlines(&no_appointment, now).unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::MissingField, "/appointment")
    );
}

#[test]
fn leaving_the_calendar_is_calendar_not_covered() {
    let e = engine();
    let ticket = json!({ "system": "water", "created": "2025-12-31T16:00:00+08:00" });
    let err = e
        .deadlines(&ticket, "2025-12-31T16:30:00+08:00")
        .unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::CalendarNotCovered, "/created")
    );
}

/// Routine resolve 48 h, emergency resolve 2 h, both wall-clock and restarting on reopen.
fn change_engine(policy: &str) -> Engine {
    let target = |within: &str| json!({ "id": "resolve", "kind": "calendar", "within": within, "start": "created", "stop": "resolved", "restart": "reopened" });
    let doc = json!({
        "id": "changes", "version": "1", "effective_from": "2025-01-01", "time_zone": "Asia/Shanghai",
        "on_priority_change": policy,
        "priorities": [ { "id": "emergency", "rank": 1, "label": { "zh": "紧急" } }, { "id": "routine", "rank": 2, "label": { "zh": "常规" } } ],
        "classify": { "hit_policy": "first", "inputs": [], "default": { "priority": "routine" }, "rules": [] },
        "sla": { "routine": [ target("48h") ], "emergency": [ target("2h") ] }
    });
    let mut doc = doc;
    if policy.is_empty() {
        doc.as_object_mut().unwrap().remove("on_priority_change");
    }
    Engine::from_json(&doc.to_string()).unwrap()
}

fn changed_at(at: &str) -> Value {
    json!({ "created": "2025-03-03T09:00:00+08:00", "events": [ { "type": "priority_changed", "at": at, "priority": "emergency" } ] })
}

#[test]
fn priority_change_recompute_from_start_is_the_default() {
    let e = change_engine("recompute_from_start");
    let d = e
        .deadlines(
            &changed_at("2025-03-03T10:00:00+08:00"),
            "2025-03-03T10:30:00+08:00",
        )
        .unwrap();
    assert_eq!(d.priority, "emergency");
    let change = d.priority_changed.as_ref().unwrap();
    assert_eq!(
        (change.from, change.to, change.at.as_str()),
        ("routine", "emergency", "2025-03-03T10:00:00+08:00")
    );
    let c = &d.targets[0];
    assert_eq!(
        (c.deadline.as_deref(), c.breached_at_change),
        (Some("2025-03-03T11:00:00+08:00"), Some(false))
    );
    // Raised to emergency after its 2 h had already run out: breached by the change itself.
    let late = e
        .deadlines(
            &changed_at("2025-03-03T11:30:00+08:00"),
            "2025-03-03T12:00:00+08:00",
        )
        .unwrap();
    assert_eq!(
        (late.targets[0].state, late.targets[0].breached_at_change),
        (TargetState::Breached, Some(true))
    );
    // Without a policy the rule set defaults to recompute_from_start.
    let doc_default = change_engine("");
    assert_eq!(
        doc_default
            .deadlines(
                &changed_at("2025-03-03T10:00:00+08:00"),
                "2025-03-03T10:30:00+08:00"
            )
            .unwrap()
            .targets[0]
            .deadline,
        c.deadline
    );
}

#[test]
fn priority_change_restart_at_change_counts_from_the_change() {
    let e = change_engine("restart_at_change");
    let d = e
        .deadlines(
            &changed_at("2025-03-03T11:30:00+08:00"),
            "2025-03-03T12:00:00+08:00",
        )
        .unwrap();
    let c = &d.targets[0];
    assert_eq!(c.started.as_deref(), Some("2025-03-03T11:30:00+08:00"));
    assert_eq!(c.deadline.as_deref(), Some("2025-03-03T13:30:00+08:00"));
    assert_eq!(
        (c.state, c.breached_at_change),
        (TargetState::Running, Some(false))
    );
}

#[test]
fn priority_change_carry_elapsed_keeps_the_time_already_used() {
    let e = change_engine("carry_elapsed");
    let d = e
        .deadlines(
            &changed_at("2025-03-03T10:00:00+08:00"),
            "2025-03-03T10:30:00+08:00",
        )
        .unwrap();
    let c = &d.targets[0];
    assert_eq!(c.deadline.as_deref(), Some("2025-03-03T11:00:00+08:00"));
    assert_eq!(
        (c.elapsed_seconds, c.remaining_seconds),
        (Some(5400), Some(1800))
    );
    let late = e
        .deadlines(
            &changed_at("2025-03-03T11:30:00+08:00"),
            "2025-03-03T11:40:00+08:00",
        )
        .unwrap();
    assert_eq!(late.targets[0].breached_at_change, Some(true));
    assert_eq!(
        late.targets[0].remaining_seconds,
        Some(2 * 3600 - (2 * 3600 + 40 * 60))
    );
}

#[test]
fn the_latest_priority_change_decides_and_bad_changes_are_located() {
    let e = change_engine("recompute_from_start");
    let back = json!({ "created": "2025-03-03T09:00:00+08:00", "events": [
        { "type": "priority_changed", "at": "2025-03-03T09:30:00+08:00", "priority": "emergency" },
        { "type": "priority_changed", "at": "2025-03-03T10:00:00+08:00", "priority": "routine" } ] });
    let d = e.deadlines(&back, "2025-03-03T10:30:00+08:00").unwrap();
    let change = d.priority_changed.unwrap();
    assert_eq!((d.priority, change.from), ("routine", "emergency"));
    assert_eq!(
        d.targets[0].deadline.as_deref(),
        Some("2025-03-05T09:00:00+08:00")
    );
    let unknown = json!({ "created": "2025-03-03T09:00:00+08:00", "events": [ { "type": "priority_changed", "at": "2025-03-03T09:30:00+08:00", "priority": "urgent" } ] });
    let err = e
        .deadlines(&unknown, "2025-03-03T10:30:00+08:00")
        .unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::UnknownPriority, "/events/0/priority")
    );
    let missing = json!({ "created": "2025-03-03T09:00:00+08:00", "events": [ { "type": "priority_changed", "at": "2025-03-03T09:30:00+08:00" } ] });
    let err = e
        .deadlines(&missing, "2025-03-03T10:30:00+08:00")
        .unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::InvalidEventLog, "/events/0/priority")
    );
}

#[test]
fn a_reopened_ticket_starts_a_new_cycle_and_keeps_the_earlier_one() {
    let e = change_engine("recompute_from_start");
    let ticket = json!({ "created": "2025-03-03T09:00:00+08:00", "events": [
        { "type": "resolved", "at": "2025-03-03T11:00:00+08:00" },
        { "type": "reopened", "at": "2025-03-04T09:00:00+08:00" },
        { "type": "resolved", "at": "2025-03-04T12:00:00+08:00" },
        { "type": "reopened", "at": "2025-03-07T09:00:00+08:00" } ] });
    let d = e.deadlines(&ticket, "2025-03-07T10:00:00+08:00").unwrap();
    let cycles: Vec<(u32, Option<&str>, Option<&str>, TargetState)> = d
        .targets
        .iter()
        .map(|c| {
            (
                c.cycle,
                c.started.as_deref(),
                c.deadline.as_deref(),
                c.state,
            )
        })
        .collect();
    assert_eq!(
        cycles,
        [
            (
                1,
                Some("2025-03-03T09:00:00+08:00"),
                Some("2025-03-05T09:00:00+08:00"),
                TargetState::Met
            ),
            (
                2,
                Some("2025-03-04T09:00:00+08:00"),
                Some("2025-03-06T09:00:00+08:00"),
                TargetState::Met
            ),
            (
                3,
                Some("2025-03-07T09:00:00+08:00"),
                Some("2025-03-09T09:00:00+08:00"),
                TargetState::Running
            ),
        ]
    );
    // A cycle left open when the ticket was reopened is read as it stood at the reopening.
    let unresolved = json!({ "created": "2025-03-03T09:00:00+08:00", "events": [ { "type": "reopened", "at": "2025-03-06T09:00:00+08:00" } ] });
    let d = e
        .deadlines(&unresolved, "2025-03-06T10:00:00+08:00")
        .unwrap();
    assert_eq!(
        (d.targets[0].state, d.targets[1].state),
        (TargetState::Breached, TargetState::Running)
    );
}

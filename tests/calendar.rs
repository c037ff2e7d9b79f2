//! Calendar arithmetic pinned at every boundary convention of DESIGN.md, with the 2025 State
//! Council holiday calendar (Asia/Shanghai, weekdays 08:30–17:30).

use slafee::{Engine, ErrorCode};

fn engine() -> Engine {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/calendars/office-2025.json"
    ))
    .unwrap();
    Engine::from_json(&text).unwrap()
}

fn add(calendar: &str, from: &str, duration: &str) -> String {
    engine()
        .add_working_time(calendar, from, duration)
        .unwrap_or_else(|e| panic!("{calendar} {from} +{duration}: {e}"))
}

#[test]
fn one_business_hour_from_a_make_up_sunday_evening_ends_monday_morning() {
    assert_eq!(
        add("office", "2025-01-26T17:00:00+08:00", "1h"),
        "2025-01-27T09:00:00+08:00"
    );
}

#[test]
fn one_business_hour_from_the_eve_of_spring_festival_skips_the_whole_holiday() {
    assert_eq!(
        add("office", "2025-01-27T17:00:00+08:00", "1h"),
        "2025-02-05T09:00:00+08:00"
    );
}

#[test]
fn three_working_days_over_national_day_end_at_the_close_of_the_make_up_saturday() {
    let e = engine();
    assert_eq!(
        e.close_of_working_day("office", "2025-09-30T16:00:00+08:00", 3)
            .unwrap(),
        "2025-10-11T17:30:00+08:00"
    );
    // The start day never counts, even when it starts before opening.
    assert_eq!(
        e.close_of_working_day("office", "2025-10-09T07:00:00+08:00", 1)
            .unwrap(),
        "2025-10-10T17:30:00+08:00"
    );
}

#[test]
fn a_duration_that_runs_out_exactly_at_closing_returns_the_close() {
    assert_eq!(
        add("office", "2025-03-03T16:30:00+08:00", "1h"),
        "2025-03-03T17:30:00+08:00"
    );
}

#[test]
fn starting_exactly_at_closing_counts_from_the_next_opening() {
    assert_eq!(
        add("office", "2025-03-03T17:30:00+08:00", "30m"),
        "2025-03-04T09:00:00+08:00"
    );
    assert_eq!(
        add("office", "2025-03-03T17:30:00+08:00", "0m"),
        "2025-03-04T08:30:00+08:00"
    );
}

#[test]
fn zero_duration_from_a_closed_instant_is_the_next_opening_and_from_an_open_one_itself() {
    assert_eq!(
        add("office", "2025-03-08T10:00:00+08:00", "0s"),
        "2025-03-10T08:30:00+08:00"
    );
    assert_eq!(
        add("office", "2025-03-03T10:00:07+08:00", "0s"),
        "2025-03-03T10:00:07+08:00"
    );
}

#[test]
fn times_are_kept_to_the_second() {
    assert_eq!(
        add("office", "2025-03-03T17:29:59+08:00", "2s"),
        "2025-03-04T08:30:01+08:00"
    );
}

#[test]
fn lunch_break_is_skipped() {
    assert_eq!(
        add("office-lunch", "2025-03-03T12:10:00+08:00", "30m"),
        "2025-03-03T14:00:00+08:00"
    );
    assert_eq!(
        add("office-lunch", "2025-03-03T11:45:00+08:00", "30m"),
        "2025-03-03T13:45:00+08:00"
    );
}

#[test]
fn an_overnight_shift_belongs_to_the_day_it_starts() {
    // Friday's 22:00–06:00 shift runs into Saturday morning.
    assert_eq!(
        add("night-shift", "2025-03-08T01:00:00+08:00", "4h"),
        "2025-03-08T05:00:00+08:00"
    );
    // Saturday and Sunday have no shift of their own: 1 h remains of Friday's, 1 h of Monday's.
    assert_eq!(
        add("night-shift", "2025-03-08T05:00:00+08:00", "2h"),
        "2025-03-10T23:00:00+08:00"
    );
}

#[test]
fn a_closure_removes_working_time() {
    assert_eq!(
        add("typhoon", "2025-07-20T09:00:00+08:00", "2h"),
        "2025-07-20T19:00:00+08:00"
    );
    assert_eq!(
        engine()
            .working_time_between(
                "typhoon",
                "2025-07-20T00:00:00+08:00",
                "2025-07-21T00:00:00+08:00"
            )
            .unwrap(),
        16 * 3600
    );
}

#[test]
fn a_make_up_workday_takes_its_named_template_day() {
    // Saturday 2025-03-08 is a make-up day with Friday's hours (13:00–15:00).
    assert_eq!(
        add("saturday-makeup", "2025-03-08T08:00:00+08:00", "1h"),
        "2025-03-08T14:00:00+08:00"
    );
}

#[test]
fn always_open_across_a_dst_jump_is_wall_clock() {
    assert_eq!(
        add("new-york", "2025-03-09T01:30:00-05:00", "1h"),
        "2025-03-09T03:30:00-04:00"
    );
    assert_eq!(
        add("24x7", "2025-03-09T01:30:00+08:00", "48h"),
        "2025-03-11T01:30:00+08:00"
    );
}

#[test]
fn working_time_between_two_instants() {
    let e = engine();
    // Fri 16:00 → Mon 10:00: 1.5 h Friday + 1.5 h Monday.
    assert_eq!(
        e.working_time_between(
            "office",
            "2025-03-07T16:00:00+08:00",
            "2025-03-10T10:00:00+08:00"
        )
        .unwrap(),
        3 * 3600
    );
    assert_eq!(
        e.working_time_between(
            "office",
            "2025-03-10T10:00:00+08:00",
            "2025-03-07T16:00:00+08:00"
        )
        .unwrap(),
        -3 * 3600
    );
}

#[test]
fn leaving_the_coverage_range_is_an_error_never_a_guess() {
    let e = engine();
    let err = e
        .add_working_time("office", "2025-12-31T17:00:00+08:00", "1h")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::CalendarNotCovered);
    let err = e
        .close_of_working_day("office", "2025-12-30T10:00:00+08:00", 3)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::CalendarNotCovered);
    let err = e
        .add_working_time("office", "2024-12-31T10:00:00+08:00", "1h")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NoRuleSetInEffect);
}

#[test]
fn bad_arguments_are_located() {
    let e = engine();
    let err = e
        .add_working_time("nope", "2025-03-03T10:00:00+08:00", "1h")
        .unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::UnknownCalendar, "/calendar")
    );
    let err = e
        .add_working_time("office", "2025-03-03T10:00:00+08:00", "1x")
        .unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::InvalidDuration, "/duration")
    );
    let err = e
        .add_working_time("office", "2025-03-03 10:00", "1h")
        .unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::InvalidDate, "/from")
    );
}

#[test]
fn a_long_duration_costs_the_same_lookups_as_a_short_one() {
    // 200 working days of 9 h from the first covered day still lands inside 2025.
    assert_eq!(
        add("office", "2025-01-02T08:30:00+08:00", "1800h"),
        add("office", "2025-01-02T08:30:00+08:00", "1800h")
    );
}

fn night_shift_march() -> Engine {
    let doc = serde_json::json!({
        "id": "edges", "version": "1", "effective_from": "2024-12-01", "time_zone": "Asia/Shanghai",
        "priorities": [ { "id": "routine", "rank": 1, "label": { "zh": "常规" } } ],
        "classify": { "hit_policy": "first", "inputs": [], "rules": [ { "id": "all", "then": { "priority": "routine" } } ] },
        "calendars": { "cal": { "week": { "mon-fri": ["22:00-06:00"] }, "covers": "2025-03-04..2025-03-31" } }
    });
    Engine::from_json(&doc.to_string()).unwrap()
}

#[test]
fn the_close_of_a_day_whose_shift_runs_past_the_coverage_is_not_known() {
    // Mon 2025-03-31 is the last covered date; its 22:00–06:00 shift ends outside the coverage.
    let err = night_shift_march()
        .close_of_working_day("cal", "2025-03-28T10:00:00+08:00", 1)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::CalendarNotCovered);
    assert_eq!(
        night_shift_march()
            .close_of_working_day("cal", "2025-03-27T10:00:00+08:00", 1)
            .unwrap(),
        "2025-03-29T06:00:00+08:00",
        "Friday's shift closes Saturday morning"
    );
}

#[test]
fn the_night_the_uncovered_day_before_would_spill_into_the_coverage_is_not_covered() {
    // Coverage starts Tue 2025-03-04; Monday's shift (not covered) would run until 06:00.
    let e = night_shift_march();
    let err = e
        .add_working_time("cal", "2025-03-04T01:00:00+08:00", "1h")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::CalendarNotCovered);
    assert_eq!(
        e.add_working_time("cal", "2025-03-04T06:00:00+08:00", "1h")
            .unwrap(),
        "2025-03-04T23:00:00+08:00"
    );
}

#[test]
fn within_zero_working_days_is_refused() {
    let err = engine()
        .close_of_working_day("office", "2025-03-03T10:00:00+08:00", 0)
        .unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        (ErrorCode::InvalidValue, "/days")
    );
}

/// Found by the property test: the last covered day's overnight interval runs past the
/// coverage, but a closure spans everything beyond it, so the day's close is known.
#[test]
fn a_closure_past_the_coverage_makes_the_last_close_known() {
    let rules = serde_json::json!({
        "id": "property", "version": "1", "effective_from": "2024-12-01", "time_zone": "Asia/Shanghai",
        "priorities": [{ "id": "routine", "rank": 1, "label": { "zh": "常规" } }],
        "classify": { "hit_policy": "first", "inputs": [], "rules": [{ "id": "all", "then": { "priority": "routine" } }] },
        "calendars": { "cal": {
            "week": { "tue,sat,sun": ["00:15-02:15", "02:30-00:15"] },
            "closures": [{ "from": "2025-05-12T16:16:00Z", "to": "2025-05-14T00:15:00+08:00", "reason": "停电" }],
            "covers": "2025-02-20..2025-05-13"
        } }
    });
    let engine = slafee::Engine::from_json(&rules.to_string()).unwrap();
    assert_eq!(
        engine
            .close_of_working_day("cal", "2025-05-05T16:00:00Z", 3)
            .unwrap(),
        "2025-05-13T00:16:00+08:00"
    );
}

//! Bytes as a ticket (JSON) judged by `rules/default.json`: classify (with and without trace),
//! deadlines, quote, the `free-of-charge` table and follow-ups, at two fixed `now`s. Checks: no
//! panic, every answer the same twice, and a trace never changes the decision.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use slafee::Options;
use slafee_fuzz::{LATER, NOW, check_twice, default_engine, twice};

fuzz_target!(|data: &[u8]| {
    let Ok(ticket) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let engine = default_engine();
    let plain = twice("classify", || engine.classify(&ticket));
    let traced = twice("classify with trace", || {
        engine.classify_with(&ticket, Options { trace: true })
    });
    match (&plain, &traced) {
        (Ok(p), Ok(t)) => {
            assert_eq!(
                (p.priority, p.rule),
                (t.priority, t.rule),
                "a trace changed the decision"
            );
            assert!(p.trace.is_none() && t.trace.is_some());
        }
        (Err(p), Err(t)) => assert_eq!((p.code, &p.path), (t.code, &t.path)),
        _ => panic!("a trace changed whether classification succeeds"),
    }
    for now in [NOW, LATER] {
        check_twice("deadlines", || engine.deadlines(&ticket, now));
        check_twice("quote", || engine.quote(&ticket, now));
        check_twice("follow-ups", || engine.follow_ups(&ticket, now));
    }
    check_twice("decide", || {
        engine.decide("free-of-charge", &ticket, Options { trace: true })
    });
});

//! NDJSON text through the KPI run's line reader (`KpiRun::add_line`, what the CLI and the Node
//! package feed), against `rules/default.json`, grouped by every dimension. Checks: no panic;
//! one record per non-blank line; records = evaluated + skipped; the groups partition the
//! evaluated records; the report is the same twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slafee::{Dimension, KpiOptions};
use slafee_fuzz::{LATER, NOW, check_report_counts, default_engine, twice};

const BY: [Dimension; 6] = [
    Dimension::Month,
    Dimension::Week,
    Dimension::Day,
    Dimension::Category,
    Dimension::Priority,
    Dimension::Team,
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first byte picks how many group dimensions (a prefix of BY) and which `now`.
    let pick = data.first().copied().unwrap_or(0);
    let by = &BY[..usize::from(pick % 7)];
    let now = if pick & 0x80 == 0 { NOW } else { LATER };
    let report = twice("kpi", || {
        let mut run = default_engine().kpi(&KpiOptions {
            now: now.to_owned(),
            by: by.to_vec(),
        })?;
        for line in text.lines() {
            run.add_line(line);
        }
        run.finish()
    })
    .expect("the default rule set has a kpi section in effect");
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(
        report.records, lines as u64,
        "one record per non-blank line"
    );
    let report = serde_json::to_value(&report).expect("a report serialises");
    check_report_counts(&report, !by.is_empty());
});

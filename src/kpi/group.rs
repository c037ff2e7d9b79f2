//! Per-group counters: memory grows with the number of groups (and distinct durations), never
//! with the number of records. Finishing a group judges every threshold on its counters.

use super::follow_up::FollowUpState;
use super::rate::Rate;
use super::tally::Tally;
use super::{Bound, Kpi, Threshold};
use crate::ruleset::kpi_doc::{Metric, Statistic};
use crate::sla::{TargetClock, TargetState};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// What one record contributes, computed once and added to each of its groups.
pub(crate) struct Facts<'a> {
    pub priority: &'a str,
    pub category: std::borrow::Cow<'a, str>,
    /// Strict, lenient: whether the answer counts as satisfied.
    pub satisfied: Option<(bool, bool)>,
    pub clocks: &'a [TargetClock<'a>],
    pub callbacks: Vec<(&'a str, FollowUpState)>,
    pub issues: Rate,
    pub fee: Option<bool>,
    pub revisit: Option<FollowUpState>,
}

/// Durations seen (seconds → how often): exact order statistics in memory bounded by the
/// number of distinct values. A hash map, sorted only when the report is made: every stopped
/// clock of every record lands here, and a B-tree insert per clock showed in KPI profiles. Hashed
/// with foldhash (randomly seeded, like std's) rather than SipHash, which cost ~3 % of a KPI
/// record's instructions.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Distribution(HashMap<i64, u64, foldhash::fast::RandomState>);

impl Distribution {
    fn add(&mut self, seconds: i64) {
        *self.0.entry(seconds).or_default() += 1;
    }

    fn merge(&mut self, other: Self) {
        for (seconds, n) in other.0 {
            let count = self.0.entry(seconds).or_default();
            *count = count.saturating_add(n);
        }
    }

    fn stats(&self) -> TimeStats {
        let mut values: Vec<(i64, u64)> = self.0.iter().map(|(v, n)| (*v, *n)).collect();
        values.sort_unstable();
        let count: u64 = values.iter().map(|(_, n)| n).sum();
        // The nearest-rank value at `per_mille` of the sorted values (rank ⌈p·n⌉, at least 1).
        let rank = |per_mille: u64| {
            let rank = (per_mille * count).div_ceil(1000).max(1);
            let mut seen = 0;
            values.iter().find_map(|(value, n)| {
                seen += n;
                (seen >= rank).then_some(*value)
            })
        };
        TimeStats {
            count,
            median_seconds: rank(500),
            p90_seconds: rank(900),
            max_seconds: values.last().map(|(value, _)| *value),
        }
    }
}

/// Count, median, p90 (nearest rank) and max of a target's elapsed time, in the target's own
/// time (working seconds for business targets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TimeStats {
    pub count: u64,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
    pub max_seconds: Option<i64>,
}

/// Counters of one group. They cross between worker threads as JSON ([`super::partial`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Counters {
    tickets: u64,
    satisfaction: Rate,
    strict: Rate,
    timely: Rate,
    by_target: Tally<Rate>,
    callbacks: Tally<Rate>,
    handling: Rate,
    fees: Rate,
    /// priority → target → elapsed times of stopped clocks.
    times: Tally<Tally<Distribution>>,
    breaches_by_priority: Tally<u64>,
    breaches_by_category: BTreeMap<String, u64>,
    revisits_owed: u64,
    revisits_overdue: u64,
    callbacks_overdue: u64,
}

impl Counters {
    pub fn add(&mut self, facts: &Facts<'_>) {
        self.tickets += 1;
        if let Some((strict, lenient)) = facts.satisfied {
            self.strict.count(strict);
            self.satisfaction.count(lenient);
        }
        let mut decided = false;
        let mut all_met = true;
        let mut breached = false;
        for clock in facts.clocks {
            let met = match clock.state {
                TargetState::Met => true,
                TargetState::Breached | TargetState::BreachedMet => false,
                TargetState::Pending | TargetState::Running | TargetState::Paused => continue,
            };
            decided = true;
            all_met &= met;
            breached |= !met;
            self.by_target.bump(clock.target, |r| r.count(met));
            // Met and breached-met clocks have stopped: their elapsed time is final.
            let stopped = matches!(clock.state, TargetState::Met | TargetState::BreachedMet);
            if let (Some(elapsed), true) = (clock.elapsed_seconds, stopped) {
                self.times.bump(facts.priority, |targets| {
                    targets.bump(clock.target, |d| d.add(elapsed));
                });
            }
        }
        if decided {
            self.timely.count(all_met);
        }
        if breached {
            self.breaches_by_priority.bump(facts.priority, |n| *n += 1);
            bump(&mut self.breaches_by_category, &facts.category, |n| *n += 1);
        }
        for (id, state) in &facts.callbacks {
            match state {
                FollowUpState::Done => self.callbacks.bump(id, |r| r.count(true)),
                FollowUpState::DoneLate => self.callbacks.bump(id, |r| r.count(false)),
                FollowUpState::Overdue => {
                    self.callbacks.bump(id, |r| r.count(false));
                    self.callbacks_overdue += 1;
                }
                FollowUpState::Due => {}
            }
        }
        self.handling.merge(facts.issues);
        if let Some(collected) = facts.fee {
            self.fees.count(collected);
        }
        if let Some(state) = facts.revisit {
            self.revisits_owed += 1;
            self.revisits_overdue += u64::from(state == FollowUpState::Overdue);
        }
    }

    /// Adds another group's counters (a part of the batch counted by another run).
    pub fn merge(&mut self, other: Self) {
        self.tickets = self.tickets.saturating_add(other.tickets);
        self.satisfaction.merge(other.satisfaction);
        self.strict.merge(other.strict);
        self.timely.merge(other.timely);
        self.by_target.merge(other.by_target, |a, b| a.merge(b));
        self.callbacks.merge(other.callbacks, |a, b| a.merge(b));
        self.handling.merge(other.handling);
        self.fees.merge(other.fees);
        self.times
            .merge(other.times, |a, b| a.merge(b, Distribution::merge));
        let add = |a: &mut u64, b: u64| *a = a.saturating_add(b);
        self.breaches_by_priority
            .merge(other.breaches_by_priority, add);
        merge_each(
            &mut self.breaches_by_category,
            other.breaches_by_category,
            add,
        );
        add(&mut self.revisits_owed, other.revisits_owed);
        add(&mut self.revisits_overdue, other.revisits_overdue);
        add(&mut self.callbacks_overdue, other.callbacks_overdue);
    }

    pub fn finish(self, key: BTreeMap<&'static str, String>, kpi: &Kpi) -> GroupReport {
        let thresholds = kpi.thresholds.iter().map(|t| self.judge(t)).collect();
        GroupReport {
            key,
            tickets: self.tickets,
            metrics: Metrics {
                satisfaction: self.satisfaction,
                satisfaction_strict: self.strict,
                timely: self.timely,
                timely_by_target: self.by_target.into_sorted(),
                callback_coverage: self.callbacks.into_sorted(),
                callback_handling: self.handling,
                fee_collection: self.fees,
                times: self
                    .times
                    .into_sorted()
                    .into_iter()
                    .flat_map(|(priority, targets)| {
                        targets
                            .into_sorted()
                            .into_iter()
                            .map(move |(target, d)| TimeRow {
                                priority: priority.clone(),
                                target,
                                stats: d.stats(),
                            })
                    })
                    .collect(),
                breaches_by_priority: self.breaches_by_priority.into_sorted(),
                breaches_by_category: self.breaches_by_category,
                revisits_owed: self.revisits_owed,
                revisits_overdue: self.revisits_overdue,
                callbacks_overdue: self.callbacks_overdue,
            },
            thresholds,
        }
    }

    fn judge(&self, t: &Threshold) -> ThresholdResult {
        let rate = |r: Option<&Rate>| r.copied().unwrap_or_default();
        let measured = match t.metric {
            Metric::Satisfaction => Measured::Rate(self.satisfaction),
            Metric::SatisfactionStrict => Measured::Rate(self.strict),
            Metric::Timely => Measured::Rate(match &t.target {
                Some(target) => rate(self.by_target.get(target)),
                None => self.timely,
            }),
            Metric::CallbackCoverage => Measured::Rate(rate(
                t.callback.as_ref().and_then(|c| self.callbacks.get(c)),
            )),
            Metric::CallbackHandling => Measured::Rate(self.handling),
            Metric::FeeCollection => Measured::Rate(self.fees),
            Metric::Time => {
                let stats = self
                    .times
                    .get(t.priority.as_deref().unwrap_or_default())
                    .and_then(|targets| targets.get(t.target.as_deref().unwrap_or_default()))
                    .map(Distribution::stats);
                Measured::Seconds(stats.and_then(|s| match t.statistic {
                    Some(Statistic::Median) => s.median_seconds,
                    Some(Statistic::P90) => s.p90_seconds,
                    _ => s.max_seconds,
                }))
            }
        };
        let verdict = match (measured, t.bound) {
            (Measured::Rate(r), Bound::PerMille(p)) => {
                if t.at_least {
                    r.at_least(p)
                } else {
                    r.at_most(p)
                }
            }
            (Measured::Seconds(Some(s)), Bound::Seconds(b)) => {
                Some(if t.at_least { s >= b } else { s <= b })
            }
            _ => None,
        };
        let (rate, value_seconds) = match measured {
            Measured::Rate(r) => (Some(r), None),
            Measured::Seconds(s) => (None, s),
        };
        ThresholdResult {
            id: t.id.clone(),
            metric: t.metric,
            comparison: if t.at_least { "at_least" } else { "at_most" },
            target: t.text.clone(),
            value: rate.and_then(|r| r.percent_text()).map(|p| format!("{p}%")),
            rate,
            value_seconds,
            verdict: match verdict {
                Some(true) => Verdict::Pass,
                Some(false) => Verdict::Fail,
                None => Verdict::NoData,
            },
            source: t.source.clone(),
        }
    }
}

/// Updates the counter under `key`, created on first use. Looking up before inserting keeps the
/// common case (the key is there) free of the allocation `entry(key.to_owned())` makes per record.
fn bump<V: Default>(map: &mut BTreeMap<String, V>, key: &str, update: impl FnOnce(&mut V)) {
    match map.get_mut(key) {
        Some(value) => update(value),
        None => update(map.entry(key.to_owned()).or_default()),
    }
}

/// Merges `other` into `map` key by key.
fn merge_each<V: Default>(
    map: &mut BTreeMap<String, V>,
    other: BTreeMap<String, V>,
    merge: impl Fn(&mut V, V),
) {
    for (key, value) in other {
        merge(map.entry(key).or_default(), value);
    }
}

#[derive(Clone, Copy)]
enum Measured {
    Rate(Rate),
    Seconds(Option<i64>),
}

/// A threshold's verdict for one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Verdict {
    Pass,
    Fail,
    /// The denominator is empty: neither 0 % nor 100 %.
    NoData,
}

/// One threshold judged for one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ThresholdResult {
    pub id: String,
    pub metric: Metric,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "\"at_least\" | \"at_most\""))]
    pub comparison: &'static str,
    /// The bound as written (`"90%"`, `"30m"`).
    pub target: String,
    /// The rate as displayed (`"95.0%"`, half-up to one decimal); `None` without data.
    pub value: Option<String>,
    /// Rates: numerator and denominator, compared exactly.
    pub rate: Option<Rate>,
    /// Time thresholds: the statistic in seconds.
    pub value_seconds: Option<i64>,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Elapsed-time figures of one target of one priority.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TimeRow {
    pub priority: String,
    pub target: String,
    #[serde(flatten)]
    pub stats: TimeStats,
}

/// Every figure of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Metrics {
    pub satisfaction: Rate,
    pub satisfaction_strict: Rate,
    pub timely: Rate,
    pub timely_by_target: BTreeMap<String, Rate>,
    pub callback_coverage: BTreeMap<String, Rate>,
    pub callback_handling: Rate,
    pub fee_collection: Rate,
    pub times: Vec<TimeRow>,
    pub breaches_by_priority: BTreeMap<String, u64>,
    pub breaches_by_category: BTreeMap<String, u64>,
    pub revisits_owed: u64,
    pub revisits_overdue: u64,
    pub callbacks_overdue: u64,
}

/// One group's figures and verdicts; `key` names the group (`{ "month": "2026-03" }`; empty
/// for the whole batch).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct GroupReport {
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "Partial<Record<Dimension, string>>")
    )]
    pub key: BTreeMap<&'static str, String>,
    pub tickets: u64,
    pub metrics: Metrics,
    pub thresholds: Vec<ThresholdResult>,
}

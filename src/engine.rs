//! The engine: a rule book of compiled, immutable rule sets (versions by effective date), and
//! the calls that judge tickets with the rule set in effect when each ticket was created.

use crate::cases::{self, CaseReport};
use crate::classify::Classification;
use crate::decision::Decision;
use crate::diff::DiffReport;
use crate::error::{Error, ErrorCode};
use crate::fees::{self, Receipt, Schedule};
use crate::kpi::{self, FollowUps, KpiOptions, KpiRun};
use crate::lint::LintReport;
use crate::ruleset::{self, RuleSet, load, merge};
use crate::sla::{self, Deadlines};
use crate::ticket;
use crate::working_time;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;

/// Names the rule set (and its version) that produced a result, so every answer is traceable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RuleSetRef {
    pub id: String,
    pub version: String,
}

/// Per-call options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Record, for every row tried, whether it matched and the first cell that failed.
    pub trace: bool,
}

/// A rule book: one or more compiled rule sets, ordered by `effective_from`. A ticket is judged
/// by the newest rule set in effect at its `created` instant, so a change never rewrites history.
/// Rule sets are immutable; adding one that fails to load leaves the book unchanged.
#[derive(Debug, Clone)]
pub struct Engine {
    /// Sorted by effective instant, oldest first; never empty.
    rule_sets: Vec<Arc<RuleSet>>,
}

impl Engine {
    /// Loads a rule set from JSON text, reporting every problem found as one
    /// [`ErrorCode::InvalidRuleSet`] error whose `problems` locate each mistake.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        Self::from_parts(&[text])
    }

    /// Loads one rule set split over several JSON texts (merged in order; see `ruleset::merge`).
    pub fn from_parts(texts: &[&str]) -> Result<Self, Error> {
        Ok(Self {
            rule_sets: vec![Arc::new(compile_parts(texts)?)],
        })
    }

    /// Adds another rule-set version to the book. On any error the book is unchanged.
    pub fn add_json(&mut self, text: &str) -> Result<(), Error> {
        self.add_parts(&[text])
    }

    /// Adds a rule-set version split over several texts. On any error the book is unchanged.
    pub fn add_parts(&mut self, texts: &[&str]) -> Result<(), Error> {
        let added = compile_parts(texts)?;
        if let Some(clash) = self.rule_sets.iter().find(|r| {
            r.reference == added.reference || r.effective_instant == added.effective_instant
        }) {
            return Err(Error::new(
                ErrorCode::DuplicateVersion,
                "",
                format!(
                    "the book already holds {} {} (effective {}); rule set {} {} (effective {}) would be ambiguous",
                    clash.reference.id,
                    clash.reference.version,
                    clash.effective_from,
                    added.reference.id,
                    added.reference.version,
                    added.effective_from
                ),
            ));
        }
        let at = self
            .rule_sets
            .partition_point(|r| r.effective_instant < added.effective_instant);
        self.rule_sets.insert(at, Arc::new(added));
        Ok(())
    }

    /// Replaces every rule set of the book with one new rule set (text or parts). On any error
    /// the book is unchanged.
    pub fn replace_parts(&mut self, texts: &[&str]) -> Result<(), Error> {
        *self = Self::from_parts(texts)?;
        Ok(())
    }

    /// The rule sets in the book, oldest first.
    pub fn rule_sets(&self) -> Vec<RuleSetRef> {
        self.rule_sets.iter().map(|r| r.reference.clone()).collect()
    }

    /// Decides a ticket's priority with the classification table of the rule set in effect.
    pub fn classify(&self, ticket: &Value) -> Result<Classification<'_>, Error> {
        self.classify_with(ticket, Options::default())
    }

    /// [`Engine::classify`] with options (e.g. a why-not trace).
    pub fn classify_with(
        &self,
        ticket: &Value,
        options: Options,
    ) -> Result<Classification<'_>, Error> {
        let rule_set = self.select(ticket)?;
        Classification::decide(rule_set, ticket, options)
    }

    /// Where every SLA target of the ticket's priority stands at `now` (RFC 3339): deadlines,
    /// states, elapsed and remaining time, warnings and escalations due. The ticket's `created`
    /// and `events` (`[{ "type", "at" }]`) are replayed; events after `now` are ignored.
    pub fn deadlines(&self, ticket: &Value, now: &str) -> Result<Deadlines<'_>, Error> {
        let rule_set = self.select(ticket)?;
        let now_at = working_time::instant(now, "/now")?;
        let classification = Classification::decide(rule_set, ticket, Options::default())?;
        clocks(rule_set, ticket, classification.priority, now_at)
    }

    /// Prices a work order — a ticket object with `lines` — into an itemised receipt, by the
    /// fees of the rule set in effect at its `created` instant. `now` (RFC 3339) is the work's
    /// time when the order gives neither `completed` nor `appointment`, and the instant the
    /// supervisor's review clock is read at.
    pub fn quote(&self, order: &Value, now: &str) -> Result<Receipt<'_>, Error> {
        let rule_set = self.select(order)?;
        let now_at = working_time::instant(now, "/now")?;
        fees::quote(rule_set, order, now_at)
    }

    /// The price schedule posted by the rule set in effect at `at` (RFC 3339), for pickers and
    /// printed lists; `None` when that rule set prices nothing.
    pub fn price_schedule(&self, at: &str) -> Result<Option<&Schedule>, Error> {
        Ok(self.at(at, "/at")?.fees.as_ref().map(|f| &f.schedule))
    }

    /// Starts a KPI run over a batch of ticket records (add them one by one, then finish):
    /// thresholds come from the rule set in effect at `options.now`.
    pub fn kpi(&self, options: &KpiOptions) -> Result<KpiRun, Error> {
        KpiRun::new(self, options)
    }

    /// A ticket record's follow-ups at `now`: the supervisor's revisit an unsatisfied answer
    /// calls for, and the call-backs owed, each due, overdue, done or done late.
    pub fn follow_ups(&self, record: &Value, now: &str) -> Result<FollowUps, Error> {
        let now_at = working_time::instant(now, "/now")?;
        let config = self.in_effect(chrono::DateTime::from_timestamp(now_at, 0))?;
        let kpi = config.kpi.as_ref().ok_or_else(|| {
            Error::new(
                ErrorCode::NoKpi,
                "",
                format!(
                    "rule set {} {} has no \"kpi\" section",
                    config.reference.id, config.reference.version
                ),
            )
        })?;
        ticket::require_object(record)?;
        kpi::follow_ups(config, kpi, record, now_at)
    }

    /// Evaluates one of the rule set's named `tables` against a ticket.
    pub fn decide(&self, table: &str, ticket: &Value, options: Options) -> Result<Decision, Error> {
        let rule_set = self.select(ticket)?;
        Decision::decide(rule_set, table, ticket, options)
    }

    /// The instant `duration` (`2h`, `1h30m`) of working time on `calendar` after `from`
    /// (RFC 3339), by the rule set in effect at `from`; formatted in the calendar's zone.
    pub fn add_working_time(
        &self,
        calendar: &str,
        from: &str,
        duration: &str,
    ) -> Result<String, Error> {
        working_time::add(self.at(from, "/from")?, calendar, from, duration)
    }

    /// Working seconds on `calendar` between two instants (negative when `to` is earlier).
    pub fn working_time_between(&self, calendar: &str, from: &str, to: &str) -> Result<i64, Error> {
        working_time::between(self.at(from, "/from")?, calendar, from, to)
    }

    /// The close of the `n`th working day after the local date of `from` (“within N working
    /// days”).
    pub fn close_of_working_day(
        &self,
        calendar: &str,
        from: &str,
        n: u32,
    ) -> Result<String, Error> {
        working_time::close_of_working_day(self.at(from, "/from")?, calendar, from, n)
    }

    /// The newest rule set in the book (the one a product team is editing).
    pub(crate) fn newest(&self) -> Result<&RuleSet, Error> {
        self.rule_sets.last().map(AsRef::as_ref).ok_or_else(|| {
            Error::new(
                ErrorCode::NoRuleSetInEffect,
                "",
                "the book holds no rule set",
            )
        })
    }

    /// Runs a case file (see `cases`) against the book: pass/fail with a diff per case, and
    /// coverage of the newest rule set's rows, SLA targets and schedule items.
    pub fn run_cases(&self, text: &str) -> Result<CaseReport, Error> {
        cases::run(self, text)
    }

    /// Verifies the newest rule set: table gaps, overlaps, unreachable and subsumed rows (each
    /// with a witness ticket and a ready-made case) and cross-section checks.
    pub fn lint(&self) -> Result<LintReport, Error> {
        let newest = self.newest()?;
        Ok(crate::lint::lint(newest))
    }

    /// Which tickets would change priority, any deadline or clock state, or fee total if `after`
    /// replaced this book — over `tickets`, or over both versions' classification witnesses
    /// when none are given — with clocks read at `now`.
    pub fn diff(
        &self,
        after: &Engine,
        tickets: Option<&[Value]>,
        now: &str,
    ) -> Result<DiffReport, Error> {
        crate::diff::diff(self, after, tickets, now)
    }

    /// The rule set in effect at an instant given as text.
    fn at(&self, instant: &str, path: &str) -> Result<&RuleSet, Error> {
        let t = working_time::instant(instant, path)?;
        let t = chrono::DateTime::from_timestamp(t, 0).unwrap_or_default();
        self.in_effect(Some(t))
    }

    /// The newest rule set whose `effective_from` is at or before the ticket's `created`
    /// instant. `created` may be omitted only while the book holds a single rule set.
    pub(crate) fn select(&self, ticket: &Value) -> Result<&RuleSet, Error> {
        ticket::require_object(ticket)?;
        let created = match ticket.get("created") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(crate::time::parse_instant(text).ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidDate,
                    "/created",
                    format!("\"{text}\" is not an instant with offset like 2026-03-01T09:00:00+08:00"),
                )
            })?),
            Some(other) => {
                return Err(Error::new(
                    ErrorCode::WrongType,
                    "/created",
                    format!("created is an RFC 3339 instant text, got {}", ticket::json_type(other)),
                ));
            }
        };
        self.in_effect(created)
    }

    pub(crate) fn in_effect(
        &self,
        created: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<&RuleSet, Error> {
        let chosen = match (created, self.rule_sets.as_slice()) {
            (None, [only]) => Some(only),
            (None, _) => {
                return Err(Error::new(
                    ErrorCode::MissingField,
                    "/created",
                    "several rule-set versions are loaded: the ticket's created instant decides which applies",
                ));
            }
            (Some(created), all) => all.iter().rev().find(|r| r.effective_instant <= created),
        };
        chosen.map(AsRef::as_ref).ok_or_else(|| {
            let oldest = self.rule_sets.first().map(|r| r.effective_from.to_string()).unwrap_or_default();
            Error::new(
                ErrorCode::NoRuleSetInEffect,
                "/created",
                format!("no loaded rule set was in effect when the ticket was created (the oldest starts {oldest})"),
            )
        })
    }
}

/// Parses, merges and compiles the parts of one rule set, collecting every problem.
fn compile_parts(texts: &[&str]) -> Result<RuleSet, Error> {
    let bytes = texts.iter().map(|t| t.len()).sum::<usize>();
    if texts.len() > 1 && bytes > crate::limits::MAX_RULE_SET_BYTES {
        return Err(Error::invalid_rule_set(vec![crate::input::too_large(
            crate::input::Source::RuleSet,
            bytes,
        )]));
    }
    let mut problems = Vec::new();
    let values: Vec<Value> = texts
        .iter()
        .filter_map(|text| load::parse_value(text).map_err(|e| problems.extend(e)).ok())
        .collect();
    if !problems.is_empty() {
        return Err(Error::invalid_rule_set(problems));
    }
    let value = match values.len() {
        1 => values.into_iter().next().unwrap_or_default(),
        _ => merge::merge(values).map_err(Error::invalid_rule_set)?,
    };
    let doc = load::document(value).map_err(|e| Error::invalid_rule_set(vec![e]))?;
    ruleset::compile(&doc).map_err(Error::invalid_rule_set)
}

/// The SLA clocks of a ticket classified `priority`, read at `now_at` (Unix seconds): shared by
/// `deadlines` and `evaluate` (one copy in the module).
#[inline(never)]
pub(crate) fn clocks<'e>(
    rule_set: &'e RuleSet,
    ticket: &Value,
    priority: &'e str,
    now_at: i64,
) -> Result<Deadlines<'e>, Error> {
    let log = sla::read_events(ticket, now_at)?;
    let evaluation = sla::evaluate(rule_set, priority, ticket, &log, now_at, sla::Detail::Full)?;
    Ok(Deadlines {
        rule_set: &rule_set.reference,
        priority: evaluation.priority,
        now: crate::time::format_instant(now_at, rule_set.zone),
        priority_changed: evaluation.change,
        targets: evaluation.targets,
    })
}

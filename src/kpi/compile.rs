//! `kpi` section → [`Kpi`]: answers, call-back duties and thresholds checked, every problem
//! located.

use super::{Bound, Callback, Kpi, Owner, Revisit, Survey, Threshold};
use crate::conditions::Conditions;
use crate::duration;
use crate::error::{Error, ErrorCode};
use crate::percent::per_mille;
use crate::pointer;
use crate::ruleset::checked::unique_items;
use crate::ruleset::kpi_doc::{KpiDoc, Metric, SurveyDoc, ThresholdDoc};
use crate::ticket::FieldPath;
use std::collections::HashSet;

/// Compiles the `kpi` section (at `/kpi`); `calendars` are the names the rule set defines.
pub(crate) fn compile(
    doc: &KpiDoc,
    calendars: &HashSet<&str>,
    problems: &mut Vec<Error>,
) -> Option<Kpi> {
    let before = problems.len();
    let field = |text: Option<&str>, default: &str, key: &str, problems: &mut Vec<Error>| {
        let text = text.unwrap_or(default);
        FieldPath::parse(text).unwrap_or_else(|| {
            problems.push(Error::new(
                ErrorCode::InvalidValue,
                pointer::join("/kpi", key),
                format!("\"{text}\" is not a dotted field path"),
            ));
            FieldPath::invalid()
        })
    };
    let category = field(
        doc.category_field.as_deref(),
        "kind",
        "category_field",
        problems,
    );
    let team = field(doc.team_field.as_deref(), "team", "team_field", problems);
    let survey = survey(&doc.survey, calendars, problems);
    let callbacks = callbacks(doc, problems);
    let callback_ids: HashSet<&str> = callbacks.iter().map(|c| c.id.as_str()).collect();
    let docs = unique_items(
        &doc.thresholds,
        "/kpi/thresholds",
        ("threshold", "id"),
        |t| &t.id,
        problems,
    );
    let thresholds: Vec<Threshold> = docs
        .into_iter()
        .filter_map(|(at, t)| threshold(t, &at, &callback_ids, problems))
        .collect();
    (problems.len() == before).then(|| Kpi {
        category,
        team,
        survey: survey.unwrap_or_default(),
        callbacks,
        thresholds,
    })
}

fn survey(doc: &SurveyDoc, calendars: &HashSet<&str>, problems: &mut Vec<Error>) -> Option<Survey> {
    let before = problems.len();
    let known: HashSet<&str> = doc.answers.iter().map(String::as_str).collect();
    let mut check = |list: &[String], key: &str| {
        for (i, answer) in list.iter().enumerate() {
            if !known.contains(answer.as_str()) {
                problems.push(Error::new(
                    ErrorCode::UnknownReference,
                    pointer::join("/kpi/survey", &format!("{key}/{i}")),
                    format!("\"{answer}\" is not one of the survey's answers"),
                ));
            }
        }
    };
    check(&doc.strict, "strict");
    check(&doc.lenient, "lenient");
    if let Some(revisit) = &doc.revisit {
        check(&revisit.answers, "revisit/answers");
    }
    let mut scores = Vec::new();
    for (score, answer) in &doc.scores {
        let at = pointer::from_tokens(["kpi", "survey", "scores", score]);
        match score.parse::<u8>() {
            Ok(n) if (1..=5).contains(&n) && known.contains(answer.as_str()) => {
                scores.push((n, answer.clone()));
            }
            Ok(n) if (1..=5).contains(&n) => problems.push(Error::new(
                ErrorCode::UnknownReference,
                at,
                format!("\"{answer}\" is not one of the survey's answers"),
            )),
            _ => problems.push(Error::new(
                ErrorCode::InvalidValue,
                at,
                format!("\"{score}\" is not a score from 1 to 5"),
            )),
        }
    }
    let revisit = doc.revisit.as_ref().and_then(|r| {
        let calendar = r
            .calendar
            .clone()
            .unwrap_or_else(|| crate::ruleset::ALWAYS_OPEN.to_owned());
        if !calendars.contains(calendar.as_str()) {
            problems.push(Error::new(
                ErrorCode::UnknownCalendar,
                "/kpi/survey/revisit/calendar",
                format!("calendar \"{calendar}\" is not defined in /calendars"),
            ));
        }
        let within = duration::parse(&r.within)
            .map_err(|reason| {
                problems.push(Error::new(
                    ErrorCode::InvalidDuration,
                    "/kpi/survey/revisit/within",
                    reason,
                ))
            })
            .ok()?;
        Some(Revisit {
            answers: r.answers.clone(),
            within,
            calendar,
            by: r.by.clone(),
            source: r.source.clone(),
        })
    });
    (problems.len() == before).then(|| Survey {
        answers: doc.answers.clone(),
        strict: doc.strict.clone(),
        lenient: doc.lenient.clone(),
        scores,
        revisit,
    })
}

fn callbacks(doc: &KpiDoc, problems: &mut Vec<Error>) -> Vec<Callback> {
    let docs = unique_items(
        &doc.callbacks,
        "/kpi/callbacks",
        ("call-back duty", "id"),
        |c| &c.id,
        problems,
    );
    let mut out = Vec::new();
    for (at, c) in docs {
        let before = problems.len();
        let mut report = |code: ErrorCode, key: &str, message: String| {
            problems.push(Error::new(code, pointer::join(&at, key), message));
        };
        let when = Conditions::compile(&c.when, &mut report);
        let within = duration::parse(&c.within)
            .map_err(|reason| report(ErrorCode::InvalidDuration, "within", reason))
            .ok();
        let owner = c.owner.as_ref().map(|o| Owner {
            field: FieldPath::parse(&o.field).unwrap_or_else(|| {
                report(
                    ErrorCode::InvalidValue,
                    "owner/field",
                    format!("\"{}\" is not a dotted field path", o.field),
                );
                FieldPath::invalid()
            }),
            owners: o.owners.clone(),
            default: o.default.clone(),
        });
        if let (Some(within), true) = (within, problems.len() == before) {
            out.push(Callback {
                id: c.id.clone(),
                when,
                after: c.after.clone().unwrap_or_else(|| "closed".to_owned()),
                within,
                owner,
                source: c.source.clone(),
            });
        }
    }
    out
}

fn threshold(
    doc: &ThresholdDoc,
    at: &str,
    callbacks: &HashSet<&str>,
    problems: &mut Vec<Error>,
) -> Option<Threshold> {
    let before = problems.len();
    let mut report = |code: ErrorCode, key: &str, message: String| {
        problems.push(Error::new(code, pointer::join(at, key), message));
    };
    let timed = doc.metric == Metric::Time;
    // Which optional keys each metric uses.
    let uses: &[&str] = match doc.metric {
        Metric::Timely => &["target"],
        Metric::Time => &["target", "priority", "statistic"],
        Metric::CallbackCoverage => &["callback"],
        _ => &[],
    };
    for (key, given) in [
        ("target", doc.target.is_some()),
        ("priority", doc.priority.is_some()),
        ("statistic", doc.statistic.is_some()),
        ("callback", doc.callback.is_some()),
    ] {
        let required = timed || doc.metric == Metric::CallbackCoverage;
        if given && !uses.contains(&key) {
            report(
                ErrorCode::UnknownKey,
                key,
                format!("\"{key}\" does not apply to this metric"),
            );
        } else if !given && required && uses.contains(&key) {
            report(
                ErrorCode::MissingField,
                key,
                format!("this metric needs \"{key}\""),
            );
        }
    }
    if let Some(callback) = doc.callback.as_deref().filter(|c| !callbacks.contains(c)) {
        report(
            ErrorCode::UnknownReference,
            "callback",
            format!("no call-back duty \"{callback}\" is declared in /kpi/callbacks"),
        );
    }
    let bound = match (&doc.at_least, &doc.at_most) {
        (Some(text), None) => parse_bound(text, timed, "at_least", &mut report).map(|v| (true, v)),
        (None, Some(text)) => parse_bound(text, timed, "at_most", &mut report).map(|v| (false, v)),
        _ => {
            report(
                ErrorCode::InvalidValue,
                "",
                "a threshold has either \"at_least\" or \"at_most\"".to_owned(),
            );
            None
        }
    };
    let (at_least, value) = bound?;
    (problems.len() == before).then(|| Threshold {
        id: doc.id.clone(),
        metric: doc.metric,
        target: doc.target.clone(),
        priority: doc.priority.clone(),
        statistic: doc.statistic,
        callback: doc.callback.clone(),
        at_least,
        bound: value,
        text: doc
            .at_least
            .clone()
            .or_else(|| doc.at_most.clone())
            .unwrap_or_default(),
        source: doc.source.clone(),
    })
}

/// A percentage from 0 % to 100 %, or for time metrics a duration.
fn parse_bound(
    text: &str,
    timed: bool,
    key: &str,
    report: &mut dyn FnMut(ErrorCode, &str, String),
) -> Option<Bound> {
    if timed {
        return duration::parse(text)
            .map(Bound::Seconds)
            .map_err(|reason| report(ErrorCode::InvalidDuration, key, reason))
            .ok();
    }
    match per_mille(text) {
        Some(p) if p <= 1000 => Some(Bound::PerMille(p)),
        _ => {
            report(
                ErrorCode::InvalidValue,
                key,
                format!("\"{text}\" is not a percentage from 0% to 100% like \"90%\""),
            );
            None
        }
    }
}

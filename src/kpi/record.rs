//! The KPI parts of a ticket record, read strictly and located: the survey answer (or a 1–5
//! score mapped by the rule set), call-back records, the revisit, the fee and its collection.

use super::Kpi;
use crate::error::{Error, ErrorCode};
use crate::money::Money;
use crate::ticket::{instant_at, json_type};
use crate::working_time::instant_or;
use serde_json::Value;

/// A survey answer, resolved to one of the rule set's answers.
#[derive(Debug, Clone)]
pub(crate) struct Survey {
    pub answer: String,
    pub at: Option<i64>,
}

/// One call-back made.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallbackMade {
    pub at: i64,
    /// The resident raised an issue, and whether it was handled.
    pub issue: Option<bool>,
}

fn wrong(path: &str, what: &str, value: &Value) -> Error {
    Error::new(
        ErrorCode::WrongType,
        path,
        format!("{what}, got {}", json_type(value)),
    )
}

/// The record's survey answer, if it has one.
pub(crate) fn survey(kpi: &Kpi, record: &Value) -> Result<Option<Survey>, Error> {
    let survey = match record.get("survey") {
        None | Some(Value::Null) => return Ok(None),
        Some(s @ Value::Object(_)) => s,
        Some(other) => {
            return Err(wrong(
                "/survey",
                "a survey is an object { answer | score, at }",
                other,
            ));
        }
    };
    let answer = match (survey.get("answer"), survey.get("score")) {
        (Some(Value::String(answer)), None) => {
            if !kpi.survey.answers.contains(answer) {
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    "/survey/answer",
                    format!(
                        "\"{answer}\" is not a survey answer ({})",
                        kpi.survey.answers.join(", ")
                    ),
                ));
            }
            answer.clone()
        }
        (None, Some(score)) => {
            let n = score.as_u64().and_then(|n| u8::try_from(n).ok());
            kpi.survey
                .scores
                .iter()
                .find(|(s, _)| Some(*s) == n)
                .map(|(_, answer)| answer.clone())
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidValue,
                        "/survey/score",
                        format!("{score} is not a score the rule set maps (1-5)"),
                    )
                })?
        }
        (Some(other), None) => return Err(wrong("/survey/answer", "an answer is text", other)),
        _ => {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                "/survey",
                "a survey gives either \"answer\" or \"score\"",
            ));
        }
    };
    Ok(Some(Survey {
        answer,
        at: instant_at(record, "/survey/at")?,
    }))
}

/// The call-backs made, in the order given.
pub(crate) fn callbacks(record: &Value) -> Result<Vec<CallbackMade>, Error> {
    let list = match record.get("callbacks") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(other) => return Err(wrong("/callbacks", "call-backs are a list", other)),
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        if !item.is_object() {
            return Err(wrong(
                &format!("/callbacks/{i}"),
                "a call-back is an object",
                item,
            ));
        }
        let at = match item.get("at") {
            Some(Value::String(text)) => instant_or(text, || format!("/callbacks/{i}/at"))?,
            None | Some(Value::Null) => {
                return Err(Error::new(
                    ErrorCode::MissingField,
                    format!("/callbacks/{i}/at"),
                    "a call-back needs its \"at\" instant",
                ));
            }
            Some(other) => {
                return Err(wrong(
                    &format!("/callbacks/{i}/at"),
                    "an RFC 3339 instant text",
                    other,
                ));
            }
        };
        let flag = |key: &str| -> Result<Option<bool>, Error> {
            match item.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Bool(b)) => Ok(Some(*b)),
                Some(other) => Err(wrong(
                    &format!("/callbacks/{i}/{key}"),
                    "true or false",
                    other,
                )),
            }
        };
        let issue = match (flag("issue")?, flag("handled")?) {
            (Some(true), handled) => Some(handled.unwrap_or(false)),
            _ => None,
        };
        out.push(CallbackMade { at, issue });
    }
    Ok(out)
}

/// A billed fee and whether it was collected: `{ "amount": "45.00", "collected": true }`. A
/// zero amount bills nothing.
pub(crate) fn fee(record: &Value) -> Result<Option<bool>, Error> {
    let fee = match record.get("fee") {
        None | Some(Value::Null) => return Ok(None),
        Some(f @ Value::Object(_)) => f,
        Some(other) => {
            return Err(wrong(
                "/fee",
                "a fee is an object { amount, collected }",
                other,
            ));
        }
    };
    let amount = match fee.get("amount") {
        Some(Value::String(text)) => Money::parse(text)
            .map_err(|reason| Error::new(ErrorCode::InvalidMoney, "/fee/amount", reason))?,
        Some(other) => {
            return Err(wrong(
                "/fee/amount",
                "an amount is text like \"45.00\"",
                other,
            ));
        }
        None => {
            return Err(Error::new(
                ErrorCode::MissingField,
                "/fee/amount",
                "a fee needs its \"amount\"",
            ));
        }
    };
    let collected = match fee.get("collected") {
        Some(Value::Bool(b)) => *b,
        None | Some(Value::Null) => false,
        Some(other) => return Err(wrong("/fee/collected", "true or false", other)),
    };
    Ok((amount > Money::ZERO).then_some(collected))
}

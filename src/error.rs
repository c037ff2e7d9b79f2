//! The one error type of slafee: every failure — a bad rule file, a bad ticket — carries a stable
//! machine-readable `code`, a JSON-pointer `path` to the offending value and a human message.
//! Loading a rule set reports *every* problem it finds, as `problems` of one `invalid_rule_set` error.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Stable error codes. The serialized (snake_case) names are part of the public API: callers
/// branch on them, so a code is never renamed once shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum ErrorCode {
    /// The rule set failed to load; `problems` lists each reason.
    InvalidRuleSet,
    /// The text is not well-formed JSON.
    JsonSyntax,
    /// An object has a key the format does not define.
    UnknownKey,
    /// A required key is absent.
    MissingField,
    /// A value has the wrong JSON type (a number where text is expected, …).
    WrongType,
    /// A value has the right type but is not allowed (an unknown hit policy, …).
    InvalidValue,
    /// Two entries share an id that must be unique.
    DuplicateId,
    /// A key appears twice in one JSON object.
    DuplicateKey,
    /// A rule names a priority the rule set does not declare.
    UnknownPriority,
    /// A table cell names an input column the table does not declare.
    UnknownInput,
    /// A table cell is not a valid unary test.
    MalformedCell,
    /// The ticket is not a JSON object.
    InvalidTicket,
    /// A ticket value has a type the table cell cannot compare with.
    TypeMismatch,
    /// No table row matched and the table declares no default.
    NoMatch,
    /// A cell compares another type than its column (declared or inferred from earlier cells).
    CellTypeMismatch,
    /// Hit policy `unique`, but several rows matched.
    UniqueViolation,
    /// Hit policy `any`, but matching rows disagree on the outputs.
    AnyConflict,
    /// `decide` names a table the rule set does not declare.
    UnknownTable,
    /// A date or instant is malformed or does not exist (2026-02-30, 24:01).
    InvalidDate,
    /// A time zone is not an IANA zone name.
    InvalidTimeZone,
    /// A rule book already holds this id and version, or another rule set effective at the same instant.
    DuplicateVersion,
    /// No loaded rule set was in effect when the ticket was created.
    NoRuleSetInEffect,
    /// Parts of a split rule set disagree (two values for one setting, one key defined twice).
    MergeConflict,
    /// The input is larger than the limit.
    TooLarge,
    /// A table has more rows than the limit.
    TooManyRows,
    /// A table has more input columns than the limit.
    TooManyColumns,
    /// A text is longer than the limit.
    StringTooLong,
    /// A duration is malformed (`30m`, `2h`, `1h30m`, `3d` are durations).
    InvalidDuration,
    /// A time of day or an interval of one is malformed (`09:00-12:00`, `24:00` only as an end).
    InvalidTime,
    /// A range ends before it starts.
    InvertedRange,
    /// Working intervals of a calendar overlap.
    OverlappingIntervals,
    /// A calendar has no working time in the dates it covers.
    NoWorkingTime,
    /// A target names a calendar the rule set does not declare.
    UnknownCalendar,
    /// A computation needs working time outside a calendar's coverage range.
    CalendarNotCovered,
    /// A ticket's event log is out of order or inconsistent (a stop before the start, a resume without a pause).
    InvalidEventLog,
    /// An amount of money is malformed (`"20.00"`: digits, at most two decimals, written as text).
    InvalidMoney,
    /// An amount exceeds the largest accepted (10^13 fen); never wrapped.
    MoneyOverflow,
    /// A figure lies outside the range the schedule allows (a technician's labor outside `min`..`max`).
    OutOfRange,
    /// An order line names a code the price schedule does not list.
    UnknownItem,
    /// A rule-set entry names a category, warranty class or SLA target that is not declared.
    UnknownReference,
    /// A quote was asked of a rule set without a `fees` section.
    NoFeeSchedule,
    /// KPIs were asked of a rule set without a `kpi` section.
    NoKpi,
    /// JSON input (text or a JS value) nests arrays and objects deeper than the limit.
    TooDeep,
    /// A list in a ticket, order or record (`events`, `lines`, `callbacks`, …) has more items than the limit.
    TooManyItems,
    /// A case file holds more cases than the limit.
    TooManyCases,
    /// One batch call (`kpi` over an array or NDJSON text, `diff` over tickets) has more records than the limit.
    TooManyRecords,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 46] = [
        Self::InvalidRuleSet,
        Self::JsonSyntax,
        Self::UnknownKey,
        Self::MissingField,
        Self::WrongType,
        Self::InvalidValue,
        Self::DuplicateId,
        Self::DuplicateKey,
        Self::UnknownPriority,
        Self::UnknownInput,
        Self::MalformedCell,
        Self::InvalidTicket,
        Self::TypeMismatch,
        Self::NoMatch,
        Self::CellTypeMismatch,
        Self::UniqueViolation,
        Self::AnyConflict,
        Self::UnknownTable,
        Self::InvalidDate,
        Self::InvalidTimeZone,
        Self::DuplicateVersion,
        Self::NoRuleSetInEffect,
        Self::MergeConflict,
        Self::TooLarge,
        Self::TooManyRows,
        Self::TooManyColumns,
        Self::StringTooLong,
        Self::InvalidDuration,
        Self::InvalidTime,
        Self::InvertedRange,
        Self::OverlappingIntervals,
        Self::NoWorkingTime,
        Self::UnknownCalendar,
        Self::CalendarNotCovered,
        Self::InvalidEventLog,
        Self::InvalidMoney,
        Self::MoneyOverflow,
        Self::OutOfRange,
        Self::UnknownItem,
        Self::UnknownReference,
        Self::NoFeeSchedule,
        Self::NoKpi,
        Self::TooDeep,
        Self::TooManyItems,
        Self::TooManyCases,
        Self::TooManyRecords,
    ];

    /// The stable snake_case name of the code, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRuleSet => "invalid_rule_set",
            Self::JsonSyntax => "json_syntax",
            Self::UnknownKey => "unknown_key",
            Self::MissingField => "missing_field",
            Self::WrongType => "wrong_type",
            Self::InvalidValue => "invalid_value",
            Self::DuplicateId => "duplicate_id",
            Self::DuplicateKey => "duplicate_key",
            Self::UnknownPriority => "unknown_priority",
            Self::UnknownInput => "unknown_input",
            Self::MalformedCell => "malformed_cell",
            Self::InvalidTicket => "invalid_ticket",
            Self::TypeMismatch => "type_mismatch",
            Self::NoMatch => "no_match",
            Self::CellTypeMismatch => "cell_type_mismatch",
            Self::UniqueViolation => "unique_violation",
            Self::AnyConflict => "any_conflict",
            Self::UnknownTable => "unknown_table",
            Self::InvalidDate => "invalid_date",
            Self::InvalidTimeZone => "invalid_time_zone",
            Self::DuplicateVersion => "duplicate_version",
            Self::NoRuleSetInEffect => "no_rule_set_in_effect",
            Self::MergeConflict => "merge_conflict",
            Self::TooLarge => "too_large",
            Self::TooManyRows => "too_many_rows",
            Self::TooManyColumns => "too_many_columns",
            Self::StringTooLong => "string_too_long",
            Self::InvalidDuration => "invalid_duration",
            Self::InvalidTime => "invalid_time",
            Self::InvertedRange => "inverted_range",
            Self::OverlappingIntervals => "overlapping_intervals",
            Self::NoWorkingTime => "no_working_time",
            Self::UnknownCalendar => "unknown_calendar",
            Self::CalendarNotCovered => "calendar_not_covered",
            Self::InvalidEventLog => "invalid_event_log",
            Self::InvalidMoney => "invalid_money",
            Self::MoneyOverflow => "money_overflow",
            Self::OutOfRange => "out_of_range",
            Self::UnknownItem => "unknown_item",
            Self::UnknownReference => "unknown_reference",
            Self::NoFeeSchedule => "no_fee_schedule",
            Self::NoKpi => "no_kpi",
            Self::TooDeep => "too_deep",
            Self::TooManyItems => "too_many_items",
            Self::TooManyCases => "too_many_cases",
            Self::TooManyRecords => "too_many_records",
        }
    }
}

/// A located error. `path` is an RFC 6901 JSON pointer into the document that was being read
/// (the rule set for load errors, the ticket for evaluation errors); `""` means the whole document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(rename = "ProblemRef")
)]
pub struct Error {
    pub code: ErrorCode,
    pub path: String,
    pub message: String,
    /// For [`ErrorCode::InvalidRuleSet`]: every problem found, in document order where known.
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "ProblemRef[]"))]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Error>,
}

impl Error {
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            path: path.into(),
            message: message.into(),
            problems: Vec::new(),
        }
    }

    /// Wraps the problems found while loading a rule set into one error.
    pub(crate) fn invalid_rule_set(problems: Vec<Error>) -> Self {
        let message = match problems.as_slice() {
            [only] => format!("the rule set has 1 problem: {only}"),
            many => format!("the rule set has {} problems", many.len()),
        };
        Self {
            code: ErrorCode::InvalidRuleSet,
            path: String::new(),
            message,
            problems,
        }
    }
}

/// Read back by name (a parallel KPI run's skipped records cross threads as JSON): a lookup in
/// [`ErrorCode::ALL`] rather than a derived reader, which was 12 KB of wasm for this one use.
impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Self::ALL
            .into_iter()
            .find(|code| code.as_str() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown error code {name:?}")))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{} at {}: {}", self.code.as_str(), path, self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_names() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
        assert!(serde_json::from_str::<ErrorCode>("\"no_such_code\"").is_err());
    }
    #[test]
    fn display_names_code_path_and_message() {
        let e = Error::new(ErrorCode::WrongType, "/a/0", "expected text");
        assert_eq!(e.to_string(), "wrong_type at /a/0: expected text");
        let root = Error::new(ErrorCode::JsonSyntax, "", "eof");
        assert_eq!(root.to_string(), "json_syntax at /: eof");
    }

    #[test]
    fn one_problem_is_quoted_in_the_summary() {
        let e = Error::invalid_rule_set(vec![Error::new(ErrorCode::UnknownKey, "/x", "no")]);
        assert_eq!(e.code, ErrorCode::InvalidRuleSet);
        assert!(e.message.contains("unknown_key at /x"));
        let two = Error::invalid_rule_set(vec![e.clone(), e]);
        assert_eq!(two.message, "the rule set has 2 problems");
    }
}

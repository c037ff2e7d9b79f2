//! `Checked<T>`: a rule-set item whose shape error is kept instead of aborting the whole load.
//!
//! serde stops at the first error. Wrapping each list item and section in `Checked` lets one bad
//! row report its problem while every other row is still read and checked, so a file with five
//! mistakes in five places reports all five.

use crate::error::{Error, ErrorCode};
use crate::pointer;
use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde_path_to_error::Segment;

#[derive(Debug)]
pub(crate) enum Checked<T> {
    Ok(T),
    /// The item's first shape error (path relative to the item), and the item as written, so
    /// the compiler can still see e.g. its `id` and not report references to it as dangling.
    Invalid(Error, serde_json::Value),
}

impl<T> Checked<T> {
    /// The item, or `None` after recording its error (re-rooted at `at`) in `problems`.
    pub fn get(&self, at: &str, problems: &mut Vec<Error>) -> Option<&T> {
        match self {
            Self::Ok(value) => Some(value),
            Self::Invalid(e, _) => {
                problems.push(Error::new(
                    e.code,
                    format!("{at}{}", e.path),
                    e.message.clone(),
                ));
                None
            }
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Checked<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(match from_value(&value) {
            Ok(item) => Self::Ok(item),
            Err(e) => Self::Invalid(e, value),
        })
    }
}

impl<T> Checked<T> {
    /// The `id` the item declares, even when the item is otherwise malformed.
    pub fn raw_id(&self) -> Option<&str> {
        match self {
            Self::Ok(_) => None,
            Self::Invalid(_, raw) => raw.get("id").and_then(serde_json::Value::as_str),
        }
    }
}

/// The well-formed items of the list at `at` (e.g. `/fees/surcharges`), each with its pointer.
/// Malformed items are reported; so is an id (`key` of `id_of`) declared twice, at the second.
pub(crate) fn unique_items<'a, T>(
    items: &'a [Checked<T>],
    at: &str,
    (what, key): (&str, &str),
    id_of: impl Fn(&T) -> &str,
    problems: &mut Vec<Error>,
) -> Vec<(String, &'a T)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, checked) in items.iter().enumerate() {
        let here = pointer::push(at, &i.to_string());
        let Some(item) = checked.get(&here, problems) else {
            continue;
        };
        let id = id_of(item);
        if !seen.insert(id) {
            problems.push(Error::new(
                ErrorCode::DuplicateId,
                pointer::push(&here, key),
                format!("{what} \"{id}\" is declared twice"),
            ));
        }
        out.push((here, item));
    }
    out
}

/// Deserializes an object, turning a shape error into a located [`Error`] (path relative to
/// it). Only objects are accepted: serde would otherwise read a struct from an array by position.
/// Read from a borrowed value: an item's value is kept as written ([`Checked::Invalid`]), and
/// copying it for reading showed in rule-set load profiles. (Reading a good item first without
/// path tracking saved a further fifth of a load, but doubled every reader's code: +23 KB gzipped.)
pub(crate) fn from_value<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, Error> {
    if !value.is_object() {
        return Err(Error::new(
            ErrorCode::WrongType,
            "",
            format!(
                "expected an object, got {}",
                crate::ticket::json_type(value)
            ),
        ));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let tokens: Vec<String> = e.path().iter().filter_map(segment_token).collect();
        let message = e.into_inner().to_string();
        let code = code_of_serde_message(&message);
        Error::new(
            code,
            pointer::from_tokens(tokens.iter().map(String::as_str)),
            message,
        )
    })
}

fn segment_token(segment: &Segment) -> Option<String> {
    match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    }
}

/// serde reports shape errors as text; these prefixes are serde's stable wording
/// (`serde::de::Error` constructors), mapped onto our stable codes.
fn code_of_serde_message(message: &str) -> ErrorCode {
    if message.starts_with("unknown field") {
        ErrorCode::UnknownKey
    } else if message.starts_with("missing field") {
        ErrorCode::MissingField
    } else if message.starts_with("invalid type") || message.starts_with("data did not match") {
        ErrorCode::WrongType
    } else {
        ErrorCode::InvalidValue
    }
}

/// The schema of a checked item is the item's own schema.
#[cfg(test)]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Checked<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

//! Untrusted JSON input, read within the limits of `limits`: rule sets, case files and NDJSON
//! records as text here, JS values in the wasm bindings (through [`Path`] and the same error
//! constructors, so both report the same codes, paths and words). Limits are checked while the
//! value is built, so an oversized or deeply nested input costs no more than the limit.

use crate::error::{Error, ErrorCode};
use crate::{limits, pointer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Value};
use std::fmt;

/// What a text is: picks its size limit and the words of its errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// A rule set, or one part of a split one.
    RuleSet,
    /// A case file.
    CaseFile,
    /// One ticket, order or record (an NDJSON line).
    Record,
}

impl Source {
    fn max_bytes(self) -> usize {
        match self {
            Self::RuleSet => limits::MAX_RULE_SET_BYTES,
            Self::CaseFile => limits::MAX_CASE_FILE_BYTES,
            Self::Record => limits::MAX_RECORD_BYTES,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::RuleSet => "rule set",
            Self::CaseFile => "case file",
            Self::Record => "record",
        }
    }

    /// Lists are limited in tickets, orders and records; a rule set's tables and a case file's
    /// cases have limits of their own.
    pub(crate) fn max_items(self) -> usize {
        match self {
            Self::Record => limits::MAX_ITEMS,
            Self::RuleSet | Self::CaseFile => usize::MAX,
        }
    }
}

/// `too_large`: the text (or, from JS, the value's JSON) is over the source's byte limit.
pub(crate) fn too_large(source: Source, bytes: usize) -> Error {
    Error::new(
        ErrorCode::TooLarge,
        "",
        format!(
            "the {} is {bytes} bytes or more; the limit is {}",
            source.name(),
            source.max_bytes()
        ),
    )
}

/// `too_deep`: the array or object at `path` is nested deeper than the limit.
pub(crate) fn too_deep(path: String) -> Error {
    Error::new(
        ErrorCode::TooDeep,
        path,
        format!(
            "arrays and objects nest at most {} levels deep",
            limits::MAX_DEPTH
        ),
    )
}

/// `string_too_long`: a text value (or a key of the object) at `path` is over the limit.
pub(crate) fn text_too_long(path: String, bytes: usize) -> Error {
    Error::new(
        ErrorCode::StringTooLong,
        path,
        format!(
            "a text is at most {} bytes, this one {bytes} or more",
            limits::MAX_TEXT_BYTES
        ),
    )
}

/// `too_many_items`: the list or object at `path` has more items than the limit.
pub(crate) fn too_many_items(path: String, items: usize) -> Error {
    Error::new(
        ErrorCode::TooManyItems,
        path,
        format!(
            "a list or object holds at most {} items, this one {items} or more",
            limits::MAX_ITEMS
        ),
    )
}

/// `too_many_records`: one batch call was given more records than the limit.
pub(crate) fn too_many_records(path: String, records: usize) -> Error {
    Error::new(
        ErrorCode::TooManyRecords,
        path,
        format!(
            "one call takes at most {} records, this one {records} or more; stream larger batches (kpiRun)",
            limits::MAX_BATCH_RECORDS
        ),
    )
}

/// The location being read, kept as tokens and turned into a JSON pointer only for an error.
#[derive(Debug, Default)]
pub(crate) struct Path {
    tokens: Vec<Token>,
}

#[derive(Debug)]
enum Token {
    Key(String),
    Index(usize),
}

impl Path {
    pub(crate) fn push_key(&mut self, key: String) {
        self.tokens.push(Token::Key(key));
    }

    pub(crate) fn push_index(&mut self, index: usize) {
        self.tokens.push(Token::Index(index));
    }

    /// Removes the last token, giving back its key (empty for an index).
    pub(crate) fn pop(&mut self) -> String {
        match self.tokens.pop() {
            Some(Token::Key(key)) => key,
            Some(Token::Index(_)) | None => String::new(),
        }
    }

    /// The RFC 6901 pointer of the location.
    pub(crate) fn pointer(&self) -> String {
        self.tokens
            .iter()
            .fold(String::new(), |acc, token| match token {
                Token::Key(key) => pointer::push(&acc, key),
                Token::Index(index) => pointer::push(&acc, &index.to_string()),
            })
    }
}

/// Parses JSON text within the source's limits. A key repeated in one object is an error
/// (`duplicate_key`, every one reported): JSON parsers silently keep the last, which would hide
/// a table, setting or field given twice. Otherwise the first problem found: `too_large`,
/// `too_deep`, `string_too_long`, `too_many_items` or `json_syntax`.
pub(crate) fn parse(text: &str, source: Source) -> Result<Value, Vec<Error>> {
    // Editors on Windows save UTF-8 with a byte-order mark; it is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > source.max_bytes() {
        return Err(vec![too_large(source, text.len())]);
    }
    let mut reader = Reader {
        source,
        path: Path::default(),
        duplicates: Vec::new(),
        fatal: None,
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = Node {
        reader: &mut reader,
        depth: 0,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    match (parsed, reader.fatal) {
        (_, Some(limit)) => Err(vec![limit]),
        (Err(e), None) => Err(vec![Error::new(
            ErrorCode::JsonSyntax,
            "",
            format!("not valid JSON: {e}"),
        )]),
        (Ok(_), None) if !reader.duplicates.is_empty() => Err(reader.duplicates),
        (Ok(value), None) => Ok(value),
    }
}

struct Reader {
    source: Source,
    path: Path,
    duplicates: Vec<Error>,
    /// The limit that stopped the parse (serde only carries a message).
    fatal: Option<Error>,
}

impl Reader {
    fn fail<E: de::Error>(&mut self, error: Error) -> E {
        let message = error.message.clone();
        self.fatal = Some(error);
        E::custom(message)
    }

    fn text<E: de::Error>(&mut self, text: String) -> Result<Value, E> {
        if text.len() > limits::MAX_TEXT_BYTES {
            let path = self.path.pointer();
            return Err(self.fail(text_too_long(path, text.len())));
        }
        Ok(Value::String(text))
    }
}

/// Builds one value (like `serde_json::Value`'s own `Deserialize`) `depth` containers deep.
struct Node<'r> {
    reader: &'r mut Reader,
    depth: usize,
}

impl Node<'_> {
    fn enter<E: de::Error>(&mut self) -> Result<usize, E> {
        let depth = self.depth + 1;
        if depth > limits::MAX_DEPTH {
            let path = self.reader.path.pointer();
            return Err(self.reader.fail(too_deep(path)));
        }
        Ok(depth)
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.reader.text(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.reader.text(v)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        let depth = self.enter()?;
        let max = self.reader.source.max_items();
        let mut items = Vec::new();
        loop {
            self.reader.path.push_index(items.len());
            let item = seq.next_element_seed(Node {
                reader: &mut *self.reader,
                depth,
            })?;
            self.reader.path.pop();
            match item {
                Some(_) if items.len() == max => {
                    let path = self.reader.path.pointer();
                    return Err(self.reader.fail(too_many_items(path, max + 1)));
                }
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        let depth = self.enter()?;
        let max = self.reader.source.max_items();
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key.len() > limits::MAX_TEXT_BYTES {
                let path = self.reader.path.pointer();
                return Err(self.reader.fail(text_too_long(path, key.len())));
            }
            if object.len() == max {
                let path = self.reader.path.pointer();
                return Err(self.reader.fail(too_many_items(path, max + 1)));
            }
            self.reader.path.push_key(key);
            let value = map.next_value_seed(Node {
                reader: &mut *self.reader,
                depth,
            })?;
            // One lookup per key, the key moved rather than copied: this runs for every key of
            // every KPI record.
            match object.entry(self.reader.path.pop()) {
                Entry::Vacant(slot) => {
                    slot.insert(value);
                }
                Entry::Occupied(mut slot) => {
                    let error = Error::new(
                        ErrorCode::DuplicateKey,
                        pointer::push(&self.reader.path.pointer(), slot.key()),
                        format!("key \"{}\" appears twice in the same object", slot.key()),
                    );
                    slot.insert(value);
                    self.reader.duplicates.push(error);
                }
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, source: Source) -> Vec<(ErrorCode, String)> {
        parse(text, source)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.code, e.path))
            .collect()
    }

    #[test]
    fn every_repeated_key_is_reported_where_it_repeats() {
        assert_eq!(
            codes(
                r#"{"a":1,"b":{"c":[{"d":1,"d":2}]},"a":3}"#,
                Source::RuleSet
            ),
            [
                (ErrorCode::DuplicateKey, "/b/c/0/d".to_owned()),
                (ErrorCode::DuplicateKey, "/a".to_owned())
            ]
        );
    }

    #[test]
    fn nesting_stops_at_the_limit_with_the_container_located() {
        let ok = format!(
            "{}{}",
            "[".repeat(limits::MAX_DEPTH),
            "]".repeat(limits::MAX_DEPTH)
        );
        assert!(parse(&ok, Source::Record).is_ok());
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(
            codes(&deep, Source::Record),
            [(ErrorCode::TooDeep, "/0".repeat(limits::MAX_DEPTH))]
        );
        let objects = format!("{}1{}", r#"{"a~/":"#.repeat(200), "}".repeat(200));
        assert_eq!(
            codes(&objects, Source::CaseFile),
            [(ErrorCode::TooDeep, "/a~0~1".repeat(limits::MAX_DEPTH))]
        );
    }

    #[test]
    fn texts_keys_lists_and_bytes_are_limited() {
        let long = "x".repeat(limits::MAX_TEXT_BYTES + 1);
        assert_eq!(
            codes(&format!(r#"{{"a":[1,"{long}"]}}"#), Source::RuleSet),
            [(ErrorCode::StringTooLong, "/a/1".to_owned())]
        );
        assert_eq!(
            codes(&format!(r#"{{"a":{{"{long}":1}}}}"#), Source::Record),
            [(ErrorCode::StringTooLong, "/a".to_owned())]
        );
        let items = |n: usize| format!(r#"{{"events":[{}]}}"#, vec!["0"; n].join(","));
        assert!(parse(&items(limits::MAX_ITEMS), Source::Record).is_ok());
        assert_eq!(
            codes(&items(limits::MAX_ITEMS + 1), Source::Record),
            [(ErrorCode::TooManyItems, "/events".to_owned())]
        );
        assert!(parse(&items(limits::MAX_ITEMS + 1), Source::CaseFile).is_ok());
        let big = format!(r#""{}""#, " ".repeat(limits::MAX_RECORD_BYTES));
        assert_eq!(
            codes(&big, Source::Record),
            [(ErrorCode::TooLarge, String::new())]
        );
    }

    #[test]
    fn syntax_errors_and_lone_surrogates_are_json_syntax() {
        for bad in ["{} x", r#"{"a":"\ud800"}"#, "[1,]", "1e400", ""] {
            assert_eq!(
                codes(bad, Source::Record),
                [(ErrorCode::JsonSyntax, String::new())],
                "{bad}"
            );
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_json() {
        assert_eq!(
            parse("\u{feff}{\"a\":1}", Source::Record).unwrap(),
            serde_json::json!({ "a": 1 })
        );
    }
}

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
    let mut value = Value::Null;
    parse_into(text, source, &mut value)?;
    Ok(value)
}

/// [`parse`] into `value`, reusing its allocations: an object's keys, texts and lists already
/// there are refilled in place. A stream of similar records (NDJSON lines) parsed into one value
/// allocates almost nothing per record — parsing and dropping a fresh value was over a third of
/// a KPI record's time. On an error `value` holds a partial value, to be parsed into again.
pub(crate) fn parse_into(text: &str, source: Source, value: &mut Value) -> Result<(), Vec<Error>> {
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
        slot: value,
    }
    .deserialize(&mut deserializer)
    .and_then(|()| deserializer.end());
    match (parsed, reader.fatal) {
        (_, Some(limit)) => Err(vec![limit]),
        (Err(e), None) => Err(vec![Error::new(
            ErrorCode::JsonSyntax,
            "",
            format!("not valid JSON: {e}"),
        )]),
        (Ok(()), None) if !reader.duplicates.is_empty() => Err(reader.duplicates),
        (Ok(()), None) => Ok(()),
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

    /// Refuses a text (a value, or a key of the object at the path) over the limit.
    fn check_text<E: de::Error>(&mut self, bytes: usize) -> Result<(), E> {
        if bytes > limits::MAX_TEXT_BYTES {
            let path = self.path.pointer();
            return Err(self.fail(text_too_long(path, bytes)));
        }
        Ok(())
    }
}

/// Builds one value (like `serde_json::Value`'s own `Deserialize`) `depth` containers deep into
/// `slot`, reusing what the slot holds.
struct Node<'r, 'v> {
    reader: &'r mut Reader,
    depth: usize,
    slot: &'v mut Value,
}

impl Node<'_, '_> {
    fn enter<E: de::Error>(&mut self) -> Result<usize, E> {
        let depth = self.depth + 1;
        if depth > limits::MAX_DEPTH {
            let path = self.reader.path.pointer();
            return Err(self.reader.fail(too_deep(path)));
        }
        Ok(depth)
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        *self.slot = Value::Bool(v);
        Ok(())
    }
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        *self.slot = Value::from(v);
        Ok(())
    }
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        *self.slot = Value::from(v);
        Ok(())
    }
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        *self.slot = Value::from(v);
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.reader.check_text(v.len())?;
        match self.slot {
            Value::String(text) => {
                text.clear();
                text.push_str(v);
            }
            other => *other = Value::String(v.to_owned()),
        }
        Ok(())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<(), E> {
        self.reader.check_text(v.len())?;
        *self.slot = Value::String(v);
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        *self.slot = Value::Null;
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let depth = self.enter()?;
        let max = self.reader.source.max_items();
        let mut items = match std::mem::take(self.slot) {
            Value::Array(items) => items,
            _ => Vec::new(),
        };
        let mut len = 0;
        loop {
            if items.len() == len {
                items.push(Value::Null);
            }
            let Some(slot) = items.get_mut(len) else {
                return Ok(());
            };
            self.reader.path.push_index(len);
            let item = seq.next_element_seed(Node {
                reader: &mut *self.reader,
                depth,
                slot,
            })?;
            self.reader.path.pop();
            match item {
                Some(()) if len == max => {
                    let path = self.reader.path.pointer();
                    return Err(self.reader.fail(too_many_items(path, max + 1)));
                }
                Some(()) => len += 1,
                None => {
                    items.truncate(len);
                    *self.slot = Value::Array(items);
                    return Ok(());
                }
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let depth = self.enter()?;
        let max = self.reader.source.max_items();
        // The old object's entries are taken out by key as the same keys come again (a key
        // and its value's allocations reused); what is left over was not given this time.
        let mut old = match std::mem::take(self.slot) {
            Value::Object(old) => old,
            _ => Map::new(),
        };
        let mut object = Map::new();
        while let Some((key, mut value)) = map.next_key_seed(Key {
            reader: &mut *self.reader,
            old: &mut old,
        })? {
            if object.len() == max {
                let path = self.reader.path.pointer();
                return Err(self.reader.fail(too_many_items(path, max + 1)));
            }
            self.reader.path.push_key(key);
            map.next_value_seed(Node {
                reader: &mut *self.reader,
                depth,
                slot: &mut value,
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
        *self.slot = Value::Object(object);
        Ok(())
    }
}

/// An object's key, with the value it had in the object parsed into before (`Null` if none).
struct Key<'r, 'o> {
    reader: &'r mut Reader,
    old: &'o mut Map<String, Value>,
}

impl<'de> DeserializeSeed<'de> for Key<'_, '_> {
    type Value = (String, Value);
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_, '_> {
    type Value = (String, Value);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        self.reader.check_text(key.len())?;
        Ok(self
            .old
            .remove_entry(key)
            .unwrap_or_else(|| (key.to_owned(), Value::Null)))
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

    use proptest::prelude::*;

    /// JSON values over a few keys and texts, so consecutive values share keys and lists.
    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            (-3i64..3).prop_map(Value::from),
            (-1.5f64..1.5).prop_map(Value::from),
            "[ab\\\\\"\u{4e00}]{0,4}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map("[a-e]{1,2}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// A value's text: as is, cut short (a syntax error), or twice under one key.
    fn text() -> impl Strategy<Value = String> {
        (json(), 0..3u8, any::<proptest::sample::Index>()).prop_map(|(value, how, at)| {
            let text = value.to_string();
            match how {
                0 => text,
                1 => {
                    let cut = at.index(text.len() + 1);
                    text.get(..cut).unwrap_or(&text).to_owned()
                }
                _ => format!(r#"{{"a":{text},"b":1,"a":{text}}}"#),
            }
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2048))]
        /// Parsing a sequence of texts into one value, each reusing what the last left (even a
        /// partial value after an error), gives what a fresh parse of each text gives.
        #[test]
        fn parsing_into_a_reused_value_is_parsing_afresh(texts in prop::collection::vec(text(), 1..6)) {
            let mut reused = Value::Null;
            for text in &texts {
                let fresh = parse(text, Source::Record);
                let into = parse_into(text, Source::Record, &mut reused).map(|()| reused.clone());
                prop_assert_eq!(into, fresh, "{}", text);
            }
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

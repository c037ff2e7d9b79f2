//! Unary-test cells, compatible with DMN FEEL / ZEN: the closed grammar a table cell is written
//! in. Being a closed grammar — not a programming language — is what lets tables be verified.
//!
//! ```text
//! cell      := "" | "-" | "not(" tests ")" | tests
//! tests     := test ("," test)*                       any of (disjunction)
//! test      := literal | cmp number | interval | "contains(" text ("," text)* ")"
//! literal   := text | number | "true" | "false" | "null"
//! cmp       := "<" | "<=" | ">" | ">="
//! interval  := ("[" | "(" | "]") number ".." number ("]" | ")" | "[")
//! ```
//! `text` is double-quoted with `\"` and `\\` escapes. Every test of one cell compares one type
//! (text, number or boolean; `null` goes with any), so a cell has a single [`CellType`].

use super::keywords::{Found, Keywords};
use serde_json::Value;

/// The type of value a cell compares. Checked against the column at load time and against the
/// ticket at evaluation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellType {
    Text,
    Number,
    Boolean,
}

impl CellType {
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "number",
            Self::Boolean => "boolean",
        }
    }

    /// Parses a declared column type.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "text" => Some(Self::Text),
            "number" => Some(Self::Number),
            "boolean" => Some(Self::Boolean),
            _ => None,
        }
    }
}

/// One endpoint of an interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bound {
    pub value: f64,
    pub inclusive: bool,
}

/// A single unary test; a cell is a disjunction of these.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Test {
    Text(String),
    Number(f64),
    Boolean(bool),
    Null,
    /// `< n`, `<= n`, `> n`, `>= n` as an interval with one open side.
    Range {
        low: Option<Bound>,
        high: Option<Bound>,
    },
    Contains(Needles),
}

/// The substrings of a `contains(…)` test, each with its searcher built once at load (building
/// a searcher per call dominated the cost of short Chinese descriptions).
#[derive(Debug, Clone)]
pub(crate) struct Needles {
    texts: Vec<String>,
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// In a table: the ids of `texts` among the column's [`Keywords`], whose one scan per ticket
    /// answers this test. Empty elsewhere (`when` conditions), and then the cell scans itself.
    ids: Vec<u32>,
}

impl Needles {
    fn new(texts: Vec<String>) -> Self {
        let finders = texts
            .iter()
            .map(|t| memchr::memmem::Finder::new(t.as_bytes()).into_owned())
            .collect();
        Self {
            texts,
            finders,
            ids: Vec::new(),
        }
    }

    /// The substrings searched for, as written.
    pub fn texts(&self) -> &[String] {
        &self.texts
    }

    /// Whether any of the substrings occurs in `haystack`: from the column's scan when the
    /// table gave one and these substrings have ids in it, else by scanning.
    fn found_in(&self, haystack: &str, found: Option<&Found>) -> bool {
        match found {
            Some(found) if !self.ids.is_empty() => self.ids.iter().any(|&id| found.has(id)),
            _ => self
                .finders
                .iter()
                .any(|f| f.find(haystack.as_bytes()).is_some()),
        }
    }
}

impl PartialEq for Needles {
    fn eq(&self, other: &Self) -> bool {
        self.texts == other.texts
    }
}

impl Test {
    fn cell_type(&self) -> Option<CellType> {
        match self {
            Self::Text(_) | Self::Contains(_) => Some(CellType::Text),
            Self::Number(_) | Self::Range { .. } => Some(CellType::Number),
            Self::Boolean(_) => Some(CellType::Boolean),
            Self::Null => None,
        }
    }

    /// Tests a non-null value already known to have the cell's type; `found`: the keywords of
    /// the table column that occur in the value.
    fn matches(&self, value: &Value, found: Option<&Found>) -> bool {
        match (self, value) {
            (Self::Text(t), Value::String(s)) => t == s,
            (Self::Contains(needles), Value::String(s)) => needles.found_in(s, found),
            (Self::Number(n), Value::Number(v)) => v.as_f64() == Some(*n),
            (Self::Range { low, high }, Value::Number(v)) => v.as_f64().is_some_and(|x| {
                low.is_none_or(|b| {
                    if b.inclusive {
                        x >= b.value
                    } else {
                        x > b.value
                    }
                }) && high.is_none_or(|b| {
                    if b.inclusive {
                        x <= b.value
                    } else {
                        x < b.value
                    }
                })
            }),
            (Self::Boolean(b), Value::Bool(v)) => b == v,
            _ => false,
        }
    }
}

/// A parsed cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Empty or `-`: accepts every value, including `null`.
    Any,
    /// Matches when any test matches (or, when `negated`, when none does).
    Tests {
        tests: Vec<Test>,
        negated: bool,
        /// The one type the tests compare; `None` when the cell only tests `null`.
        cell_type: Option<CellType>,
    },
}

/// A ticket value a cell cannot compare with; `expected` names what the cell compares against.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Mismatch {
    pub expected: &'static str,
}

impl Cell {
    /// Parses cell text. The error is a short reason, used in a `malformed_cell` message.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed == "-" {
            return Ok(Self::Any);
        }
        let (negated, body) = match trimmed.strip_prefix("not(") {
            Some(inner) => {
                let inner = inner
                    .trim_end()
                    .strip_suffix(')')
                    .ok_or("expected ')' to close not(")?;
                (true, inner)
            }
            None => (false, trimmed),
        };
        let mut parser = Parser { rest: body };
        let tests = parser.tests()?;
        if !parser.rest.trim().is_empty() {
            return Err(format!(
                "unexpected {:?} after the last test",
                parser.rest.trim()
            ));
        }
        let mut cell_type: Option<CellType> = None;
        for test in &tests {
            match (cell_type, test.cell_type()) {
                (Some(a), Some(b)) if a != b => {
                    return Err(format!(
                        "one cell mixes {} and {} tests",
                        a.name(),
                        b.name()
                    ));
                }
                (_, Some(t)) => cell_type = Some(t),
                _ => {}
            }
        }
        Ok(Self::Tests {
            tests,
            negated,
            cell_type,
        })
    }

    /// The substrings of the cell's `contains(…)` tests.
    pub fn needle_texts(&self) -> impl Iterator<Item = &String> {
        let tests = match self {
            Self::Any => &[][..],
            Self::Tests { tests, .. } => tests.as_slice(),
        };
        tests.iter().flat_map(|t| match t {
            Test::Contains(needles) => needles.texts(),
            _ => &[],
        })
    }

    /// Gives the cell's substrings their ids among its table column's keywords, so
    /// [`Cell::test_found`] answers from the column's one scan.
    pub fn number_keywords(&mut self, keywords: &Keywords) {
        if let Self::Tests { tests, .. } = self {
            for test in tests {
                if let Test::Contains(needles) = test {
                    let ids: Option<Vec<u32>> =
                        needles.texts.iter().map(|t| keywords.id(t)).collect();
                    needles.ids = ids.unwrap_or_default();
                }
            }
        }
    }

    /// The type this cell compares, if it compares one.
    pub fn cell_type(&self) -> Option<CellType> {
        match self {
            Self::Any => None,
            Self::Tests { cell_type, .. } => *cell_type,
        }
    }

    /// Tests a ticket value. `Ok(false)` is a non-match; `Err` is a type error the caller reports.
    /// `null` (an absent field) matches `-`, `null`, and a `not(...)` that does not list `null`.
    pub fn test(&self, value: &Value) -> Result<bool, Mismatch> {
        self.test_found(value, None)
    }

    /// [`Cell::test`] in a table: `found` holds the column's keywords occurring in the value.
    pub fn test_found(&self, value: &Value, found: Option<&Found>) -> Result<bool, Mismatch> {
        let Self::Tests {
            tests,
            negated,
            cell_type,
        } = self
        else {
            return Ok(true);
        };
        let hit = if value.is_null() {
            tests.contains(&Test::Null)
        } else {
            if let Some(expected) = cell_type {
                let ok = matches!(
                    (expected, value),
                    (CellType::Text, Value::String(_))
                        | (CellType::Number, Value::Number(_))
                        | (CellType::Boolean, Value::Bool(_))
                );
                if !ok {
                    return Err(Mismatch {
                        expected: expected.name(),
                    });
                }
            }
            tests.iter().any(|t| t.matches(value, found))
        };
        Ok(hit != *negated)
    }
}

/// A hand-written recursive-descent reader over the cell text.
struct Parser<'a> {
    rest: &'a str,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_ws();
        match self.rest.strip_prefix(token) {
            Some(after) => {
                self.rest = after;
                true
            }
            None => false,
        }
    }

    fn tests(&mut self) -> Result<Vec<Test>, String> {
        let mut tests = vec![self.test()?];
        while self.eat(",") {
            tests.push(self.test()?);
        }
        Ok(tests)
    }

    fn test(&mut self) -> Result<Test, String> {
        self.skip_ws();
        if self.eat("contains(") {
            let mut needles = vec![self.text()?];
            while self.eat(",") {
                needles.push(self.text()?);
            }
            if !self.eat(")") {
                return Err(format!(
                    "expected ')' to close contains( before {:?}",
                    self.rest
                ));
            }
            return Ok(Test::Contains(Needles::new(needles)));
        }
        for (op, inclusive, is_low) in [
            ("<=", true, false),
            (">=", true, true),
            ("<", false, false),
            (">", false, true),
        ] {
            if self.eat(op) {
                let bound = Some(Bound {
                    value: self.number()?,
                    inclusive,
                });
                return Ok(if is_low {
                    Test::Range {
                        low: bound,
                        high: None,
                    }
                } else {
                    Test::Range {
                        low: None,
                        high: bound,
                    }
                });
            }
        }
        if self.rest.starts_with(['[', '(', ']']) {
            return self.interval();
        }
        if self.rest.starts_with('"') {
            return self.text().map(Test::Text);
        }
        for (word, test) in [
            ("true", Test::Boolean(true)),
            ("false", Test::Boolean(false)),
            ("null", Test::Null),
        ] {
            if self.rest.starts_with(word) && !self.word_continues(word.len()) {
                self.rest = self.rest.get(word.len()..).unwrap_or("");
                return Ok(test);
            }
        }
        if self
            .rest
            .starts_with(|c: char| c == '-' || c.is_ascii_digit())
        {
            return self.number().map(Test::Number);
        }
        Err(format!(
            "expected a test (\"text\", a number, true/false, null, < n, [a..b], contains(…)) at {:?}",
            self.rest
        ))
    }

    fn word_continues(&self, at: usize) -> bool {
        self.rest
            .get(at..)
            .and_then(|s| s.chars().next())
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    }

    fn interval(&mut self) -> Result<Test, String> {
        let low_inclusive = self.rest.starts_with('[');
        self.rest = self.rest.get(1..).unwrap_or("");
        let low = self.number()?;
        if !self.eat("..") {
            return Err(format!(
                "expected '..' in an interval before {:?}",
                self.rest
            ));
        }
        let high = self.number()?;
        self.skip_ws();
        let high_inclusive = match self.rest.chars().next() {
            Some(']') => true,
            Some(')' | '[') => false,
            _ => {
                return Err(format!(
                    "expected ']' or ')' to close the interval before {:?}",
                    self.rest
                ));
            }
        };
        self.rest = self.rest.get(1..).unwrap_or("");
        if low > high {
            return Err(format!(
                "the interval's start {low} is after its end {high}"
            ));
        }
        Ok(Test::Range {
            low: Some(Bound {
                value: low,
                inclusive: low_inclusive,
            }),
            high: Some(Bound {
                value: high,
                inclusive: high_inclusive,
            }),
        })
    }

    /// Reads `-?digits(.digits)?`; a `.` followed by another `.` belongs to an interval's `..`.
    fn number(&mut self) -> Result<f64, String> {
        self.skip_ws();
        let bytes = self.rest.as_bytes();
        let digits_from = |start: usize| {
            (start..bytes.len())
                .find(|&i| !bytes.get(i).is_some_and(u8::is_ascii_digit))
                .unwrap_or(bytes.len())
        };
        let sign = usize::from(bytes.first() == Some(&b'-'));
        let mut end = digits_from(sign);
        if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            end = digits_from(end + 1);
        }
        let literal = self.rest.get(..end).unwrap_or("");
        let value: f64 = literal
            .parse()
            .map_err(|_| format!("expected a number at {:?}", self.rest))?;
        if !value.is_finite() {
            return Err(format!("{literal} is not a finite number"));
        }
        self.rest = self.rest.get(end..).unwrap_or("");
        Ok(value)
    }

    /// Reads one double-quoted literal with `\"` and `\\` escapes.
    fn text(&mut self) -> Result<String, String> {
        self.skip_ws();
        let body = self
            .rest
            .strip_prefix('"')
            .ok_or_else(|| format!("expected a quoted text like \"water\" at {:?}", self.rest))?;
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.rest = body.get(i + 1..).unwrap_or("");
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some((_, e @ ('"' | '\\'))) => out.push(e),
                    Some((_, e)) => return Err(format!("unknown escape \\{e}")),
                    None => break,
                },
                c => out.push(c),
            }
        }
        Err("a quoted text is not closed".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cell(text: &str) -> Cell {
        Cell::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn matches(text: &str, value: Value) -> bool {
        cell(text).test(&value).unwrap()
    }

    #[test]
    fn empty_and_dash_accept_anything() {
        for text in ["", "  ", "-", " - "] {
            assert_eq!(cell(text), Cell::Any);
            assert!(matches(text, json!(null)));
            assert!(matches(text, json!(5)));
        }
    }

    #[test]
    fn text_literals_and_any_of() {
        assert!(matches(r#""gas""#, json!("gas")));
        assert!(!matches(r#""gas""#, json!("water")));
        assert!(matches(r#" "water" , "电梯","gas" "#, json!("电梯")));
        assert_eq!(cell(r#""say \"hi\" \\ ok""#), cell(r#""say \"hi\" \\ ok""#));
        assert!(matches(r#""say \"hi\" \\ ok""#, json!(r#"say "hi" \ ok"#)));
    }

    #[test]
    fn contains_matches_any_substring() {
        let c = r#"contains("漏水", "爆管")"#;
        assert!(matches(c, json!("厨房水管爆管了")));
        assert!(!matches(c, json!("楼道灯不亮")));
        assert!(!matches(c, Value::Null));
    }

    #[test]
    fn numbers_comparisons_and_interval_ends() {
        assert!(matches("3", json!(3)));
        assert!(matches("3", json!(3.0)));
        assert!(matches("-2.5", json!(-2.5)));
        assert!(matches(">= 10", json!(10)));
        assert!(!matches("> 10", json!(10)));
        assert!(matches("< 3", json!(2.99)));
        assert!(!matches("< 3", json!(3)));
        assert!(matches("<= 3", json!(3)));
        // closed, open and DMN's reversed-bracket open ends
        assert!(matches("[1..5]", json!(1)) && matches("[1..5]", json!(5)));
        assert!(!matches("(1..5]", json!(1)) && matches("(1..5]", json!(5)));
        assert!(!matches("]1..5]", json!(1)));
        assert!(matches("[1..5)", json!(4.999)) && !matches("[1..5)", json!(5)));
        assert!(!matches("[1..5[", json!(5)));
        assert!(matches("[0..0]", json!(0)));
        assert!(matches("< 0, > 100", json!(101)) && !matches("< 0, > 100", json!(50)));
    }

    #[test]
    fn booleans_null_and_not() {
        assert!(matches("true", json!(true)) && !matches("true", json!(false)));
        assert!(matches("null", Value::Null) && !matches("null", json!("x")));
        assert!(matches(r#"null, "a""#, Value::Null));
        assert!(matches(r#"not("gas")"#, json!("water")));
        assert!(!matches(r#"not("gas","fire")"#, json!("fire")));
        // an absent field is not "gas", so not("gas") accepts it; not(null) rejects it
        assert!(matches(r#"not("gas")"#, Value::Null));
        assert!(!matches("not(null)", Value::Null));
        assert!(matches("not(null)", json!(1)));
        assert!(matches("not([1..3])", json!(4)));
    }

    #[test]
    fn types_are_inferred_and_checked() {
        assert_eq!(cell(r#""a""#).cell_type(), Some(CellType::Text));
        assert_eq!(cell("[1..2]").cell_type(), Some(CellType::Number));
        assert_eq!(cell("null, false").cell_type(), Some(CellType::Boolean));
        assert_eq!(cell("null").cell_type(), None);
        assert_eq!(cell("-").cell_type(), None);
        let text = cell(r#""gas""#);
        assert_eq!(text.test(&Value::Null), Ok(false));
        assert_eq!(text.test(&json!(3)), Err(Mismatch { expected: "text" }));
        assert_eq!(
            cell("> 1").test(&json!("2")),
            Err(Mismatch { expected: "number" })
        );
        assert_eq!(
            cell("true").test(&json!(1)),
            Err(Mismatch {
                expected: "boolean"
            })
        );
        assert_eq!(cell("null").test(&json!([1])), Ok(false));
    }

    #[test]
    fn malformed_cells_say_why() {
        for (text, needle) in [
            ("gas", "expected a test"),
            (r#""gas"#, "not closed"),
            (r#""a" "b""#, "unexpected"),
            (r#""a","#, "expected a test"),
            (r#""a\n""#, "unknown escape"),
            (r#"contains("a""#, "expected ')'"),
            (r#"contains("a") x"#, "unexpected"),
            ("contains()", "expected a quoted text"),
            ("contains(1)", "expected a quoted text"),
            (r#""a", 1"#, "mixes text and number"),
            ("[5..1]", "after its end"),
            ("[1..5", "expected ']' or ')'"),
            ("[1,5]", "expected '..'"),
            ("> x", "expected a number"),
            ("not(\"a\"", "expected ')' to close not("),
            ("truex", "expected a test"),
            ("1e3", "unexpected"),
            (&format!("1{}", "0".repeat(400)), "not a finite number"),
        ] {
            let reason = Cell::parse(text).unwrap_err();
            assert!(reason.contains(needle), "{text}: {reason}");
        }
    }
}

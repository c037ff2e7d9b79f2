//! A work order's lines as the desk enters them, read strictly: an unknown key, a float where
//! money is meant or a quantity of zero is a located error, never a guess.

use crate::error::{Error, ErrorCode};
use crate::limits;
use crate::money::{self, Money};
use crate::pointer;
use crate::ticket::json_type;
use serde_json::{Map, Value};

/// Keys an order line may have.
const LINE_KEYS: &[&str] = &[
    "code",
    "description",
    "quantity",
    "minutes",
    "labor",
    "material_cost",
    "supplied_by",
    "accepted",
];

/// One line of a work order.
#[derive(Debug)]
pub(crate) struct Line<'o> {
    /// Where the line is in the order (`/lines/3`), for errors.
    pub path: String,
    pub index: usize,
    /// A schedule code; `None` for an item not on the schedule.
    pub code: Option<&'o str>,
    pub description: Option<&'o str>,
    /// In thousandths; `None` when not given (1 unit).
    pub quantity: Option<i64>,
    /// Time worked, for time-based items.
    pub minutes: Option<i64>,
    /// The technician's figure per unit (range items) or the quoted labor (off-schedule items).
    pub labor: Option<Money>,
    /// Material entered on site for the whole line.
    pub material_cost: Option<Money>,
    /// `Some(true)` when the resident supplies the material, `Some(false)` when the company does.
    pub resident_supplies: Option<bool>,
    /// An off-schedule line whose quote the resident accepted.
    pub accepted: bool,
}

impl Line<'_> {
    /// The path of one of the line's keys.
    pub fn at(&self, key: &str) -> String {
        pointer::push(&self.path, key)
    }

    pub fn quantity_or_one(&self) -> i64 {
        self.quantity.unwrap_or(money::MILLI)
    }
}

/// Reads `order.lines`.
pub(crate) fn lines(order: &Value) -> Result<Vec<Line<'_>>, Error> {
    let lines = match order.get("lines") {
        Some(Value::Array(lines)) => lines,
        None | Some(Value::Null) => {
            return Err(Error::new(
                ErrorCode::MissingField,
                "/lines",
                "an order needs \"lines\": the items worked on",
            ));
        }
        Some(other) => {
            return Err(Error::new(
                ErrorCode::WrongType,
                "/lines",
                format!("\"lines\" is a list, got {}", json_type(other)),
            ));
        }
    };
    if lines.len() > limits::MAX_ORDER_LINES {
        return Err(Error::new(
            ErrorCode::TooManyItems,
            "/lines",
            format!(
                "an order has at most {} lines, got {}",
                limits::MAX_ORDER_LINES,
                lines.len()
            ),
        ));
    }
    lines
        .iter()
        .enumerate()
        .map(|(index, value)| line(index, value))
        .collect()
}

fn line(index: usize, value: &Value) -> Result<Line<'_>, Error> {
    let path = pointer::from_tokens(["lines", &index.to_string()]);
    let Value::Object(fields) = value else {
        return Err(Error::new(
            ErrorCode::WrongType,
            path,
            format!("an order line is an object, got {}", json_type(value)),
        ));
    };
    if let Some(key) = fields.keys().find(|k| !LINE_KEYS.contains(&k.as_str())) {
        return Err(Error::new(
            ErrorCode::UnknownKey,
            pointer::push(&path, key),
            format!(
                "an order line has no \"{key}\" (keys: {})",
                LINE_KEYS.join(", ")
            ),
        ));
    }
    let at = |key: &str| pointer::push(&path, key);
    let text = |key: &str| -> Result<Option<&str>, Error> {
        match fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.as_str())),
            Some(Value::String(_)) => Err(Error::new(
                ErrorCode::InvalidValue,
                at(key),
                format!("\"{key}\" is empty"),
            )),
            Some(other) => Err(Error::new(
                ErrorCode::WrongType,
                at(key),
                format!("\"{key}\" is text, got {}", json_type(other)),
            )),
        }
    };
    let quantity = match fields.get("quantity") {
        None | Some(Value::Null) => None,
        Some(q) => Some(
            money::parse_quantity(q)
                .map_err(|reason| Error::new(ErrorCode::InvalidValue, at("quantity"), reason))?,
        ),
    };
    let minutes = match fields.get("minutes") {
        None | Some(Value::Null) => None,
        Some(m) => Some(
            whole_number(m)
                .filter(|m| *m <= limits::MAX_ORDER_MINUTES)
                .and_then(|m| i64::try_from(m).ok())
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidValue,
                        at("minutes"),
                        format!(
                            "\"minutes\" is a whole number of minutes from 0 to {}",
                            limits::MAX_ORDER_MINUTES
                        ),
                    )
                })?,
        ),
    };
    let resident_supplies = match text("supplied_by")? {
        None => None,
        Some("resident") => Some(true),
        Some("company") => Some(false),
        Some(other) => {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                at("supplied_by"),
                format!("\"supplied_by\" is \"resident\" or \"company\", got \"{other}\""),
            ));
        }
    };
    let accepted = match fields.get("accepted") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(Error::new(
                ErrorCode::WrongType,
                at("accepted"),
                format!("\"accepted\" is true or false, got {}", json_type(other)),
            ));
        }
    };
    Ok(Line {
        index,
        code: text("code")?,
        description: text("description")?,
        quantity,
        minutes,
        labor: amount(fields, "labor", &path)?,
        material_cost: amount(fields, "material_cost", &path)?,
        resident_supplies,
        accepted,
        path,
    })
}

/// An amount on an order line: decimal text only. A JSON number is refused, so a float never
/// becomes money.
fn amount(fields: &Map<String, Value>, key: &str, path: &str) -> Result<Option<Money>, Error> {
    let at = || pointer::push(path, key);
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Money::parse(text)
            .map(Some)
            .map_err(|reason| Error::new(ErrorCode::InvalidMoney, at(), reason)),
        Some(Value::Number(n)) => Err(Error::new(
            ErrorCode::WrongType,
            at(),
            format!("amounts are written as text to stay exact: \"{n}\", not {n}"),
        )),
        Some(other) => Err(Error::new(
            ErrorCode::WrongType,
            at(),
            format!("an amount is text like \"20.00\", got {}", json_type(other)),
        )),
    }
}

/// A non-negative whole number, also when written `30.0` (as JavaScript numbers may arrive).
fn whole_number(value: &Value) -> Option<u64> {
    value.as_u64().or_else(|| {
        value
            .as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= 1e15)
            .map(|f| f as u64)
    })
}

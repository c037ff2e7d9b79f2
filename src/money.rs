//! Exact money: integer fen (分) inside, decimal text (`"20.00"`) in files, both in results.
//! Floating point never touches an amount: a rounding of 0.1 + 0.2 is a complaint at the desk.

use serde::Serialize;
use std::fmt;

/// Fen in an amount of one yuan.
const FEN_PER_YUAN: i64 = 100;
/// Thousandths in one unit of a quantity (`2.5` 米 = 2500).
pub(crate) const MILLI: i64 = 1000;
/// The largest amount accepted or produced: 10^13 fen (100 billion yuan). Far above any repair,
/// far below `i64`, so sums of many lines stay exact and checked.
const MAX_FEN: i64 = 10_000_000_000_000;

/// An exact, non-negative amount in fen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(type = "{ fen: number; text: string }")
)]
pub struct Money(i64);

/// An amount went past [`MAX_FEN`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Overflow;

impl Money {
    pub const ZERO: Self = Self(0);

    /// The amount in fen.
    pub fn fen(self) -> i64 {
        self.0
    }

    /// Parses `"20"`, `"20.5"` or `"20.00"`: digits, at most two decimals, no sign, no exponent.
    /// The error is a short reason for a message.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || (text.contains('.') && !digits(fraction)) {
            return Err(format!(
                "{text:?} is not an amount like \"20.00\" (digits, optional 1-2 decimals)"
            ));
        }
        if fraction.len() > 2 {
            return Err(format!("{text:?} has more than two decimals (fen)"));
        }
        let too_large = || format!("{text:?} is larger than the largest amount accepted");
        // Leading zeros add no value: "000000000000020.00" is 20 yuan, not too large.
        if whole.trim_start_matches('0').len() > 12 {
            return Err(too_large());
        }
        let yuan: i64 = whole.parse().map_err(|_| too_large())?;
        let mut fen: i64 = fraction.parse().unwrap_or(0);
        if fraction.len() == 1 {
            fen *= 10;
        }
        Self::from_fen(yuan * FEN_PER_YUAN + fen).map_err(|_| too_large())
    }

    /// An amount in fen, checked against the limit.
    pub(crate) fn from_fen(fen: i64) -> Result<Self, Overflow> {
        if (0..=MAX_FEN).contains(&fen) {
            Ok(Self(fen))
        } else {
            Err(Overflow)
        }
    }

    pub(crate) fn checked_add(self, other: Self) -> Result<Self, Overflow> {
        Self::from_fen(self.0.checked_add(other.0).ok_or(Overflow)?)
    }

    /// `self × numerator / denominator`, rounded half-up (四舍五入) to the fen.
    pub(crate) fn scale(self, numerator: i64, denominator: i64) -> Result<Self, Overflow> {
        let product = i128::from(self.0) * i128::from(numerator);
        let denominator = i128::from(denominator.max(1));
        let rounded = (product + denominator / 2) / denominator;
        Self::from_fen(i64::try_from(rounded).map_err(|_| Overflow)?)
    }

    /// `self × quantity`, the quantity in thousandths, rounded half-up to the fen.
    pub(crate) fn times(self, quantity_milli: i64) -> Result<Self, Overflow> {
        self.scale(quantity_milli, MILLI)
    }
}

/// `20.00`: yuan with exactly two decimals.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / FEN_PER_YUAN, self.0 % FEN_PER_YUAN)
    }
}

/// In results an amount is `{ "fen": 2000, "text": "20.00" }`: the integer for programs, the
/// text for people, never a float.
impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Money", 2)?;
        s.serialize_field("fen", &self.0)?;
        s.serialize_field("text", &self.to_string())?;
        s.end()
    }
}

/// Parses a quantity: a whole number or a decimal with up to three places (`2`, `2.5`,
/// `"0.125"`), into thousandths. JSON numbers are read through their shortest decimal text, so
/// `2.5` from JavaScript is exactly 2.5.
pub(crate) fn parse_quantity(value: &serde_json::Value) -> Result<i64, String> {
    let text = match value {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        _ => return Err("a quantity is a number like 2 or 2.5".to_owned()),
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (text.contains('.') && !digits(fraction)) || fraction.len() > 3 {
        return Err(format!(
            "{text} is not a quantity: a positive number with at most three decimals"
        ));
    }
    let padded = format!("{fraction:0<3}");
    let milli = whole
        .parse::<i64>()
        .ok()
        .filter(|w| *w <= 1_000_000_000)
        .and_then(|w| w.checked_mul(MILLI))
        .zip(padded.parse::<i64>().ok())
        .map(|(w, f)| w + f)
        .ok_or_else(|| format!("{text} is larger than the largest quantity accepted"))?;
    if milli == 0 {
        return Err("a quantity must be more than 0".to_owned());
    }
    Ok(milli)
}

/// A quantity in thousandths as shortest decimal text (`2500` → `"2.5"`).
pub(crate) fn format_quantity(milli: i64) -> String {
    let whole = milli / MILLI;
    let fraction = milli % MILLI;
    if fraction == 0 {
        whole.to_string()
    } else {
        let text = format!("{whole}.{fraction:03}");
        text.trim_end_matches('0').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_decimal_text_exactly() {
        assert_eq!(Money::parse("20.00").unwrap().fen(), 2000);
        assert_eq!(Money::parse("20").unwrap().fen(), 2000);
        assert_eq!(Money::parse("20.5").unwrap().fen(), 2050);
        assert_eq!(Money::parse("0.01").unwrap().fen(), 1);
        assert_eq!(Money::parse("0").unwrap(), Money::ZERO);
        assert_eq!(Money::parse("100000000000").unwrap().fen(), MAX_FEN);
        for bad in [
            "", ".", "20.", ".5", "-1", "+1", "1e3", "20.001", "1,000", " 1", "1 ", "１",
        ] {
            assert!(Money::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(Money::parse("100000000000.01").is_err());
        assert!(Money::parse("9999999999999999999999").is_err());
    }

    #[test]
    fn formats_two_decimals() {
        assert_eq!(Money(0).to_string(), "0.00");
        assert_eq!(Money(5).to_string(), "0.05");
        assert_eq!(Money(2050).to_string(), "20.50");
        assert_eq!(
            serde_json::to_value(Money(123_456)).unwrap(),
            json!({ "fen": 123456, "text": "1234.56" })
        );
    }

    #[test]
    fn rounds_half_up_to_the_fen() {
        // 0.33 × 1.5 = 0.495 → 0.50; 0.33 × 0.5 = 0.165 → 0.17; 0.01 × 0.499 → 0.00
        assert_eq!(Money(33).times(1500).unwrap(), Money(50));
        assert_eq!(Money(33).times(500).unwrap(), Money(17));
        assert_eq!(Money(1).times(499).unwrap(), Money(0));
        assert_eq!(Money(1).times(500).unwrap(), Money(1));
        assert_eq!(Money(2500).scale(50, 100).unwrap(), Money(1250));
        assert_eq!(Money(1).scale(50, 100).unwrap(), Money(1));
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        assert_eq!(Money(MAX_FEN).checked_add(Money(1)), Err(Overflow));
        assert_eq!(Money(MAX_FEN).times(2000), Err(Overflow));
        assert_eq!(Money(i64::MAX / 2).scale(i64::MAX, 1), Err(Overflow));
    }

    #[test]
    fn quantities_are_exact_thousandths() {
        assert_eq!(parse_quantity(&json!(2)), Ok(2000));
        assert_eq!(parse_quantity(&json!(2.5)), Ok(2500));
        assert_eq!(parse_quantity(&json!(0.1)), Ok(100));
        assert_eq!(parse_quantity(&json!("0.125")), Ok(125));
        for bad in [
            json!(0),
            json!(-1),
            json!(0.0001),
            json!("1e3"),
            json!(true),
            json!(1e300),
        ] {
            assert!(parse_quantity(&bad).is_err(), "{bad} accepted");
        }
        assert_eq!(format_quantity(2500), "2.5");
        assert_eq!(format_quantity(3000), "3");
        assert_eq!(format_quantity(125), "0.125");
    }
}

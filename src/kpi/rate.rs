//! Rates as exact fractions: compared with their targets without rounding, displayed rounded
//! half-up to one decimal. An empty denominator is no data — never 0 % or 100 %.

use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

/// `numerator / denominator`, counted. Read back (a parallel run's part, [`super::partial`])
/// only when the numerator is at most the denominator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "Counted")]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(type = "{ numerator: number; denominator: number; percent: string | null }")
)]
pub struct Rate {
    pub numerator: u64,
    pub denominator: u64,
}

impl Rate {
    /// Counts one case, which succeeded or not.
    pub(crate) fn count(&mut self, success: bool) {
        self.denominator += 1;
        self.numerator += u64::from(success);
    }

    pub(crate) fn merge(&mut self, other: Rate) {
        self.numerator = self.numerator.saturating_add(other.numerator);
        self.denominator = self.denominator.saturating_add(other.denominator);
    }

    /// The percentage rounded half-up to one decimal (`"95.0"`), `None` without data.
    pub fn percent_text(self) -> Option<String> {
        let tenths = self.tenths_of_percent()?;
        Some(format!("{}.{}", tenths / 10, tenths % 10))
    }

    fn tenths_of_percent(self) -> Option<u128> {
        (self.denominator > 0).then(|| {
            let scaled = u128::from(self.numerator) * 2000 / u128::from(self.denominator);
            scaled.div_ceil(2)
        })
    }

    /// Exact comparison with a target in per-mille: `Some(true)` when the rate is at least it.
    pub(crate) fn at_least(self, per_mille: u32) -> Option<bool> {
        (self.denominator > 0).then(|| {
            u128::from(self.numerator) * 1000
                >= u128::from(per_mille) * u128::from(self.denominator)
        })
    }

    /// Exact comparison: `Some(true)` when the rate is at most the target.
    pub(crate) fn at_most(self, per_mille: u32) -> Option<bool> {
        (self.denominator > 0).then(|| {
            u128::from(self.numerator) * 1000
                <= u128::from(per_mille) * u128::from(self.denominator)
        })
    }
}

/// A rate as written, before its numerator is checked against its denominator (`percent` is
/// derived, so it is not read).
#[derive(Deserialize)]
struct Counted {
    numerator: u64,
    denominator: u64,
}

impl TryFrom<Counted> for Rate {
    type Error = &'static str;

    fn try_from(c: Counted) -> Result<Self, Self::Error> {
        if c.numerator > c.denominator {
            return Err("a rate's numerator is larger than its denominator");
        }
        Ok(Self {
            numerator: c.numerator,
            denominator: c.denominator,
        })
    }
}

/// `{ "numerator": 19, "denominator": 20, "percent": "95.0" }` (`percent` null without data).
impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Rate", 3)?;
        s.serialize_field("numerator", &self.numerator)?;
        s.serialize_field("denominator", &self.denominator)?;
        s.serialize_field("percent", &self.percent_text())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::Rate;

    fn rate(numerator: u64, denominator: u64) -> Rate {
        Rate {
            numerator,
            denominator,
        }
    }

    #[test]
    fn displays_half_up_to_one_decimal() {
        assert_eq!(rate(19, 20).percent_text().as_deref(), Some("95.0"));
        assert_eq!(rate(1, 3).percent_text().as_deref(), Some("33.3"));
        assert_eq!(rate(2, 3).percent_text().as_deref(), Some("66.7"));
        // 1/16 = 6.25 % → 6.3 (half-up), 1/32 = 3.125 % → 3.1.
        assert_eq!(rate(1, 16).percent_text().as_deref(), Some("6.3"));
        assert_eq!(rate(1, 32).percent_text().as_deref(), Some("3.1"));
        assert_eq!(rate(0, 5).percent_text().as_deref(), Some("0.0"));
        assert_eq!(rate(5, 5).percent_text().as_deref(), Some("100.0"));
        assert_eq!(rate(0, 0).percent_text(), None);
    }

    #[test]
    fn compares_exactly_not_after_rounding() {
        // 8999/10000 = 89.99 % displays as 90.0 but is below 90 %.
        assert_eq!(rate(8999, 10000).percent_text().as_deref(), Some("90.0"));
        assert_eq!(rate(8999, 10000).at_least(900), Some(false));
        assert_eq!(rate(9, 10).at_least(900), Some(true));
        assert_eq!(rate(1, 2).at_most(500), Some(true));
        assert_eq!(rate(0, 0).at_least(0), None);
    }
}

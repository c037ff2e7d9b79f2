//! Durations as written in rule sets: `30m`, `2h`, `48h`, `3d`, `1h30m`, `45s` — whole units in
//! the order d, h, m, s. Kept in seconds: every computation is exact to the second.

/// The longest duration accepted (ten years): bounds every deadline computation.
pub(crate) const MAX_SECONDS: i64 = 3650 * 86_400;

/// Parses a duration into seconds; the error is a short reason for an `invalid_duration` message.
pub(crate) fn parse(text: &str) -> Result<i64, String> {
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err("a duration is empty".to_owned());
    }
    let mut total: i64 = 0;
    let mut last_unit = 0usize;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 7 {
            return Err(format!("expected a whole number at {rest:?}"));
        }
        let (number, after) = rest.split_at(digits);
        let value: i64 = number
            .parse()
            .map_err(|_| format!("{number} is not a number"))?;
        let mut chars = after.chars();
        let unit = chars
            .next()
            .ok_or_else(|| format!("{number} has no unit (d, h, m or s)"))?;
        let (order, seconds) = match unit {
            'd' => (1, 86_400),
            'h' => (2, 3_600),
            'm' => (3, 60),
            's' => (4, 1),
            other => return Err(format!("unknown unit {other:?} (use d, h, m or s)")),
        };
        if order <= last_unit {
            return Err("units must appear once each, in the order d, h, m, s".to_owned());
        }
        last_unit = order;
        total = total.saturating_add(value.saturating_mul(seconds));
        rest = chars.as_str();
    }
    if total > MAX_SECONDS {
        return Err(format!(
            "longer than the limit of {} days",
            MAX_SECONDS / 86_400
        ));
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_unit_and_combinations() {
        for (text, seconds) in [
            ("30m", 1_800),
            ("2h", 7_200),
            ("48h", 172_800),
            ("3d", 259_200),
            ("1h30m", 5_400),
            ("45s", 45),
            ("0m", 0),
            ("1d2h3m4s", 93_784),
        ] {
            assert_eq!(parse(text), Ok(seconds), "{text}");
        }
    }

    #[test]
    fn rejects_malformed_durations() {
        for bad in [
            "",
            "m",
            "30",
            "30x",
            "1.5h",
            "30m1h",
            "1h1h",
            "-5m",
            "99999999d",
            "3651d",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}

//! Percentages as written in rule sets: `"80%"`, `"12.5%"` — at most one decimal, kept as an
//! integer per-mille so no float enters a comparison or an amount.

/// `"80%"` → 800, `"12.5%"` → 125.
pub(crate) fn per_mille(text: &str) -> Option<u32> {
    let number = text.strip_suffix('%')?;
    let (whole, fraction) = number.split_once('.').unwrap_or((number, "0"));
    if whole.is_empty()
        || fraction.len() != 1
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some(whole.parse::<u32>().ok()?.checked_mul(10)? + fraction.parse::<u32>().ok()?)
}

#[cfg(test)]
mod tests {
    use super::per_mille;

    #[test]
    fn one_decimal_at_most() {
        assert_eq!(per_mille("80%"), Some(800));
        assert_eq!(per_mille("12.5%"), Some(125));
        assert_eq!(per_mille("0%"), Some(0));
        for bad in ["80", "12.55%", "%", ".5%", "-1%", "1e2%", "99999999999%"] {
            assert_eq!(per_mille(bad), None, "{bad}");
        }
    }
}

//! RFC 6901 JSON pointers: how every error says *where* the problem is.

/// Appends one reference token to a pointer, escaping `~` and `/` as the RFC requires.
pub(crate) fn push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Builds a pointer from a sequence of tokens.
pub(crate) fn from_tokens<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    tokens
        .into_iter()
        .fold(String::new(), |acc, token| push(&acc, token))
}

/// Appends a relative path written with `/` between tokens (`labor/min`); an empty relative
/// path is the base itself.
pub(crate) fn join(base: &str, relative: &str) -> String {
    relative
        .split('/')
        .filter(|token| !token.is_empty())
        .fold(base.to_owned(), |p, token| push(&p, token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_tilde_and_slash() {
        assert_eq!(push("", "a/b~c"), "/a~1b~0c");
        assert_eq!(from_tokens(["classify", "rules", "0"]), "/classify/rules/0");
        assert_eq!(from_tokens([]), "");
        assert_eq!(join("/fees", "labor/min"), "/fees/labor/min");
        assert_eq!(join("/fees", ""), "/fees");
    }
}

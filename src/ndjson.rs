//! NDJSON input in arbitrary byte chunks (as a file or stdin stream delivers them): lines are
//! cut in the core, so a batch crosses the JS boundary once per chunk rather than once per
//! record, and every record keeps its 1-based line number for error messages (`file:line`).

use crate::error::{Error, ErrorCode};
use crate::input::{Source, too_large};

/// Splits chunks into lines. A line may span chunks; `\r\n` ends a line like `\n`; blank lines
/// are counted but not reported. Memory holds one partial line at most, and never more than a
/// record may be: a longer line is dropped as it arrives and reported as `too_large`.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    /// The unfinished last line of the chunks fed so far.
    pending: Vec<u8>,
    /// Bytes of the current line when it has passed the record limit (then `pending` is empty).
    oversize: Option<usize>,
    /// Lines completed so far.
    line: u64,
}

impl Lines {
    /// Lines numbered from `first` (a part of a larger input cut at a line boundary).
    pub fn starting_at(first: u64) -> Self {
        Self {
            line: first.saturating_sub(1),
            ..Self::default()
        }
    }

    /// Feeds a chunk; `each` gets every completed non-blank line with its line number, or the
    /// error of a line that is not UTF-8.
    pub fn feed(&mut self, chunk: &[u8], mut each: impl FnMut(u64, Result<&str, Error>)) {
        let mut rest = chunk;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            let (head, tail) = rest.split_at(end);
            self.line += 1;
            if self.pending.is_empty() && self.oversize.is_none() {
                // The whole line is in this chunk: no copy (the record reader checks its size).
                emit(self.line, head, &mut each);
            } else {
                self.append(head);
                match self.oversize.take() {
                    Some(bytes) => each(self.line, Err(too_large(Source::Record, bytes))),
                    None => emit(self.line, &self.pending, &mut each),
                }
                self.pending.clear();
            }
            rest = tail.get(1..).unwrap_or_default();
        }
        self.append(rest);
    }

    /// Keeps bytes of an unfinished line, or only counts them once it is over the record limit.
    fn append(&mut self, bytes: &[u8]) {
        let total = self.oversize.unwrap_or(self.pending.len()) + bytes.len();
        if total > crate::limits::MAX_RECORD_BYTES {
            self.pending = Vec::new();
            self.oversize = Some(total);
        } else {
            self.pending.extend_from_slice(bytes);
        }
    }

    /// Ends the input: a last line without a newline is still a line.
    pub fn finish(&mut self, each: impl FnMut(u64, Result<&str, Error>)) {
        let mut each = each;
        if let Some(bytes) = self.oversize.take() {
            self.line += 1;
            each(self.line, Err(too_large(Source::Record, bytes)));
        } else if !self.pending.is_empty() {
            self.line += 1;
            emit(self.line, &self.pending, &mut each);
            self.pending.clear();
        }
    }
}

fn emit(line: u64, bytes: &[u8], each: &mut impl FnMut(u64, Result<&str, Error>)) {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    each(
        line,
        std::str::from_utf8(bytes).map_err(|e| {
            Error::new(
                ErrorCode::JsonSyntax,
                "",
                format!(
                    "the line is not UTF-8 text (invalid byte at column {})",
                    e.valid_up_to() + 1
                ),
            )
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(chunks: &[&[u8]]) -> Vec<(u64, Result<String, ErrorCode>)> {
        let mut out = Vec::new();
        let mut lines = Lines::default();
        let mut each = |n, line: Result<&str, Error>| {
            out.push((n, line.map(str::to_owned).map_err(|e| e.code)));
        };
        for chunk in chunks {
            lines.feed(chunk, &mut each);
        }
        lines.finish(&mut each);
        out
    }

    #[test]
    fn lines_span_chunks_and_keep_their_numbers() {
        let got = split(&[b"{\"a\":", b"1}\n\n  \r\n{\"b\"", b":2}\r\n", b"{}"]);
        assert_eq!(
            got,
            vec![
                (1, Ok("{\"a\":1}".to_owned())),
                (4, Ok("{\"b\":2}".to_owned())),
                (5, Ok("{}".to_owned())),
            ]
        );
    }

    #[test]
    fn a_split_multibyte_character_is_joined_before_decoding() {
        let text = "{\"d\":\"水龙头\"}\n".as_bytes();
        let (a, b) = text.split_at(8);
        assert_eq!(
            split(&[a, b]),
            vec![(1, Ok("{\"d\":\"水龙头\"}".to_owned()))]
        );
    }

    #[test]
    fn invalid_utf8_is_an_error_for_that_line_only() {
        let got = split(&[b"{}\n\xff\xfe\n{}\n"]);
        assert_eq!(got.len(), 3);
        assert_eq!(got[1], (2, Err(ErrorCode::JsonSyntax)));
        assert_eq!(got[2], (3, Ok("{}".to_owned())));
    }

    #[test]
    fn a_line_over_the_record_limit_is_dropped_as_it_arrives() {
        let big = vec![b'x'; crate::limits::MAX_RECORD_BYTES / 2 + 1];
        let mut lines = Lines::default();
        let mut got = Vec::new();
        let mut each =
            |n, line: Result<&str, Error>| got.push((n, line.map(str::len).map_err(|e| e.code)));
        lines.feed(b"{}\n", &mut each);
        lines.feed(&big, &mut each);
        lines.feed(&big, &mut each);
        assert!(lines.pending.is_empty(), "the oversize line is not kept");
        lines.feed(b"\n{}", &mut each);
        lines.finish(&mut each);
        assert_eq!(
            got,
            vec![(1, Ok(2)), (2, Err(ErrorCode::TooLarge)), (3, Ok(2))]
        );
    }

    #[test]
    fn empty_input_has_no_lines() {
        assert!(split(&[b"", b"\n\n"]).is_empty());
    }
}

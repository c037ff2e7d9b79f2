//! A column's keywords: every `contains(…)` substring of the column's cells, indexed by first
//! character, so a ticket's text is scanned once per table rather than once per keyword (the
//! default classification table has 15 keyword cells, 106 keywords, on `description`). Each
//! cell then asks which of its keywords the scan found: a few bit tests.
//!
//! Not an Aho-Corasick automaton: the `aho-corasick` crate was measured here — on descriptions
//! of a few dozen characters it scanned no faster than this index, and it added 20 KB to the
//! gzipped wasm.

/// At most this many distinct keywords per column take the one-scan path; a wider column's
/// cells scan on their own.
pub(crate) const MAX_KEYWORDS: usize = 256;

/// The distinct keywords of one column, sorted, and which of them start with each character.
#[derive(Debug, Clone)]
pub(crate) struct Keywords {
    texts: Vec<String>,
    /// First character → ids of the keywords starting with it, sorted by character.
    by_first: Vec<(char, Vec<u32>)>,
    /// The id of the empty keyword, which every text contains.
    empty: Option<u32>,
}

/// Which keywords of a column occur in one text: bit `i` for keyword `i`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Found([u64; MAX_KEYWORDS / 64]);

impl Found {
    pub fn has(&self, id: u32) -> bool {
        let (word, bit) = (id / 64, id % 64);
        self.0
            .get(word as usize)
            .is_some_and(|w| (w >> bit) & 1 == 1)
    }

    fn set(&mut self, id: u32) {
        if let Some(w) = self.0.get_mut((id / 64) as usize) {
            *w |= 1 << (id % 64);
        }
    }
}

impl Keywords {
    /// The column's keywords; `None` when it has none or more than [`MAX_KEYWORDS`].
    pub fn new<'a>(texts: impl Iterator<Item = &'a String>) -> Option<Self> {
        let mut texts: Vec<String> = texts.cloned().collect();
        texts.sort_unstable();
        texts.dedup();
        if texts.is_empty() || texts.len() > MAX_KEYWORDS {
            return None;
        }
        let mut by_first: Vec<(char, Vec<u32>)> = Vec::new();
        let mut empty = None;
        // Ids fit in u32: there are at most MAX_KEYWORDS.
        for (id, text) in (0u32..).zip(&texts) {
            let Some(first) = text.chars().next() else {
                empty = Some(id);
                continue;
            };
            match by_first.binary_search_by_key(&first, |(c, _)| *c) {
                Ok(i) => by_first
                    .get_mut(i)
                    .into_iter()
                    .for_each(|(_, ids)| ids.push(id)),
                Err(i) => by_first.insert(i, (first, vec![id])),
            }
        }
        Some(Self {
            texts,
            by_first,
            empty,
        })
    }

    /// The id of a keyword of this column.
    pub fn id(&self, text: &str) -> Option<u32> {
        let i = self.texts.binary_search_by(|t| t.as_str().cmp(text)).ok()?;
        u32::try_from(i).ok()
    }

    /// Every keyword occurring in `text`, overlapping ones included.
    pub fn scan(&self, text: &str) -> Found {
        let mut found = Found::default();
        if let Some(id) = self.empty {
            found.set(id);
        }
        for (at, c) in text.char_indices() {
            let Ok(i) = self.by_first.binary_search_by_key(&c, |(c, _)| *c) else {
                continue;
            };
            let (Some((_, ids)), Some(rest)) = (self.by_first.get(i), text.get(at..)) else {
                continue;
            };
            for &id in ids {
                if self
                    .texts
                    .get(id as usize)
                    .is_some_and(|k| rest.starts_with(k.as_str()))
                {
                    found.set(id);
                }
            }
        }
        found
    }
}

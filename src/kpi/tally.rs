//! Counters keyed by a rule set's own ids — SLA targets, priorities, call-back ids — of which a
//! rule book has a handful: a short list searched by equality, sorted only for the report. Every
//! record bumps several of them in two groups, and ordered (B-tree) lookups by text showed in KPI
//! profiles. Keys that come from the records themselves (categories, teams) are unbounded and
//! stay in B-trees.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Tally<V>(Vec<(String, V)>);

impl<V> Default for Tally<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V: Default> Tally<V> {
    /// Updates the counter under `key`, created on first use.
    pub fn bump(&mut self, key: &str, update: impl FnOnce(&mut V)) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, value)) => update(value),
            None => {
                let mut value = V::default();
                update(&mut value);
                self.0.push((key.to_owned(), value));
            }
        }
    }

    /// Adds another tally's counters key by key.
    pub fn merge(&mut self, other: Self, merge: impl Fn(&mut V, V)) {
        for (key, value) in other.0 {
            self.bump(&key, |mine| merge(mine, value));
        }
    }
}

impl<V> Tally<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The counters in key order, as reported.
    pub fn into_sorted(self) -> BTreeMap<String, V> {
        self.0.into_iter().collect()
    }
}

//! Coverage of a case file on the newest rule set: which table rows fired, which SLA targets
//! applied to some case's ticket, which schedule items some case priced — and which never did.

use crate::classify::Classification;
use crate::decision::Decision;
use crate::engine::{Engine, Options};
use crate::error::Error;
use crate::fees::{LineKind, Receipt};
use crate::ruleset::RuleSet;
use crate::sla::{Deadlines, EVERY_PRIORITY};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The name coverage gives the classification table.
const CLASSIFY: &str = "classify";

/// Rows of one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TableCoverage {
    pub table: String,
    pub rows: usize,
    pub covered: usize,
    pub uncovered: Vec<String>,
}

/// SLA targets (`priority/id`, with priority `*` for a target of every priority).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TargetCoverage {
    pub targets: usize,
    pub covered: usize,
    pub uncovered: Vec<String>,
}

/// Schedule items by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ItemCoverage {
    pub items: usize,
    pub covered: usize,
    pub uncovered: Vec<String>,
}

/// What a case file covers of the newest rule set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Coverage {
    pub tables: Vec<TableCoverage>,
    pub targets: TargetCoverage,
    pub items: ItemCoverage,
    /// Everything covered over everything there is, as `"97.5"` (half-up, one decimal).
    pub percent: Option<String>,
}

pub(crate) struct Tracker<'r> {
    rule_set: &'r RuleSet,
    rows: BTreeMap<String, BTreeSet<String>>,
    targets: BTreeSet<String>,
    items: BTreeSet<String>,
}

impl<'r> Tracker<'r> {
    pub fn new(rule_set: &'r RuleSet) -> Self {
        Self {
            rule_set,
            rows: BTreeMap::new(),
            targets: BTreeSet::new(),
            items: BTreeSet::new(),
        }
    }

    fn row(&mut self, table: &str, row: &str) {
        self.rows
            .entry(table.to_owned())
            .or_default()
            .insert(row.to_owned());
    }

    pub fn classified(&mut self, result: &Classification<'_>) {
        if *result.rule_set == self.rule_set.reference {
            if let Some(rule) = result.rule {
                self.row(CLASSIFY, rule);
            }
        }
    }

    pub fn decided(&mut self, result: &Decision) {
        if result.rule_set == self.rule_set.reference {
            for rule in &result.rules {
                self.row(&result.table, rule);
            }
        }
    }

    /// The ticket's classification row and every target that applied to it.
    pub fn deadlines(
        &mut self,
        engine: &Engine,
        ticket: &Value,
        result: &Deadlines<'_>,
    ) -> Result<(), Error> {
        if *result.rule_set != self.rule_set.reference {
            return Ok(());
        }
        self.classified(&engine.classify_with(ticket, Options::default())?);
        for key in [result.priority, EVERY_PRIORITY] {
            for target in self.rule_set.sla.get(key).into_iter().flatten() {
                if target.when.matches(ticket, "target", &target.id)? {
                    self.targets.insert(format!("{key}/{}", target.id));
                }
            }
        }
        Ok(())
    }

    pub fn quoted(&mut self, result: &Receipt<'_>) {
        if *result.rule_set != self.rule_set.reference {
            return;
        }
        for line in result.lines.iter().filter(|l| l.kind == LineKind::Item) {
            if let Some(code) = line.code {
                self.items.insert(code.to_owned());
            }
        }
        if let (Some(crate::fees::FreeReason::Table { rule, .. }), Some(table)) = (
            &result.free,
            self.rule_set
                .fees
                .as_ref()
                .and_then(|f| f.free_table.as_deref()),
        ) {
            let (rule, table) = (rule.to_string(), table.to_owned());
            self.row(&table, &rule);
        }
    }

    pub fn finish(self) -> Coverage {
        let tables: Vec<TableCoverage> = std::iter::once((CLASSIFY, &self.rule_set.classify))
            .chain(self.rule_set.tables.iter().map(|(n, t)| (n.as_str(), t)))
            .map(|(name, table)| {
                let fired = self.rows.get(name);
                let ids: Vec<&str> = table.row_ids().collect();
                let uncovered: Vec<String> = ids
                    .iter()
                    .filter(|id| !fired.is_some_and(|f| f.contains(**id)))
                    .map(|id| (*id).to_owned())
                    .collect();
                TableCoverage {
                    table: name.to_owned(),
                    rows: ids.len(),
                    covered: ids.len() - uncovered.len(),
                    uncovered,
                }
            })
            .collect();
        let all_targets: Vec<String> = self
            .rule_set
            .sla
            .iter()
            .flat_map(|(key, targets)| targets.iter().map(move |t| format!("{key}/{}", t.id)))
            .collect();
        let uncovered_targets: Vec<String> = all_targets
            .iter()
            .filter(|t| !self.targets.contains(*t))
            .cloned()
            .collect();
        let codes: Vec<&str> = self
            .rule_set
            .fees
            .iter()
            .flat_map(|f| f.schedule.items.iter().map(|i| i.code.as_str()))
            .collect();
        let uncovered_items: Vec<String> = codes
            .iter()
            .filter(|c| !self.items.contains(**c))
            .map(|c| (*c).to_owned())
            .collect();
        let total = tables.iter().map(|t| t.rows).sum::<usize>() + all_targets.len() + codes.len();
        let missed = tables.iter().map(|t| t.uncovered.len()).sum::<usize>()
            + uncovered_targets.len()
            + uncovered_items.len();
        let rate = crate::kpi::Rate {
            numerator: u64::try_from(total - missed).unwrap_or(0),
            denominator: u64::try_from(total).unwrap_or(0),
        };
        Coverage {
            tables,
            targets: TargetCoverage {
                targets: all_targets.len(),
                covered: all_targets.len() - uncovered_targets.len(),
                uncovered: uncovered_targets,
            },
            items: ItemCoverage {
                items: codes.len(),
                covered: codes.len() - uncovered_items.len(),
                uncovered: uncovered_items,
            },
            percent: rate.percent_text(),
        }
    }
}

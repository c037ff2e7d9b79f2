//! The compiled, immutable engine: built once from a rule set, then used for every ticket.

use crate::classify::Classification;
use crate::error::{Error, ErrorCode};
use crate::pointer;
use crate::priority::Priority;
use crate::ruleset::{doc::RuleSetDoc, load};
use crate::table::{Outputs, Table};
use crate::ticket;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashSet;

/// Names the rule set (and its version) that produced a result, so every answer is traceable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleSetRef {
    pub id: String,
    pub version: String,
}

/// A validated, compiled rule set. Immutable: evaluation never changes it, so one engine can
/// serve any number of tickets (and threads).
#[derive(Debug)]
pub struct Engine {
    rule_set: RuleSetRef,
    priorities: Vec<Priority>,
    classify: Table,
}

impl Engine {
    /// Loads a rule set from JSON text, reporting every problem found as one
    /// [`ErrorCode::InvalidRuleSet`] error (or a single [`ErrorCode::JsonSyntax`] /
    /// shape error when the document cannot be read at all).
    pub fn from_json(text: &str) -> Result<Self, Error> {
        let doc = load::parse(text).map_err(|e| Error::invalid_rule_set(vec![e]))?;
        Self::compile(&doc)
    }

    fn compile(doc: &RuleSetDoc) -> Result<Self, Error> {
        let mut problems = Vec::new();
        let priorities = compile_priorities(doc, &mut problems);
        let known: HashSet<&str> = priorities.iter().map(|p| p.id.as_str()).collect();
        let check_outputs = |outputs: &Outputs, at: &str, problems: &mut Vec<Error>| {
            check_priority_output(outputs, at, &known, problems)
        };
        let classify = Table::compile(&doc.classify, "/classify", &mut problems, &check_outputs);
        if !problems.is_empty() {
            return Err(Error::invalid_rule_set(problems));
        }
        Ok(Self {
            rule_set: RuleSetRef {
                id: doc.id.clone(),
                version: doc.version.clone(),
            },
            priorities,
            classify,
        })
    }

    /// The rule set this engine was built from.
    pub fn rule_set(&self) -> &RuleSetRef {
        &self.rule_set
    }

    /// Decides a ticket's priority with the rule set's classification table.
    pub fn classify(&self, ticket: &Value) -> Result<Classification, Error> {
        ticket::require_object(ticket)?;
        let hit = self.classify.evaluate(ticket)?;
        // Load-time validation guarantees every output names a declared priority.
        let priority = hit
            .outputs
            .get("priority")
            .and_then(Value::as_str)
            .and_then(|id| self.priorities.iter().find(|p| p.id == id))
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownPriority,
                    "",
                    "the fired row names no known priority",
                )
            })?;
        Ok(Classification {
            rule_set: self.rule_set.clone(),
            priority: priority.id.clone(),
            rank: priority.rank,
            label: priority.label.clone(),
            rule: hit.row.map(|row| row.id.clone()),
            source: hit.row.and_then(|row| row.source.clone()),
        })
    }
}

fn compile_priorities(doc: &RuleSetDoc, problems: &mut Vec<Error>) -> Vec<Priority> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(doc.priorities.len());
    for (i, p) in doc.priorities.iter().enumerate() {
        if !seen.insert(p.id.as_str()) {
            problems.push(Error::new(
                ErrorCode::DuplicateId,
                pointer::from_tokens(["priorities", &i.to_string(), "id"]),
                format!("priority id \"{}\" is declared twice", p.id),
            ));
        }
        out.push(Priority {
            id: p.id.clone(),
            rank: p.rank,
            label: p.label.clone(),
        });
    }
    if out.is_empty() {
        problems.push(Error::new(
            ErrorCode::InvalidValue,
            "/priorities",
            "a rule set must declare at least one priority",
        ));
    }
    out
}

/// A classification row's outputs are exactly `{ "priority": "<declared priority id>" }`.
fn check_priority_output(
    outputs: &Outputs,
    at: &str,
    known: &HashSet<&str>,
    problems: &mut Vec<Error>,
) {
    for key in outputs.keys().filter(|k| k.as_str() != "priority") {
        problems.push(Error::new(
            ErrorCode::UnknownKey,
            pointer::push(at, key),
            format!("\"{key}\" is not an output of the classification table (only \"priority\")"),
        ));
    }
    let priority_at = pointer::push(at, "priority");
    match outputs.get("priority") {
        None => problems.push(Error::new(
            ErrorCode::MissingField,
            at,
            "a classification row must set \"priority\"",
        )),
        Some(Value::String(id)) if known.contains(id.as_str()) => {}
        Some(Value::String(id)) => problems.push(Error::new(
            ErrorCode::UnknownPriority,
            priority_at,
            format!("priority \"{id}\" is not declared in /priorities"),
        )),
        Some(other) => problems.push(Error::new(
            ErrorCode::WrongType,
            priority_at,
            format!("a priority is a text id, got {}", ticket::json_type(other)),
        )),
    }
}

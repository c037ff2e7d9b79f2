//! `fees` section → [`Fees`]: money, durations, ranges and every reference checked, all
//! problems collected.

use super::{
    Category, DEFAULT_CUT_OFF_DAY, DEFAULT_HANDOVER_FIELD, Fees, Item, Labor, Material, Schedule,
};
use super::{surcharge, warranty};
use crate::duration;
use crate::error::{Error, ErrorCode};
use crate::money::Money;
use crate::pointer;
use crate::ruleset::checked::{Checked, unique_items};
use crate::ruleset::doc::RuleSetDoc;
use crate::ruleset::fees_doc::{FeesDoc, ItemDoc, LaborDetailDoc, LaborDoc, MaterialRule};
use crate::ticket::FieldPath;
use std::collections::HashSet;

/// What the rest of the rule set declares, for checking the section's references.
pub(crate) struct Names<'d> {
    pub calendars: &'d HashSet<&'d str>,
    /// Ids of all SLA targets, under any priority.
    pub targets: HashSet<&'d str>,
}

/// Compiles the `fees` section (at `/fees`).
pub(crate) fn compile(
    doc: &RuleSetDoc,
    fees: &FeesDoc,
    names: &Names<'_>,
    problems: &mut Vec<Error>,
) -> Option<Fees> {
    let before = problems.len();
    let mut report = |code: ErrorCode, path: &str, message: String| {
        problems.push(Error::new(code, path, message));
    };
    let cut_off_day = fees.cut_off_day.unwrap_or(DEFAULT_CUT_OFF_DAY);
    if !(1..=31).contains(&cut_off_day) {
        report(
            ErrorCode::InvalidValue,
            "/fees/cut_off_day",
            format!("{cut_off_day} is not a day of the month (1-31)"),
        );
    }
    if let Some(target) = &fees.quote_review {
        if !names.targets.contains(target.as_str()) {
            report(
                ErrorCode::UnknownReference,
                "/fees/quote_review",
                format!("no SLA target \"{target}\" is declared in /sla"),
            );
        }
    }
    if let Some(table) = &fees.free_table {
        check_free_table(doc, table, &mut report);
    }
    let handover_text = fees
        .handover_field
        .as_deref()
        .unwrap_or(DEFAULT_HANDOVER_FIELD);
    let handover = FieldPath::parse(handover_text).unwrap_or_else(|| {
        report(
            ErrorCode::InvalidValue,
            "/fees/handover_field",
            format!("\"{handover_text}\" is not a dotted field path"),
        );
        FieldPath::invalid()
    });
    let categories = categories(fees, problems);
    let warranty = warranty::compile(&fees.warranty, problems);
    let surcharges = surcharge::compile(&fees.surcharges, names.calendars, problems);
    let category_ids: HashSet<&str> = fees
        .categories
        .iter()
        .filter_map(|c| match c {
            Checked::Ok(c) => Some(c.id.as_str()),
            invalid => invalid.raw_id(),
        })
        .collect();
    let warranty_ids: HashSet<&str> = fees
        .warranty
        .iter()
        .filter_map(|w| match w {
            Checked::Ok(w) => Some(w.id.as_str()),
            invalid => invalid.raw_id(),
        })
        .collect();
    let items = items(fees, &category_ids, &warranty_ids, problems);
    let by_code = items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.code.clone(), i))
        .collect();
    (problems.len() == before).then(|| Fees {
        cut_off_day,
        quote_review: fees.quote_review.clone(),
        free_table: fees.free_table.clone(),
        handover,
        warranty,
        surcharges,
        schedule: Schedule {
            categories,
            items,
            by_code,
        },
    })
}

/// The free table must exist and answer `free`.
fn check_free_table(doc: &RuleSetDoc, name: &str, report: &mut dyn FnMut(ErrorCode, &str, String)) {
    match doc.tables.get(name) {
        None => report(
            ErrorCode::UnknownTable,
            "/fees/free_table",
            format!("no table \"{name}\" is declared in /tables"),
        ),
        Some(Checked::Ok(table))
            if !table
                .outputs
                .as_ref()
                .is_some_and(|o| o.iter().any(|c| c == "free")) =>
        {
            report(
                ErrorCode::InvalidValue,
                "/fees/free_table",
                format!("table \"{name}\" must have an output column \"free\" (true or false)"),
            );
        }
        Some(_) => {}
    }
}

fn categories(fees: &FeesDoc, problems: &mut Vec<Error>) -> Vec<Category> {
    let items = unique_items(
        &fees.categories,
        "/fees/categories",
        ("category", "id"),
        |c| &c.id,
        problems,
    );
    items
        .into_iter()
        .filter_map(|(at, category)| {
            let label = category.label.get(&pointer::push(&at, "label"), problems)?;
            Some(Category {
                id: category.id.clone(),
                label: label.clone(),
            })
        })
        .collect()
}

fn items(
    fees: &FeesDoc,
    categories: &HashSet<&str>,
    warranties: &HashSet<&str>,
    problems: &mut Vec<Error>,
) -> Vec<Item> {
    let docs = unique_items(
        &fees.schedule,
        "/fees/schedule",
        ("schedule code", "code"),
        |d| &d.code,
        problems,
    );
    docs.into_iter()
        .filter_map(|(at, doc)| item(doc, &at, categories, warranties, problems))
        .collect()
}

fn item(
    doc: &ItemDoc,
    at: &str,
    categories: &HashSet<&str>,
    warranties: &HashSet<&str>,
    problems: &mut Vec<Error>,
) -> Option<Item> {
    let before = problems.len();
    let name = doc.name.get(&pointer::push(at, "name"), problems).cloned();
    let mut report = |code: ErrorCode, key: &str, message: String| {
        problems.push(Error::new(code, pointer::join(at, key), message));
    };
    if !categories.contains(doc.category.as_str()) {
        report(
            ErrorCode::UnknownReference,
            "category",
            format!(
                "category \"{}\" is not declared in /fees/categories",
                doc.category
            ),
        );
    }
    if let Some(class) = doc.warranty.as_deref().filter(|w| !warranties.contains(w)) {
        report(
            ErrorCode::UnknownReference,
            "warranty",
            format!("warranty class \"{class}\" is not declared in /fees/warranty"),
        );
    }
    let labor = labor(&doc.labor, &mut report);
    let cap = doc
        .cap
        .as_deref()
        .and_then(|c| money(c, "cap", &mut report));
    if cap.is_some() && matches!(labor, Some(Labor::Time { .. })) {
        report(
            ErrorCode::UnknownKey,
            "cap",
            "a cap applies to fixed or range labor, not to time-based labor".to_owned(),
        );
    }
    let material = material(doc, &mut report);
    let (labor, material, name) = (labor?, material?, name?);
    (problems.len() == before).then(|| Item {
        code: doc.code.clone(),
        name,
        category: doc.category.clone(),
        unit: doc.unit.clone(),
        labor,
        cap,
        material,
        warranty: doc.warranty.clone(),
        source: doc.source.clone(),
    })
}

/// Parses an amount from the rule set, reporting `invalid_money` at `key`.
fn money(text: &str, key: &str, report: &mut dyn FnMut(ErrorCode, &str, String)) -> Option<Money> {
    Money::parse(text)
        .map_err(|reason| report(ErrorCode::InvalidMoney, key, reason))
        .ok()
}

fn labor(doc: &LaborDoc, report: &mut dyn FnMut(ErrorCode, &str, String)) -> Option<Labor> {
    match doc {
        LaborDoc::Fixed(text) => money(text, "labor", report).map(|price| Labor::Fixed { price }),
        LaborDoc::Detailed(detail) => detailed_labor(detail, report),
    }
}

/// A range (`min`, `max`) or time-based labor (`price`, `per`, …); mixing the two is an error.
fn detailed_labor(
    doc: &LaborDetailDoc,
    report: &mut dyn FnMut(ErrorCode, &str, String),
) -> Option<Labor> {
    let range = doc.min.is_some() || doc.max.is_some();
    let timed = doc.price.is_some()
        || doc.per.is_some()
        || doc.free_remainder.is_some()
        || doc.minimum.is_some();
    let amount =
        |text: &Option<String>, key: &str, report: &mut dyn FnMut(ErrorCode, &str, String)| {
            match text {
                Some(t) => money(t, &format!("labor/{key}"), report),
                None => {
                    report(
                        ErrorCode::MissingField,
                        &format!("labor/{key}"),
                        format!("this labor needs \"{key}\""),
                    );
                    None
                }
            }
        };
    match (range, timed) {
        (true, true) | (false, false) => {
            report(
                ErrorCode::InvalidValue,
                "labor",
                "labor is a range { \"min\", \"max\" } or time-based { \"price\", \"per\" }, not both or neither".to_owned(),
            );
            None
        }
        (true, false) => {
            let (min, max) = (
                amount(&doc.min, "min", report)?,
                amount(&doc.max, "max", report)?,
            );
            if max < min {
                report(
                    ErrorCode::InvertedRange,
                    "labor/max",
                    format!("the range {min}..{max} ends before it starts"),
                );
                return None;
            }
            Some(Labor::Range { min, max })
        }
        (false, true) => {
            let price = amount(&doc.price, "price", report);
            let seconds =
                |text: &Option<String>,
                 key: &str,
                 report: &mut dyn FnMut(ErrorCode, &str, String)| {
                    text.as_deref().map_or(Some(0), |t| {
                        duration::parse(t)
                            .map_err(|reason| {
                                report(ErrorCode::InvalidDuration, &format!("labor/{key}"), reason)
                            })
                            .ok()
                    })
                };
            if doc.per.is_none() {
                report(
                    ErrorCode::MissingField,
                    "labor/per",
                    "time-based labor needs \"per\" (the billing increment, e.g. \"1h\")"
                        .to_owned(),
                );
            }
            let per = seconds(&doc.per, "per", report).filter(|p| *p > 0);
            let free = seconds(&doc.free_remainder, "free_remainder", report)?;
            let minimum = seconds(&doc.minimum, "minimum", report)?;
            let (price, per) = (price?, per?);
            if free >= per {
                report(
                    ErrorCode::InvalidValue,
                    "labor/free_remainder",
                    "the free remainder must be shorter than the billing increment".to_owned(),
                );
                return None;
            }
            Some(Labor::Time {
                price,
                per_seconds: per,
                free_remainder_seconds: free,
                minimum_seconds: minimum,
            })
        }
    }
}

/// The material rule; `price` is required for `list_or_own`, optional for `extra`, and
/// meaningless for the others.
fn material(doc: &ItemDoc, report: &mut dyn FnMut(ErrorCode, &str, String)) -> Option<Material> {
    let Some(material) = &doc.material else {
        return Some(Material {
            rule: MaterialRule::Included,
            price: None,
        });
    };
    let price = material
        .price
        .as_deref()
        .and_then(|p| money(p, "material/price", report));
    match (material.rule, &material.price) {
        (MaterialRule::ListOrOwn, None) => {
            report(
                ErrorCode::MissingField,
                "material/price",
                "a list_or_own material needs its list \"price\"".to_owned(),
            );
            None
        }
        (MaterialRule::Included | MaterialRule::Own | MaterialRule::AtCost, Some(_)) => {
            report(
                ErrorCode::UnknownKey,
                "material/price",
                format!("a {} material has no price", material.rule.name()),
            );
            None
        }
        (rule, given) => (given.is_none() || price.is_some()).then_some(Material { rule, price }),
    }
}

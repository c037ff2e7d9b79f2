//! The `Engine` class: one method per core call, converting arguments and results only.

use super::js_value::{js_array_from, js_is_array, js_length, json_from_js, thrown, wrong_type};
use super::kpi::{JsKpiRun, finished};
use super::{from_js_ticket, options_from, text_arg, texts, to_js, to_js_error};
use crate::error::Error;
use crate::{input, limits};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// A rule book of compiled rule sets (versions by effective date). Construction validates
/// everything; every call is synchronous.
#[wasm_bindgen(js_name = Engine)]
pub struct JsEngine {
    pub(super) inner: crate::Engine,
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Loads a rule set from its JSON text, or from several texts that together make one rule
    /// set (merged in order). Throws a `SlafeeError` listing every problem.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string | string[]")] rules: JsValue,
    ) -> Result<JsEngine, JsValue> {
        let parts = texts(&rules)?;
        crate::Engine::from_parts(&parts.iter().map(String::as_str).collect::<Vec<_>>())
            .map(|inner| JsEngine { inner })
            .map_err(to_js_error)
    }

    /// Adds another rule-set version (text or parts). On error the engine is unchanged.
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | string[]")] rules: JsValue,
    ) -> Result<(), JsValue> {
        let parts = texts(&rules)?;
        self.inner
            .add_parts(&parts.iter().map(String::as_str).collect::<Vec<_>>())
            .map_err(to_js_error)
    }

    /// Replaces every rule set held with one new rule set (text or parts). On error the engine
    /// keeps its old rule sets.
    pub fn replace(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | string[]")] rules: JsValue,
    ) -> Result<(), JsValue> {
        let parts = texts(&rules)?;
        self.inner
            .replace_parts(&parts.iter().map(String::as_str).collect::<Vec<_>>())
            .map_err(to_js_error)
    }

    /// The rule sets held, oldest first.
    #[wasm_bindgen(getter = ruleSets, unchecked_return_type = "RuleSetRef[]")]
    pub fn rule_sets(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.rule_sets())
    }

    /// Decides a ticket's priority. Throws a `SlafeeError` for a bad ticket.
    #[wasm_bindgen(unchecked_return_type = "Classification")]
    pub fn classify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ticket")] ticket: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let ticket = from_js_ticket(&ticket)?;
        let result = self
            .inner
            .classify_with(&ticket, options_from(options)?)
            .map_err(to_js_error)?;
        to_js(&result)
    }

    /// Every SLA target of the ticket's priority at `now` (RFC 3339).
    #[wasm_bindgen(unchecked_return_type = "Deadlines")]
    pub fn deadlines(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ticket")] ticket: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ticket = from_js_ticket(&ticket)?;
        let now = text_arg(&now, "/now")?;
        let result = self.inner.deadlines(&ticket, &now).map_err(to_js_error)?;
        to_js(&result)
    }

    /// The instant `duration` (e.g. "2h") of working time on `calendar` after `from`.
    #[wasm_bindgen(js_name = addWorkingTime)]
    pub fn add_working_time(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] calendar: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] duration: JsValue,
    ) -> Result<String, JsValue> {
        let (calendar, from) = (text_arg(&calendar, "/calendar")?, text_arg(&from, "/from")?);
        let duration = text_arg(&duration, "/duration")?;
        self.inner
            .add_working_time(&calendar, &from, &duration)
            .map_err(to_js_error)
    }

    /// Working seconds on `calendar` between two instants.
    #[wasm_bindgen(js_name = workingTimeBetween)]
    pub fn working_time_between(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] calendar: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
    ) -> Result<f64, JsValue> {
        let (calendar, from) = (text_arg(&calendar, "/calendar")?, text_arg(&from, "/from")?);
        let to = text_arg(&to, "/to")?;
        // Seconds within ±2^53 are exact as JS numbers; coverage limits keep them far smaller.
        self.inner
            .working_time_between(&calendar, &from, &to)
            .map(|s| s as f64)
            .map_err(to_js_error)
    }

    /// The close of the `n`th working day after the local date of `from`.
    #[wasm_bindgen(js_name = closeOfWorkingDay)]
    pub fn close_of_working_day(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] calendar: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> Result<String, JsValue> {
        let (calendar, from) = (text_arg(&calendar, "/calendar")?, text_arg(&from, "/from")?);
        // A JS number, whole and in range: never wrapped modulo 2^32 (-1 is not 4294967295).
        let n = n
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            .map(|n| n as u32)
            .ok_or_else(|| {
                to_js_error(Error::new(
                    crate::ErrorCode::InvalidValue,
                    "/days",
                    "the number of working days is a whole number from 1 to 4294967295",
                ))
            })?;
        self.inner
            .close_of_working_day(&calendar, &from, n)
            .map_err(to_js_error)
    }

    /// Prices a work order (a ticket with `lines`) into an itemised receipt. `now` (RFC 3339)
    /// is the work's time when the order has neither `completed` nor `appointment`, and the
    /// instant the supervisor's review clock is read at.
    #[wasm_bindgen(unchecked_return_type = "Receipt")]
    pub fn quote(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Order")] order: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let order = from_js_ticket(&order)?;
        let now = text_arg(&now, "/now")?;
        let result = self.inner.quote(&order, &now).map_err(to_js_error)?;
        to_js(&result)
    }

    /// The price schedule of the rule set in effect at `at` (RFC 3339); null when it prices
    /// nothing.
    #[wasm_bindgen(js_name = priceSchedule, unchecked_return_type = "Schedule | null")]
    pub fn price_schedule(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        let at = text_arg(&at, "/at")?;
        let schedule = self.inner.price_schedule(&at).map_err(to_js_error)?;
        to_js(&schedule)
    }

    /// KPI figures and threshold verdicts over a batch: an array of ticket records, or NDJSON
    /// text (one record per line). A bad record is skipped and reported with its index.
    #[wasm_bindgen(unchecked_return_type = "KpiReport")]
    pub fn kpi(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketRecord[] | string")] records: JsValue,
        #[wasm_bindgen(unchecked_param_type = "KpiOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let mut run = self.kpi_run(options)?;
        let Some(inner) = run.inner.as_mut() else {
            return Err(finished());
        };
        if records.is_string() {
            let too_large = |size: usize| {
                to_js_error(Error::new(
                    crate::ErrorCode::TooLarge,
                    "",
                    format!(
                        "the NDJSON text is {size} bytes or more; one kpi call takes at most {} (stream larger batches with kpiRun)",
                        limits::MAX_BATCH_BYTES
                    ),
                ))
            };
            let units = js_length(&records);
            if units > limits::MAX_BATCH_BYTES {
                return Err(too_large(units));
            }
            let text = records.as_string().unwrap_or_default();
            if text.len() > limits::MAX_BATCH_BYTES {
                return Err(too_large(text.len()));
            }
            let count = text.lines().filter(|l| !l.trim().is_empty()).count();
            if count > limits::MAX_BATCH_RECORDS {
                return Err(to_js_error(input::too_many_records(String::new(), count)));
            }
            for line in text.lines() {
                inner.add_line(line);
            }
        } else if js_is_array(&records).unwrap_or(false) {
            let array =
                js_array_from(&records).map_err(|e| to_js_error(thrown(String::new(), &e)))?;
            let count = usize::try_from(array.length()).unwrap_or(usize::MAX);
            if count > limits::MAX_BATCH_RECORDS {
                return Err(to_js_error(input::too_many_records(String::new(), count)));
            }
            for record in array.iter() {
                match json_from_js(&record) {
                    Ok(value) => inner.add(&value),
                    Err(error) => inner.reject(error),
                }
            }
        } else {
            return Err(to_js_error(Error::new(
                crate::ErrorCode::WrongType,
                "",
                "records are an array of objects or NDJSON text",
            )));
        }
        run.finish()
    }

    /// Starts a streaming KPI run: `add(record)` / `addLine(text)` as records arrive, then
    /// `finish()`. Memory grows with the number of groups, not of records.
    #[wasm_bindgen(js_name = kpiRun)]
    pub fn kpi_run(
        &self,
        #[wasm_bindgen(unchecked_param_type = "KpiOptions")] options: JsValue,
    ) -> Result<JsKpiRun, JsValue> {
        let bad = |e: &dyn std::fmt::Display| {
            to_js_error(Error::new(
                crate::ErrorCode::InvalidValue,
                "",
                format!("bad KPI options: {e}"),
            ))
        };
        let options = json_from_js(&options).map_err(|e| bad(&e))?;
        let options: crate::KpiOptions = serde_json::from_value(options).map_err(|e| bad(&e))?;
        let inner = self.inner.kpi(&options).map_err(to_js_error)?;
        Ok(JsKpiRun { inner: Some(inner) })
    }

    /// A ticket record's follow-ups at `now`: revisit and call-backs owed, with states.
    #[wasm_bindgen(js_name = followUps, unchecked_return_type = "FollowUps")]
    pub fn follow_ups(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketRecord")] record: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let record = from_js_ticket(&record)?;
        let now = text_arg(&now, "/now")?;
        to_js(&self.inner.follow_ups(&record, &now).map_err(to_js_error)?)
    }

    /// Runs a case file (JSON text): pass/fail with a diff per case, and coverage of the newest
    /// rule set's rows, SLA targets and schedule items.
    #[wasm_bindgen(js_name = runCases, unchecked_return_type = "CaseReport")]
    pub fn run_cases(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] cases: JsValue,
    ) -> Result<JsValue, JsValue> {
        if !cases.is_string() {
            return Err(wrong_type("", "a case file is given as JSON text", &cases));
        }
        // Refused before the text is copied into the module (UTF-8 is never shorter).
        let units = js_length(&cases);
        if units > limits::MAX_CASE_FILE_BYTES {
            return Err(to_js_error(input::too_large(
                input::Source::CaseFile,
                units,
            )));
        }
        let cases = cases.as_string().unwrap_or_default();
        to_js(&self.inner.run_cases(&cases).map_err(to_js_error)?)
    }

    /// Verifies the newest rule set: table gaps, overlaps, unreachable and subsumed rows with
    /// witness tickets and ready-made cases, and cross-section checks.
    #[wasm_bindgen(unchecked_return_type = "LintReport")]
    pub fn lint(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.lint().map_err(to_js_error)?)
    }

    /// Which tickets change priority, a deadline or state, or fee total if `after` replaced
    /// this engine's rule sets; without tickets, both versions' witness tickets are compared.
    #[wasm_bindgen(unchecked_return_type = "DiffReport")]
    pub fn diff(
        &self,
        after: &JsEngine,
        #[wasm_bindgen(unchecked_param_type = "Ticket[] | null | undefined")] tickets: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let now = text_arg(&now, "/now")?;
        let tickets: Option<Vec<serde_json::Value>> = if tickets.is_null() || tickets.is_undefined()
        {
            None
        } else {
            let array = js_is_array(&tickets)
                .unwrap_or(false)
                .then(|| js_array_from(&tickets).ok())
                .flatten()
                .ok_or_else(|| {
                    wrong_type("", "tickets are an array of plain JSON objects", &tickets)
                })?;
            let count = usize::try_from(array.length()).unwrap_or(usize::MAX);
            if count > limits::MAX_BATCH_RECORDS {
                return Err(to_js_error(input::too_many_records(String::new(), count)));
            }
            let mut all = Vec::with_capacity(count);
            for (index, ticket) in array.iter().enumerate() {
                all.push(json_from_js(&ticket).map_err(|e| {
                    to_js_error(Error::new(e.code, format!("/{index}{}", e.path), e.message))
                })?);
            }
            Some(all)
        };
        let report = self
            .inner
            .diff(&after.inner, tickets.as_deref(), &now)
            .map_err(to_js_error)?;
        to_js(&report)
    }

    /// Evaluates one of the rule set's named `tables`.
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn decide(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] table: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Ticket")] ticket: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let table = text_arg(&table, "/table")?;
        let ticket = from_js_ticket(&ticket)?;
        let result = self
            .inner
            .decide(&table, &ticket, options_from(options)?)
            .map_err(to_js_error)?;
        to_js(&result)
    }

    /// Everything about a ticket at `now` (RFC 3339) in one call: its priority (as `classify`),
    /// every SLA clock (as `deadlines`), the fee of its work order when it has `lines` (as
    /// `quote`; omitted otherwise) and its follow-ups when the rule set has a `kpi` section (as
    /// `followUps`; omitted otherwise). The ticket needs `created`.
    #[wasm_bindgen(unchecked_return_type = "Evaluation")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ticket | Order | TicketRecord")] ticket: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ticket = from_js_ticket(&ticket)?;
        let now = text_arg(&now, "/now")?;
        // JSON text and one parse: no second serializer for this large type (module size), and
        // as fast as building the object property by property.
        to_js(&self.inner.evaluate(&ticket, &now).map_err(to_js_error)?)
    }

    /// `evaluate` (or, with `{ call: "classify" | "deadlines" | "quote" }`, that call) over a
    /// batch: an array of tickets (orders for `quote`), or NDJSON text (one per line; blank lines
    /// are skipped). Returns one entry per ticket, in order; a bad ticket's entry is `{ error }` in its place and never
    /// stops the batch. Entries from NDJSON carry their 1-based `line`.
    #[wasm_bindgen(js_name = evaluateBatch, unchecked_return_type = "BatchItem[]")]
    pub fn evaluate_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(Ticket | Order | TicketRecord)[] | string")]
        tickets: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let now = text_arg(&now, "/now")?;
        let call = batch_call(options)?;
        let json = if tickets.is_string() {
            let text = batch_text(&tickets)?;
            self.inner.evaluate_batch_array(&text, &now, call)
        } else if js_is_array(&tickets).unwrap_or(false) {
            let array =
                js_array_from(&tickets).map_err(|e| to_js_error(thrown(String::new(), &e)))?;
            let count = usize::try_from(array.length()).unwrap_or(usize::MAX);
            if count > limits::MAX_BATCH_RECORDS {
                return Err(to_js_error(input::too_many_records(String::new(), count)));
            }
            self.inner
                .evaluate_each(array.iter().map(|t| json_from_js(&t)), &now, call)
        } else {
            return Err(wrong_type(
                "",
                "tickets are an array or NDJSON text",
                &tickets,
            ));
        };
        js_sys::JSON::parse(&json.map_err(to_js_error)?)
    }

    /// `evaluateBatch` over NDJSON (text or UTF-8 bytes) returning NDJSON text: one line per
    /// non-blank input line, `{"line":N,...result}` or `{"line":N,"error":{code,path,message}}`.
    /// The fastest way through: one string in, one string out.
    #[wasm_bindgen(js_name = evaluateNdjson)]
    pub fn evaluate_ndjson(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] ndjson: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        let now = text_arg(&now, "/now")?;
        let call = batch_call(options)?;
        let mut batch = self.inner.batch(&now, call).map_err(to_js_error)?;
        let mut out = if ndjson.is_string() {
            batch.feed(batch_text(&ndjson)?.as_bytes())
        } else if let Some(bytes) = ndjson.dyn_ref::<js_sys::Uint8Array>() {
            batch.feed(&bytes.to_vec())
        } else {
            return Err(wrong_type("", "NDJSON is text or a Uint8Array", &ndjson));
        };
        out.push_str(&batch.finish());
        Ok(out)
    }

    /// Starts a streaming batch at `now`: `feed(chunk)` NDJSON bytes as a file or stream
    /// delivers them (a chunk may end mid-line) and get the result lines completed so far, then
    /// `finish()`. Memory holds one partial line at most, whatever the input size.
    pub fn batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions")] options: Option<JsValue>,
    ) -> Result<JsBatch, JsValue> {
        let now = text_arg(&now, "/now")?;
        let options = batch_options(options)?;
        let inner = self.inner.batch(&now, options.call).map_err(to_js_error)?;
        let inner = match options.first_line {
            Some(first) => inner.starting_at_line(first),
            None => inner,
        };
        Ok(JsBatch { inner })
    }
}

/// A streaming NDJSON batch (from `engine.batch(now, options)`).
#[wasm_bindgen(js_name = Batch)]
pub struct JsBatch {
    inner: crate::Batch,
}

#[wasm_bindgen(js_class = Batch)]
impl JsBatch {
    /// Feeds a chunk of NDJSON bytes; returns the NDJSON result lines of the lines it completed.
    pub fn feed(&mut self, chunk: &[u8]) -> String {
        self.inner.feed(chunk)
    }

    /// Ends the input: returns the result of a last line without a newline, if any.
    pub fn finish(&mut self) -> String {
        self.inner.finish()
    }

    /// `feed`, the result lines as UTF-8 bytes: for a file or stream, which takes them as they
    /// are. Decoding them into a JS string and encoding that again for the stream took a third
    /// of a `classify` batch's time.
    #[wasm_bindgen(js_name = feedBytes)]
    pub fn feed_bytes(&mut self, chunk: &[u8]) -> Vec<u8> {
        self.inner.feed_bytes(chunk)
    }

    /// `finish`, the result as UTF-8 bytes (as `feedBytes`).
    #[wasm_bindgen(js_name = finishBytes)]
    pub fn finish_bytes(&mut self) -> Vec<u8> {
        self.inner.finish_bytes()
    }

    /// Records (non-blank lines) seen so far.
    #[wasm_bindgen(getter)]
    pub fn records(&self) -> f64 {
        self.inner.records() as f64
    }

    /// Records whose result is an error, so far.
    #[wasm_bindgen(getter)]
    pub fn errors(&self) -> f64 {
        self.inner.errors() as f64
    }
}

/// NDJSON text for one batch call, refused before the copy when over the batch limit.
fn batch_text(value: &JsValue) -> Result<String, JsValue> {
    let too_large = |size: usize| {
        to_js_error(Error::new(
            crate::ErrorCode::TooLarge,
            "",
            format!(
                "the NDJSON text is {size} bytes or more; one batch call takes at most {} (stream larger batches with batch())",
                limits::MAX_BATCH_BYTES
            ),
        ))
    };
    let units = js_length(value);
    if units > limits::MAX_BATCH_BYTES {
        return Err(too_large(units));
    }
    let text = value.as_string().unwrap_or_default();
    if text.len() > limits::MAX_BATCH_BYTES {
        return Err(too_large(text.len()));
    }
    Ok(text)
}

/// Options of `evaluateBatch`, `evaluateNdjson` and `batch`.
#[derive(serde::Deserialize, Default, tsify::Tsify)]
#[serde(deny_unknown_fields)]
#[tsify(rename = "BatchOptions")]
struct JsBatchOptions {
    /// `"classify"` for priority only (fastest), `"deadlines"` or `"quote"`; default `"evaluate"`.
    #[serde(default)]
    call: crate::BatchCall,
    /// `batch()` only: the 1-based number of the first line fed (a part of a larger input).
    #[serde(default, rename = "firstLine")]
    #[tsify(optional)]
    first_line: Option<u64>,
}

fn batch_call(options: Option<JsValue>) -> Result<crate::BatchCall, JsValue> {
    let options = batch_options(options)?;
    if options.first_line.is_some() {
        return Err(to_js_error(Error::new(
            crate::ErrorCode::InvalidValue,
            "/firstLine",
            "firstLine applies to batch() only",
        )));
    }
    Ok(options.call)
}

fn batch_options(options: Option<JsValue>) -> Result<JsBatchOptions, JsValue> {
    match options {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            let bad = |e: &dyn std::fmt::Display| {
                to_js_error(Error::new(
                    crate::ErrorCode::InvalidValue,
                    "",
                    format!("bad batch options: {e}"),
                ))
            };
            let options = json_from_js(&v).map_err(|e| bad(&e))?;
            serde_json::from_value(options).map_err(|e| bad(&e))
        }
        _ => Ok(JsBatchOptions::default()),
    }
}

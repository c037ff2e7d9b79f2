//! The `KpiRun` class: a streaming KPI run over records added one by one or as NDJSON chunks.

use super::js_value::{js_length, js_type, json_from_js};
use super::to_js;
use super::to_js_error;
use crate::error::Error;
use crate::{input, limits};
use wasm_bindgen::prelude::*;

/// A KPI run in progress (from `engine.kpiRun(options)`).
#[wasm_bindgen(js_name = KpiRun)]
pub struct JsKpiRun {
    /// `None` once finished.
    pub(super) inner: Option<crate::KpiRun>,
}

#[wasm_bindgen(js_class = KpiRun)]
impl JsKpiRun {
    /// Adds one record (a bad one is counted as skipped, with its index).
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "TicketRecord")] record: JsValue,
    ) -> Result<(), JsValue> {
        let run = self.running()?;
        match json_from_js(&record) {
            Ok(value) => run.add(&value),
            // Not plain JSON data (a function, NaN, a lone surrogate…): skipped like any bad record.
            Err(error) => run.reject(error),
        }
        Ok(())
    }

    /// Adds one NDJSON line; blank lines are not records.
    #[wasm_bindgen(js_name = addLine)]
    pub fn add_line(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] line: JsValue,
    ) -> Result<(), JsValue> {
        let run = self.running()?;
        if !line.is_string() {
            run.reject(Error::new(
                crate::ErrorCode::WrongType,
                "",
                format!("a line is text, got {}", js_type(&line)),
            ));
        } else if js_length(&line) > limits::MAX_RECORD_BYTES {
            // Refused before the text is copied into the module (UTF-8 is never shorter).
            run.reject(input::too_large(input::Source::Record, js_length(&line)));
        } else {
            run.add_line(&line.as_string().unwrap_or_default());
        }
        Ok(())
    }

    /// Adds a chunk of NDJSON bytes as a file or stream delivers it: the core cuts the lines (a
    /// chunk may end mid-line), so a batch crosses into the module once per chunk, and a skipped
    /// record's error carries its 1-based `line`.
    #[wasm_bindgen(js_name = addNdjson)]
    pub fn add_ndjson(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.running()?.add_ndjson(chunk);
        Ok(())
    }

    /// Numbers NDJSON lines from `first` (1-based) when this run counts one part of a larger
    /// input cut at a line boundary, so skipped records name their line in the whole input.
    /// Call it before adding anything (or, in a run counting several parts, right after
    /// `endPart()`).
    #[wasm_bindgen(js_name = startAtLine)]
    pub fn start_at_line(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] first: JsValue,
    ) -> Result<(), JsValue> {
        let first = first
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (1.0..=MAX_SAFE_INTEGER).contains(n))
            .ok_or_else(|| {
                to_js_error(Error::new(
                    crate::ErrorCode::InvalidValue,
                    "",
                    format!(
                        "a first line is a whole number from 1, got {}",
                        js_type(&first)
                    ),
                ))
            })?;
        let run = self.inner.take().ok_or_else(finished)?;
        if run.records() > 0 {
            self.inner = Some(run);
            return Err(to_js_error(Error::new(
                crate::ErrorCode::InvalidValue,
                "",
                "startAtLine comes before the first record (of a part, after endPart())",
            )));
        }
        // Whole and within 2^53 − 1, checked above: the conversion is exact.
        self.inner = Some(run.starting_at_line(first as u64));
        Ok(())
    }

    /// Ends a run over one part of a batch (e.g. in a worker thread) and returns its counters
    /// as text for `merge` on the run over the whole batch; the run cannot be used afterwards.
    pub fn partial(&mut self) -> Result<String, JsValue> {
        let run = self.inner.take().ok_or_else(finished)?;
        run.partial().map_err(to_js_error)
    }

    /// Ends one part of a batch in a run that goes on to count further parts (a worker
    /// thread's): returns the part's record counts and skipped records' errors, without
    /// counters, as text for `merge` in input order; the next part's records count from zero
    /// (`startAtLine` numbers its lines). The counters are handed over once, by `partial()`.
    #[wasm_bindgen(js_name = endPart)]
    pub fn end_part(&mut self) -> Result<String, JsValue> {
        self.running()?.end_part().map_err(to_js_error)
    }

    /// Adds a part's counters (`partial()` of a run with the same rule sets and options). Merge
    /// parts in input order: a skipped record's index counts the records of earlier parts. A
    /// part counted otherwise throws and changes nothing.
    pub fn merge(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] partial: JsValue,
    ) -> Result<(), JsValue> {
        let run = self.running()?;
        let text = partial.as_string().ok_or_else(|| {
            to_js_error(Error::new(
                crate::ErrorCode::WrongType,
                "",
                format!("a partial is text, got {}", js_type(&partial)),
            ))
        })?;
        run.merge(&text).map_err(to_js_error)
    }

    /// Judges every group and returns the report; the run cannot be used afterwards.
    #[wasm_bindgen(unchecked_return_type = "KpiReport")]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let run = self.inner.take().ok_or_else(finished)?;
        to_js(&run.finish().map_err(to_js_error)?)
    }

    fn running(&mut self) -> Result<&mut crate::KpiRun, JsValue> {
        self.inner.as_mut().ok_or_else(finished)
    }
}

/// `Number.MAX_SAFE_INTEGER`: the largest whole number a JS number holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

pub(super) fn finished() -> JsValue {
    to_js_error(Error::new(
        crate::ErrorCode::InvalidValue,
        "",
        "this KPI run is already finished",
    ))
}

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

pub(super) fn finished() -> JsValue {
    to_js_error(Error::new(
        crate::ErrorCode::InvalidValue,
        "",
        "this KPI run is already finished",
    ))
}

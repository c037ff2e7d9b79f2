//! Priority levels (紧急 / 常规 / 低优先级 …): declared by the rule set, never hard-coded.

use serde::{Deserialize, Serialize};

/// A bilingual display label. Chinese is required (the desk works in Chinese); English is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Label {
    pub zh: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

/// A compiled priority level. Lower `rank` is more urgent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Priority {
    pub id: String,
    pub rank: u32,
    pub label: Label,
}

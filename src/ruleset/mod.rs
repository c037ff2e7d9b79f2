//! The rule-set document: its serde shape ([`doc`]) and how text becomes a validated,
//! compiled engine ([`load`]).

pub(crate) mod doc;
pub(crate) mod load;

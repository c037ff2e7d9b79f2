//! Helpers shared by the property-test files (`mod common;`).

use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};

/// `cases` cases, or as many as `PROPTEST_CASES` asks for; a failure is saved beside the test file.
pub fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

//! Shared by the tests that read the Red Hat `cvss` test suite.

/// Every non-empty line of the `redhat-cvss/tests/vectors_*` files, with its file name; `None`
/// when the test data is absent (outside CI).
pub fn redhat_vector_lines() -> Option<Vec<(String, String)>> {
    let dir = medcyber_testdata::dir("redhat-cvss")?;
    let mut lines = Vec::new();
    for file in medcyber_testdata::files(&dir.join("tests"), "") {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if !name.starts_with("vectors_") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{name}: {e}"));
        lines.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| (name.clone(), l.to_owned())),
        );
    }
    Some(lines)
}

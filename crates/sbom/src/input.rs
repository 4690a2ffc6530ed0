//! Input limits applied before any parser sees a document: size, encoding, nesting depth.

use crate::{Location, ReadOptions, SbomError};

/// Default size limit: 512 MiB.
pub const DEFAULT_MAX_BYTES: usize = 512 * 1024 * 1024;

/// Default nesting limit. Real SBOMs nest components a handful of levels; CycloneDX documents
/// in the wild stay under 20. The limit keeps hostile input from exhausting the stack.
pub const DEFAULT_MAX_DEPTH: usize = 64;

/// Checks size and UTF-8 (a leading byte-order mark is skipped) and returns the text.
pub fn check<'a>(bytes: &'a [u8], options: &ReadOptions) -> Result<&'a str, SbomError> {
    if bytes.len() > options.max_bytes {
        return Err(SbomError::TooLarge {
            size: bytes.len(),
            limit: options.max_bytes,
        });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(SbomError::NotUtf8 { offset: 0 });
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| SbomError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    check_json_depth(text, options.max_depth)?;
    Ok(text)
}

/// Lines ending in a lone CR (classic Mac line ends, seen in real SPDX tag-value files) read as
/// LF line ends; text without a lone CR is returned unchanged. (In JSON a raw CR can only be
/// whitespace, and XML normalises line ends itself, so this changes no meaning.)
pub fn normalize_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone_cr = bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    if lone_cr {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Refuses JSON nested deeper than `limit`, without parsing it: counts brackets outside
/// strings. Non-JSON text passes through (XML depth is checked by the XML reader).
fn check_json_depth(text: &str, limit: usize) -> Result<(), SbomError> {
    let trimmed = text.trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return Ok(());
    }
    // Bytes, not chars: every structural character is ASCII, and no byte of a multi-byte UTF-8
    // sequence is. The column (in characters) is computed only for the error.
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut line = 1;
    let mut line_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth > limit {
                    let column = text.get(line_start..=i).map_or(1, |s| s.chars().count());
                    return Err(SbomError::TooDeep {
                        location: Location::LineColumn { line, column },
                        limit,
                    });
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        let opts = ReadOptions {
            max_bytes: 10,
            ..ReadOptions::default()
        };
        assert!(matches!(
            check(b"01234567890", &opts),
            Err(SbomError::TooLarge {
                size: 11,
                limit: 10
            })
        ));
        assert!(matches!(
            check(b"{\"a\": \"\xff\"}", &ReadOptions::default()),
            Err(SbomError::NotUtf8 { offset: 7 })
        ));
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(matches!(
            check(deep.as_bytes(), &ReadOptions::default()),
            Err(SbomError::TooDeep { limit: 64, .. })
        ));
        let braces_in_strings = format!("{{\"a\": \"{}\"}}", "[".repeat(100));
        assert!(check(braces_in_strings.as_bytes(), &ReadOptions::default()).is_ok());
        assert_eq!(
            check(b"\xEF\xBB\xBF{}", &ReadOptions::default()).ok(),
            Some("{}")
        );
    }
}

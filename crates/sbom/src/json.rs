//! Lenient field access on `serde_json::Value`, shared by the readers and writers: a field that
//! is absent or of the wrong type reads as absent (schema validation reports it).

use serde_json::Value;

/// A string field.
pub(crate) fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// An array field's items (none when absent or not an array).
pub(crate) fn array_at<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
}

//! The vector grammar shared by every version: `KEY:VALUE` metrics separated by `/`, checked
//! against a version's table of metrics.

use crate::CvssError;

/// One metric of a version's table.
pub struct Def {
    /// The abbreviation (`AV`).
    pub key: &'static str,
    /// The allowed values (`N`, `A`, `L`, `P`), in the table's order.
    pub values: &'static [&'static str],
    /// Whether a vector must carry it (the base metrics).
    pub mandatory: bool,
    /// Its property in the FIRST CVSS JSON representation (`attackVector`).
    pub json: &'static str,
    /// The JSON enumeration names of `values`, in the same order (`NETWORK`, …).
    pub json_values: &'static [&'static str],
}

/// Shorthand for a table row.
pub(crate) const fn def(
    key: &'static str,
    values: &'static [&'static str],
    mandatory: bool,
    json: &'static str,
    json_values: &'static [&'static str],
) -> Def {
    Def {
        key,
        values,
        mandatory,
        json,
        json_values,
    }
}

pub(crate) fn error(vector: &str, position: usize, message: String) -> CvssError {
    CvssError {
        vector: vector.to_owned(),
        position,
        message,
    }
}

/// Parses the metrics of `vector` from byte `start` on: the index of each metric's value in
/// its row, `None` where the vector does not give it. With `ordered`, metrics must follow the
/// table's order.
pub(crate) fn parse(
    vector: &str,
    start: usize,
    defs: &[Def],
    ordered: bool,
) -> Result<Vec<Option<u8>>, CvssError> {
    let mut values: Vec<Option<u8>> = vec![None; defs.len()];
    let body = vector.get(start..).unwrap_or_default();
    if body.is_empty() {
        return Err(error(vector, start, "no metrics".to_owned()));
    }
    let mut position = start;
    let mut last_index: Option<usize> = None;
    for segment in body.split('/') {
        let here = position;
        position += segment.len() + 1;
        if segment.is_empty() {
            return Err(error(
                vector,
                here,
                "empty metric (two `/` in a row, or a `/` at an end)".to_owned(),
            ));
        }
        let Some((key, value)) = segment.split_once(':') else {
            return Err(error(
                vector,
                here,
                format!("`{segment}` is not METRIC:VALUE"),
            ));
        };
        let Some(index) = defs.iter().position(|d| d.key == key) else {
            return Err(error(vector, here, format!("unknown metric `{key}`")));
        };
        let d = &defs[index];
        let Some(value_index) = d.values.iter().position(|v| *v == value) else {
            return Err(error(
                vector,
                here + key.len() + 1,
                format!(
                    "`{value}` is not a value of {key} (one of {})",
                    d.values.join(", ")
                ),
            ));
        };
        if values[index].is_some() {
            return Err(error(vector, here, format!("metric {key} given twice")));
        }
        if ordered
            && let Some(last) = last_index
            && index < last
        {
            return Err(error(
                vector,
                here,
                format!(
                    "metric {key} is out of order (it comes before {})",
                    defs[last].key
                ),
            ));
        }
        last_index = Some(index);
        // A table has fewer than 256 values per metric.
        values[index] = Some(u8::try_from(value_index).unwrap_or(u8::MAX));
    }
    let missing: Vec<&str> = defs
        .iter()
        .zip(&values)
        .filter(|(d, v)| d.mandatory && v.is_none())
        .map(|(d, _)| d.key)
        .collect();
    if !missing.is_empty() {
        return Err(error(
            vector,
            vector.len(),
            format!(
                "missing mandatory metric{} {}",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", ")
            ),
        ));
    }
    Ok(values)
}

/// Writes the metrics present, in table order.
pub(crate) fn write(
    f: &mut std::fmt::Formatter<'_>,
    defs: &[Def],
    values: &[Option<u8>],
    mut first: bool,
) -> std::fmt::Result {
    for (d, v) in defs.iter().zip(values) {
        if let Some(i) = v {
            if !first {
                f.write_str("/")?;
            }
            first = false;
            write!(f, "{}:{}", d.key, d.values[usize::from(*i)])?;
        }
    }
    Ok(())
}

/// Round half up to one decimal (v2's `round_to_1_decimal`, v4's final rounding), robust to the
/// binary representation of values the specification computes in decimal.
pub(crate) fn round1(x: f64) -> f64 {
    ((x * 10.0) + 0.5 + 1e-9).floor() / 10.0
}

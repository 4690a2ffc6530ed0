//! Binding and unbinding (NIST IR 7695 §6), validated against the CPE 2.3 grammar (the
//! formatted-string and URI patterns of the CPE 2.3 dictionary schema, as the CSAF schema
//! carries them).

use std::sync::LazyLock;

use regex::Regex;

use super::{CpeError, Value, Wfn};

/// An FS attribute value: quoted punctuation, alphanumerics and `-._`, optional leading and
/// trailing wildcards; or `*` / `-`. This is the dictionary schema's pattern: `.`, `-` and
/// `_` are written unquoted, so `\.` is rejected (as the reference implementations do).
const FS_VALUE: &str = r##"(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#\$%&'\(\)\+,/:;<=>@\[\]\^`\{\|\}~]))+(\?*|\*?))|[\*\-])"##;
const FS_LANGUAGE: &str = r"(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[\*\-])";

static FS: LazyLock<Regex> = LazyLock::new(|| {
    let pattern =
        format!(r"^cpe:2\.3:[aho\*\-](:{FS_VALUE}){{5}}(:{FS_LANGUAGE})(:{FS_VALUE}){{4}}$");
    Regex::new(&pattern).unwrap_or_else(|e| panic!("CPE FS pattern: {e}"))
});

static URI: LazyLock<Regex> = LazyLock::new(|| {
    // The 2.2 pattern, with one addition: a part of `-` (NA), which 7695's URI binding writes
    // for a WFN whose part is NA and must read back.
    Regex::new(r"^[c][pP][eE]:/[AHOaho\-]?(:[A-Za-z0-9\._\-~%]*){0,6}$")
        .unwrap_or_else(|e| panic!("CPE URI pattern: {e}"))
});

fn error(input: &str, reason: impl Into<String>) -> CpeError {
    CpeError {
        input: input.to_owned(),
        reason: reason.into(),
    }
}

/// WFN's alphanumeric characters: letters, digits and underscore.
fn is_alphanum(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

// ---------------------------------------------------------------------------------------------
// Formatted string

/// Splits an FS at unescaped colons.
fn split_fs(fs: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in fs.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ':' {
            parts.push(&fs[start..i]);
            start = i + 1;
        }
    }
    parts.push(&fs[start..]);
    parts
}

/// `add_quoting`: FS value to WFN string.
fn add_quoting(s: &str, input: &str) -> Result<String, CpeError> {
    let chars: Vec<char> = s.chars().collect();
    let mut result = String::new();
    let mut idx = 0;
    let mut embedded = false;
    while idx < chars.len() {
        let c = chars[idx];
        if is_alphanum(c) {
            result.push(c);
            idx += 1;
            embedded = true;
            continue;
        }
        if c == '\\' {
            result.push(c);
            if let Some(next) = chars.get(idx + 1) {
                result.push(*next);
            }
            idx += 2;
            embedded = true;
            continue;
        }
        if c == '*' {
            if idx == 0 || idx == chars.len() - 1 {
                result.push(c);
                idx += 1;
                embedded = true;
                continue;
            }
            return Err(error(input, format!("non-standard use of `*` in `{s}`")));
        }
        if c == '?' {
            let leading = !embedded && idx > 0 && chars[idx - 1] == '?';
            let trailing = embedded && chars.get(idx + 1) == Some(&'?');
            if idx == 0 || idx == chars.len() - 1 || leading || trailing {
                result.push(c);
                idx += 1;
                embedded = false;
                continue;
            }
            return Err(error(input, format!("non-standard use of `?` in `{s}`")));
        }
        result.push('\\');
        result.push(c);
        idx += 1;
        embedded = true;
    }
    Ok(result)
}

fn unbind_value_fs(s: &str, input: &str) -> Result<Value, CpeError> {
    match s {
        "*" => Ok(Value::Any),
        "-" => Ok(Value::Na),
        // CPE names are case-insensitive; like the URI decoding and the reference
        // implementations, values are kept in lower case.
        _ => Ok(Value::Str(add_quoting(&s.to_ascii_lowercase(), input)?)),
    }
}

/// `unbind_fs`.
pub fn unbind_fs(input: &str) -> Result<Wfn, CpeError> {
    if !FS.is_match(input) {
        let parts = split_fs(input);
        let reason = if parts.len() != 13 {
            format!(
                "a formatted string has 13 colon-separated fields, found {}",
                parts.len()
            )
        } else {
            "a field breaks the CPE 2.3 formatted-string grammar (unquoted punctuation, a misplaced wildcard, or an invalid language tag)".to_owned()
        };
        return Err(error(input, reason));
    }
    let parts = split_fs(input);
    let mut wfn = Wfn::any();
    for (slot, part) in wfn.values.iter_mut().zip(&parts[2..]) {
        *slot = unbind_value_fs(part, input)?;
    }
    Ok(wfn)
}

/// `process_quoted_chars`: WFN string to FS value.
fn process_quoted_chars(s: &str) -> String {
    let mut result = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            result.push(c);
            continue;
        }
        match chars.next() {
            Some(next @ ('.' | '-' | '_')) => result.push(next),
            Some(next) => {
                result.push('\\');
                result.push(next);
            }
            None => result.push('\\'),
        }
    }
    result
}

fn bind_value_fs(v: &Value) -> String {
    match v {
        Value::Any => "*".to_owned(),
        Value::Na => "-".to_owned(),
        Value::Str(s) => process_quoted_chars(s),
    }
}

/// `bind_to_fs`.
pub fn bind_fs(w: &Wfn) -> String {
    let mut out = String::from("cpe:2.3");
    for v in &w.values {
        out.push(':');
        out.push_str(&bind_value_fs(v));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// URI

fn pct_encode(c: char) -> String {
    match c {
        '-' | '.' | '_' => c.to_string(),
        c if c.is_ascii() => format!("%{:02x}", c as u32),
        c => c.to_string(),
    }
}

/// `transform_for_uri`.
fn transform_for_uri(s: &str) -> String {
    let mut result = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if is_alphanum(c) {
            result.push(c);
        } else if c == '\\' {
            if let Some(next) = chars.next() {
                result.push_str(&pct_encode(next));
            }
        } else if c == '?' {
            result.push_str("%01");
        } else if c == '*' {
            result.push_str("%02");
        }
    }
    result
}

fn bind_value_uri(v: &Value) -> String {
    match v {
        Value::Any => String::new(),
        Value::Na => "-".to_owned(),
        Value::Str(s) => transform_for_uri(s),
    }
}

/// `bind_to_uri`, with the extended attributes packed into the edition.
pub fn bind_uri(w: &Wfn) -> String {
    let v = &w.values;
    let mut uri = String::from("cpe:/");
    for (i, value) in v[..5].iter().enumerate() {
        if i > 0 {
            uri.push(':');
        }
        uri.push_str(&bind_value_uri(value));
    }
    uri.push(':');
    let extended_any = v[7..11].iter().all(|x| *x == Value::Any);
    if extended_any {
        uri.push_str(&bind_value_uri(&v[5]));
    } else {
        uri.push('~');
        uri.push_str(&bind_value_uri(&v[5]));
        for x in &v[7..11] {
            uri.push('~');
            uri.push_str(&bind_value_uri(x));
        }
    }
    uri.push(':');
    uri.push_str(&bind_value_uri(&v[6]));
    uri.trim_end_matches(':').to_owned()
}

fn pct_decode(form: &str) -> Option<char> {
    let code = u8::from_str_radix(form.get(1..3)?, 16).ok()?;
    let c = char::from(code);
    // The characters 7695 Table 6-1 allows percent-encoded in a URI.
    "!\"#$%&'()*+,/:;<=>?@[\\]^`{|}~".contains(c).then_some(c)
}

/// `decode`: a URI component to a WFN value.
fn decode(s: &str, input: &str) -> Result<Value, CpeError> {
    if s.is_empty() {
        return Ok(Value::Any);
    }
    if s == "-" {
        return Ok(Value::Na);
    }
    let s = s.to_lowercase();
    let b = s.as_bytes();
    let mut result = String::new();
    let mut idx = 0;
    let mut embedded = false;
    while idx < b.len() {
        let c = b[idx] as char;
        if c == '.' || c == '-' || c == '~' {
            result.push('\\');
            result.push(c);
            idx += 1;
            embedded = true;
            continue;
        }
        if c != '%' {
            result.push(c);
            idx += 1;
            embedded = true;
            continue;
        }
        let form = s.get(idx..idx + 3).unwrap_or("");
        if form == "%01" {
            let leading = !embedded && idx >= 3 && s.get(idx - 3..idx) == Some("%01");
            let trailing = embedded && s.get(idx + 3..idx + 6) == Some("%01");
            if idx == 0 || idx + 3 == b.len() || leading || trailing {
                result.push('?');
                idx += 3;
                continue;
            }
            return Err(error(
                input,
                "`%01` (?) must be at the start or end of a value",
            ));
        }
        if form == "%02" {
            if idx == 0 || idx + 3 == b.len() {
                result.push('*');
                idx += 3;
                continue;
            }
            return Err(error(
                input,
                "`%02` (*) must be at the start or end of a value",
            ));
        }
        let decoded = pct_decode(form).ok_or_else(|| {
            error(
                input,
                format!("`{form}` is not a percent-encoding CPE allows"),
            )
        })?;
        result.push('\\');
        result.push(decoded);
        idx += 3;
        embedded = true;
    }
    Ok(Value::Str(result))
}

/// `unbind_uri`.
pub fn unbind_uri(input: &str) -> Result<Wfn, CpeError> {
    if !URI.is_match(input) {
        return Err(error(input, "breaks the CPE 2.2 URI grammar"));
    }
    let body = &input["cpe:/".len()..];
    let comps: Vec<&str> = body.split(':').collect();
    let mut wfn = Wfn::any();
    let get = |i: usize| comps.get(i).copied().unwrap_or("");
    for (i, slot) in wfn.values[..5].iter_mut().enumerate() {
        *slot = decode(get(i), input)?;
    }
    let edition = get(5);
    if edition.starts_with('~') && edition != "-" {
        let packed: Vec<&str> = edition[1..].split('~').collect();
        if packed.len() != 5 {
            return Err(error(
                input,
                "a packed edition has five `~`-separated fields",
            ));
        }
        wfn.values[5] = decode(packed[0], input)?;
        for (k, slot) in [7usize, 8, 9, 10].into_iter().enumerate() {
            wfn.values[slot] = decode(packed[k + 1], input)?;
        }
    } else {
        wfn.values[5] = decode(edition, input)?;
    }
    wfn.values[6] = decode(get(6), input)?;
    any_for_lone_star(&mut wfn);
    // The URI grammar is looser than the WFN's (a language must be a language tag, a value
    // cannot be only wildcards): the name must also bind to a valid formatted string.
    unbind_fs(&bind_fs(&wfn))
        .map_err(|e| error(input, format!("no valid CPE 2.3 name: {}", e.reason)))?;
    Ok(wfn)
}

/// A value that is a lone unquoted `*` (`%02` in a URI, `"*"` in WFN notation) means any
/// value: it is the logical value ANY, as the formatted string writes it.
fn any_for_lone_star(wfn: &mut Wfn) {
    for v in &mut wfn.values {
        if matches!(v, Value::Str(s) if s == "*") {
            *v = Value::Any;
        }
    }
}

/// Reads the WFN notation `wfn:[part="a",vendor="microsoft",version=ANY]` (attributes not
/// given are ANY).
pub fn parse_wfn(input: &str) -> Result<Wfn, CpeError> {
    let body = input
        .strip_prefix("wfn:[")
        .and_then(|b| b.strip_suffix(']'))
        .ok_or_else(|| error(input, "a WFN is written `wfn:[...]`"))?;
    let mut wfn = Wfn::any();
    if body.trim().is_empty() {
        return Ok(wfn);
    }
    // Split at commas outside quotes.
    let mut items = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in body.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if c == ',' && !quoted {
            items.push(&body[start..i]);
            start = i + 1;
        }
    }
    items.push(&body[start..]);
    for item in items {
        let (name, value) = item
            .split_once('=')
            .ok_or_else(|| error(input, format!("`{item}` is not attribute=value")))?;
        let index = super::ATTRIBUTES
            .iter()
            .position(|a| *a == name.trim())
            .ok_or_else(|| error(input, format!("unknown attribute `{name}`")))?;
        let value = value.trim();
        wfn.values[index] = match value {
            "ANY" => Value::Any,
            "NA" => Value::Na,
            v if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') => {
                Value::Str(v[1..v.len() - 1].to_ascii_lowercase())
            }
            v => {
                return Err(error(
                    input,
                    format!("`{v}` is neither ANY, NA nor a quoted string"),
                ));
            }
        };
    }
    any_for_lone_star(&mut wfn);
    // A WFN must bind to a valid formatted string.
    unbind_fs(&bind_fs(&wfn))?;
    Ok(wfn)
}

#[cfg(test)]
mod tests {
    use super::super::Wfn;
    use super::*;

    fn wfn(fs: &str) -> Wfn {
        Wfn::parse(fs).unwrap_or_else(|e| panic!("{e}"))
    }

    /// NIST IR 7695 examples (§6.1.2.3, §6.1.3.3, §6.2.2.3, §6.2.3.3).
    #[test]
    fn nist_examples() {
        // Formatted string unbinding.
        let w = wfn("cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*");
        assert_eq!(
            w.to_string(),
            r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update="beta",edition=ANY,language=ANY,sw_edition=ANY,target_sw=ANY,target_hw=ANY,other=ANY]"#
        );
        let w = wfn(r"cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*");
        assert_eq!(w.values[4], Value::Na);
        assert_eq!(
            w.to_uri(),
            "cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~"
        );
        let w = wfn(r"cpe:2.3:a:hp:openview_network_manager:7.51:*:*:*:*:linux:*:*");
        assert_eq!(
            w.to_uri(),
            "cpe:/a:hp:openview_network_manager:7.51::~~~linux~~"
        );
        let w = wfn(r"cpe:2.3:a:foo\\bar:big\$money_2010:*:*:*:*:special:ipod_touch:80gb:*");
        assert_eq!(w.values[1], Value::Str(r"foo\\bar".into()));
        assert_eq!(
            w.to_uri(),
            "cpe:/a:foo%5cbar:big%24money_2010:::~~special~ipod_touch~80gb~"
        );
        // URI unbinding.
        let w = wfn("cpe:/a:microsoft:internet_explorer:8.%02:sp%01");
        assert_eq!(w.values[3], Value::Str(r"8\.*".into()));
        assert_eq!(w.values[4], Value::Str("sp?".into()));
        let w = wfn("cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~");
        assert_eq!(w.values[5], Value::Any);
        assert_eq!(w.values[8], Value::Str("win2003".into()));
        // A lone `%02` is ANY.
        assert_eq!(wfn("cpe:/a::%02").values[2], Value::Any);
        let w = wfn("cpe:/a:%5cfoo%5cbar:big%24money");
        assert_eq!(w.values[1], Value::Str(r"\\foo\\bar".into()));
        // WFN to FS.
        let w = wfn(
            r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.*",update="sp?"]"#,
        );
        assert_eq!(
            w.to_fs(),
            "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*"
        );
    }

    #[test]
    fn rejects_malformed_names() {
        for bad in [
            "cpe:2.3:a:vendor:product",
            "cpe:2.3:x:vendor:product:1:*:*:*:*:*:*:*",
            "cpe:2.3:a:ven*dor:product:1:*:*:*:*:*:*:*",
            "cpe:2.3:a:vendor:pro@duct:1:*:*:*:*:*:*:*",
            "cpe:2.3:a:vendor:product:1:*:*:english:*:*:*:*",
            "cpe:/a:vendor:pro%zzduct",
            "cpe:/x:vendor",
            "cpe:/a:foo:b%02ar",
            "cpe:/a::%01",
            "foo",
        ] {
            assert!(Wfn::parse(bad).is_err(), "{bad}");
        }
    }
}

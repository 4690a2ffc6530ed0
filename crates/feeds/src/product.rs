//! The versions of a named product as a source writes them (a CSAF `product_version_range`, a
//! CVE 5 `version`/`lessThan` statement) turned into [`ProductVersions`] the matcher can
//! evaluate: a `vers` range in the `generic` scheme where the text is a list of comparisons,
//! `All` for `vers:all/*`, and the text kept as it is where it says something no ordering can
//! check (`distributed < april 1, 2018`, `< 3.x`, `v9.x (with Wireless Battery Module ...)`).

use medcyber_ident::vers::Vers;
use medcyber_model::advisory::ProductVersions;

/// A version token a comparison can use: not empty, no spaces, no wildcard segment (`3.x`,
/// `12.2.*`), and not a placeholder word.
fn version_token(v: &str) -> Option<String> {
    let v = v.trim();
    let v = v
        .strip_prefix(['v', 'V'])
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(v);
    if v.is_empty()
        || v.contains(char::is_whitespace)
        || v.split(['.', '-', '_'])
            .any(|s| s.eq_ignore_ascii_case("x") || s == "*")
        || matches!(
            v.to_ascii_lowercase().as_str(),
            "all" | "unspecified" | "unknown" | "n/a" | "publication" | "*"
        )
        || !v.is_ascii()
    {
        return None;
    }
    Some(v.to_owned())
}

/// A vers in the `generic` scheme over these constraints (`>=1.0`, `<2.0`, a bare version for
/// equality), when the vers parser accepts it.
fn generic(constraints: &[String]) -> Option<ProductVersions> {
    if constraints.is_empty() {
        return None;
    }
    let text = format!("vers:generic/{}", constraints.join("|"));
    let vers = Vers::parse_lenient(&text).ok()?;
    Some(if vers.is_any() {
        ProductVersions::All
    } else {
        ProductVersions::Vers(vers.to_string())
    })
}

/// The versions a product-tree range name or similar free text states.
pub fn from_text(text: &str) -> ProductVersions {
    let trimmed = text.trim();
    if trimmed.starts_with("vers:") {
        // `vers:<any type>/*` is every version, whether or not the type is one we know.
        if trimmed.split_once('/').is_some_and(|(_, c)| c == "*") {
            return ProductVersions::All;
        }
        return match Vers::parse_lenient(trimmed) {
            Ok(v) if v.is_any() => ProductVersions::All,
            Ok(v) => ProductVersions::Vers(v.to_string()),
            Err(_) => ProductVersions::Text(text.to_owned()),
        };
    }
    let mut constraints = Vec::new();
    for part in trimmed.split('|') {
        let part = part.trim();
        let (op, rest) = [">=", "<=", "!=", ">", "<", "="]
            .iter()
            .find_map(|op| part.strip_prefix(op).map(|rest| (*op, rest)))
            .unwrap_or(("", part));
        let Some(version) = version_token(rest) else {
            return ProductVersions::Text(text.to_owned());
        };
        let op = if op == "=" { "" } else { op };
        constraints.push(format!("{op}{version}"));
    }
    generic(&constraints).unwrap_or_else(|| ProductVersions::Text(text.to_owned()))
}

/// The versions from `lower` (inclusive; `0` or a placeholder means from the first) up to
/// `upper` (inclusive or not), as CVE 5 version statements give them.
pub fn from_bounds(lower: &str, upper: &str, inclusive: bool) -> ProductVersions {
    let mut constraints = Vec::new();
    if lower.trim() != "0"
        && let Some(v) = version_token(lower)
    {
        constraints.push(format!(">={v}"));
    }
    let op = if inclusive { "<=" } else { "<" };
    match version_token(upper) {
        Some(v) => constraints.push(format!("{op}{v}")),
        None => return ProductVersions::Text(format!("{lower} to {op}{upper}")),
    }
    generic(&constraints)
        .unwrap_or_else(|| ProductVersions::Text(format!("{lower} to {op}{upper}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vers(s: &str) -> ProductVersions {
        ProductVersions::Vers(s.to_owned())
    }

    #[test]
    fn comparisons_become_generic_vers() {
        assert_eq!(
            from_text(">= 1.1 | <= 1.3.2"),
            vers("vers:generic/>=1.1|<=1.3.2")
        );
        assert_eq!(
            from_text("<=2023.3_Build_9342"),
            vers("vers:generic/<=2023.3_Build_9342")
        );
        assert_eq!(from_text("< 3.0"), vers("vers:generic/<3.0"));
        assert_eq!(from_text("5.0|5.1"), vers("vers:generic/5.0|5.1"));
        assert_eq!(from_text("<= C.00.04"), vers("vers:generic/<=C.00.04"));
        assert_eq!(from_text("vers:all/*"), ProductVersions::All);
        assert_eq!(from_text("vers:generic/<2.0"), vers("vers:generic/<2.0"));
    }

    #[test]
    fn prose_and_wildcards_stay_text() {
        for t in [
            "distributed  < april 1, 2018",
            "< 3.x",
            "<= 12.2.x.x",
            "v9.x (with Wireless Battery Module >= v22D19 | <= v22D28)",
            "",
        ] {
            assert_eq!(from_text(t), ProductVersions::Text(t.to_owned()), "{t}");
        }
    }

    #[test]
    fn bounds() {
        assert_eq!(
            from_bounds("0", "5.5.1", false),
            vers("vers:generic/<5.5.1")
        );
        assert_eq!(
            from_bounds("4.0", "4.9", true),
            vers("vers:generic/>=4.0|<=4.9")
        );
        assert_eq!(
            from_bounds("10.0.0", "publication", false),
            ProductVersions::Text("10.0.0 to <publication".into())
        );
    }
}

//! node-semver ranges: a faithful port of `classes/range.js` and `classes/comparator.js`.
//!
//! node-semver desugars a range by a pipeline of regular-expression rewrites (hyphen ranges,
//! comparator trimming, tildes, carets, x-ranges, stars) before splitting it into comparators.
//! Its results on unusual input (stray `v`/`=` signs, missing spaces, partial versions) are
//! whatever that pipeline produces, so the pipeline is reproduced here step by step with the
//! same ("safe") regular expressions, rather than re-imagined as a grammar.

use std::cmp::Ordering;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::{compare, js_trim, parse};
use crate::vers::{Comparator as VersComparator, Vers};
use crate::version::range::{Bound, ComparatorUnion};
use crate::version::{NativeRange, RangeError, Scheme, VersionError};

/// The regular expressions of node-semver's `internal/re.js`, in their "safe" form.
struct Re {
    build: Regex,
    build_global: Regex,
    hyphen: Regex,
    comparator_trim: Regex,
    tilde_trim: Regex,
    caret_trim: Regex,
    tilde: Regex,
    caret: Regex,
    xrange: Regex,
    star: Regex,
    gte0: Regex,
    gte0_pre: Regex,
    comparator: Regex,
    spaces: Regex,
}

/// node-semver's `makeSafeRegex`: bounds the greedy tokens (`\s`, `\d`, `[a-zA-Z0-9-]`).
fn safe(source: &str) -> String {
    const LDN: &str = "[a-zA-Z0-9-]";
    let mut value = source.to_owned();
    for (token, max) in [(r"\s", 1usize), (r"\d", 256), (LDN, 250)] {
        value = value
            .split(&format!("{token}*"))
            .collect::<Vec<_>>()
            .join(&format!("{token}{{0,{max}}}"));
        value = value
            .split(&format!("{token}+"))
            .collect::<Vec<_>>()
            .join(&format!("{token}{{1,{max}}}"));
    }
    value
}

/// Compiles a JavaScript-flavoured source: `\s` and `\d` get JavaScript's meaning.
fn compile(source: &str) -> Regex {
    const JS_SPACE: &str = r"[\t\n\x0B\x0C\r \u{A0}\u{1680}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}\u{FEFF}]";
    let translated = source.replace(r"\s", JS_SPACE).replace(r"\d", "[0-9]");
    // The sources are constants of this file; a failure here is a programming error caught by
    // every test run.
    regex::RegexBuilder::new(&translated)
        .size_limit(64 << 20)
        .build()
        .unwrap_or_else(|e| panic!("node-semver regex does not compile: {e}"))
}

static RE: LazyLock<Re> = LazyLock::new(|| {
    let ldn = "[a-zA-Z0-9-]";
    let numeric = r"0|[1-9]\d*";
    let numeric_loose = r"\d+";
    let non_numeric = format!(r"\d*[a-zA-Z-]{ldn}*");
    let main_version = format!(r"({numeric})\.({numeric})\.({numeric})");
    let main_version_loose = format!(r"({numeric_loose})\.({numeric_loose})\.({numeric_loose})");
    let prerelease_id = format!("(?:{non_numeric}|{numeric})");
    let prerelease_id_loose = format!("(?:{non_numeric}|{numeric_loose})");
    let prerelease = format!(r"(?:-({prerelease_id}(?:\.{prerelease_id})*))");
    let prerelease_loose = format!(r"(?:-?({prerelease_id_loose}(?:\.{prerelease_id_loose})*))");
    let build_id = format!("{ldn}+");
    let build = format!(r"(?:\+({build_id}(?:\.{build_id})*))");
    let full_plain = format!("v?{main_version}{prerelease}?{build}?");
    let loose_plain = format!(r"[v=\s]*{main_version_loose}{prerelease_loose}?{build}?");
    let gtlt = "((?:<|>)?=?)";
    let xrange_id = format!(r"{numeric}|x|X|\*");
    let xrange_plain = format!(
        r"[v=\s]*({xrange_id})(?:\.({xrange_id})(?:\.({xrange_id})(?:{prerelease})?{build}?)?)?"
    );
    let lone_tilde = "(?:~>?)";
    let lone_caret = r"(?:\^)";
    Re {
        build: compile(&safe(&build)),
        // range.js strips build metadata with the unbounded source.
        build_global: compile(&build),
        hyphen: compile(&safe(&format!(
            r"^\s*({xrange_plain})\s+-\s+({xrange_plain})\s*$"
        ))),
        comparator_trim: compile(&safe(&format!(
            r"(\s*){gtlt}\s*({loose_plain}|{xrange_plain})"
        ))),
        tilde_trim: compile(&safe(&format!(r"(\s*){lone_tilde}\s+"))),
        caret_trim: compile(&safe(&format!(r"(\s*){lone_caret}\s+"))),
        tilde: compile(&safe(&format!("^{lone_tilde}{xrange_plain}$"))),
        caret: compile(&safe(&format!("^{lone_caret}{xrange_plain}$"))),
        xrange: compile(&safe(&format!(r"^{gtlt}\s*{xrange_plain}$"))),
        star: compile(&safe(r"(<|>)?=?\s*\*")),
        gte0: compile(&safe(r"^\s*>=\s*0\.0\.0\s*$")),
        gte0_pre: compile(&safe(r"^\s*>=\s*0\.0\.0-0\s*$")),
        comparator: compile(&safe(&format!(r"^{gtlt}\s*({full_plain})$|^$"))),
        spaces: compile(r"\s+"),
    }
});

/// The comparison operator of a desugared comparator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

/// One desugared comparator: `op version`, or any version.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Comp {
    /// `None` is node-semver's `ANY` (the empty comparator).
    bound: Option<(Op, String)>,
}

impl Comp {
    /// node-semver's `comparator.value`.
    fn value(&self) -> String {
        match &self.bound {
            None => String::new(),
            Some((op, v)) => format!("{}{v}", op_text(*op)),
        }
    }

    fn test(&self, version: &str) -> Result<bool, VersionError> {
        let Some((op, bound)) = &self.bound else {
            return Ok(true);
        };
        let ord = compare(version, bound)?;
        Ok(match op {
            Op::Eq => ord == Ordering::Equal,
            Op::Lt => ord == Ordering::Less,
            Op::Le => ord != Ordering::Greater,
            Op::Gt => ord == Ordering::Greater,
            Op::Ge => ord != Ordering::Less,
        })
    }
}

fn op_text(op: Op) -> &'static str {
    match op {
        Op::Eq => "",
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
    }
}

/// A parsed npm range: alternatives (`||`) of comparator sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NpmRange {
    source: String,
    set: Vec<Vec<Comp>>,
    include_prerelease: bool,
}

fn is_x(id: Option<&str>) -> bool {
    match id {
        None => true,
        Some(id) => id.is_empty() || id.eq_ignore_ascii_case("x") || id == "*",
    }
}

/// JavaScript's `+id + 1` for a numeric identifier, as a string. Numbers beyond 2^53 are
/// rejected later by the version parser either way, so exact integer arithmetic gives the same
/// outcome as JavaScript's doubles.
fn plus_one(id: &str) -> String {
    match id.parse::<u128>() {
        Ok(n) => (n + 1).to_string(),
        Err(_) => format!("{id}1"),
    }
}

fn group<'c>(caps: &'c Captures<'_>, i: usize) -> Option<&'c str> {
    caps.get(i).map(|m| m.as_str())
}

fn split_spaces(s: &str) -> Vec<&str> {
    RE.spaces.split(s).collect()
}

impl NpmRange {
    /// Parses a range as `new Range(range, { includePrerelease: true })`.
    pub fn parse(range: &str) -> Result<NpmRange, RangeError> {
        NpmRange::parse_with(range, true)
    }

    fn parse_with(range: &str, include_prerelease: bool) -> Result<NpmRange, RangeError> {
        let err = |reason: String| RangeError::syntax("npm", range, reason);
        let raw = RE.spaces.replace_all(js_trim(range), " ").into_owned();
        let mut set = Vec::new();
        for part in raw.split("||") {
            let comps = parse_range(js_trim(part), include_prerelease).map_err(err)?;
            if !comps.is_empty() {
                set.push(comps);
            }
        }
        if set.is_empty() {
            return Err(err(format!("Invalid SemVer Range: {raw}")));
        }
        if set.len() > 1 {
            let first = set[0].clone();
            set.retain(|c| !is_null_set(&c[0]));
            if set.is_empty() {
                set = vec![first];
            } else if set.len() > 1
                && let Some(any) = set.iter().find(|c| c.len() == 1 && c[0].bound.is_none())
            {
                set = vec![any.clone()];
            }
        }
        Ok(NpmRange {
            source: range.to_owned(),
            set,
            include_prerelease,
        })
    }

    /// The desugared range, as node-semver's `range.range` prints it.
    pub fn desugared(&self) -> String {
        self.set
            .iter()
            .map(|comps| {
                comps
                    .iter()
                    .map(|c| c.value())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("||")
    }

    /// `range.test(version)` with pre-releases included. Invalid versions are errors.
    pub fn contains(&self, version: &str) -> Result<bool, VersionError> {
        if version.is_empty() {
            return Err(VersionError::new("npm", version, "empty version"));
        }
        parse(version)?;
        debug_assert!(self.include_prerelease);
        for comps in &self.set {
            let mut all = true;
            for comp in comps {
                if !comp.test(version)? {
                    all = false;
                    break;
                }
            }
            if all {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Converts to vers the way the vers-spec "from native" conversions do: the range is
    /// desugared without `includePrerelease`, the `-0` that node-semver appends to exclusive
    /// upper bounds is dropped, and the alternatives become intervals.
    pub fn to_vers(&self) -> Result<Vers, RangeError> {
        let plain = NpmRange::parse_with(&self.source, false)?;
        let mut alternatives = Vec::new();
        for comps in &plain.set {
            let mut bounds = Vec::new();
            for comp in comps {
                let Some((op, version)) = &comp.bound else {
                    continue;
                };
                if is_null_bound(*op, version) {
                    bounds.push(Bound::new(VersComparator::Lt, "0.0.0"));
                    bounds.push(Bound::new(VersComparator::Gt, "0.0.0"));
                    continue;
                }
                let version = version.strip_suffix("-0").unwrap_or(version);
                let op = match op {
                    Op::Eq => VersComparator::Eq,
                    Op::Lt => VersComparator::Lt,
                    Op::Le => VersComparator::Le,
                    Op::Gt => VersComparator::Gt,
                    Op::Ge => VersComparator::Ge,
                };
                bounds.push(Bound::new(op, version));
            }
            alternatives.push(bounds);
        }
        ComparatorUnion::new(Scheme::Npm, &self.source, alternatives)?.to_vers()
    }
}

fn is_null_bound(op: Op, version: &str) -> bool {
    op == Op::Lt && version == "0.0.0-0"
}

fn is_null_set(c: &Comp) -> bool {
    matches!(&c.bound, Some((op, v)) if is_null_bound(*op, v))
}

impl NativeRange for NpmRange {
    fn contains(&self, version: &str) -> Result<bool, VersionError> {
        NpmRange::contains(self, version)
    }

    fn to_vers(&self) -> Result<Vers, RangeError> {
        NpmRange::to_vers(self)
    }
}

/// `Range.parseRange`: one `||` alternative to its comparators.
fn parse_range(range: &str, inc_pr: bool) -> Result<Vec<Comp>, String> {
    let range = RE.build_global.replace_all(range, "");
    let range = RE.hyphen.replacen(&range, 1, |caps: &Captures<'_>| {
        hyphen_replace(caps, inc_pr)
    });
    let range = RE.comparator_trim.replace_all(&range, "${1}${2}${3}");
    let range = RE.tilde_trim.replace_all(&range, "${1}~");
    let range = RE.caret_trim.replace_all(&range, "${1}^");

    let joined = range
        .split(' ')
        .map(|comp| parse_comparator(comp, inc_pr))
        .collect::<Vec<_>>()
        .join(" ");
    let gte0 = if inc_pr { &RE.gte0_pre } else { &RE.gte0 };
    // Every comparator is built (and may fail) before the null-set check, as node-semver maps
    // the whole list to Comparators first.
    let comparators = split_spaces(&joined)
        .into_iter()
        .map(|comp| new_comparator(&gte0.replacen(js_trim(comp), 1, "")))
        .collect::<Result<Vec<_>, _>>()?;
    let mut result: Vec<Comp> = Vec::new();
    for comp in comparators {
        if is_null_set(&comp) {
            return Ok(vec![comp]);
        }
        // A JavaScript Map keyed by value: first position wins, later duplicates are dropped.
        let value = comp.value();
        if !result.iter().any(|c| c.value() == value) {
            result.push(comp);
        }
    }
    if result.len() > 1 {
        result.retain(|c| c.bound.is_some());
    }
    Ok(result)
}

/// `new Comparator(comp)`: the final, strict parse of one desugared comparator.
fn new_comparator(comp: &str) -> Result<Comp, String> {
    let comp = split_spaces(js_trim(comp)).join(" ");
    let caps = RE
        .comparator
        .captures(&comp)
        .ok_or_else(|| format!("Invalid comparator: {comp}"))?;
    let op = match group(&caps, 1).unwrap_or("") {
        "" | "=" => Op::Eq,
        "<" => Op::Lt,
        "<=" => Op::Le,
        ">" => Op::Gt,
        ">=" => Op::Ge,
        other => return Err(format!("Invalid operator: {other}")),
    };
    match group(&caps, 2) {
        None | Some("") => Ok(Comp { bound: None }),
        Some(version) => {
            let parsed = parse(version).map_err(|e| e.reason)?;
            // node-semver keeps `version` = major.minor.patch[-prerelease], without build.
            let mut text = format!("{}.{}.{}", parsed.major, parsed.minor, parsed.patch);
            if !parsed.pre.is_empty() {
                text.push('-');
                text.push_str(parsed.pre);
            }
            Ok(Comp {
                bound: Some((op, text)),
            })
        }
    }
}

/// `parseComparator`: carets, tildes, x-ranges and stars of one space-free comparator.
fn parse_comparator(comp: &str, inc_pr: bool) -> String {
    let comp = RE.build.replacen(comp, 1, "");
    let comp = replace_each(&comp, |c| replace_caret(c, inc_pr));
    let comp = replace_each(&comp, |c| replace_tilde(c, inc_pr));
    let comp = split_spaces(&comp)
        .into_iter()
        .map(|c| replace_xrange(c, inc_pr))
        .collect::<Vec<_>>()
        .join(" ");
    RE.star.replacen(js_trim(&comp), 1, "").into_owned()
}

/// `comp.trim().split(/\s+/).map(f).join(' ')`.
fn replace_each(comp: &str, f: impl Fn(&str) -> String) -> String {
    split_spaces(js_trim(comp))
        .into_iter()
        .map(f)
        .collect::<Vec<_>>()
        .join(" ")
}

fn replace_tilde(comp: &str, inc_pr: bool) -> String {
    let z = if inc_pr { "-0" } else { "" };
    RE.tilde
        .replacen(comp, 1, |caps: &Captures<'_>| {
            let (maj, min, pat, pr) = (
                group(caps, 1),
                group(caps, 2),
                group(caps, 3),
                group(caps, 4),
            );
            let ma = maj.unwrap_or("");
            let mi = min.unwrap_or("");
            let pa = pat.unwrap_or("");
            if is_x(maj) {
                String::new()
            } else if is_x(min) {
                format!(">={ma}.0.0{z} <{}.0.0-0", plus_one(ma))
            } else if is_x(pat) {
                format!(">={ma}.{mi}.0{z} <{ma}.{}.0-0", plus_one(mi))
            } else if let Some(pr) = pr.filter(|p| !p.is_empty()) {
                format!(">={ma}.{mi}.{pa}-{pr} <{ma}.{}.0-0", plus_one(mi))
            } else {
                format!(">={ma}.{mi}.{pa} <{ma}.{}.0-0", plus_one(mi))
            }
        })
        .into_owned()
}

fn replace_caret(comp: &str, inc_pr: bool) -> String {
    let z = if inc_pr { "-0" } else { "" };
    RE.caret
        .replacen(comp, 1, |caps: &Captures<'_>| {
            let (maj, min, pat, pr) = (
                group(caps, 1),
                group(caps, 2),
                group(caps, 3),
                group(caps, 4),
            );
            let ma = maj.unwrap_or("");
            let mi = min.unwrap_or("");
            let pa = pat.unwrap_or("");
            let pr = pr.filter(|p| !p.is_empty());
            if is_x(maj) {
                String::new()
            } else if is_x(min) {
                format!(">={ma}.0.0{z} <{}.0.0-0", plus_one(ma))
            } else if is_x(pat) {
                if ma == "0" {
                    format!(">={ma}.{mi}.0{z} <{ma}.{}.0-0", plus_one(mi))
                } else {
                    format!(">={ma}.{mi}.0{z} <{}.0.0-0", plus_one(ma))
                }
            } else {
                let low = match pr {
                    Some(pr) => format!(">={ma}.{mi}.{pa}-{pr}"),
                    None => format!(">={ma}.{mi}.{pa}"),
                };
                if ma == "0" {
                    if mi == "0" {
                        format!("{low} <{ma}.{mi}.{}-0", plus_one(pa))
                    } else {
                        format!("{low} <{ma}.{}.0-0", plus_one(mi))
                    }
                } else {
                    format!("{low} <{}.0.0-0", plus_one(ma))
                }
            }
        })
        .into_owned()
}

fn replace_xrange(comp: &str, inc_pr: bool) -> String {
    let comp = js_trim(comp);
    RE.xrange
        .replacen(comp, 1, |caps: &Captures<'_>| {
            let whole = group(caps, 0).unwrap_or("");
            let mut gtlt = group(caps, 1).unwrap_or("").to_owned();
            let (maj, min, pat) = (group(caps, 2), group(caps, 3), group(caps, 4));
            if (is_x(maj) && !is_x(min))
                || (is_x(min) && pat.is_some_and(|p| !p.is_empty()) && !is_x(pat))
            {
                return comp.to_owned();
            }
            let xm_major = is_x(maj);
            let xm = xm_major || is_x(min);
            let xp = xm || is_x(pat);
            let any_x = xp;
            if gtlt == "=" && any_x {
                gtlt.clear();
            }
            let mut pr = if inc_pr { "-0" } else { "" };
            let mut ma = maj.unwrap_or("").to_owned();
            let mut mi = min.unwrap_or("").to_owned();
            let mut pa;
            if xm_major {
                if gtlt == ">" || gtlt == "<" {
                    "<0.0.0-0".to_owned()
                } else {
                    "*".to_owned()
                }
            } else if !gtlt.is_empty() && any_x {
                if xm {
                    mi = "0".to_owned();
                }
                pa = "0".to_owned();
                if gtlt == ">" {
                    gtlt = ">=".to_owned();
                    if xm {
                        ma = plus_one(&ma);
                        mi = "0".to_owned();
                        pa = "0".to_owned();
                    } else {
                        mi = plus_one(&mi);
                        pa = "0".to_owned();
                    }
                } else if gtlt == "<=" {
                    gtlt = "<".to_owned();
                    if xm {
                        ma = plus_one(&ma);
                    } else {
                        mi = plus_one(&mi);
                    }
                }
                if gtlt == "<" {
                    pr = "-0";
                }
                format!("{gtlt}{ma}.{mi}.{pa}{pr}")
            } else if xm {
                format!(">={ma}.0.0{pr} <{}.0.0-0", plus_one(&ma))
            } else if xp {
                format!(">={ma}.{mi}.0{pr} <{ma}.{}.0-0", plus_one(&mi))
            } else {
                whole.to_owned()
            }
        })
        .into_owned()
}

/// `hyphenReplace`: `1.2.3 - 2.3.4` to `>=1.2.3 <=2.3.4` (with `includePrerelease`, the lower
/// bound gets `-0` and the upper bound becomes `<2.3.5-0`).
fn hyphen_replace(caps: &Captures<'_>, inc_pr: bool) -> String {
    let from_text = group(caps, 1).unwrap_or("");
    let (f_maj, f_min, f_pat, f_pr) = (
        group(caps, 2),
        group(caps, 3),
        group(caps, 4),
        group(caps, 5),
    );
    let to_text = group(caps, 7).unwrap_or("");
    let (t_maj, t_min, t_pat, t_pr) = (
        group(caps, 8),
        group(caps, 9),
        group(caps, 10),
        group(caps, 11),
    );
    let z = if inc_pr { "-0" } else { "" };
    let from = if is_x(f_maj) {
        String::new()
    } else if is_x(f_min) {
        format!(">={}.0.0{z}", f_maj.unwrap_or(""))
    } else if is_x(f_pat) {
        format!(">={}.{}.0{z}", f_maj.unwrap_or(""), f_min.unwrap_or(""))
    } else if f_pr.is_some_and(|p| !p.is_empty()) {
        format!(">={from_text}")
    } else {
        format!(">={from_text}{z}")
    };
    let (tm, tn, tp) = (
        t_maj.unwrap_or(""),
        t_min.unwrap_or(""),
        t_pat.unwrap_or(""),
    );
    let to = if is_x(t_maj) {
        String::new()
    } else if is_x(t_min) {
        format!("<{}.0.0-0", plus_one(tm))
    } else if is_x(t_pat) {
        format!("<{tm}.{}.0-0", plus_one(tn))
    } else if let Some(pr) = t_pr.filter(|p| !p.is_empty()) {
        format!("<={tm}.{tn}.{tp}-{pr}")
    } else if inc_pr {
        format!("<{tm}.{tn}.{}-0", plus_one(tp))
    } else {
        format!("<={to_text}")
    };
    format!("{from} {to}").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desugar(range: &str) -> String {
        NpmRange::parse(range).expect("valid range").desugared()
    }

    fn sat(range: &str, version: &str) -> bool {
        NpmRange::parse(range)
            .expect("valid range")
            .contains(version)
            .expect("valid version")
    }

    #[test]
    fn desugaring_with_include_prerelease() {
        // Expected strings from node-semver 7.x: `new Range(r, {includePrerelease: true}).range`.
        let cases = [
            ("1.0.0 - 2.0.0", ">=1.0.0-0 <2.0.1-0"),
            ("1.2.3 - 2.3", ">=1.2.3-0 <2.4.0-0"),
            ("1.2 - 2.3.4", ">=1.2.0-0 <2.3.5-0"),
            ("^1.2.3", ">=1.2.3 <2.0.0-0"),
            ("^0.1.2", ">=0.1.2 <0.2.0-0"),
            ("^0.0.1", ">=0.0.1 <0.0.2-0"),
            ("^1.2", ">=1.2.0-0 <2.0.0-0"),
            ("~1.2.3", ">=1.2.3 <1.3.0-0"),
            ("~1.2", ">=1.2.0-0 <1.3.0-0"),
            ("~1", ">=1.0.0-0 <2.0.0-0"),
            ("1.x", ">=1.0.0-0 <2.0.0-0"),
            ("1.2.x", ">=1.2.0-0 <1.3.0-0"),
            ("*", ""),
            (">=1.2.3 <2.0.0", ">=1.2.3 <2.0.0"),
            (">= 1.2.3", ">=1.2.3"),
            (">1.2", ">=1.3.0-0"),
            ("<=1.2", "<1.3.0-0"),
            ("<1", "<1.0.0-0"),
            ("1.2.3 || 2.x", "1.2.3||>=2.0.0-0 <3.0.0-0"),
            ("~> 1.2.3", ">=1.2.3 <1.3.0-0"),
            (">x", "<0.0.0-0"),
            ("1.2.3+build", "1.2.3"),
        ];
        for (range, expected) in cases {
            assert_eq!(desugar(range), expected, "{range}");
        }
    }

    #[test]
    fn prereleases_are_included() {
        assert!(sat("^1.2.3", "1.3.0-beta.1"));
        assert!(!sat("^1.2.3", "2.0.0-rc.1"));
        assert!(sat("<2.0.0", "2.0.0-rc.1"));
        assert!(sat("*", "1.0.0-alpha"));
        assert!(sat(">=1.0.0 <2.0.0 || 3.x", "3.1.0"));
        assert!(!sat(">=1.0.0 <2.0.0 || 3.x", "2.5.0"));
    }

    #[test]
    fn invalid_ranges() {
        for bad in [
            "not a range",
            ">=1.2.3 foo",
            "1.2.3 -",
            ">=a.b.c",
            "x.1",
            // Found by the differential check: an invalid comparator after a null set (`<0`)
            // still makes the whole range invalid, because node builds every comparator first.
            "3 || <0 >2.x.72",
            "* || <0.*.X <=59.*.1353",
        ] {
            assert!(NpmRange::parse(bad).is_err(), "{bad}");
        }
    }
}

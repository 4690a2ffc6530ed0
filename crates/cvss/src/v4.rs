//! CVSS 4.0 (the specification document and the FIRST calculator's scoring: MacroVector
//! lookup, then interpolation by severity distance within the MacroVector).

use std::fmt;
use std::sync::LazyLock;

use serde::Serialize;
use serde_json::Value;

use crate::metrics::{self, Def, def};
use crate::{CvssError, Severity};

pub(crate) const DEFS: &[Def] = &[
    def(
        "AV",
        &["N", "A", "L", "P"],
        true,
        "attackVector",
        &["NETWORK", "ADJACENT", "LOCAL", "PHYSICAL"],
    ),
    def(
        "AC",
        &["L", "H"],
        true,
        "attackComplexity",
        &["LOW", "HIGH"],
    ),
    def(
        "AT",
        &["N", "P"],
        true,
        "attackRequirements",
        &["NONE", "PRESENT"],
    ),
    def(
        "PR",
        &["N", "L", "H"],
        true,
        "privilegesRequired",
        &["NONE", "LOW", "HIGH"],
    ),
    def(
        "UI",
        &["N", "P", "A"],
        true,
        "userInteraction",
        &["NONE", "PASSIVE", "ACTIVE"],
    ),
    def(
        "VC",
        &["H", "L", "N"],
        true,
        "vulnConfidentialityImpact",
        &["HIGH", "LOW", "NONE"],
    ),
    def(
        "VI",
        &["H", "L", "N"],
        true,
        "vulnIntegrityImpact",
        &["HIGH", "LOW", "NONE"],
    ),
    def(
        "VA",
        &["H", "L", "N"],
        true,
        "vulnAvailabilityImpact",
        &["HIGH", "LOW", "NONE"],
    ),
    def(
        "SC",
        &["H", "L", "N"],
        true,
        "subConfidentialityImpact",
        &["HIGH", "LOW", "NONE"],
    ),
    def(
        "SI",
        &["H", "L", "N"],
        true,
        "subIntegrityImpact",
        &["HIGH", "LOW", "NONE"],
    ),
    def(
        "SA",
        &["H", "L", "N"],
        true,
        "subAvailabilityImpact",
        &["HIGH", "LOW", "NONE"],
    ),
    def(
        "E",
        &["X", "A", "P", "U"],
        false,
        "exploitMaturity",
        &["NOT_DEFINED", "ATTACKED", "PROOF_OF_CONCEPT", "UNREPORTED"],
    ),
    def(
        "CR",
        &["X", "H", "M", "L"],
        false,
        "confidentialityRequirement",
        &["NOT_DEFINED", "HIGH", "MEDIUM", "LOW"],
    ),
    def(
        "IR",
        &["X", "H", "M", "L"],
        false,
        "integrityRequirement",
        &["NOT_DEFINED", "HIGH", "MEDIUM", "LOW"],
    ),
    def(
        "AR",
        &["X", "H", "M", "L"],
        false,
        "availabilityRequirement",
        &["NOT_DEFINED", "HIGH", "MEDIUM", "LOW"],
    ),
    def(
        "MAV",
        &["X", "N", "A", "L", "P"],
        false,
        "modifiedAttackVector",
        &["NOT_DEFINED", "NETWORK", "ADJACENT", "LOCAL", "PHYSICAL"],
    ),
    def(
        "MAC",
        &["X", "L", "H"],
        false,
        "modifiedAttackComplexity",
        &["NOT_DEFINED", "LOW", "HIGH"],
    ),
    def(
        "MAT",
        &["X", "N", "P"],
        false,
        "modifiedAttackRequirements",
        &["NOT_DEFINED", "NONE", "PRESENT"],
    ),
    def(
        "MPR",
        &["X", "N", "L", "H"],
        false,
        "modifiedPrivilegesRequired",
        &["NOT_DEFINED", "NONE", "LOW", "HIGH"],
    ),
    def(
        "MUI",
        &["X", "N", "P", "A"],
        false,
        "modifiedUserInteraction",
        &["NOT_DEFINED", "NONE", "PASSIVE", "ACTIVE"],
    ),
    def(
        "MVC",
        &["X", "H", "L", "N"],
        false,
        "modifiedVulnConfidentialityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
    def(
        "MVI",
        &["X", "H", "L", "N"],
        false,
        "modifiedVulnIntegrityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
    def(
        "MVA",
        &["X", "H", "L", "N"],
        false,
        "modifiedVulnAvailabilityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
    def(
        "MSC",
        &["X", "H", "L", "N"],
        false,
        "modifiedSubConfidentialityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
    def(
        "MSI",
        &["X", "S", "H", "L", "N"],
        false,
        "modifiedSubIntegrityImpact",
        &["NOT_DEFINED", "SAFETY", "HIGH", "LOW", "NONE"],
    ),
    def(
        "MSA",
        &["X", "S", "H", "L", "N"],
        false,
        "modifiedSubAvailabilityImpact",
        &["NOT_DEFINED", "SAFETY", "HIGH", "LOW", "NONE"],
    ),
    def(
        "S",
        &["X", "N", "P"],
        false,
        "Safety",
        &["NOT_DEFINED", "NEGLIGIBLE", "PRESENT"],
    ),
    def(
        "AU",
        &["X", "N", "Y"],
        false,
        "Automatable",
        &["NOT_DEFINED", "NO", "YES"],
    ),
    def(
        "R",
        &["X", "A", "U", "I"],
        false,
        "Recovery",
        &["NOT_DEFINED", "AUTOMATIC", "USER", "IRRECOVERABLE"],
    ),
    def(
        "V",
        &["X", "D", "C"],
        false,
        "valueDensity",
        &["NOT_DEFINED", "DIFFUSE", "CONCENTRATED"],
    ),
    def(
        "RE",
        &["X", "L", "M", "H"],
        false,
        "vulnerabilityResponseEffort",
        &["NOT_DEFINED", "LOW", "MODERATE", "HIGH"],
    ),
    def(
        "U",
        &["X", "Clear", "Green", "Amber", "Red"],
        false,
        "providerUrgency",
        &["NOT_DEFINED", "CLEAR", "GREEN", "AMBER", "RED"],
    ),
];

/// Index of the first environmental metric (CR) and one past the last modified metric (MSA).
const ENV: std::ops::Range<usize> = 12..26;
const E: usize = 11;

/// The metrics whose severity distances the calculator measures, in its order.
const DISTANCE_METRICS: [&str; 14] = [
    "AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR",
];

/// The calculator's severity level of a metric value (0 is the most severe).
fn level(metric: &str, value: &str) -> f64 {
    match (metric, value) {
        ("AV", "N") | ("PR", "N") | ("UI", "N") | ("AC", "L") | ("AT", "N") => 0.0,
        ("AV", "A") | ("PR", "L") | ("UI", "P") | ("AC", "H") | ("AT", "P") => 0.1,
        ("AV", "L") | ("PR", "H") | ("UI", "A") => 0.2,
        ("AV", "P") => 0.3,
        ("VC" | "VI" | "VA", "H") => 0.0,
        ("VC" | "VI" | "VA", "L") => 0.1,
        ("VC" | "VI" | "VA", "N") => 0.2,
        ("SI" | "SA", "S") => 0.0,
        ("SC" | "SI" | "SA", "H") => 0.1,
        ("SC" | "SI" | "SA", "L") => 0.2,
        ("SC" | "SI" | "SA", "N") => 0.3,
        ("CR" | "IR" | "AR", "H") => 0.0,
        ("CR" | "IR" | "AR", "M") => 0.1,
        ("CR" | "IR" | "AR", "L") => 0.2,
        _ => 0.0,
    }
}

/// A highest-severity vector fragment: the levels it sets, by index in [`DISTANCE_METRICS`].
type Fragment = Vec<(usize, f64)>;

/// The FIRST calculator's tables (`data/cvss`), read once into indexed form.
struct Tables {
    /// MacroVector score by [`macro_index`]; NaN where the calculator has none.
    lookup: [f64; 324],
    eq1: [Vec<Fragment>; 3],
    eq2: [Vec<Fragment>; 2],
    eq3eq6: [[Vec<Fragment>; 2]; 3],
    eq4: [Vec<Fragment>; 3],
    sev_eq1: [f64; 3],
    sev_eq2: [f64; 2],
    sev_eq3eq6: [[f64; 2]; 3],
    sev_eq4: [f64; 3],
}

/// The index of a MacroVector in the lookup table, or None outside the EQ ranges.
fn macro_index(mv: [u8; 6]) -> Option<usize> {
    let bounds = [3u8, 2, 3, 3, 3, 2];
    let mut index = 0usize;
    for (level, bound) in mv.into_iter().zip(bounds) {
        if level >= bound {
            return None;
        }
        index = index * usize::from(bound) + usize::from(level);
    }
    Some(index)
}

fn fragments(v: &Value) -> Vec<Fragment> {
    v.as_array()
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(|s| {
                    s.split('/')
                        .filter_map(|kv| kv.split_once(':'))
                        .filter_map(|(k, v)| {
                            DISTANCE_METRICS
                                .iter()
                                .position(|m| *m == k)
                                .map(|i| (i, level(k, v)))
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default()
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let read = |text: &str| -> Value { serde_json::from_str(text).unwrap_or(Value::Null) };
    let lookup_json = read(include_str!(
        "../../../data/cvss/cvss4_macrovector_lookup.json"
    ));
    let mut lookup = [f64::NAN; 324];
    if let Some(map) = lookup_json["lookup"].as_object() {
        for (key, score) in map {
            let digits: Vec<u8> = key.bytes().map(|b| b.wrapping_sub(b'0')).collect();
            if let (Ok(mv), Some(score)) = (<[u8; 6]>::try_from(digits), score.as_f64())
                && let Some(i) = macro_index(mv)
            {
                lookup[i] = score;
            }
        }
    }
    let mc =
        read(include_str!("../../../data/cvss/cvss4_max_composed.json"))["maxComposed"].clone();
    let ms =
        read(include_str!("../../../data/cvss/cvss4_max_severity.json"))["maxSeverity"].clone();
    let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    Tables {
        lookup,
        eq1: std::array::from_fn(|i| fragments(&mc["eq1"][i.to_string()])),
        eq2: std::array::from_fn(|i| fragments(&mc["eq2"][i.to_string()])),
        eq3eq6: std::array::from_fn(|i| {
            std::array::from_fn(|j| fragments(&mc["eq3"][i.to_string()][j.to_string()]))
        }),
        eq4: std::array::from_fn(|i| fragments(&mc["eq4"][i.to_string()])),
        sev_eq1: std::array::from_fn(|i| f(&ms["eq1"][i.to_string()])),
        sev_eq2: std::array::from_fn(|i| f(&ms["eq2"][i.to_string()])),
        sev_eq3eq6: std::array::from_fn(|i| {
            std::array::from_fn(|j| f(&ms["eq3eq6"][i.to_string()][j.to_string()]))
        }),
        sev_eq4: std::array::from_fn(|i| f(&ms["eq4"][i.to_string()])),
    }
});

/// A CVSS 4.0 vector. Metrics may come in any order after the prefix, as the FIRST
/// calculator and the reference implementations accept them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vector {
    values: Vec<Option<u8>>,
}

/// The score of a v4.0 vector.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    /// The score.
    pub score: f64,
    /// Its severity.
    pub severity: Severity,
    /// The MacroVector (EQ1…EQ6 levels).
    pub macro_vector: String,
    /// `CVSS-B`, `CVSS-BT`, `CVSS-BE` or `CVSS-BTE`.
    pub nomenclature: &'static str,
}

impl Vector {
    /// The index of each metric's value in the version's table, `None` where absent.
    pub(crate) fn values(&self) -> &[Option<u8>] {
        &self.values
    }

    /// Parses `CVSS:4.0/…`.
    pub fn parse(vector: &str) -> Result<Vector, CvssError> {
        if !vector.starts_with("CVSS:4.0/") {
            return Err(metrics::error(
                vector,
                0,
                "a CVSS 4.0 vector starts with `CVSS:4.0/`".to_owned(),
            ));
        }
        Ok(Vector {
            values: metrics::parse(vector, "CVSS:4.0/".len(), DEFS, false)?,
        })
    }

    fn raw(&self, i: usize) -> Option<&'static str> {
        self.values[i].map(|v| DEFS[i].values[usize::from(v)])
    }

    /// The value a metric takes for scoring (the calculator's `m()`): E and the requirements
    /// default to their worst case; a modified metric overrides its base metric.
    fn m(&self, key: &str) -> &'static str {
        let Some(i) = DEFS.iter().position(|d| d.key == key) else {
            return "X";
        };
        let selected = self.raw(i).unwrap_or("X");
        match key {
            "E" if selected == "X" => return "A",
            "CR" | "IR" | "AR" if selected == "X" => return "H",
            _ => {}
        }
        // The base metrics AV…SA (0..=10) have their modified forms at 15..=25.
        if i <= 10 {
            match self.raw(i + 15) {
                Some(v) if v != "X" => return v,
                _ => {}
            }
        }
        selected
    }

    /// Every metric's scoring value (`m()`) for AV…AR, by index in the table.
    fn effective(&self) -> [&'static str; 15] {
        std::array::from_fn(|i| self.m(DEFS[i].key))
    }

    /// The MacroVector: EQ1…EQ6 levels.
    pub fn macro_vector(&self) -> [u8; 6] {
        self.macro_vector_of(&self.effective())
    }

    fn macro_vector_of(&self, eff: &[&'static str; 15]) -> [u8; 6] {
        let m = |k: &str| match DEFS[..15].iter().position(|d| d.key == k) {
            Some(i) => eff[i],
            None => self.m(k),
        };
        let (av, pr, ui) = (m("AV"), m("PR"), m("UI"));
        let eq1 = if av == "N" && pr == "N" && ui == "N" {
            0
        } else if (av == "N" || pr == "N" || ui == "N") && av != "P" {
            1
        } else {
            2
        };
        let eq2 = if m("AC") == "L" && m("AT") == "N" {
            0
        } else {
            1
        };
        let (vc, vi, va) = (m("VC"), m("VI"), m("VA"));
        let eq3 = if vc == "H" && vi == "H" {
            0
        } else if vc == "H" || vi == "H" || va == "H" {
            1
        } else {
            2
        };
        let eq4 = if m("MSI") == "S" || m("MSA") == "S" {
            0
        } else if m("SC") == "H" || m("SI") == "H" || m("SA") == "H" {
            1
        } else {
            2
        };
        let eq5 = match m("E") {
            "A" => 0,
            "P" => 1,
            _ => 2,
        };
        let eq6 = if (m("CR") == "H" && vc == "H")
            || (m("IR") == "H" && vi == "H")
            || (m("AR") == "H" && va == "H")
        {
            0
        } else {
            1
        };
        [eq1, eq2, eq3, eq4, eq5, eq6]
    }

    /// `CVSS-B`, `CVSS-BT`, `CVSS-BE` or `CVSS-BTE`: which groups the vector sets.
    pub fn nomenclature(&self) -> &'static str {
        let set = |i: usize| self.values[i].is_some_and(|v| v != 0);
        let threat = set(E);
        let environmental = ENV.clone().any(set);
        match (threat, environmental) {
            (false, false) => "CVSS-B",
            (true, false) => "CVSS-BT",
            (false, true) => "CVSS-BE",
            (true, true) => "CVSS-BTE",
        }
    }

    /// The score.
    pub fn score(&self) -> Score {
        let eff = self.effective();
        let mv = self.macro_vector_of(&eff);
        let macro_vector: String = mv.iter().map(|d| char::from(b'0' + d)).collect();
        let score = self.compute(mv, &eff);
        Score {
            score,
            severity: crate::severity(score),
            macro_vector,
            nomenclature: self.nomenclature(),
        }
    }

    fn compute(&self, mv: [u8; 6], eff: &[&'static str; 15]) -> f64 {
        if eff[5..11].iter().all(|v| *v == "N") {
            return 0.0;
        }
        let t = &*TABLES;
        let lookup = |levels: [u8; 6]| macro_index(levels).map_or(f64::NAN, |i| t.lookup[i]);
        let value = lookup(mv);
        if value.is_nan() {
            return f64::NAN;
        }
        let [eq1, eq2, eq3, eq4, eq5, eq6] = mv;
        let with = |i: usize| {
            let mut x = mv;
            x[i] += 1;
            x
        };
        let score_eq1_lower = lookup(with(0));
        let score_eq2_lower = lookup(with(1));
        let score_eq3eq6_lower = match (eq3, eq6) {
            (1, 1) | (0, 1) => lookup(with(2)),
            (1, 0) => lookup(with(5)),
            (0, 0) => {
                let left = lookup(with(5));
                let right = lookup(with(2));
                // The calculator takes the left path only when it scores strictly higher.
                if left > right { left } else { right }
            }
            _ => lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1]),
        };
        let score_eq4_lower = lookup(with(3));
        let score_eq5_lower = lookup(with(4));

        // The severity distance from the first highest-severity vector of this MacroVector
        // (composed in the calculator's order) that is not less severe on any metric.
        // DISTANCE_METRICS in table order: AV PR UI AC AT VC VI VA SC SI SA CR IR AR.
        const TABLE_INDEX: [usize; 14] = [0, 3, 4, 1, 2, 5, 6, 7, 8, 9, 10, 12, 13, 14];
        let current: [f64; 14] =
            std::array::from_fn(|i| level(DISTANCE_METRICS[i], eff[TABLE_INDEX[i]]));
        let (e1, e2, e3, e4) = (
            usize::from(eq1),
            usize::from(eq2),
            usize::from(eq3),
            usize::from(eq4),
        );
        fn pick(list: Option<&Vec<Fragment>>) -> &[Fragment] {
            list.map_or(&[], Vec::as_slice)
        }
        let (l1, l2, l3, l4) = (
            pick(t.eq1.get(e1)),
            pick(t.eq2.get(e2)),
            pick(t.eq3eq6.get(e3).and_then(|r| r.get(usize::from(eq6)))),
            pick(t.eq4.get(e4)),
        );
        let mut distances = [0.0f64; 14];
        'search: for a in l1 {
            for b in l2 {
                for c in l3 {
                    for d in l4 {
                        let mut max = [0.0f64; 14];
                        for &(i, lv) in a.iter().chain(b).chain(c).chain(d) {
                            max[i] = lv;
                        }
                        for i in 0..14 {
                            distances[i] = current[i] - max[i];
                        }
                        if distances.iter().all(|x| *x >= 0.0) {
                            break 'search;
                        }
                    }
                }
            }
        }
        let [av, pr, ui, ac, at, vc, vi, va, sc, si, sa, cr, ir, ar] = distances;
        let current_eq1 = av + pr + ui;
        let current_eq2 = ac + at;
        let current_eq3eq6 = vc + vi + va + cr + ir + ar;
        let current_eq4 = sc + si + sa;

        let step = 0.1;
        let max_eq1 = t.sev_eq1.get(e1).copied().unwrap_or(f64::NAN) * step;
        let max_eq2 = t.sev_eq2.get(e2).copied().unwrap_or(f64::NAN) * step;
        let max_eq3eq6 = t
            .sev_eq3eq6
            .get(e3)
            .and_then(|r| r.get(usize::from(eq6)))
            .copied()
            .unwrap_or(f64::NAN)
            * step;
        let max_eq4 = t.sev_eq4.get(e4).copied().unwrap_or(f64::NAN) * step;

        let mut n_existing_lower = 0u32;
        let mut total = 0.0;
        for (available, current, max) in [
            (value - score_eq1_lower, current_eq1, max_eq1),
            (value - score_eq2_lower, current_eq2, max_eq2),
            (value - score_eq3eq6_lower, current_eq3eq6, max_eq3eq6),
            (value - score_eq4_lower, current_eq4, max_eq4),
        ] {
            if !available.is_nan() {
                n_existing_lower += 1;
                total += available * (current / max);
            }
        }
        // EQ5's proportion is always 0, but an existing lower MacroVector still counts.
        if !(value - score_eq5_lower).is_nan() {
            n_existing_lower += 1;
        }
        let mean_distance = if n_existing_lower == 0 {
            0.0
        } else {
            total / f64::from(n_existing_lower)
        };
        let score = (value - mean_distance).clamp(0.0, 10.0);
        // The reference rounds half up after adding 1e-6 against binary floating point.
        ((score + 1e-6) * 10.0 + 0.5).floor() / 10.0
    }
}

impl fmt::Display for Vector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CVSS:4.0/")?;
        metrics::write(f, DEFS, &self.values, true)
    }
}

//! CVSS 4.0 (the specification document and the FIRST calculator's scoring: MacroVector
//! lookup, then interpolation by severity distance within the MacroVector).

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::Serialize;
use serde_json::Value;

use crate::metrics::{self, Def, def};
use crate::{CvssError, Severity};

const DEFS: &[Def] = &[
    def("AV", &["N", "A", "L", "P"], true),
    def("AC", &["L", "H"], true),
    def("AT", &["N", "P"], true),
    def("PR", &["N", "L", "H"], true),
    def("UI", &["N", "P", "A"], true),
    def("VC", &["H", "L", "N"], true),
    def("VI", &["H", "L", "N"], true),
    def("VA", &["H", "L", "N"], true),
    def("SC", &["H", "L", "N"], true),
    def("SI", &["H", "L", "N"], true),
    def("SA", &["H", "L", "N"], true),
    def("E", &["X", "A", "P", "U"], false),
    def("CR", &["X", "H", "M", "L"], false),
    def("IR", &["X", "H", "M", "L"], false),
    def("AR", &["X", "H", "M", "L"], false),
    def("MAV", &["X", "N", "A", "L", "P"], false),
    def("MAC", &["X", "L", "H"], false),
    def("MAT", &["X", "N", "P"], false),
    def("MPR", &["X", "N", "L", "H"], false),
    def("MUI", &["X", "N", "P", "A"], false),
    def("MVC", &["X", "H", "L", "N"], false),
    def("MVI", &["X", "H", "L", "N"], false),
    def("MVA", &["X", "H", "L", "N"], false),
    def("MSC", &["X", "H", "L", "N"], false),
    def("MSI", &["X", "S", "H", "L", "N"], false),
    def("MSA", &["X", "S", "H", "L", "N"], false),
    def("S", &["X", "N", "P"], false),
    def("AU", &["X", "N", "Y"], false),
    def("R", &["X", "A", "U", "I"], false),
    def("V", &["X", "D", "C"], false),
    def("RE", &["X", "L", "M", "H"], false),
    def("U", &["X", "Clear", "Green", "Amber", "Red"], false),
];

/// Index of the first environmental metric (CR) and one past the last modified metric (MSA).
const ENV: std::ops::Range<usize> = 12..26;
const E: usize = 11;

/// The FIRST calculator's tables (`data/cvss`).
struct Tables {
    lookup: HashMap<String, f64>,
    max_composed: Value,
    max_severity: Value,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let read = |text: &str| -> Value { serde_json::from_str(text).unwrap_or(Value::Null) };
    let lookup = read(include_str!(
        "../../../data/cvss/cvss4_macrovector_lookup.json"
    ));
    let lookup = lookup["lookup"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_f64()?)))
                .collect()
        })
        .unwrap_or_default();
    Tables {
        lookup,
        max_composed:
            read(include_str!("../../../data/cvss/cvss4_max_composed.json"))["maxComposed"].clone(),
        max_severity:
            read(include_str!("../../../data/cvss/cvss4_max_severity.json"))["maxSeverity"].clone(),
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

    fn raw(&self, key: &str) -> Option<&'static str> {
        let i = DEFS.iter().position(|d| d.key == key)?;
        self.values[i].map(|v| DEFS[i].values[usize::from(v)])
    }

    /// The value a metric takes for scoring (the calculator's `m()`): E and the requirements
    /// default to their worst case; a modified metric overrides its base metric.
    fn m(&self, key: &str) -> &'static str {
        let selected = self.raw(key).unwrap_or("X");
        match key {
            "E" if selected == "X" => return "A",
            "CR" | "IR" | "AR" if selected == "X" => return "H",
            _ => {}
        }
        let modified = format!("M{key}");
        match self.raw(&modified) {
            Some(v) if v != "X" => v,
            _ => selected,
        }
    }

    /// The MacroVector: EQ1…EQ6 levels.
    pub fn macro_vector(&self) -> [u8; 6] {
        let m = |k: &str| self.m(k);
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
        let mv = self.macro_vector();
        let macro_vector: String = mv.iter().map(|d| char::from(b'0' + d)).collect();
        let score = self.compute(mv, &macro_vector);
        Score {
            score,
            severity: Severity::of(score),
            macro_vector,
            nomenclature: self.nomenclature(),
        }
    }

    fn compute(&self, mv: [u8; 6], key: &str) -> f64 {
        if ["VC", "VI", "VA", "SC", "SI", "SA"]
            .iter()
            .all(|k| self.m(k) == "N")
        {
            return 0.0;
        }
        let t = &*TABLES;
        let lookup = |levels: [u8; 6]| -> f64 {
            let k: String = levels.iter().map(|d| char::from(b'0' + d)).collect();
            t.lookup.get(&k).copied().unwrap_or(f64::NAN)
        };
        let Some(&value) = t.lookup.get(key) else {
            return f64::NAN;
        };
        let [eq1, eq2, eq3, eq4, eq5, eq6] = mv;
        let with = |i: usize, d: u8| {
            let mut x = mv;
            x[i] += d;
            x
        };
        let score_eq1_lower = lookup(with(0, 1));
        let score_eq2_lower = lookup(with(1, 1));
        let score_eq3eq6_lower = match (eq3, eq6) {
            (1, 1) | (0, 1) => lookup(with(2, 1)),
            (1, 0) => lookup(with(5, 1)),
            (0, 0) => {
                let left = lookup(with(5, 1));
                let right = lookup(with(2, 1));
                // The calculator takes the left path only when it scores strictly higher.
                if left > right { left } else { right }
            }
            _ => lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1]),
        };
        let score_eq4_lower = lookup(with(3, 1));
        let score_eq5_lower = lookup(with(4, 1));

        // The highest-severity vectors of this MacroVector, composed in the calculator's order.
        let list = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mc = &t.max_composed;
        let eq1_maxes = list(&mc["eq1"][eq1.to_string()]);
        let eq2_maxes = list(&mc["eq2"][eq2.to_string()]);
        let eq3eq6_maxes = list(&mc["eq3"][eq3.to_string()][eq6.to_string()]);
        let eq4_maxes = list(&mc["eq4"][eq4.to_string()]);
        let eq5_maxes = list(&mc["eq5"][eq5.to_string()]);

        let level = |metric: &str, value: &str| -> f64 {
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
        };
        let extract = |metric: &str, vector: &str| -> String {
            let needle = format!("{metric}:");
            vector
                .find(&needle)
                .map(|i| {
                    let rest = &vector[i + needle.len()..];
                    rest.split('/').next().unwrap_or_default().to_owned()
                })
                .unwrap_or_default()
        };
        const METRICS: [&str; 14] = [
            "AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR",
        ];
        let mut distances = [0.0f64; 14];
        'search: for a in &eq1_maxes {
            for b in &eq2_maxes {
                for c in &eq3eq6_maxes {
                    for d in &eq4_maxes {
                        for e in &eq5_maxes {
                            let max_vector = format!("{a}{b}{c}{d}{e}");
                            for (slot, metric) in distances.iter_mut().zip(METRICS) {
                                *slot = level(metric, self.m(metric))
                                    - level(metric, &extract(metric, &max_vector));
                            }
                            if distances.iter().all(|x| *x >= 0.0) {
                                break 'search;
                            }
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
        let ms = &t.max_severity;
        let max = |v: &Value| v.as_f64().unwrap_or(f64::NAN) * step;
        let max_eq1 = max(&ms["eq1"][eq1.to_string()]);
        let max_eq2 = max(&ms["eq2"][eq2.to_string()]);
        let max_eq3eq6 = max(&ms["eq3eq6"][eq3.to_string()][eq6.to_string()]);
        let max_eq4 = max(&ms["eq4"][eq4.to_string()]);

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

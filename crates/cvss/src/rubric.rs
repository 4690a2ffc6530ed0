//! The medical-device rubric (MITRE, *Rubric for Applying CVSS to Medical Devices*, 2020): its
//! decision questions per CVSS base metric as data (`data/rubric/*.yaml`, English and
//! Japanese, each file with its source), and a [`Session`] that turns answers into a CVSS v3.1
//! base vector with the rationale per metric.
//!
//! A session can be driven one question at a time (the interactive command, with undo) or
//! from a complete set of answers ([`Rubric::evaluate`]); both replay the same answers through
//! the same decision trees, so they always agree.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::{Severity, v3};

/// A text in both languages.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Text {
    /// English.
    pub en: String,
    /// Japanese.
    pub ja: String,
}

impl Text {
    /// The text in `lang` (`ja` or anything else for English).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "ja" { &self.ja } else { &self.en }
    }
}

/// Where an answer leads.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Outcome {
    /// The next question.
    #[serde(default)]
    pub next: Option<String>,
    /// Or the metric's value.
    #[serde(default)]
    pub value: Option<String>,
    /// Why (with a value).
    #[serde(default)]
    pub reason: Option<Text>,
}

/// One decision question.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Question {
    /// The rubric's id (`XAVN`).
    pub id: String,
    /// The question.
    pub text: Text,
    /// Guidance shown on request.
    #[serde(default)]
    pub help: Option<Text>,
    /// `yes`, `no`, `unknown` → outcome.
    pub answers: BTreeMap<String, Outcome>,
}

/// How a metric's roots combine.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Combine {
    /// One decision tree from the first root.
    First,
    /// Every root is evaluated; the highest outcome wins (H > L > N).
    Max,
}

/// The questions of one base metric.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct MetricFlow {
    /// The metric (`AV`).
    pub metric: String,
    /// Its name.
    pub name: Text,
    /// How the roots combine.
    pub combine: Combine,
    /// The first question of each tree.
    pub roots: Vec<String>,
    /// Where the questions come from.
    pub source: String,
    /// How well they are verified against the source (`verified`, `partial`).
    pub verified: String,
    /// The questions.
    pub questions: Vec<Question>,
}

/// The whole rubric: the eight CVSS v3.1 base metrics in vector order.
#[derive(Clone, Debug)]
pub struct Rubric {
    /// The metrics, in vector order (AV, AC, PR, UI, S, C, I, A).
    pub metrics: Vec<MetricFlow>,
    index: HashMap<String, (usize, usize)>,
}

/// A rubric that does not hold together, or answers that do not fit it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RubricError(pub String);

const FILES: [(&str, &str); 8] = [
    ("av.yaml", include_str!("../../../data/rubric/av.yaml")),
    ("ac.yaml", include_str!("../../../data/rubric/ac.yaml")),
    ("pr.yaml", include_str!("../../../data/rubric/pr.yaml")),
    ("ui.yaml", include_str!("../../../data/rubric/ui.yaml")),
    ("s.yaml", include_str!("../../../data/rubric/s.yaml")),
    ("c.yaml", include_str!("../../../data/rubric/c.yaml")),
    ("i.yaml", include_str!("../../../data/rubric/i.yaml")),
    ("a.yaml", include_str!("../../../data/rubric/a.yaml")),
];

const ORDER: [(&str, &[&str]); 8] = [
    ("AV", &["N", "A", "L", "P"]),
    ("AC", &["L", "H"]),
    ("PR", &["N", "L", "H"]),
    ("UI", &["N", "R"]),
    ("S", &["U", "C"]),
    ("C", &["H", "L", "N"]),
    ("I", &["H", "L", "N"]),
    ("A", &["H", "L", "N"]),
];

/// The accepted answers.
pub const ANSWERS: [&str; 3] = ["yes", "no", "unknown"];

static BUNDLED: LazyLock<Result<Rubric, RubricError>> = LazyLock::new(|| {
    let mut metrics = Vec::new();
    for (name, text) in FILES {
        let flow: MetricFlow = serde_norway::from_str(text)
            .map_err(|e| RubricError(format!("data/rubric/{name}: {e}")))?;
        metrics.push(flow);
    }
    Rubric::new(metrics)
});

impl Rubric {
    /// The rubric bundled into the binary.
    pub fn bundled() -> Result<&'static Rubric, RubricError> {
        BUNDLED.as_ref().map_err(Clone::clone)
    }

    /// Builds and checks a rubric: the eight metrics in order, unique question ids, answers
    /// `yes`/`no`/`unknown` each leading to an existing question or a valid value, no cycles,
    /// both languages present.
    pub fn new(metrics: Vec<MetricFlow>) -> Result<Rubric, RubricError> {
        let err = |m: String| Err(RubricError(m));
        if metrics.len() != ORDER.len()
            || metrics.iter().zip(ORDER).any(|(f, (m, _))| f.metric != m)
        {
            return err(
                "the rubric must define AV, AC, PR, UI, S, C, I, A in that order".to_owned(),
            );
        }
        let mut index = HashMap::new();
        for (mi, flow) in metrics.iter().enumerate() {
            for (qi, q) in flow.questions.iter().enumerate() {
                if index.insert(q.id.clone(), (mi, qi)).is_some() {
                    return err(format!("question {} is defined twice", q.id));
                }
            }
        }
        for (mi, flow) in metrics.iter().enumerate() {
            let values = ORDER[mi].1;
            if flow.roots.is_empty() || (flow.combine == Combine::First && flow.roots.len() != 1) {
                return err(format!(
                    "{}: a `first` metric has one root, a `max` metric at least one",
                    flow.metric
                ));
            }
            for q in &flow.questions {
                if q.text.en.trim().is_empty() || q.text.ja.trim().is_empty() {
                    return err(format!("{}: text missing in a language", q.id));
                }
                for answer in ANSWERS {
                    let Some(o) = q.answers.get(answer) else {
                        return err(format!("{}: no outcome for `{answer}`", q.id));
                    };
                    match (&o.next, &o.value) {
                        (Some(next), None) => match index.get(next) {
                            Some((m, _)) if *m == mi => {}
                            _ => {
                                return err(format!(
                                    "{}: `{answer}` leads to unknown question {next}",
                                    q.id
                                ));
                            }
                        },
                        (None, Some(v)) if values.contains(&v.as_str()) => {
                            if o.reason.is_none() {
                                return err(format!(
                                    "{}: `{answer}` gives {v} without a reason",
                                    q.id
                                ));
                            }
                        }
                        _ => {
                            return err(format!(
                                "{}: `{answer}` must give a next question or a value of {}",
                                q.id, flow.metric
                            ));
                        }
                    }
                }
                if q.answers.len() != ANSWERS.len() {
                    return err(format!(
                        "{}: answers must be exactly yes, no, unknown",
                        q.id
                    ));
                }
            }
            for root in &flow.roots {
                if !matches!(index.get(root), Some((m, _)) if *m == mi) {
                    return err(format!("{}: unknown root {root}", flow.metric));
                }
            }
        }
        let rubric = Rubric { metrics, index };
        // No cycles: every path from every root ends within the number of questions.
        for flow in &rubric.metrics {
            for root in &flow.roots {
                rubric.check_paths(root, flow.questions.len() + 1)?;
            }
        }
        Ok(rubric)
    }

    fn check_paths(&self, id: &str, budget: usize) -> Result<(), RubricError> {
        if budget == 0 {
            return Err(RubricError(format!("a cycle runs through {id}")));
        }
        let q = self
            .question(id)
            .ok_or_else(|| RubricError(format!("unknown question {id}")))?;
        for o in q.answers.values() {
            if let Some(next) = &o.next {
                self.check_paths(next, budget - 1)?;
            }
        }
        Ok(())
    }

    /// A question by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.index
            .get(id)
            .map(|(m, q)| &self.metrics[*m].questions[*q])
    }

    /// The metric a question belongs to.
    pub fn metric_of(&self, id: &str) -> Option<&MetricFlow> {
        self.index.get(id).map(|(m, _)| &self.metrics[*m])
    }

    /// Evaluates a complete set of answers (question id → `yes`/`no`/`unknown`).
    pub fn evaluate(&self, answers: &BTreeMap<String, String>) -> Result<Assessment, RubricError> {
        for (id, answer) in answers {
            if self.question(id).is_none() {
                return Err(RubricError(format!("unknown question id `{id}`")));
            }
            if !ANSWERS.contains(&answer.as_str()) {
                return Err(RubricError(format!(
                    "{id}: `{answer}` is not yes, no or unknown"
                )));
            }
        }
        match self.walk(answers) {
            Walk::Done(a) => Ok(a),
            Walk::Needs(id) => Err(RubricError(format!("no answer for question {id}"))),
        }
    }

    /// Replays `answers` through the trees: the assessment, or the first question reached
    /// without an answer.
    fn walk(&self, answers: &BTreeMap<String, String>) -> Walk {
        let mut metrics = Vec::new();
        for (flow, (metric, values)) in self.metrics.iter().zip(ORDER) {
            let mut steps = Vec::new();
            let mut outcomes = Vec::new();
            for root in &flow.roots {
                let mut id = root.clone();
                loop {
                    let Some(answer) = answers.get(&id) else {
                        return Walk::Needs(id);
                    };
                    let Some(q) = self.question(&id) else {
                        return Walk::Needs(id);
                    };
                    steps.push(Step {
                        question: id.clone(),
                        answer: answer.clone(),
                    });
                    let Some(o) = q.answers.get(answer) else {
                        return Walk::Needs(id);
                    };
                    match (&o.next, &o.value) {
                        (Some(next), _) => id = next.clone(),
                        (None, Some(v)) => {
                            outcomes.push((v.clone(), o.reason.clone(), id.clone()));
                            break;
                        }
                        (None, None) => return Walk::Needs(id),
                    }
                }
            }
            // `first` has one outcome; `max` takes the most severe (first in `values`).
            let rank = |v: &str| values.iter().position(|x| *x == v).unwrap_or(usize::MAX);
            let Some((value, reason, decided_by)) =
                outcomes.into_iter().min_by_key(|(v, _, _)| rank(v))
            else {
                return Walk::Needs(flow.roots[0].clone());
            };
            metrics.push(MetricResult {
                metric,
                value,
                decided_by,
                reason,
                steps,
            });
        }
        let vector = format!(
            "CVSS:3.1/{}",
            metrics
                .iter()
                .map(|m| format!("{}:{}", m.metric, m.value))
                .collect::<Vec<_>>()
                .join("/")
        );
        let (base_score, base_severity) = match v3::Vector::parse(&vector) {
            Ok(v) => {
                let s = v.scores();
                (s.base_score, s.base_severity)
            }
            Err(_) => (0.0, Severity::None),
        };
        Walk::Done(Assessment {
            vector,
            base_score,
            base_severity,
            metrics,
        })
    }
}

enum Walk {
    Done(Assessment),
    Needs(String),
}

/// One answered question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The question id.
    pub question: String,
    /// The answer.
    pub answer: String,
}

/// The rubric's result for one metric.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricResult {
    /// The metric.
    pub metric: &'static str,
    /// Its value.
    pub value: String,
    /// The question whose answer gave the value.
    pub decided_by: String,
    /// Why.
    pub reason: Option<Text>,
    /// The questions answered for it, in order.
    pub steps: Vec<Step>,
}

/// A completed rubric assessment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    /// The CVSS v3.1 base vector.
    pub vector: String,
    /// Its base score.
    pub base_score: f64,
    /// Its severity.
    pub base_severity: Severity,
    /// The rationale per metric, in vector order.
    pub metrics: Vec<MetricResult>,
}

/// An interactive session: answer the next question, undo, until complete.
#[derive(Clone, Debug)]
pub struct Session<'r> {
    rubric: &'r Rubric,
    order: Vec<String>,
    answers: BTreeMap<String, String>,
}

impl<'r> Session<'r> {
    /// A new session.
    pub fn new(rubric: &'r Rubric) -> Session<'r> {
        Session {
            rubric,
            order: Vec::new(),
            answers: BTreeMap::new(),
        }
    }

    /// The next question to ask, or `None` when complete.
    pub fn next_question(&self) -> Option<&'r Question> {
        match self.rubric.walk(&self.answers) {
            Walk::Needs(id) => self.rubric.question(&id),
            Walk::Done(_) => None,
        }
    }

    /// Answers the next question (`yes`, `no`, `unknown`; `y`, `n`, `u` and `?`-free
    /// abbreviations are accepted).
    pub fn answer(&mut self, answer: &str) -> Result<(), RubricError> {
        let Some(q) = self.next_question() else {
            return Err(RubricError("the rubric is complete".to_owned()));
        };
        let normalized = normalize_answer(answer)
            .ok_or_else(|| RubricError(format!("`{answer}`: answer yes, no or unknown")))?;
        self.order.push(q.id.clone());
        self.answers.insert(q.id.clone(), normalized.to_owned());
        Ok(())
    }

    /// Takes back the last answer; false when there is none.
    pub fn undo(&mut self) -> bool {
        match self.order.pop() {
            Some(id) => {
                self.answers.remove(&id);
                true
            }
            None => false,
        }
    }

    /// How many questions have been answered.
    pub fn answered(&self) -> usize {
        self.order.len()
    }

    /// The answers so far (question id → answer).
    pub fn answers(&self) -> &BTreeMap<String, String> {
        &self.answers
    }

    /// The assessment, once every reached question is answered.
    pub fn assessment(&self) -> Option<Assessment> {
        match self.rubric.walk(&self.answers) {
            Walk::Done(a) => Some(a),
            Walk::Needs(_) => None,
        }
    }
}

/// `yes`/`y`/`true`, `no`/`n`/`false`, `unknown`/`u`/`?` (case-insensitive), also in Japanese
/// (`はい`, `いいえ`, `不明`).
pub fn normalize_answer(answer: &str) -> Option<&'static str> {
    match answer.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "はい" => Some("yes"),
        "no" | "n" | "false" | "いいえ" => Some("no"),
        "unknown" | "u" | "dont-know" | "不明" | "わからない" => Some("unknown"),
        _ => None,
    }
}

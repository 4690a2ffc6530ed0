//! `medcyber cvss rubric`: MITRE's medical-device rubric, interactively or from answers.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};

use medcyber_cvss::rubric::{Assessment, Rubric, Session, normalize_answer};
use serde::Serialize;

use crate::ExitStatus;
use crate::args::CvssRubricArgs;
use crate::output;

/// Runs `medcyber cvss rubric`.
pub fn run(args: CvssRubricArgs) -> anyhow::Result<ExitStatus> {
    let rubric = Rubric::bundled()?;
    let lang = args.lang.as_str();
    let assessment = match &args.answers {
        Some(path) => match from_file(rubric, path) {
            Ok(a) => a,
            Err(message) => {
                output::error(&message);
                return Ok(ExitStatus::Error);
            }
        },
        None => match interactive(rubric, lang)? {
            Some(a) => a,
            None => {
                output::error("rubric abandoned before completion");
                return Ok(ExitStatus::Error);
            }
        },
    };
    if args.format == "json" {
        output::line(&serde_json::to_string(&Record::new(
            rubric,
            &assessment,
            lang,
        ))?)?;
    } else {
        for line in text(rubric, &assessment, lang) {
            output::line(&line)?;
        }
    }
    Ok(ExitStatus::Success)
}

/// Reads `{question id: answer}` from YAML or JSON (also accepted under an `answers:` key).
fn from_file(rubric: &Rubric, path: &std::path::Path) -> Result<Assessment, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_norway::Value = serde_norway::from_str(&text)
        .map_err(|e| format!("{}: not YAML or JSON: {e}", path.display()))?;
    let map = match value.get("answers") {
        Some(inner) => inner.clone(),
        None => value,
    };
    let serde_norway::Value::Mapping(map) = map else {
        return Err(format!(
            "{}: expected a map of question id to yes/no/unknown",
            path.display()
        ));
    };
    let mut answers = BTreeMap::new();
    for (k, v) in map {
        let id = k
            .as_str()
            .ok_or_else(|| format!("{}: question ids are strings", path.display()))?;
        let raw = match &v {
            serde_norway::Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
            serde_norway::Value::String(s) => s.clone(),
            other => format!("{other:?}"),
        };
        let answer = normalize_answer(&raw).ok_or_else(|| {
            format!(
                "{}: {id}: `{raw}` is not yes, no or unknown",
                path.display()
            )
        })?;
        answers.insert(id.to_owned(), answer.to_owned());
    }
    rubric
        .evaluate(&answers)
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn prompt(text: &str) -> io::Result<()> {
    let mut err = io::stderr().lock();
    err.write_all(text.as_bytes())?;
    err.flush()
}

/// Asks the questions one at a time on stderr, reading answers from stdin. `None` when the
/// user quits or stdin ends first.
fn interactive(rubric: &Rubric, lang: &str) -> anyhow::Result<Option<Assessment>> {
    let mut session = Session::new(rubric);
    let stdin = io::stdin();
    let mut lines = stdin.lock().lines();
    let (yes_no, back_help) = if lang == "ja" {
        ("[y=はい / n=いいえ / u=不明]", "b=戻る  ?=説明  q=中止")
    } else {
        ("[y=yes / n=no / u=unknown]", "b=back  ?=help  q=quit")
    };
    let mut shown_metric = String::new();
    while let Some(q) = session.next_question() {
        if let Some(flow) = rubric.metric_of(&q.id)
            && flow.metric != shown_metric
        {
            prompt(&format!("\n== {} ({})\n", flow.metric, flow.name.get(lang)))?;
            shown_metric = flow.metric.clone();
        }
        prompt(&format!(
            "{} {}\n  {yes_no}  {back_help} > ",
            q.id,
            q.text.get(lang)
        ))?;
        let Some(line) = lines.next().transpose()? else {
            prompt("\n")?;
            return Ok(None);
        };
        match line.trim() {
            "q" | "quit" => return Ok(None),
            "b" | "back" => {
                if !session.undo() {
                    prompt(if lang == "ja" {
                        "  (最初の質問です)\n"
                    } else {
                        "  (this is the first question)\n"
                    })?;
                }
                // Show the metric header again if the undo went back across metrics.
                shown_metric.clear();
            }
            "?" | "help" => {
                let help = q.help.as_ref().map(|h| h.get(lang).to_owned());
                let source = rubric
                    .metric_of(&q.id)
                    .map(|f| f.source.clone())
                    .unwrap_or_default();
                prompt(&format!(
                    "  {}\n  ({}: {source})\n",
                    help.unwrap_or_else(|| if lang == "ja" {
                        "この質問に補足説明はありません。".to_owned()
                    } else {
                        "No further guidance for this question.".to_owned()
                    }),
                    if lang == "ja" { "出典" } else { "source" },
                ))?;
            }
            answer => {
                if let Err(e) = session.answer(answer) {
                    prompt(&format!("  {e}\n"))?;
                }
            }
        }
    }
    Ok(session.assessment())
}

fn text(rubric: &Rubric, a: &Assessment, lang: &str) -> Vec<String> {
    let ja = lang == "ja";
    let mut out = vec![
        format!("{}: {}", if ja { "ベクトル" } else { "Vector" }, a.vector),
        format!(
            "{}: {:.1} ({})",
            if ja { "基本値" } else { "Base score" },
            a.base_score,
            a.base_severity
        ),
    ];
    for m in &a.metrics {
        let name = rubric
            .metrics
            .iter()
            .find(|f| f.metric == m.metric)
            .map(|f| f.name.get(lang))
            .unwrap_or_default();
        out.push(String::new());
        out.push(format!("{}:{}  {name}", m.metric, m.value));
        for step in &m.steps {
            let question = rubric
                .question(&step.question)
                .map(|q| q.text.get(lang))
                .unwrap_or_default();
            out.push(format!("  {} {question} -> {}", step.question, step.answer));
        }
        if let Some(reason) = &m.reason {
            out.push(format!(
                "  {} ({}): {}",
                if ja { "根拠" } else { "because" },
                m.decided_by,
                reason.get(lang)
            ));
        }
    }
    out.push(String::new());
    out.push(if ja {
        "出典: MITRE「Rubric for Applying CVSS to Medical Devices」(2020)。質問と出典の確認状況は data/rubric/README.md を参照。".to_owned()
    } else {
        "Source: MITRE, Rubric for Applying CVSS to Medical Devices (2020); questions, sources and verification status in data/rubric/README.md.".to_owned()
    });
    out
}

/// The JSON record the triage workflow stores.
#[derive(Serialize)]
struct Record<'a> {
    rubric: &'static str,
    language: &'a str,
    vector: &'a str,
    version: &'static str,
    base_score: f64,
    base_severity: medcyber_cvss::Severity,
    answers: BTreeMap<&'a str, &'a str>,
    metrics: Vec<MetricRecord<'a>>,
}

#[derive(Serialize)]
struct MetricRecord<'a> {
    metric: &'a str,
    value: &'a str,
    decided_by: &'a str,
    reason: Option<&'a str>,
    source: &'a str,
    verified: &'a str,
    steps: Vec<StepRecord<'a>>,
}

#[derive(Serialize)]
struct StepRecord<'a> {
    question: &'a str,
    text: &'a str,
    answer: &'a str,
}

impl<'a> Record<'a> {
    fn new(rubric: &'a Rubric, a: &'a Assessment, lang: &'a str) -> Record<'a> {
        let metrics = a
            .metrics
            .iter()
            .map(|m| {
                let flow = rubric.metrics.iter().find(|f| f.metric == m.metric);
                MetricRecord {
                    metric: m.metric,
                    value: &m.value,
                    decided_by: &m.decided_by,
                    reason: m.reason.as_ref().map(|r| r.get(lang)),
                    source: flow.map(|f| f.source.as_str()).unwrap_or_default(),
                    verified: flow.map(|f| f.verified.as_str()).unwrap_or_default(),
                    steps: m
                        .steps
                        .iter()
                        .map(|s| StepRecord {
                            question: &s.question,
                            text: rubric
                                .question(&s.question)
                                .map(|q| q.text.get(lang))
                                .unwrap_or_default(),
                            answer: &s.answer,
                        })
                        .collect(),
                }
            })
            .collect();
        let answers = a
            .metrics
            .iter()
            .flat_map(|m| {
                m.steps
                    .iter()
                    .map(|s| (s.question.as_str(), s.answer.as_str()))
            })
            .collect();
        Record {
            rubric: "MITRE Rubric for Applying CVSS to Medical Devices (2020)",
            language: lang,
            vector: &a.vector,
            version: "3.1",
            base_score: a.base_score,
            base_severity: a.base_severity,
            answers,
            metrics,
        }
    }
}

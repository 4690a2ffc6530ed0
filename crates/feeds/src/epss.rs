//! FIRST EPSS scores (<https://www.first.org/epss/data_stats>): the daily CSV, optionally gzip-
//! compressed, recognised by its magic bytes.
//!
//! The file starts with a comment line `#model_version:v2025.03.14,score_date:2025-08-25T...`,
//! then the header `cve,epss,percentile`. The score date from the comment is attached to every
//! score. Rows are streamed; a malformed row is reported with its line and skipped.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use medcyber_model::advisory::EpssScore;

use crate::{Counting, FeedError, Origin, Record, Sink, Stats};

/// Reads an EPSS CSV (plain or gzip).
pub fn read(path: &Path, sink: &mut Sink<'_>) -> Result<Stats, FeedError> {
    let origin = Origin::file(path);
    let file = std::fs::File::open(path)
        .map_err(|e| FeedError::new(origin.clone(), format!("cannot open: {e}")))?;
    let mut reader = BufReader::new(file);
    let gzip = reader
        .fill_buf()
        .map(|b| b.starts_with(&[0x1f, 0x8b]))
        .unwrap_or(false);
    let input: Box<dyn Read> = if gzip {
        Box::new(flate2::read::MultiGzDecoder::new(reader))
    } else {
        Box::new(reader)
    };
    read_from(BufReader::new(input), &origin, sink)
}

fn read_from(
    input: impl BufRead,
    origin: &Origin,
    sink: &mut Sink<'_>,
) -> Result<Stats, FeedError> {
    let mut out = Counting {
        sink,
        stats: Stats::default(),
    };
    let mut date: Option<String> = None;
    let mut header_seen = false;
    for (n, line) in input.lines().enumerate() {
        let line_no = n + 1;
        let line =
            line.map_err(|e| FeedError::new(origin.at_line(line_no), format!("cannot read: {e}")))?;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            for field in comment.split(',') {
                if let Some(d) = field.trim().strip_prefix("score_date:") {
                    date = Some(d.get(..10).unwrap_or(d).to_owned());
                }
            }
            continue;
        }
        if !header_seen {
            let columns: Vec<&str> = line.split(',').map(str::trim).collect();
            if columns.first() != Some(&"cve") || !columns.contains(&"epss") {
                return Err(FeedError::new(
                    origin.at_line(line_no),
                    format!(
                        "not an EPSS CSV: expected the header `cve,epss,percentile`, found `{line}`"
                    ),
                ));
            }
            header_seen = true;
            continue;
        }
        let mut fields = line.split(',');
        let (cve, score, percentile) = (fields.next(), fields.next(), fields.next());
        let parsed = match (cve, score, percentile) {
            (Some(cve), Some(score), Some(percentile)) if cve.starts_with("CVE-") => {
                match (
                    score.trim().parse::<f64>(),
                    percentile.trim().parse::<f64>(),
                ) {
                    (Ok(s), Ok(p)) if (0.0..=1.0).contains(&s) && (0.0..=1.0).contains(&p) => {
                        Ok(EpssScore {
                            cve: cve.to_owned(),
                            score: s,
                            percentile: p,
                            date: date.clone(),
                        })
                    }
                    _ => Err(format!(
                        "score and percentile must be numbers from 0 to 1: `{line}`"
                    )),
                }
            }
            _ => Err(format!(
                "expected `CVE-id,score,percentile`, found `{line}`"
            )),
        };
        match parsed {
            Ok(score) => out.ok(Record::Epss(score), origin.at_line(line_no)),
            Err(message) => out.err(FeedError::new(origin.at_line(line_no), message)),
        }
    }
    if !header_seen {
        return Err(FeedError::new(
            origin.clone(),
            "not an EPSS CSV: no header line",
        ));
    }
    Ok(out.stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scores_with_the_date_and_reports_bad_rows() {
        let text = "#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z\ncve,epss,percentile\nCVE-2024-3094,0.85,0.99\nCVE-2024-1,x,0.1\nCVE-2023-4863,0.5,0.98\n";
        let mut good = Vec::new();
        let mut bad = Vec::new();
        let stats = read_from(
            text.as_bytes(),
            &Origin::file(Path::new("epss.csv")),
            &mut |r| match r {
                Ok((Record::Epss(s), _)) => good.push(s),
                Ok(_) => {}
                Err(e) => bad.push(e.to_string()),
            },
        )
        .expect("readable");
        assert_eq!((stats.records, stats.errors), (2, 1));
        assert_eq!(good[0].date.as_deref(), Some("2025-08-25"));
        assert_eq!(good[1].cve, "CVE-2023-4863");
        assert_eq!(
            bad,
            ["epss.csv:4: score and percentile must be numbers from 0 to 1: `CVE-2024-1,x,0.1`"]
        );
        let not_epss = read_from(
            "a,b\n1,2\n".as_bytes(),
            &Origin::file(Path::new("x.csv")),
            &mut |_| {},
        );
        assert!(not_epss.is_err());
    }
}

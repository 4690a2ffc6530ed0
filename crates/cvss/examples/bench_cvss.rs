//! The medcyber side of `scripts/bench/cvss`: parses and scores every vector of a file (one
//! per line) in process, repeatedly for `BENCH_SECONDS` (default 1.5), and prints vectors
//! scored per second.

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

use medcyber_cvss::{Cvss, parse};

fn score(line: &str) -> Option<f64> {
    Some(match parse(line).ok()? {
        Cvss::V2(v) => v.scores().base_score,
        Cvss::V3(v) => v.scores().environmental_score.unwrap_or_default(),
        Cvss::V4(v) => v.score().score,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let file = std::env::args().nth(1).ok_or("usage: bench_cvss FILE")?;
    let text = std::fs::read_to_string(file)?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let seconds: f64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.5);
    let ok = lines.iter().filter(|l| score(l).is_some()).count();
    let start = Instant::now();
    let mut passes = 0usize;
    while start.elapsed() < Duration::from_secs_f64(seconds) {
        for l in &lines {
            black_box(score(black_box(l)));
        }
        passes += 1;
    }
    let elapsed = start.elapsed().as_secs_f64();
    writeln!(
        std::io::stdout().lock(),
        "{:.0}",
        (lines.len() * passes) as f64 / elapsed
    )?;
    writeln!(
        std::io::stderr().lock(),
        "{} vectors ({ok} valid) x {passes} passes in {elapsed:.2}s",
        lines.len()
    )?;
    Ok(())
}

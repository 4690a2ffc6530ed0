//! Throughput and peak memory of SBOM reading, for `scripts/bench/sbom`.
//!
//! ```text
//! bench_sbom value|parse|validate|read FILE    # prints "<MB/s> <peak RSS bytes>"
//! ```
//! - `value`: a bare `serde_json::Value` parse of the bytes (the practical limit);
//! - `parse`: format detection, input checks and the mapping into the model, the schema not
//!   checked (`ReadOptions::skip_schema`);
//! - `validate`: input checks and schema validation only;
//! - `read`: the full strict read: input checks, schema validation and the mapping.
//!
//! Each mode repeats over the file for `BENCH_SECONDS` (default 3) after one warm-up pass and
//! reports megabytes (10^6 bytes) of document per second. The peak resident set size is that of
//! the first pass (`VmHWM` from `/proc/self/status` right after it: the file's bytes plus one
//! read), which is what one read costs; later passes only add what the allocator keeps cached.
#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use medcyber_sbom::{ReadOptions, read, validate};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(path)) = (args.get(1), args.get(2)) else {
        return Err("usage: bench_sbom value|parse|validate|read FILE".into());
    };
    let bytes = std::fs::read(path)?;
    let seconds: f64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let strict = ReadOptions::default();
    let unchecked = ReadOptions {
        skip_schema: true,
        ..ReadOptions::default()
    };
    let run = |mode: &str| -> Result<(), String> {
        match mode {
            "value" => serde_json::from_slice::<serde_json::Value>(&bytes)
                .map(|v| drop(black_box(v)))
                .map_err(|e| e.to_string()),
            "parse" => read(&bytes, &unchecked)
                .map(|o| drop(black_box(o)))
                .map_err(|e| e.to_string()),
            "validate" => validate(&bytes, &strict)
                .map(|v| drop(black_box(v)))
                .map_err(|e| e.to_string()),
            "read" => read(&bytes, &strict)
                .map(|o| drop(black_box(o)))
                .map_err(|e| e.to_string()),
            other => Err(format!("unknown mode `{other}`")),
        }
    };
    run(mode)?;
    let peak = peak_rss();
    let budget = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut passes = 0u32;
    while start.elapsed() < budget || passes < 2 {
        run(mode)?;
        passes += 1;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let mb = bytes.len() as f64 * f64::from(passes) / 1e6;
    println!("{:.1} {peak}", mb / elapsed);
    Ok(())
}

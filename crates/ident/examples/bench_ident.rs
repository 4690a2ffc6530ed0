//! The medcyber side of `scripts/bench/ident`: times one operation over a file of cases,
//! in process, and prints operations per second (one number on stdout).
//!
//! ```text
//! bench_ident compare   SCHEME FILE   # lines `A<TAB>B`: Scheme::compare(A, B)
//! bench_ident satisfies SCHEME FILE   # lines `RANGE<TAB>V`: parse the native range, then contains(V)
//! bench_ident vers      FILE          # lines `VERS<TAB>V`: Vers::parse_lenient(VERS).contains(V)
//! bench_ident purl      FILE          # one purl per line: Purl::parse_lenient + canonical string
//! bench_ident cpe       FILE          # one CPE name per line: Wfn::parse + formatted-string binding
//! ```
//!
//! Every pass runs over all cases (each string parsed afresh, as the peers do); passes repeat
//! until at least `BENCH_SECONDS` (default 1.5) have elapsed.

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

use medcyber_ident::cpe::Wfn;
use medcyber_ident::purl::Purl;
use medcyber_ident::vers::Vers;
use medcyber_ident::version::Scheme;

/// The allocator the `medcyber` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, scheme, file) = match args.as_slice() {
        [mode, scheme, file] => (mode.as_str(), Some(Scheme::from_name(scheme)?), file),
        [mode, file] => (mode.as_str(), None, file),
        _ => {
            return Err(
                "usage: bench_ident compare|satisfies SCHEME FILE | vers|purl|cpe FILE".into(),
            );
        }
    };
    let text = std::fs::read_to_string(file)?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let pairs: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| l.split_once('\t').unwrap_or((l, "")))
        .collect();
    let n = lines.len();
    let (pairs, lines) = (&pairs, &lines);
    let seconds: f64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.5);
    let budget = Duration::from_secs_f64(seconds);

    let pass: Box<dyn Fn() -> usize + '_> = match (mode, scheme) {
        ("compare", Some(scheme)) => Box::new(move || {
            pairs
                .iter()
                .filter(|(a, b)| black_box(scheme.compare(a, b)).is_ok())
                .count()
        }),
        ("satisfies", Some(scheme)) => Box::new(move || {
            pairs
                .iter()
                .filter(|(r, v)| {
                    scheme
                        .parse_native_range(r)
                        .ok()
                        .and_then(|range| black_box(range.contains(v)).ok())
                        .is_some()
                })
                .count()
        }),
        ("vers", None) => Box::new(move || {
            pairs
                .iter()
                .filter(|(r, v)| {
                    Vers::parse_lenient(r)
                        .ok()
                        .and_then(|x| black_box(x.contains(v)).ok())
                        .is_some()
                })
                .count()
        }),
        ("purl", None) => Box::new(move || {
            lines
                .iter()
                .filter(|l| {
                    Purl::parse_lenient(l)
                        .map(|p| black_box(p.canonical()))
                        .is_ok()
                })
                .count()
        }),
        ("cpe", None) => Box::new(move || {
            lines
                .iter()
                .filter(|l| Wfn::parse(l).map(|w| black_box(w.to_fs())).is_ok())
                .count()
        }),
        _ => return Err(format!("unknown mode `{mode}`").into()),
    };

    // One warm-up pass; it also tells how many cases succeed.
    let ok = pass();
    let start = Instant::now();
    let mut passes = 0usize;
    while start.elapsed() < budget {
        black_box(pass());
        passes += 1;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let rate = (n * passes) as f64 / elapsed;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{rate:.0}")?;
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "{mode}: {n} cases ({ok} ok) x {passes} passes in {elapsed:.2}s"
    )?;
    Ok(())
}

//! Reverse-match benchmark: 1,000 new advisories over a portfolio of 1,000 SBOMs of 1,000
//! components each (synthetic, deterministic; see docs/BENCHMARKS.md).
//!
//! `cargo run --release -p medcyber-matcher --example bench_reverse [SBOMS] [COMPONENTS] [ADVISORIES]`
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::time::Instant;

use medcyber_matcher::{Index, Portfolio};
use medcyber_model::advisory::{Affected, Event, OsvRange, RangeKind};
use medcyber_model::{Advisory, Component, Sbom};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// A popularity-skewed index in 0..n: 70% from the most used tenth, 30% from all.
    fn skewed(&mut self, n: u64) -> u64 {
        if self.below(10) < 7 {
            self.below(n / 10)
        } else {
            self.below(n)
        }
    }
}

const ECOSYSTEMS: [(&str, &str); 5] = [
    ("npm", "npm"),
    ("pypi", "PyPI"),
    ("maven", "Maven"),
    ("golang", "Go"),
    ("cargo", "crates.io"),
];
const PACKAGES: u64 = 50_000;

fn package(i: u64) -> (usize, String) {
    let e = (i % 5) as usize;
    let name = match e {
        2 => format!("org.example{}/artifact-{i}", i % 300),
        3 => format!("github.com/org{}/mod-{i}", i % 700),
        _ => format!("package-{i}"),
    };
    (e, name)
}

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let (sboms, components, advisories) = (
        *args.first().unwrap_or(&1000),
        *args.get(1).unwrap_or(&1000),
        *args.get(2).unwrap_or(&1000),
    );
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let t = Instant::now();
    let mut portfolio = Portfolio::new();
    for s in 0..sboms {
        let comps = (0..components)
            .map(|c| {
                let (e, name) = package(rng.skewed(PACKAGES));
                let version = format!("{}.{}.{}", rng.below(5), rng.below(20), rng.below(30));
                let purl = match e {
                    3 => format!("pkg:golang/{name}@v{version}"),
                    _ => format!("pkg:{}/{name}@{version}", ECOSYSTEMS[e].0),
                };
                Component {
                    bom_ref: format!("s{s}c{c}"),
                    name,
                    version: Some(version),
                    purl: Some(purl),
                    ..Component::default()
                }
            })
            .collect();
        portfolio.insert(Sbom {
            components: comps,
            ..Sbom::default()
        });
    }
    let built = t.elapsed();
    let new: Vec<Advisory> = (0..advisories)
        .map(|i| {
            let (e, name) = package(rng.below(PACKAGES));
            let name = if e == 2 {
                name.replacen('/', ":", 1)
            } else {
                name
            };
            Advisory {
                id: format!("NEW-{i}"),
                affected: vec![Affected::Package {
                    ecosystem: ECOSYSTEMS[e].1.to_owned(),
                    name,
                    purl: None,
                    ranges: vec![OsvRange {
                        kind: RangeKind::Ecosystem,
                        repo: None,
                        events: vec![
                            Event::Introduced(format!("{}.0.0", rng.below(3))),
                            Event::Fixed(format!("{}.{}.0", 2 + rng.below(3), rng.below(20))),
                        ],
                    }],
                    versions: vec![],
                }],
                ..Advisory::default()
            }
        })
        .collect();
    let t = Instant::now();
    let mut index = Index::new();
    for a in new {
        index.insert(a);
    }
    let result = index.reverse(&portfolio);
    let elapsed = t.elapsed();
    let findings: usize = result.iter().map(|(_, m)| m.matches.len()).sum();
    println!(
        "portfolio: {sboms} SBOMs x {components} components indexed in {:.2} s",
        built.as_secs_f64()
    );
    println!(
        "reverse match of {advisories} advisories: {:.3} s, {findings} findings in {} SBOMs",
        elapsed.as_secs_f64(),
        result.len()
    );
}

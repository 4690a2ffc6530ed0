//! Times the phases of one scan: reading the SBOM, the store lookup, matching and the joins.
//!
//! `cargo run --release -p medcyber-core --example scan_phases -- DB SBOM`
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::time::Instant;

use medcyber_store::{Location, Store};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let t = Instant::now();
    let bytes = std::fs::read(&args[1]).unwrap();
    let sbom = medcyber_sbom::read(&bytes, &medcyber_sbom::ReadOptions::default())
        .unwrap()
        .sbom;
    println!("read SBOM: {:?}", t.elapsed());
    let t = Instant::now();
    let store = Store::open(&Location::parse(&args[0])).await.unwrap();
    println!("open store: {:?}", t.elapsed());
    for round in 0..3 {
        let t = Instant::now();
        let report = medcyber_core::scan(&store, &sbom).await.unwrap();
        println!(
            "scan {round}: {:?} ({} findings, {} candidates)",
            t.elapsed(),
            report.findings.len(),
            report.candidates
        );
    }
}

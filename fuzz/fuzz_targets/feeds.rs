//! Fuzzes every advisory feed reader (OSV JSON and YAML, NVD CVE API 2.0, CVE JSON 5, CSAF 2.0
//! documents and provider listings, CISA KEV JSON and CSV, FIRST EPSS CSV) and the VEX reader
//! (CycloneDX, OpenVEX, CSAF) through the interfaces they are used by: any input is read or
//! reported as broken, never a panic or a hang.
#![no_main]

use std::path::PathBuf;

use medcyber_feeds::{csaf, cve5, epss, kev, nvd, osv, vex};

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("medcyber-fuzz-feeds-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = scratch();
    let mut sink = |_r: Result<
        (medcyber_feeds::Record, medcyber_feeds::Origin),
        medcyber_feeds::FeedError,
    >| {};
    let write = |name: &str| {
        let path = dir.join(name);
        std::fs::write(&path, data).ok().map(|()| path)
    };
    if let Some(p) = write("record.json") {
        let _ = osv::read(&p, &mut sink);
        let _ = nvd::read(&p, &mut sink);
        let _ = kev::read(&p, &mut sink);
        let _ = csaf::read(&p, &mut sink);
    }
    let _ = vex::parse(data, "fuzz");
    if let Some(p) = write("index.txt") {
        let _ = csaf::read(&p, &mut sink);
    }
    if let Some(p) = write("record.yaml") {
        let _ = osv::read(&p, &mut sink);
    }
    if let Some(p) = write("CVE-2024-0001.json") {
        let _ = cve5::read(&p, &mut sink);
    }
    if let Some(p) = write("scores.csv") {
        let _ = epss::read(&p, &mut sink);
        let _ = kev::read(&p, &mut sink);
    }
});

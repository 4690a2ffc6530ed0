//! Fuzzes every SBOM reader (format detection, CycloneDX JSON/XML, SPDX JSON/tag-value/JSON-LD)
//! and the writers: any input either reads or is refused with an error, never a panic; what
//! reads can be written in every target format.
#![no_main]

use medcyber_sbom::{ReadOptions, Target, read, validate, write};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let lenient = ReadOptions {
        lenient: true,
        max_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    let _ = validate(data, &lenient);
    if let Ok(outcome) = read(data, &lenient) {
        for target in Target::ALL {
            let _ = write(&outcome.sbom, target);
        }
    }
});

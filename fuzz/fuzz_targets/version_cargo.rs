//! Fuzzes the `cargo` version scheme (see `common::check_scheme`).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check_scheme(medcyber_ident::version::Scheme::Cargo, data);
});

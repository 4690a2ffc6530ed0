//! The `datetime` scheme: RFC 3339 timestamps (`2024-01-01T12:00:00Z`,
//! `2023-12-31T19:00:00.5-05:00`) ordered by the instant they denote, so different offsets of
//! the same instant are equal and fractional seconds compare exactly (any number of digits).
//! A date and a time are both required; `T` and `Z` may be lowercase here (vers requires them
//! uppercase in canonical form, which the vers parser checks).

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `datetime` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Datetime;

/// An instant: seconds since 0000-03-01 (proleptic Gregorian) plus the fraction digits.
#[derive(Debug, PartialEq, Eq)]
struct Instant<'a> {
    seconds: i64,
    fraction: &'a str,
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

fn parse(text: &str) -> Result<Instant<'_>, VersionError> {
    let err = |reason: &str| VersionError::new("datetime", text, reason);
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Result<i64, VersionError> {
        let s = text.get(range.clone()).ok_or_else(|| err("too short"))?;
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return Err(err(&format!("expected digits at byte {}", range.start)));
        }
        s.parse().map_err(|_| err("bad number"))
    };
    if b.len() < 20 {
        return Err(err("expected YYYY-MM-DDTHH:MM:SS with an offset"));
    }
    let expect = |i: usize, chars: &[u8]| -> Result<(), VersionError> {
        if chars.contains(&b[i]) {
            Ok(())
        } else {
            Err(err(&format!(
                "expected {:?} at byte {i}",
                chars.iter().map(|c| *c as char).collect::<String>()
            )))
        }
    };
    let year = num(0..4)?;
    expect(4, b"-")?;
    let month = num(5..7)?;
    expect(7, b"-")?;
    let day = num(8..10)?;
    expect(10, b"Tt")?;
    let hour = num(11..13)?;
    expect(13, b":")?;
    let minute = num(14..16)?;
    expect(16, b":")?;
    let second = num(17..19)?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(err("month out of range")),
    };
    if !(1..=month_days).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return Err(err("date or time out of range"));
    }
    let mut i = 19;
    let mut fraction = "";
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(err("empty fraction of a second"));
        }
        fraction = text[start..i].trim_end_matches('0');
    }
    let offset = match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
            let h = num(i + 1..i + 3)?;
            let m = num(i + 4..i + 6)?;
            if h > 23 || m > 59 {
                return Err(err("offset out of range"));
            }
            let minutes = h * 60 + m;
            if *sign == b'+' { minutes } else { -minutes }
        }
        _ => return Err(err("expected `Z` or an offset `+HH:MM` at the end")),
    };
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset * 60;
    Ok(Instant { seconds, fraction })
}

impl VersionScheme for Datetime {
    fn name(&self) -> &'static str {
        "datetime"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        parse(version).map(|_| ())
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        let (x, y) = (parse(a)?, parse(b)?);
        // Fractions with trailing zeros removed compare as digit strings.
        Ok(x.seconds
            .cmp(&y.seconds)
            .then_with(|| x.fraction.cmp(y.fraction)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants() {
        let c = |a, b| Datetime.compare(a, b).expect("valid");
        assert_eq!(
            c("2024-01-01T00:00:00Z", "2023-12-31T19:00:00-05:00"),
            Ordering::Equal
        );
        assert_eq!(
            c("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000Z"),
            Ordering::Equal
        );
        assert_eq!(
            c("2024-01-01T00:00:00.09Z", "2024-01-01T00:00:00.123Z"),
            Ordering::Less
        );
        assert_eq!(
            c("2024-02-29T00:00:00Z", "2024-03-01T00:00:00+23:59"),
            Ordering::Less
        );
        for bad in [
            "2024-01-01",
            "2024-01-01T00:00:00",
            "2023-02-29T00:00:00Z",
            "2024-01-01 00:00:00Z",
            "x",
        ] {
            assert!(Datetime.validate(bad).is_err(), "{bad}");
        }
    }
}

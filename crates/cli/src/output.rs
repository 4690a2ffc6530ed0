//! Everything the CLI writes goes through here: data to stdout, messages to stderr, and the
//! batch loop that answers one input line with one output line and never stops on a bad line.

use std::io::{self, BufRead, BufWriter, Write};

use serde_json::Value;

/// Writes one line of data to stdout.
pub fn line(text: &str) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Writes a JSON value as one line to stdout.
pub fn json(value: &Value) -> io::Result<()> {
    line(&value.to_string())
}

/// Writes an error message to stderr (`error: ...`).
pub fn error(message: &str) {
    let stderr = io::stderr();
    let mut err = stderr.lock();
    // Nothing sensible is left to do when stderr itself is gone.
    let _ = writeln!(err, "error: {message}");
}

/// Writes a message about the data to stderr (`<kind>: ...`), e.g. what a conversion could not
/// carry over.
pub fn note(kind: &str, message: &str) {
    let stderr = io::stderr();
    let mut err = stderr.lock();
    // Nothing sensible is left to do when stderr itself is gone.
    let _ = writeln!(err, "{kind}: {message}");
}

/// True when `err` is a closed stdout (`medcyber ... | head`): the command ends quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// How a batch answers a line it cannot process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchErrors {
    /// `error: <message>`.
    Text,
    /// `{"error": "<message>"}`.
    Json,
}

/// Reads stdin line by line, answers each with `answer`, and writes one output line per input
/// line. A failing line is answered with its error in the requested form; the batch goes on.
/// Blank lines are answered too, so output line N always belongs to input line N.
pub fn batch(
    errors: BatchErrors,
    mut answer: impl FnMut(&str) -> Result<String, String>,
) -> anyhow::Result<()> {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        let result = match std::str::from_utf8(&buf) {
            Ok(text) => answer(text),
            Err(e) => Err(format!(
                "input line is not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            )),
        };
        match result {
            Ok(text) => out.write_all(text.as_bytes())?,
            Err(message) => match errors {
                BatchErrors::Text => write!(out, "error: {}", message.replace('\n', " "))?,
                BatchErrors::Json => write!(out, "{}", serde_json::json!({ "error": message }))?,
            },
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Splits a batch line at its first tab into two fields.
pub fn two_fields(line: &str) -> Result<(&str, &str), String> {
    line.split_once('\t')
        .ok_or_else(|| "expected two fields separated by a tab".to_owned())
}

//! Enumerating the inputs of a feed: a file, a directory tree, or a zip archive, in a stable
//! (sorted) order, with a per-record size limit so an archive entry cannot exhaust memory.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::{FeedError, Origin};

/// The largest single record (file or archive entry) read: 256 MiB.
pub const MAX_RECORD_BYTES: u64 = 256 * 1024 * 1024;

/// One input file's bytes and origin.
#[derive(Debug)]
pub struct Entry {
    /// Where it came from.
    pub origin: Origin,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Every regular file under `path` (or `path` itself), sorted, whose name passes `accept`.
pub fn files(path: &Path, accept: &dyn Fn(&Path) -> bool) -> Result<Vec<PathBuf>, FeedError> {
    let meta = fs::metadata(path)
        .map_err(|e| FeedError::new(Origin::file(path), format!("cannot read: {e}")))?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = fs::read_dir(&dir)
            .map_err(|e| FeedError::new(Origin::file(&dir), format!("cannot list: {e}")))?;
        for entry in entries {
            let entry = entry
                .map_err(|e| FeedError::new(Origin::file(&dir), format!("cannot list: {e}")))?;
            let p = entry.path();
            let kind = entry
                .file_type()
                .map_err(|e| FeedError::new(Origin::file(&p), format!("cannot stat: {e}")))?;
            if kind.is_dir() {
                // Skip VCS metadata.
                if p.file_name().is_some_and(|n| n == ".git") {
                    continue;
                }
                stack.push(p);
            } else if kind.is_file() && accept(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Reads a file, refusing files over [`MAX_RECORD_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, FeedError> {
    let origin = Origin::file(path);
    let file = fs::File::open(path)
        .map_err(|e| FeedError::new(origin.clone(), format!("cannot open: {e}")))?;
    read_limited(file, &origin)
}

fn read_limited(reader: impl Read, origin: &Origin) -> Result<Vec<u8>, FeedError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| FeedError::new(origin.clone(), format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(FeedError::new(
            origin.clone(),
            format!("larger than the {MAX_RECORD_BYTES}-byte record limit"),
        ));
    }
    Ok(bytes)
}

/// True when `path` names a zip archive (by its magic number).
pub fn is_zip(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .map(|_| magic == *b"PK\x03\x04")
        .unwrap_or(false)
}

/// Calls `each` with every entry of a zip archive whose name passes `accept`, in archive order.
/// A broken entry is reported through `each` as an error and the walk goes on.
pub fn zip_entries(
    path: &Path,
    accept: &dyn Fn(&str) -> bool,
    each: &mut dyn FnMut(Result<Entry, FeedError>),
) -> Result<(), FeedError> {
    let origin = Origin::file(path);
    let file = fs::File::open(path)
        .map_err(|e| FeedError::new(origin.clone(), format!("cannot open: {e}")))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| FeedError::new(origin.clone(), format!("not a readable zip archive: {e}")))?;
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(entry) => entry,
            Err(e) => {
                each(Err(FeedError::new(
                    origin.clone(),
                    format!("entry {i}: {e}"),
                )));
                continue;
            }
        };
        let name = match entry.name() {
            Ok(name) => name.into_owned(),
            Err(e) => {
                each(Err(FeedError::new(
                    origin.clone(),
                    format!("entry {i}: invalid name: {e}"),
                )));
                continue;
            }
        };
        if entry.is_dir() || !accept(&name) {
            continue;
        }
        let entry_origin = Origin {
            entry: Some(name),
            ..origin.clone()
        };
        if entry.size() > MAX_RECORD_BYTES {
            each(Err(FeedError::new(
                entry_origin,
                format!("declares {} bytes, over the record limit", entry.size()),
            )));
            continue;
        }
        match read_limited(&mut entry, &entry_origin) {
            Ok(bytes) => each(Ok(Entry {
                origin: entry_origin,
                bytes,
            })),
            Err(e) => each(Err(e)),
        }
    }
    Ok(())
}

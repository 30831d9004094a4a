//! cleaner's compiled core, driven from Python (`cleaner._core`).
//!
//! The Python package holds the front (command, API, rule loading, integrations); the core
//! holds the loops that run once per character or per segment. Every function here takes
//! whole texts and answers in character offsets, as Python counts them. Text that Python
//! holds but that isn't valid Unicode (lone surrogates) is read with each surrogate as
//! U+FFFD, so that offsets stay the same; nothing here can panic on any input.

mod chars;
mod seams;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use seams::{classify, Glue, View};

/// The characters of a Python str, a lone surrogate read as U+FFFD (one character for one,
/// so that offsets are Python's).
fn chars_of(text: &Bound<'_, PyString>) -> Vec<char> {
    if let Ok(valid) = text.to_str() {
        return valid.chars().collect();
    }
    let encoded = text.call_method1("encode", ("utf-8", "surrogatepass"));
    let bytes = match encoded.as_ref().map(|b| b.cast::<PyBytes>()) {
        Ok(Ok(bytes)) => bytes.as_bytes(),
        _ => return text.to_string_lossy().chars().collect(),
    };
    let mut chars = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                chars.extend(valid.chars());
                return chars;
            }
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                chars.extend(std::str::from_utf8(valid).unwrap_or_default().chars());
                chars.push(char::REPLACEMENT_CHARACTER);
                // A surrogate is three bytes in "surrogatepass" UTF-8.
                rest = after.get(3..).unwrap_or_default();
            }
        }
    }
}

/// Cut a line at its seams: (offset, piece, glued) for each non-empty piece, offsets in
/// characters. `glued`: the piece was cut out of a run of glued page elements.
#[pyfunction]
#[pyo3(signature = (text, min_seams, min_seams_per_word, max_pieces))]
fn split_glued(
    text: &Bound<'_, PyString>,
    min_seams: usize,
    min_seams_per_word: f64,
    max_pieces: usize,
) -> Vec<(usize, String, bool)> {
    let c = chars_of(text);
    let f = classify(&c);
    let glue = Glue { min_seams, min_seams_per_word, max_pieces: max_pieces.max(1) };
    glue.split(&View { c: &c, f: &f })
        .into_iter()
        .map(|(a, b, glued)| (a, c[a..b].iter().collect(), glued))
        .collect()
}

/// Whether a line has a seam anywhere (most lines have none: they are one segment).
#[pyfunction]
fn has_seam(text: &Bound<'_, PyString>) -> bool {
    let c = chars_of(text);
    let f = classify(&c);
    seams::has_seam(&View { c: &c, f: &f })
}

/// Space-separated tokens; in scripts written without spaces, about two characters each.
#[pyfunction]
fn count_words(text: &Bound<'_, PyString>) -> usize {
    chars::count_words(&chars_of(text))
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(split_glued, m)?)?;
    m.add_function(wrap_pyfunction!(has_seam, m)?)?;
    m.add_function(wrap_pyfunction!(count_words, m)?)?;
    Ok(())
}

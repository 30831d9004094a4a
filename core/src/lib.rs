//! cleaner's compiled core, driven from Python (`cleaner._core`).
//!
//! The Python package holds the front (command, API, rule loading, integrations); the core
//! holds the loops that run once per character or per segment. Every function here takes
//! whole texts and answers in character offsets, as Python counts them. Text that Python
//! holds but that isn't valid Unicode (lone surrogates) is read with each surrogate as
//! U+FFFD, so that offsets stay the same; nothing here can panic on any input.

mod chars;
mod doc;
mod fold_table;
mod patterns;
mod program;
mod rules;
mod scorer;
mod screen;
mod seams;
mod segment;

use std::sync::OnceLock;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use seams::Glue;

/// The text of a Python str that holds lone surrogates, each read as U+FFFD (one character
/// for one, so that offsets are Python's).
pub(crate) fn text_with_surrogates(text: &Bound<'_, PyString>) -> String {
    let encoded = text.call_method1("encode", ("utf-8", "surrogatepass"));
    let bytes = match encoded.as_ref().map(|b| b.cast::<PyBytes>()) {
        Ok(Ok(bytes)) => bytes.as_bytes(),
        _ => return text.to_string_lossy().into_owned(),
    };
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
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
    let read = segment::LineText::new(text);
    let glue = Glue {
        min_seams,
        min_seams_per_word,
        max_pieces: max_pieces.max(1),
    };
    glue.split(&read.view())
        .into_iter()
        .map(|(a, b, glued)| (a, read.piece(a, b).into_owned(), glued))
        .collect()
}

/// A text's lines, normalised (see core/src/doc.rs).
#[pyfunction]
fn normalise(text: &Bound<'_, PyString>) -> Vec<String> {
    doc::normalise(segment::LineText::new(text).str())
}

/// The match key of whitespace-normalised text (see core/src/segment.rs).
#[pyfunction]
fn key_of<'py>(text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyString>> {
    segment::key_of(text, segment::LineText::new(text).str())
}

/// Whether `text` holds surrogates (which no UTF-8 text can): read as UTF-8 once, which the
/// core reads it as anyway (Python keeps that reading with the str).
#[pyfunction]
fn has_surrogates(text: &Bound<'_, PyString>) -> bool {
    text.to_str().is_err()
}

/// A teaser headline's shape (see core/src/rules.rs).
#[pyfunction]
fn looks_like_headline(segment: &Bound<'_, segment::Segment>) -> PyResult<bool> {
    Ok(rules::looks_like_headline(
        &segment.borrow().seg(segment.py())?,
    ))
}

/// A rule file's regular expression (RE2's syntax and meaning; see core/src/patterns.rs),
/// matched in time linear in the text. Offsets are in characters. It is checked when made
/// and compiled on first use: loading a rule book checks every pattern, and most of them are
/// only ever matched as part of a set.
#[pyclass(module = "cleaner._core", frozen)]
pub struct Pattern {
    regex: OnceLock<Result<regex::Regex, String>>,
    whole: OnceLock<Result<regex::Regex, String>>,
    /// The pattern as the rule file wrote it.
    #[pyo3(get)]
    pattern: String,
}

impl Pattern {
    pub(crate) fn regex(&self) -> PyResult<&regex::Regex> {
        let made = self.regex.get_or_init(|| patterns::compile(&self.pattern));
        made.as_ref().map_err(|e| PyValueError::new_err(e.clone()))
    }

    fn whole(&self) -> PyResult<&regex::Regex> {
        let made = self
            .whole
            .get_or_init(|| patterns::compile_whole(&self.pattern));
        made.as_ref().map_err(|e| PyValueError::new_err(e.clone()))
    }
}

#[pymethods]
impl Pattern {
    #[new]
    fn py_new(pattern: String) -> PyResult<Self> {
        patterns::check(&pattern).map_err(PyValueError::new_err)?;
        Ok(Pattern {
            regex: OnceLock::new(),
            whole: OnceLock::new(),
            pattern,
        })
    }

    /// Number of capturing groups.
    #[getter]
    fn groups(&self) -> PyResult<usize> {
        Ok(self.regex()?.captures_len() - 1)
    }

    /// Whether the pattern matches all of `text`.
    fn fullmatch(&self, text: &Bound<'_, PyString>) -> PyResult<bool> {
        Ok(self.whole()?.is_match(segment::LineText::new(text).str()))
    }

    /// Whether the pattern occurs anywhere in `text`.
    fn search(&self, text: &Bound<'_, PyString>) -> PyResult<bool> {
        Ok(self.regex()?.is_match(segment::LineText::new(text).str()))
    }

    /// (start, end) of every match, left to right, not overlapping: the span of the first
    /// group when the pattern has one (matches where it took no part are left out).
    fn spans(&self, text: &Bound<'_, PyString>) -> PyResult<Vec<(usize, usize)>> {
        Ok(patterns::char_spans(
            self.regex()?,
            segment::LineText::new(text).str(),
        ))
    }

    fn __repr__(&self) -> String {
        format!("Pattern({:?})", self.pattern)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((slf.get_type().into_any(), (slf.get().pattern.clone(),)))
    }
}

/// Patterns searched for anywhere in a text, together in one pass: which of them occur.
#[pyclass(module = "cleaner._core", frozen)]
struct SearchSet {
    set: regex::RegexSet,
    sources: Vec<String>,
}

#[pymethods]
impl SearchSet {
    #[new]
    fn py_new(sources: Vec<String>) -> PyResult<Self> {
        let set = patterns::compile_set(&sources, false).map_err(PyValueError::new_err)?;
        Ok(SearchSet { set, sources })
    }

    /// Indices of the patterns found in `text`, in ascending order.
    fn matches(&self, text: &Bound<'_, PyString>) -> Vec<usize> {
        self.set
            .matches(segment::LineText::new(text).str())
            .into_iter()
            .collect()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Vec<String>,))> {
        Ok((slf.get_type().into_any(), (slf.get().sources.clone(),)))
    }
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(split_glued, m)?)?;
    m.add_function(wrap_pyfunction!(normalise, m)?)?;
    m.add_function(wrap_pyfunction!(key_of, m)?)?;
    m.add_function(wrap_pyfunction!(has_surrogates, m)?)?;
    m.add_function(wrap_pyfunction!(looks_like_headline, m)?)?;
    m.add_class::<segment::Segment>()?;
    m.add_class::<Pattern>()?;
    m.add_class::<SearchSet>()?;
    m.add_class::<screen::PyScreen>()?;
    m.add_class::<doc::Doc>()?;
    m.add_class::<program::Program>()?;
    m.add_class::<scorer::Forest>()?;
    m.add_class::<scorer::StopWords>()?;
    m.add_function(wrap_pyfunction!(scorer::line_feature_names, m)?)?;
    m.add_function(wrap_pyfunction!(scorer::line_features, m)?)?;
    m.add_function(wrap_pyfunction!(scorer::py_main_run_body, m)?)?;
    m.add_function(wrap_pyfunction!(scorer::window_means, m)?)?;
    m.add_function(wrap_pyfunction!(scorer::nearest_distance, m)?)?;
    Ok(())
}

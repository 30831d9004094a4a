//! Lines → segments: the pieces of every line, each with the features the rules read.
//!
//! A segment is a span of one input line: the whole line, or a piece of it when the line is
//! glued together from several page elements or when a strip rule cut a span out of it. Its
//! features (match key, word count, whether it reads as a sentence) are worked out once, here.

use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::chars::{count_words, is_alnum};
use crate::fold_table::FOLDS;
use std::borrow::Cow;

use crate::seams::View;

/// A kept sentence this long is body text.
pub const BODY_MIN_WORDS: usize = 12;
/// What a marker line may end in and still match its phrase ("Lesen Sie auch!", "More »").
const MARKER_ENDS: &[char] = &[' ', ':', '!', '…', '»', '›'];
const QUOTE_PAIRS: &[(char, char)] = &[
    ('’', '\''),
    ('‘', '\''),
    ('ʼ', '\''),
    ('“', '"'),
    ('”', '"'),
    ('„', '"'),
];
const TERMINALS: &[char] = &['.', '!', '?', '…', ':', ';', '。', '！', '？'];
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '」', '』', '）'];

/// A span of one input line, with the rule hits that decide whether it is kept.
#[pyclass(module = "cleaner._core", name = "Segment")]
pub struct Segment {
    #[pyo3(get)]
    text: Py<PyString>,
    /// 1-based line number in the input.
    #[pyo3(get, set)]
    line: usize,
    /// Offset of the span in the normalised line, in characters.
    #[pyo3(get, set)]
    start: usize,
    /// A blank line separates it from the previous line.
    #[pyo3(get, set)]
    gap_before: bool,
    /// Cut out of a run of glued page elements (menus, footers).
    #[pyo3(get, set)]
    glued: bool,
    #[pyo3(get, set)]
    hits: Py<PyList>,
    /// How phrases and duplicates are compared: case, quote style and marker ends don't count.
    #[pyo3(get)]
    key: Py<PyString>,
    #[pyo3(get)]
    words: usize,
    #[pyo3(get)]
    is_sentence: bool,
}

#[pymethods]
impl Segment {
    #[new]
    #[pyo3(signature = (text, line, start=0, gap_before=false, glued=false, hits=None))]
    fn py_new(
        text: &Bound<'_, PyString>,
        line: usize,
        start: usize,
        gap_before: bool,
        glued: bool,
        hits: Option<Bound<'_, PyList>>,
    ) -> PyResult<Self> {
        let py = text.py();
        let hits = hits.unwrap_or_else(|| PyList::empty(py));
        let read = LineText::new(text);
        Segment::made(text, read.str(), line, start, gap_before, glued, hits)
    }

    #[getter]
    fn kept(&self, py: Python<'_>) -> bool {
        self.hits.bind(py).is_empty()
    }

    /// Reads as a paragraph of body text: a sentence of BODY_MIN_WORDS words or more.
    #[getter]
    fn is_body(&self) -> bool {
        self.is_sentence && self.words >= BODY_MIN_WORDS
    }

    /// Pickled as the arguments that make it again (its features are worked out anew).
    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(
        Bound<'py, PyAny>,
        (Py<PyString>, usize, usize, bool, bool, Py<PyList>),
    )> {
        let py = slf.py();
        let this = slf.borrow();
        let hits = PyList::new(py, this.hits.bind(py).iter())?.unbind();
        let args = (
            this.text.clone_ref(py),
            this.line,
            this.start,
            this.gap_before,
            this.glued,
            hits,
        );
        Ok((slf.get_type().into_any(), args))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Segment(text={}, line={}, start={}, gap_before={}, glued={}, hits={})",
            self.text.bind(py).repr()?,
            self.line,
            self.start,
            if self.gap_before { "True" } else { "False" },
            if self.glued { "True" } else { "False" },
            self.hits.bind(py).repr()?,
        ))
    }
}

impl Segment {
    pub fn key<'py>(&self, py: Python<'py>) -> &Bound<'py, PyString> {
        self.key.bind(py)
    }

    pub fn text<'py>(&self, py: Python<'py>) -> &Bound<'py, PyString> {
        self.text.bind(py)
    }

    fn made(
        text: &Bound<'_, PyString>,
        read: &str,
        line: usize,
        start: usize,
        gap_before: bool,
        glued: bool,
        hits: Bound<'_, PyList>,
    ) -> PyResult<Self> {
        let words = count_words(read.chars());
        Ok(Segment {
            text: text.clone().unbind(),
            line,
            start,
            gap_before,
            glued,
            hits: hits.unbind(),
            key: key_of(text, read)?.unbind(),
            words,
            is_sentence: words >= 4 && ends_sentence(read),
        })
    }

    /// The segment of a document's `seg`, as Python sees it (its hits made Hit objects).
    pub fn of(py: Python<'_>, seg: &crate::doc::Seg) -> PyResult<Self> {
        let hits = PyList::empty(py);
        for hit in &seg.hits {
            hits.append(hit.object(py)?)?;
        }
        Ok(Segment {
            text: PyString::new(py, &seg.text).unbind(),
            line: seg.line,
            start: seg.start,
            gap_before: seg.gap_before,
            glued: seg.glued,
            hits: hits.unbind(),
            key: PyString::new(py, &seg.key).unbind(),
            words: seg.words,
            is_sentence: seg.is_sentence,
        })
    }

    /// A document's segment made of this one (its hits kept as they are).
    pub fn seg(&self, py: Python<'_>) -> PyResult<crate::doc::Seg> {
        let hits = self.hits.bind(py);
        Ok(crate::doc::Seg {
            text: LineText::new(self.text.bind(py)).str().to_string(),
            key: LineText::new(self.key.bind(py)).str().to_string(),
            line: self.line,
            start: self.start,
            gap_before: self.gap_before,
            glued: self.glued,
            words: self.words,
            is_sentence: self.is_sentence,
            hits: hits
                .iter()
                .map(|hit| crate::doc::HitRef::Object(hit.unbind()))
                .collect(),
        })
    }
}

/// The match key of whitespace-normalised text: curly quotes made straight, case folded as
/// Python's `str.casefold` does (full folding: "ß" → "ss"), marker ends taken off.
pub fn key_of<'py>(text: &Bound<'py, PyString>, read: &str) -> PyResult<Bound<'py, PyString>> {
    Ok(PyString::new(text.py(), &key_text(read)))
}

/// The match key of `read` (see key_of), as a Rust string. Case is folded by Python's
/// table (core/src/fold_table.rs), so that keys are the same as `str.casefold` makes them.
pub fn key_text(read: &str) -> String {
    let mut folded = String::with_capacity(read.len());
    let bytes = read.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A run of ASCII, lower-cased in place; then one character outside ASCII.
        let end = bytes[i..]
            .iter()
            .position(|&b| b >= 0x80)
            .map_or(bytes.len(), |n| i + n);
        let from = folded.len();
        folded.push_str(&read[i..end]);
        folded[from..].make_ascii_lowercase();
        i = end;
        let Some(c) = read[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if let Some(&(_, straight)) = QUOTE_PAIRS.iter().find(|(curly, _)| *curly == c) {
            folded.push(straight);
        } else {
            match FOLDS.binary_search_by_key(&c, |&(from, _)| from) {
                Ok(at) => folded.push_str(FOLDS[at].1),
                Err(_) => folded.push(c),
            }
        }
    }
    folded.truncate(folded.trim_end_matches(MARKER_ENDS).len());
    folded
}

/// Ends in terminal punctuation, but not like an excerpt cut off mid-text ("…was kil...").
pub fn ends_sentence(text: &str) -> bool {
    let core = text.trim_end_matches(CLOSERS);
    if !core
        .chars()
        .next_back()
        .is_some_and(|c| TERMINALS.contains(&c))
    {
        return false;
    }
    let before = |tail: &str| text[..text.len() - tail.len()].chars().next_back();
    if text.ends_with("...") {
        return !before("...").is_some_and(is_alnum);
    }
    if text.ends_with('…') {
        return !before("…").is_some_and(is_alnum);
    }
    true
}

/// A Python str as the scanners read it: an ASCII one in place, any other as its characters
/// (a lone surrogate read as U+FFFD).
pub struct LineText<'a> {
    text: Cow<'a, str>,
    chars: Option<(Vec<char>, Vec<u8>)>,
}

impl<'a> LineText<'a> {
    pub fn new(line: &'a Bound<'_, PyString>) -> Self {
        match line.to_str() {
            Ok(text) => LineText::of(Cow::Borrowed(text)),
            Err(_) => LineText::of(Cow::Owned(crate::text_with_surrogates(line))),
        }
    }

    pub fn of(text: Cow<'a, str>) -> Self {
        let chars = if text.is_ascii() {
            None
        } else {
            Some(crate::seams::chars_and_classes(&text))
        };
        LineText { text, chars }
    }

    pub fn view(&self) -> View<'_> {
        match &self.chars {
            None => View::Ascii(self.text.as_bytes()),
            Some((chars, classes)) => View::Wide(chars, classes),
        }
    }

    pub fn str(&self) -> &str {
        &self.text
    }

    /// Characters `a` to `b`.
    pub fn piece(&self, a: usize, b: usize) -> Cow<'_, str> {
        match &self.chars {
            None => Cow::Borrowed(&self.text[a..b]),
            Some((chars, _)) => Cow::Owned(chars[a..b].iter().collect()),
        }
    }
}

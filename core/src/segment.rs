//! Lines → segments: the pieces of every line, each with the features the rules read.
//!
//! A segment is a span of one input line: the whole line, or a piece of it when the line is
//! glued together from several page elements or when a strip rule cut a span out of it. Its
//! features (match key, word count, whether it reads as a sentence) are worked out once, here.

use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::chars::{count_words, is_alnum};
use crate::seams::{classify, Glue, View};

/// A kept sentence this long is body text.
const BODY_MIN_WORDS: usize = 12;
/// What a marker line may end in and still match its phrase ("Lesen Sie auch!", "More »").
const MARKER_ENDS: &[char] = &[' ', ':', '!', '…', '»', '›'];
const QUOTE_PAIRS: &[(char, char)] =
    &[('’', '\''), ('‘', '\''), ('ʼ', '\''), ('“', '"'), ('”', '"'), ('„', '"')];
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
        Segment::made(text, &crate::chars_of(text), line, start, gap_before, glued, hits)
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
        chars: &[char],
        line: usize,
        start: usize,
        gap_before: bool,
        glued: bool,
        hits: Bound<'_, PyList>,
    ) -> PyResult<Self> {
        let words = count_words(chars);
        Ok(Segment {
            text: text.clone().unbind(),
            line,
            start,
            gap_before,
            glued,
            hits: hits.unbind(),
            key: key_of(text, chars)?.unbind(),
            words,
            is_sentence: words >= 4 && ends_sentence(chars),
        })
    }
}

/// The match key of whitespace-normalised text: curly quotes made straight, case folded as
/// Python's `str.casefold` does (full folding: "ß" → "ss"), marker ends taken off.
pub fn key_of<'py>(text: &Bound<'py, PyString>, chars: &[char]) -> PyResult<Bound<'py, PyString>> {
    let py = text.py();
    let mut folded: Vec<char> = if chars.is_ascii() {
        chars.iter().map(|c| c.to_ascii_lowercase()).collect()
    } else {
        let straight: String = chars
            .iter()
            .map(|&c| QUOTE_PAIRS.iter().find(|(curly, _)| *curly == c).map_or(c, |p| p.1))
            .collect();
        let casefolded = PyString::new(py, &straight).call_method0("casefold")?;
        casefolded.cast::<PyString>()?.to_str()?.chars().collect()
    };
    while folded.last().is_some_and(|c| MARKER_ENDS.contains(c)) {
        folded.pop();
    }
    Ok(PyString::new(py, &folded.iter().collect::<String>()))
}

trait Ascii {
    fn is_ascii(&self) -> bool;
}

impl Ascii for [char] {
    fn is_ascii(&self) -> bool {
        self.iter().all(char::is_ascii)
    }
}

/// Ends in terminal punctuation, but not like an excerpt cut off mid-text ("…was kil...").
fn ends_sentence(text: &[char]) -> bool {
    let mut core = text.len();
    while core > 0 && CLOSERS.contains(&text[core - 1]) {
        core -= 1;
    }
    if core == 0 || !TERMINALS.contains(&text[core - 1]) {
        return false;
    }
    let n = text.len();
    if text.ends_with(&['.', '.', '.']) {
        return !(n >= 4 && is_alnum(text[n - 4]));
    }
    if text.ends_with(&['…']) {
        return !(n >= 2 && is_alnum(text[n - 2]));
    }
    true
}

/// Segments of `lines` (1-based line numbers). `carved`: (0-based index, spans) of the lines
/// that strip rules looked at, in order, with the spans they cut out as (start, end, hit), in
/// order and not overlapping. Each span becomes a segment of its own holding its hit; the rest
/// of such a line, and every line with a seam, is cut into stripped pieces at its seams. Any
/// other line is one segment, as it is.
pub fn segment<'py>(
    lines: &Bound<'py, PyList>,
    carved: &Bound<'py, PyList>,
    glue: &Glue,
) -> PyResult<Bound<'py, PyList>> {
    let py = lines.py();
    let mut carved = carved.iter().peekable();
    let segments = PyList::empty(py);
    let mut gap = false;
    for (index, item) in lines.iter().enumerate() {
        let line = item.cast_into::<PyString>()?;
        let mut cuts: Option<Vec<(usize, usize, Bound<'py, PyAny>)>> = None;
        if let Some(entry) = carved.peek() {
            let (at, spans): (usize, Vec<(usize, usize, Bound<'py, PyAny>)>) = entry.extract()?;
            if at == index {
                cuts = Some(spans);
                carved.next();
            }
        }
        if line.to_str().is_ok_and(str::is_empty) {
            gap = !segments.is_empty();
            continue;
        }
        let chars = crate::chars_of(&line);
        let classes = classify(&chars);
        let view = View { c: &chars, f: &classes };
        let number = index + 1;
        if cuts.is_none() && !crate::seams::has_seam(&view) {
            let made = Segment::made(&line, &chars, number, 0, gap, false, PyList::empty(py))?;
            segments.append(Py::new(py, made)?)?;
            gap = false;
            continue;
        }
        let end = chars.len();
        let mut position = 0;
        let spans = cuts.unwrap_or_default().into_iter().map(|(a, b, h)| (a, b, Some(h)));
        for (a, b, hit) in spans.chain([(end, end, None)]) {
            let (a, b) = (a.clamp(position, end), b.min(end));
            for (x, y, glued) in glue.split(&view.slice(position, a)) {
                let (x, y) = (position + x, position + y);
                let text = if x == 0 && y == end { line.clone() } else { piece(py, &chars[x..y]) };
                let hits = PyList::empty(py);
                let made = Segment::made(&text, &chars[x..y], number, x, gap, glued, hits)?;
                segments.append(Py::new(py, made)?)?;
                gap = false;
            }
            if let Some(hit) = hit {
                if let Some((x, y)) = crate::seams::strip(&view.slice(a, b.max(a))) {
                    let span = &chars[a + x..a + y];
                    let hits = PyList::new(py, [hit])?;
                    let made = Segment::made(&piece(py, span), span, number, a, gap, false, hits)?;
                    segments.append(Py::new(py, made)?)?;
                    gap = false;
                }
            }
            position = b.max(position);
        }
    }
    Ok(segments)
}

fn piece<'py>(py: Python<'py>, chars: &[char]) -> Bound<'py, PyString> {
    PyString::new(py, &chars.iter().collect::<String>())
}

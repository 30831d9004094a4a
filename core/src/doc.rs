//! The document as the core holds it: its lines, and its segments as plain Rust values.
//!
//! A page of text becomes one `Doc` in one call: lines, segments, their features and every
//! verdict of the rules stay in the core, and Python gets the kept text back as one string.
//! Python `Segment` objects (core/src/segment.rs) are made only when something asks for
//! them: `--explain`, `--check`, metadata, a later pass.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::seams::{has_seam, strip, words_and_seam_candidates, Glue};
use crate::segment::{ends_sentence, key_text, LineText, Segment};

/// One rule's verdict on a segment: a Hit object of the Python front (shared by every
/// segment a rule takes without a detail), or a rule's Hit with a detail of its own.
pub enum HitRef {
    Object(Py<PyAny>),
    Detail(Py<PyAny>, String),
}

impl HitRef {
    /// The rule's hit, with `detail` when there is one.
    pub fn new(py: Python<'_>, bare: &Py<PyAny>, detail: String) -> Self {
        if detail.is_empty() {
            HitRef::Object(bare.clone_ref(py))
        } else {
            HitRef::Detail(bare.clone_ref(py), detail)
        }
    }

    /// As Python sees it: a `cleaner.document.Hit`.
    pub fn object(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            HitRef::Object(hit) => Ok(hit.clone_ref(py)),
            HitRef::Detail(bare, detail) => {
                let bare = bare.bind(py);
                let made = bare.get_type().call1((
                    bare.getattr("code")?,
                    bare.getattr("name")?,
                    detail.as_str(),
                ))?;
                Ok(made.unbind())
            }
        }
    }
}

/// A span of one input line, with its features and the rule hits that decide whether it is
/// kept (see core/src/segment.rs for what each feature means).
pub struct Seg {
    pub text: String,
    pub key: String,
    /// 1-based line number in the input.
    pub line: usize,
    /// Offset of the span in the normalised line, in characters.
    pub start: usize,
    pub gap_before: bool,
    pub glued: bool,
    pub words: usize,
    pub is_sentence: bool,
    pub hits: Vec<HitRef>,
}

impl Seg {
    /// `words`: its words as chars::count_words counts them.
    pub fn new(
        text: Cow<'_, str>,
        words: usize,
        line: usize,
        start: usize,
        gap_before: bool,
        glued: bool,
        hits: Vec<HitRef>,
    ) -> Self {
        Seg {
            key: key_text(&text),
            is_sentence: words >= 4 && ends_sentence(&text),
            text: text.into_owned(),
            line,
            start,
            gap_before,
            glued,
            words,
            hits,
        }
    }

    #[inline]
    pub fn kept(&self) -> bool {
        self.hits.is_empty()
    }

    /// A sentence of BODY_MIN_WORDS words or more.
    #[inline]
    pub fn is_body(&self) -> bool {
        self.is_sentence && self.words >= crate::segment::BODY_MIN_WORDS
    }
}

/// The spans strip rules cut out of one line: (start, end, hit) in characters, in order and
/// not overlapping.
pub type Cuts = Vec<(usize, usize, HitRef)>;

/// The segments of `lines` (1-based line numbers). `cuts(index, line, non-blank count)`: the
/// spans strip rules cut out of a line, each a segment of its own holding its hit; the rest
/// of such a line, and every line with a seam, is cut into stripped pieces at its seams. Any
/// other line is one segment, as it is.
pub fn segment(
    lines: &[String],
    glue: &Glue,
    mut cuts: impl FnMut(&str, usize) -> Option<Cuts>,
) -> Vec<Seg> {
    let mut segs = Vec::new();
    let mut gap = false;
    let mut nonblank = 0;
    for (index, line) in lines.iter().enumerate() {
        if line.is_empty() {
            gap = !segs.is_empty();
            continue;
        }
        nonblank += 1;
        let number = index + 1;
        let cut = cuts(line, nonblank);
        // Most lines have no seam: one pass tells, without reading them as characters.
        let (words, candidate) = words_and_seam_candidates(line);
        let read = (cut.is_some() || candidate).then(|| LineText::of(Cow::Borrowed(line.as_str())));
        let Some(read) = read.filter(|read| cut.is_some() || has_seam(&read.view())) else {
            segs.push(Seg::new(
                Cow::Borrowed(line),
                words,
                number,
                0,
                gap,
                false,
                vec![],
            ));
            gap = false;
            continue;
        };
        let view = read.view();
        let end = view.len();
        let mut position = 0;
        let spans = cut
            .unwrap_or_default()
            .into_iter()
            .map(|(a, b, h)| (a, b, Some(h)));
        for (a, b, hit) in spans.chain([(end, end, None)]) {
            let (a, b) = (a.clamp(position, end), b.min(end));
            for (x, y, glued) in glue.split(&view.slice(position, a)) {
                let (x, y) = (position + x, position + y);
                let words = view.slice(x, y).count_words();
                segs.push(Seg::new(
                    read.piece(x, y),
                    words,
                    number,
                    x,
                    gap,
                    glued,
                    vec![],
                ));
                gap = false;
            }
            if let Some(hit) = hit {
                if let Some((x, y)) = strip(&view.slice(a, b.max(a))) {
                    let (piece, words) = (
                        read.piece(a + x, a + y),
                        view.slice(a + x, a + y).count_words(),
                    );
                    segs.push(Seg::new(piece, words, number, a, gap, false, vec![hit]));
                    gap = false;
                }
            }
            position = b.max(position);
        }
    }
    segs
}

/// A text's lines (`str.splitlines()`: every Unicode line break, "\r\n" as one), each with
/// every run of white space (`str.isspace()`) folded to one space and trimmed; a leading
/// byte-order mark dropped. Runs of other characters are copied whole: only the bytes that
/// may begin a line break or a space outside ASCII are decoded.
pub fn normalise(whole: &str) -> Vec<String> {
    let whole = whole.strip_prefix('\u{feff}').unwrap_or(whole);
    let bytes = whole.as_bytes();
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut space = false;
    let mut open = false; // a line has begun since the last break
    let mut i = 0;
    while i < bytes.len() {
        let (c, size) = match bytes[i] {
            b if b < 0x80 => (b as char, 1),
            // The lead bytes of U+0085, U+00A0, U+1680, U+2000-U+205F and U+3000.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                let c = whole[i..].chars().next().unwrap_or('\u{fffd}');
                (c, c.len_utf8())
            }
            _ => ('\u{fffd}', 0), // begins a run of other characters
        };
        if size > 0 && crate::chars::is_line_break(c) {
            if c == '\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            lines.push(std::mem::take(&mut line));
            space = false;
            open = false;
            i += size;
            continue;
        }
        open = true;
        if size > 0 && crate::chars::is_space(c) {
            space = !line.is_empty();
            i += size;
            continue;
        }
        if space {
            line.push(' ');
            space = false;
        }
        let start = i;
        i += size.max(1);
        while i < bytes.len() {
            let b = bytes[i];
            let stop = if b < 0x80 {
                crate::seams::ASCII_CLASSES[b as usize] & crate::seams::SPACE != 0
            } else {
                may_break_or_space(whole, i)
            };
            if stop {
                break;
            }
            i += 1;
        }
        line.push_str(&whole[start..i]);
    }
    if open {
        lines.push(line);
    }
    lines
}

/// Whether the character at byte `i` (outside ASCII: a character's first byte, or within one)
/// is a line break or a space: the bytes of a run copied whole stop at such a character.
#[inline]
fn may_break_or_space(text: &str, i: usize) -> bool {
    let b = text.as_bytes()[i];
    if !matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3) {
        return false; // a continuation byte, or the start of a character never a space
    }
    text[i..]
        .chars()
        .next()
        .is_some_and(|c| crate::chars::is_space(c) || crate::chars::is_line_break(c))
}

/// A document: its normalised lines and their segments, in order, with the verdicts so far.
#[pyclass(module = "cleaner._core")]
pub struct Doc {
    pub lines: Vec<String>,
    pub segs: Vec<Seg>,
}

#[pymethods]
impl Doc {
    /// A document of Python segments (as `segments()` gives them, perhaps changed since).
    #[new]
    fn py_new(segments: &Bound<'_, PyList>, lines: Vec<String>) -> PyResult<Self> {
        let py = segments.py();
        let mut segs = Vec::with_capacity(segments.len());
        for item in segments.iter() {
            segs.push(item.cast::<Segment>()?.borrow().seg(py)?);
        }
        Ok(Doc { lines, segs })
    }

    #[getter]
    fn lines(&self) -> Vec<String> {
        self.lines.clone()
    }

    fn __len__(&self) -> usize {
        self.segs.len()
    }

    /// Every segment, as Python `Segment` objects made now (changing them leaves the
    /// document as it is).
    fn segments<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for seg in &self.segs {
            list.append(Py::new(py, Segment::of(py, seg)?)?)?;
        }
        Ok(list)
    }

    /// The kept segments in order, one paragraph each, separated by one blank line; "" when
    /// nothing is kept.
    fn text(&self) -> String {
        let size: usize = self.segs.iter().map(|s| s.text.len() + 2).sum();
        let mut out = String::with_capacity(size);
        for seg in self.segs.iter().filter(|s| s.kept()) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&seg.text);
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }

    /// (words, hits) of every removed segment, in order.
    fn removed(&self, py: Python<'_>) -> PyResult<Vec<(usize, Vec<Py<PyAny>>)>> {
        let mut out = Vec::new();
        for seg in self.segs.iter().filter(|s| !s.kept()) {
            let hits = seg
                .hits
                .iter()
                .map(|h| h.object(py))
                .collect::<PyResult<_>>()?;
            out.push((seg.words, hits));
        }
        Ok(out)
    }

    /// Words of every segment, kept or not.
    fn words(&self) -> usize {
        self.segs.iter().map(|s| s.words).sum()
    }

    /// Where a generic rule of the core would take segments now: (index, detail) for each,
    /// ascending; `positions`: the segments its phrases and patterns recognise (drop, block,
    /// cut); `stop_words`: those of the page's language (the line scorer's). Nothing is changed.
    #[pyo3(signature = (kind, params, positions=None, stop_words=None))]
    fn find(
        &self,
        kind: &str,
        params: &Bound<'_, PyDict>,
        positions: Option<Vec<usize>>,
        stop_words: Option<PyRef<'_, crate::scorer::StopWords>>,
    ) -> PyResult<Vec<(usize, String)>> {
        let rule = crate::rules::Rule::new(kind, params)?;
        let marks = positions.as_deref().unwrap_or(&[]);
        let found = rule.find(params.py(), &self.segs, marks, stop_words.as_deref())?;
        Ok(dedup(found))
    }

    /// Move each segment (of the joined text of an earlier pass's kept segments, segment n
    /// on line 2n + 1) to its line and offset in that pass's input: `kept` gives (line,
    /// start, length in characters) of each. Returns, for each segment, its `kept` index.
    fn place(&mut self, kept: Vec<(usize, usize, usize)>) -> PyResult<Vec<usize>> {
        let mut sources = Vec::with_capacity(self.segs.len());
        for seg in &mut self.segs {
            let n = seg.line.saturating_sub(1) / 2;
            let here = seg.line.checked_sub(1).and_then(|at| self.lines.get(at));
            let (Some(&(line, start, length)), Some(here)) = (kept.get(n), here) else {
                return Err(pyo3::exceptions::PyValueError::new_err(
                    "a segment of no kept segment",
                ));
            };
            // The line as segmented may have lost what normalising drops at the very start
            // of a text (a byte-order mark): its offsets count from the end of that.
            let here = here.chars().count();
            seg.line = line;
            seg.start = (start + length + seg.start).saturating_sub(here);
            sources.push(n);
        }
        Ok(sources)
    }

    fn __repr__(&self) -> String {
        format!(
            "Doc({} lines, {} segments)",
            self.lines.len(),
            self.segs.len()
        )
    }
}

impl Doc {
    /// Add each rule's hit to the segments it found (one hit per segment: the last detail
    /// found for it).
    pub fn apply(&mut self, py: Python<'_>, bare: &Py<PyAny>, found: Vec<(usize, String)>) {
        for (i, detail) in dedup(found) {
            if let Some(seg) = self.segs.get_mut(i) {
                seg.hits.push(HitRef::new(py, bare, detail));
            }
        }
    }
}

/// One (index, detail) per index, ascending: the last detail found for it, as a rule's
/// findings collected into a dict keep it.
fn dedup(mut found: Vec<(usize, String)>) -> Vec<(usize, String)> {
    // A stable sort keeps each index's findings in the order they were found.
    found.sort_by_key(|f| f.0);
    let mut out: Vec<(usize, String)> = Vec::with_capacity(found.len());
    for (i, detail) in found {
        match out.last_mut() {
            Some(last) if last.0 == i => last.1 = detail,
            _ => out.push((i, detail)),
        }
    }
    out
}

//! A plan's rules compiled into the core: strip rules, the phrase-and-pattern screen and the
//! staged rules, run over a document in one call.
//!
//!   text ─ normalise ─ segment (strip rules cut spans out) ─ screen ─ stage 1 … stage 8
//!
//! Built once per plan by the Python front (cleaner/engine.py), which hands over each rule's
//! Hit object, kind and thresholds. Every staged rule is one of the core's (core/src/rules.rs);
//! what one needs of a page that only the front can tell (the line scorer: the stop words of
//! the page's language) the front is asked for when the rule runs.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use regex::Regex;

use crate::doc::{normalise, segment, Cuts, Doc, HitRef};
use crate::patterns::char_spans;
use crate::rules::Rule;
use crate::scorer::StopWords;
use crate::screen::PyScreen;
use crate::seams::Glue;
use crate::Pattern;

/// A strip rule: the spans its patterns match leave the line as removed segments.
struct Carve {
    hit: Py<PyAny>,
    patterns: Vec<Regex>,
    /// Only within the first N non-blank lines.
    first_lines: Option<usize>,
}

struct Step {
    hit: Py<PyAny>,
    rule: Rule,
    /// Index of the rule's matcher in the screen (drop, block, cut).
    matcher: Option<usize>,
    /// Called with the front's view of the document: the stop words of its language.
    stop_words: Option<Py<PyAny>>,
}

/// A strip rule as Python hands it over: (hit, patterns, first_lines).
type CarveSpec = (Py<PyAny>, Vec<Py<Pattern>>, Option<usize>);
/// A staged rule as Python hands it over: (hit, kind, params, matcher, stop words).
type StepSpec<'py> = (
    Py<PyAny>,
    String,
    Bound<'py, PyDict>,
    Option<usize>,
    Option<Py<PyAny>>,
);

#[pyclass(module = "cleaner._core", frozen)]
pub struct Program {
    carves: Vec<Carve>,
    /// The screens of the plan's matchers, one after the other (the built-in rules' screen is
    /// shared by every plan of a cleaner, with one cache for its patterns).
    screens: Vec<Py<PyScreen>>,
    /// For each matcher: the hit its matches get at once (stage-1 drop rules), or None.
    screened: Vec<Option<Py<PyAny>>>,
    steps: Vec<Step>,
    glue: Glue,
}

#[pymethods]
impl Program {
    /// `carves`: (hit, patterns, first_lines) of each strip rule, in order; `screens`: the
    /// screens of the phrase-and-pattern rules, whose matchers are numbered one screen after
    /// the other, with `screened` the hit of those that hit at once (else None); `steps`:
    /// (hit, kind, params, matcher index or None, stop words or None) of each staged rule, in
    /// the order they run, where `stop words` is a callable that gives a rule that reads them
    /// those of a document's language (a `StopWords`), given the front's document; `glue`: (min_seams, min_seams_per_word, max_pieces) of the seam
    /// finder.
    #[new]
    fn py_new(
        carves: Vec<CarveSpec>,
        screens: Vec<Py<PyScreen>>,
        screened: Vec<Option<Py<PyAny>>>,
        steps: &Bound<'_, PyList>,
        glue: (usize, f64, usize),
    ) -> PyResult<Self> {
        let matchers: usize = screens.iter().map(|s| s.get().screen.rules()).sum();
        if screened.len() != matchers {
            return Err(PyValueError::new_err("one screened hit per matcher"));
        }
        let mut compiled = Vec::with_capacity(carves.len());
        for (hit, patterns, first_lines) in carves {
            let patterns = patterns
                .iter()
                .map(|p| p.get().regex().cloned())
                .collect::<PyResult<_>>()?;
            compiled.push(Carve {
                hit,
                patterns,
                first_lines,
            });
        }
        let carves = compiled;
        let mut staged = Vec::with_capacity(steps.len());
        for item in steps.iter() {
            let (hit, kind, params, matcher, stop_words): StepSpec<'_> = item.extract()?;
            if matcher.is_some_and(|m| m >= matchers) {
                return Err(PyValueError::new_err("no such matcher"));
            }
            staged.push(Step {
                hit,
                rule: Rule::new(&kind, &params)?,
                matcher,
                stop_words,
            });
        }
        Ok(Program {
            carves,
            screens,
            screened,
            steps: staged,
            glue: Glue {
                min_seams: glue.0,
                min_seams_per_word: glue.1,
                max_pieces: glue.2.max(1),
            },
        })
    }

    /// A text's document: normalised, segmented (strip rules cut their spans out), not judged.
    fn read(&self, text: &Bound<'_, PyString>) -> PyResult<Doc> {
        let read = crate::segment::LineText::new(text);
        self.segment_lines(text.py(), normalise(read.str()))
    }

    /// The document of lines already normalised (an HTML page's blocks), not judged.
    fn segment(&self, lines: &Bound<'_, PyList>) -> PyResult<Doc> {
        let mut read = Vec::with_capacity(lines.len());
        for line in lines.iter() {
            read.push(
                crate::segment::LineText::new(line.cast::<PyString>()?)
                    .str()
                    .to_string(),
            );
        }
        self.segment_lines(lines.py(), read)
    }

    /// Run the screen and every staged rule over `doc`, adding their hits; `context`: the
    /// front's view of the document, which tells its stop words to the rules that read them. `timings`: a
    /// list to append the seconds of the screen and of each step to, in order (for
    /// bench/phases.py).
    #[pyo3(signature = (doc, context, timings=None))]
    fn judge(
        &self,
        doc: &Bound<'_, Doc>,
        context: &Bound<'_, PyAny>,
        timings: Option<&Bound<'_, PyList>>,
    ) -> PyResult<()> {
        let py = doc.py();
        let mut clock = std::time::Instant::now();
        let lap = |clock: &mut std::time::Instant| -> PyResult<()> {
            if let Some(timings) = timings {
                timings.append(clock.elapsed().as_secs_f64())?;
                *clock = std::time::Instant::now();
            }
            Ok(())
        };
        let marks = {
            let mut this = doc.borrow_mut();
            let marks: Vec<Vec<usize>> = self
                .screens
                .iter()
                .flat_map(|screen| screen.get().screen.run(&this.segs))
                .collect();
            for (found, hit) in marks.iter().zip(&self.screened) {
                if let Some(hit) = hit {
                    for &i in found {
                        this.segs[i].hits.push(HitRef::Object(hit.clone_ref(py)));
                    }
                }
            }
            marks
        };
        lap(&mut clock)?;
        for step in &self.steps {
            let stop_words = match &step.stop_words {
                Some(tell) => Some(
                    tell.bind(py)
                        .call1((context,))?
                        .extract::<Py<StopWords>>()?,
                ),
                None => None,
            };
            let found = {
                let this = doc.borrow();
                let marked = step.matcher.map_or(&[][..], |m| &marks[m][..]);
                let stop_words = stop_words.as_ref().map(Py::get);
                step.rule.find(py, &this.segs, marked, stop_words)?
            };
            doc.borrow_mut().apply(py, &step.hit, found);
            lap(&mut clock)?;
        }
        Ok(())
    }
}

impl Program {
    fn segment_lines(&self, py: Python<'_>, lines: Vec<String>) -> PyResult<Doc> {
        let reach = self.reach();
        let segs = segment(&lines, &self.glue, |line, nonblank| {
            if reach.is_some_and(|until| nonblank > until) {
                return None;
            }
            self.cuts(py, line, nonblank)
        });
        Ok(Doc { lines, segs })
    }

    /// How many non-blank lines strip rules look at (None: all of them).
    fn reach(&self) -> Option<usize> {
        if self.carves.iter().any(|c| c.first_lines.is_none()) {
            return None;
        }
        Some(
            self.carves
                .iter()
                .filter_map(|c| c.first_lines)
                .max()
                .unwrap_or(0),
        )
    }

    /// What the strip rules cut out of one line, in order and not overlapping (earlier
    /// rules win); None when they cut nothing.
    fn cuts(&self, py: Python<'_>, line: &str, nonblank: usize) -> Option<Cuts> {
        let mut spans: Vec<(usize, usize, usize)> = Vec::new(); // start, end, carve
        for (n, carve) in self.carves.iter().enumerate() {
            if carve.first_lines.is_some_and(|until| nonblank > until) {
                continue;
            }
            for pattern in &carve.patterns {
                let found = char_spans(pattern, line);
                if !found.is_empty() {
                    spans = merge_spans(spans, &found, n);
                }
            }
        }
        if spans.is_empty() {
            return None;
        }
        Some(
            spans
                .into_iter()
                .map(|(a, b, n)| (a, b, HitRef::Object(self.carves[n].hit.clone_ref(py))))
                .collect(),
        )
    }
}

/// `spans` and each non-empty span of `found` (one pattern's matches, in order) that
/// overlaps none of them: one pass over both, so that a line with many matches of several
/// patterns is carved in linear time.
fn merge_spans(
    spans: Vec<(usize, usize, usize)>,
    found: &[(usize, usize)],
    carve: usize,
) -> Vec<(usize, usize, usize)> {
    let mut merged = Vec::with_capacity(spans.len() + found.len());
    let mut n = 0;
    for &(start, end) in found {
        if end <= start {
            continue;
        }
        while n < spans.len() && spans[n].1 <= start {
            merged.push(spans[n]);
            n += 1;
        }
        if n == spans.len() || end <= spans[n].0 {
            merged.push((start, end, carve));
        }
    }
    merged.extend_from_slice(&spans[n..]);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earlier_spans_win_and_empty_matches_are_left_out() {
        let spans = merge_spans(vec![(2, 5, 0)], &[(0, 1), (3, 6), (6, 6), (7, 9)], 1);
        assert_eq!(spans, [(0, 1, 1), (2, 5, 0), (7, 9, 1)]);
    }
}

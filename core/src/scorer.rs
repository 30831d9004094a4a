//! The line scorer (rule SCR001, `scored` mode): the features of every segment, and the
//! learned trees that turn them into the probability that the segment is article text.
//!
//! A segment's features are what its text shows (length, stop words of the page's language,
//! punctuation, capitals, digits), the rule families that hit it, the means of some of them
//! over windows of its neighbours, and where it lies on the page (how far from the article's
//! body paragraphs, inside its main run or not). The trees are trained by `python
//! bench/train.py` and handed over by the Python front (cleaner/heuristics/scoring.py) as
//! arrays, once.
//!
//! The model was trained on features numpy computed; the values here are the same to the
//! last bit: the same operations in the same order (sums of a column as numpy sums an array,
//! pairwise; window sums as running sums). `log1p` and `exp` are the C library's, as Python's
//! `math` module has them: numpy's own vector code for them, where the CPU has it, differs in
//! the last bit at times (the log of the distance to the body, the logistic's exponential),
//! and no threshold of the trees falls between the two.

/// Hashed with ahash, seeded at random (as the screen's phrases are): several times faster
/// than the default on short words, and as safe from keys chosen to collide.
type HashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;
type HashSet<K> = std::collections::HashSet<K, ahash::RandomState>;

use pyo3::exceptions::PyValueError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyString};

use crate::chars::is_space;
use crate::doc::{Doc, HitRef, Seg};
use crate::fold_table::FOLDS;
use crate::rules::{is_digit, outside_main_text, Found};

/// Rule families whose hits the scorer sees one by one (all others count as "removed" only).
const FAMILIES: [&str; 20] = [
    "NAV", "TSR", "CAP", "TIM", "BYL", "SRC", "EMB", "TOK", "SYM", "JS", "CKE", "CTA", "SHR",
    "LGL", "WDG", "COM", "TTL", "DUP", "CTX", "SITE",
];
/// What a segment's own text and verdicts tell, in the order `segment_row` writes them.
const SEGMENT_FEATURES: [&str; 20] = [
    "chars_log",
    "words_log",
    "sentence",
    "body",
    "ends_terminal",
    "ends_colon",
    "capitalised",
    "digits",
    "stop_density",
    "gap_before",
    "glued",
    "removed",
    "separators",
    "starts_upper",
    "starts_digit",
    "commas_per_word",
    "stops_per_word",
    "word_length",
    "shouting",
    "copyright",
];
/// Columns of SEGMENT_FEATURES that are read again.
const CHARS_LOG: usize = 0;
const WORDS_LOG: usize = 1;
const SENTENCE: usize = 2;
const BODY: usize = 3;
const STOP_DENSITY: usize = 8;
const REMOVED: usize = 11;
const STOPS_PER_WORD: usize = 16;
const BASE: usize = SEGMENT_FEATURES.len() + FAMILIES.len();
/// Features averaged over windows of neighbours.
const CONTEXT: [usize; 7] = [
    WORDS_LOG,
    SENTENCE,
    BODY,
    STOP_DENSITY,
    REMOVED,
    CHARS_LOG,
    STOPS_PER_WORD,
];
/// The windows, as offsets relative to the segment (from, to, both included).
const WINDOWS: [(isize, isize); 5] = [(-1, -1), (1, 1), (-3, -1), (1, 3), (-8, 8)];
/// What the page tells of a segment, in the order `page_features` writes them.
const PAGE_FEATURES: [&str; 11] = [
    "repeated",
    "stop_density_vs_page",
    "words_vs_longest",
    "body_distance_log",
    "inside_body",
    "body_before",
    "position",
    "removed_share",
    "page_words_log",
    "outside_main",
    "main_run_body",
];
const COLUMNS: usize = BASE + WINDOWS.len() * CONTEXT.len() + PAGE_FEATURES.len();
/// How far the article's body is from a page that has none.
const NO_BODY_DISTANCE: f64 = 50.0;
/// The article's main text as outside-main-text (CTX003) finds it with its defaults
/// (cleaner/heuristics/context.py), which the model was trained with.
const MAIN_TEXT_GAP: usize = 6;
const MAIN_TEXT_SHARE: f64 = 0.25;
/// Sentence ends, and what may close a sentence after its end.
const TERMINALS: [char; 7] = ['.', '!', '?', '…', '。', '！', '？'];
const CLOSERS: [char; 10] = ['"', '\'', '”', '’', '»', ')', ']', '」', '』', '）'];

/// The name of every feature, in the order of a row's columns.
pub fn feature_names() -> Vec<String> {
    let mut names: Vec<String> = SEGMENT_FEATURES.iter().map(|s| s.to_string()).collect();
    names.extend(FAMILIES.iter().map(|family| format!("hit_{family}")));
    for (lo, hi) in WINDOWS {
        for c in CONTEXT {
            names.push(format!("{}@{lo}..{hi}", SEGMENT_FEATURES[c]));
        }
    }
    names.extend(PAGE_FEATURES.iter().map(|s| s.to_string()));
    names
}

/// The stop words of a language, case folded (jusText's lists, cleaner/language.py).
#[pyclass(module = "cleaner._core", frozen)]
pub struct StopWords {
    words: HashSet<String>,
}

#[pymethods]
impl StopWords {
    #[new]
    fn py_new(words: HashSet<String>) -> Self {
        StopWords { words }
    }

    fn __len__(&self) -> usize {
        self.words.len()
    }
}

/// Gradient-boosted trees as arrays, one row per tree padded to the same node count; a leaf
/// points to itself (left and right), so every tree is walked the same number of steps.
#[pyclass(module = "cleaner._core", frozen)]
pub struct Forest {
    baseline: f64,
    depth: usize,
    /// Node n of tree t at t * width + n, its children numbered the same way.
    nodes: Vec<Node>,
    /// The output of each node (that of a leaf; 0 for the others).
    value: Vec<f64>,
    width: usize,
    /// Columns a row must have: one past the highest feature the trees read.
    columns: usize,
}

/// A row goes left when its feature is at most the threshold.
struct Node {
    threshold: f64,
    feature: usize,
    left: usize,
    right: usize,
}

/// Trees walked side by side: their steps don't wait for one another.
const LANES: usize = 8;

/// Rows of equal length, one after the other; every one shorter than `width` in error.
fn flat<T: Copy>(rows: Vec<Vec<T>>, width: usize, name: &str) -> PyResult<Vec<T>> {
    if rows.iter().any(|row| row.len() != width) {
        return Err(PyValueError::new_err(format!(
            "every tree needs {width} {name}"
        )));
    }
    Ok(rows.into_iter().flatten().collect())
}

#[pymethods]
impl Forest {
    /// `feature`, `threshold`, `left`, `right`, `value`: one row per tree, one value per node
    /// (a leaf's value is its output, any other node's is 0); a row goes left when its
    /// feature is at most the threshold. The probability is the logistic of `baseline` plus
    /// the values of the leaves reached in `depth` steps.
    #[new]
    fn py_new(
        baseline: f64,
        depth: usize,
        feature: Vec<Vec<usize>>,
        threshold: Vec<Vec<f64>>,
        left: Vec<Vec<usize>>,
        right: Vec<Vec<usize>>,
        value: Vec<Vec<f64>>,
    ) -> PyResult<Self> {
        let trees = feature.len();
        let width = feature.first().map_or(0, Vec::len);
        if [threshold.len(), left.len(), right.len(), value.len()] != [trees; 4] {
            return Err(PyValueError::new_err("every array needs one row per tree"));
        }
        if trees > 0 && width == 0 {
            return Err(PyValueError::new_err("a tree needs a node"));
        }
        let columns = feature.iter().flatten().max().map_or(0, |&f| f + 1);
        let (feature, threshold) = (
            flat(feature, width, "features")?,
            flat(threshold, width, "thresholds")?,
        );
        let (left, right) = (
            flat(left, width, "left children")?,
            flat(right, width, "right children")?,
        );
        if left.iter().chain(&right).any(|&n| n >= width) {
            return Err(PyValueError::new_err("a child outside its tree"));
        }
        let nodes = (0..trees * width)
            .map(|at| {
                let start = at - at % width;
                Node {
                    threshold: threshold[at],
                    feature: feature[at],
                    left: start + left[at],
                    right: start + right[at],
                }
            })
            .collect();
        Ok(Forest {
            baseline,
            depth,
            nodes,
            value: flat(value, width, "values")?,
            width,
            columns,
        })
    }

    /// For each row, the probability that it is article text. `rows`: float64 values, row
    /// after row, of `columns` each (numpy's `tobytes()` of a C-ordered array).
    #[pyo3(name = "probability")]
    fn py_probability(&self, rows: &[u8], columns: usize) -> PyResult<Vec<f64>> {
        let values = floats(rows, columns)?;
        if columns < self.columns && !values.is_empty() {
            return Err(PyValueError::new_err(format!(
                "the trees read {} columns, the rows have {columns}",
                self.columns
            )));
        }
        let mut leaves = Vec::new();
        Ok(values
            .chunks_exact(columns)
            .map(|row| self.probability(row, &mut leaves))
            .collect())
    }
}

impl Forest {
    /// The probability that `row` is article text; `leaves`: a buffer for the leaf values.
    fn probability(&self, row: &[f64], leaves: &mut Vec<f64>) -> f64 {
        leaves.clear();
        let trees = self.nodes.len() / self.width.max(1);
        for first in (0..trees).step_by(LANES) {
            let lanes = LANES.min(trees - first);
            let mut at = [0; LANES];
            for (k, node) in at.iter_mut().enumerate().take(lanes) {
                *node = (first + k) * self.width;
            }
            for _ in 0..self.depth {
                for node in at.iter_mut().take(lanes) {
                    let n = &self.nodes[*node];
                    *node = if row[n.feature] <= n.threshold {
                        n.left
                    } else {
                        n.right
                    };
                }
            }
            leaves.extend(at[..lanes].iter().map(|&node| self.value[node]));
        }
        let raw = self.baseline + numpy_sum(leaves);
        1.0 / (1.0 + (-raw).exp())
    }
}

/// float64 values, native byte order, in rows of `columns`.
fn floats(bytes: &[u8], columns: usize) -> PyResult<Vec<f64>> {
    if columns == 0 || !bytes.len().is_multiple_of(8 * columns) {
        return Err(PyValueError::new_err(format!(
            "{} bytes are no rows of {columns} float64 values",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(8)
        .map(|b| {
            let mut value = [0u8; 8];
            value.copy_from_slice(b);
            f64::from_ne_bytes(value)
        })
        .collect())
}

/// float64 values, native byte order, in a bytearray (numpy's `frombuffer` reads it).
fn bytearray<'py>(py: Python<'py>, values: &[f64]) -> Bound<'py, PyByteArray> {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_ne_bytes()).collect();
    PyByteArray::new(py, &bytes)
}

/// The sum of `values` as numpy sums an array (`ndarray.sum`, `mean`): pairwise, in blocks of
/// up to 128 added eight at a time, so that it is the same to the last bit.
pub fn numpy_sum(values: &[f64]) -> f64 {
    let n = values.len();
    if n < 8 {
        return values.iter().fold(0.0, |sum, &v| sum + v);
    }
    if n <= 128 {
        let mut r = [0.0; 8];
        r.copy_from_slice(&values[..8]);
        let whole = n - n % 8;
        for block in values[8..whole].chunks_exact(8) {
            for (sum, &v) in r.iter_mut().zip(block) {
                *sum += v;
            }
        }
        let sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        return values[whole..].iter().fold(sum, |sum, &v| sum + v);
    }
    let half = n / 2 - (n / 2) % 8;
    numpy_sum(&values[..half]) + numpy_sum(&values[half..])
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let values: Vec<f64> = values.collect();
    numpy_sum(&values) / values.len() as f64
}

/// Running sums over the rows of a matrix with `reach` rows of zeros before and after them,
/// as numpy's `cumsum` adds them up (one row after the other): the mean of each row's
/// neighbours in a window is then the difference of two sums, the same to the last bit.
struct RunningSums {
    /// sums[k * columns + c]: the sum of column c over the first k padded rows.
    sums: Vec<f64>,
    columns: usize,
    reach: usize,
}

impl RunningSums {
    /// Over `n` rows of `columns` values, `value(row, column)`.
    fn new(n: usize, columns: usize, reach: usize, value: impl Fn(usize, usize) -> f64) -> Self {
        let rows = n + 2 * reach;
        let mut sums = vec![0.0; (rows + 1) * columns];
        for k in 0..rows {
            for c in 0..columns {
                let v = if (reach..reach + n).contains(&k) {
                    value(k - reach, c)
                } else {
                    0.0
                };
                // numpy's first running sum is the first value itself (not 0 + it).
                sums[(k + 1) * columns + c] = if k == 0 { v } else { sums[k * columns + c] + v };
            }
        }
        RunningSums {
            sums,
            columns,
            reach,
        }
    }

    /// Row `i`'s mean of column `c` over the rows from `lo` to `hi` away (at most `reach`;
    /// rows past either end count as zeros).
    fn mean(&self, i: usize, (lo, hi): (isize, isize), c: usize) -> f64 {
        let start = (self.reach as isize + i as isize + lo) as usize;
        let end = (self.reach as isize + i as isize + hi) as usize + 1;
        (self.sums[end * self.columns + c] - self.sums[start * self.columns + c])
            / (hi - lo + 1) as f64
    }
}

/// Where `p` would go among `marks` (ascending, not empty), and how far the nearest is.
fn nearest(marks: &[i64], p: i64) -> (usize, i64) {
    let at = marks.partition_point(|&m| m < p);
    let before = marks[at.saturating_sub(1)];
    let after = marks[at.min(marks.len() - 1)];
    (at, (p - before).abs().min((after - p).abs()))
}

/// The kept body paragraphs between the first and the last body paragraph of the article's
/// main run; `outside`: whether each segment lies outside it (outside-main-text).
fn main_run_body(segs: &[Seg], outside: &[bool]) -> Vec<bool> {
    let body = |s: &Seg| s.kept() && s.is_body();
    let inner = |(i, s): &(usize, &Seg)| body(s) && !outside[*i];
    let mut run = vec![false; segs.len()];
    let first = segs.iter().enumerate().position(|pair| inner(&pair));
    let last = segs.iter().enumerate().rposition(|pair| inner(&pair));
    if let (Some(first), Some(last)) = (first, last) {
        for i in first..=last {
            run[i] = body(&segs[i]);
        }
    }
    run
}

/// What `str.isupper()` tells of a token, read one character at a time: some character is
/// upper case, and none is lower or title case.
#[derive(Clone, Copy, PartialEq)]
enum Case {
    Uncased,
    Upper,
    Not,
}

impl Case {
    fn then(self, c: char) -> Case {
        use unicode_general_category::{get_general_category, GeneralCategory as G};
        if self == Case::Not || c.is_lowercase() {
            Case::Not
        } else if c.is_uppercase() {
            Case::Upper
        } else if !c.is_ascii() && get_general_category(c) == G::TitlecaseLetter {
            Case::Not
        } else {
            self
        }
    }
}

/// What one pass over a segment's text counts: characters, some of them one by one, and its
/// space-separated tokens (`str.split()`), as the segment features need them.
#[derive(Default)]
struct Counts {
    chars: usize,
    digits: usize,
    commas: usize,
    full_stops: usize,
    tokens: usize,
    /// Tokens of four characters or more, and how many of them begin with a capital.
    long: usize,
    capitalised: usize,
    /// Tokens in upper case (`str.isupper()`).
    shouting: usize,
    /// Tokens that are stop words, case folded.
    stops: usize,
    bar: bool,
    guillemet: bool,
    middle_dot: bool,
    copyright: bool,
}

impl Counts {
    fn of(text: &str, stop_words: Option<&StopWords>) -> Counts {
        let stop_words = stop_words.filter(|s| !s.words.is_empty());
        let mut n = Counts::default();
        let mut folded = String::new();
        let mut token = 0; // characters of the current token so far
        let (mut first, mut case) = (' ', Case::Uncased);
        let end_token = |n: &mut Counts, token: usize, first: char, case: Case, folded: &str| {
            n.tokens += 1;
            if token >= 4 {
                n.long += 1;
                n.capitalised += first.is_uppercase() as usize;
            }
            n.shouting += (case == Case::Upper) as usize;
            n.stops += stop_words.is_some_and(|s| s.words.contains(folded)) as usize;
        };
        for c in text.chars() {
            n.chars += 1;
            match c {
                '0'..='9' => n.digits += 1,
                ',' => n.commas += 1,
                '.' | '!' | '?' => n.full_stops += 1,
                '|' => n.bar = true,
                '»' => n.guillemet = true,
                '·' => n.middle_dot = true,
                '©' => n.copyright = true,
                _ => {}
            }
            if is_space(c) {
                if token > 0 {
                    end_token(&mut n, token, first, case, &folded);
                    token = 0;
                }
                continue;
            }
            if token == 0 {
                (first, case) = (c, Case::Uncased);
                folded.clear();
            }
            token += 1;
            case = case.then(c);
            if stop_words.is_some() {
                fold_into(c, &mut folded);
            }
        }
        if token > 0 {
            end_token(&mut n, token, first, case, &folded);
        }
        n
    }
}

/// `c` case folded as `str.casefold` folds it, added to `folded`.
fn fold_into(c: char, folded: &mut String) {
    if c.is_ascii() {
        folded.push(c.to_ascii_lowercase());
        return;
    }
    match FOLDS.binary_search_by_key(&c, |&(from, _)| from) {
        Ok(at) => folded.push_str(FOLDS[at].1),
        Err(_) => folded.push(c),
    }
}

/// The segment features of `seg`, as SEGMENT_FEATURES.
fn segment_row(seg: &Seg, stop_words: Option<&StopWords>) -> [f64; SEGMENT_FEATURES.len()] {
    let text = seg.text.as_str();
    let n = Counts::of(text, stop_words);
    let count = n.tokens.max(1) as f64;
    let end = text.trim_end_matches(CLOSERS).chars().next_back();
    let first = text.chars().next();
    let separators =
        n.bar || (n.guillemet && text.contains(" » ")) || (n.middle_dot && text.contains(" · "));
    [
        (n.chars as f64).ln_1p(),
        (seg.words as f64).ln_1p(),
        flag(seg.is_sentence),
        flag(seg.is_sentence && seg.words >= crate::segment::BODY_MIN_WORDS),
        flag(end.is_some_and(|c| TERMINALS.contains(&c))),
        flag(end == Some(':')),
        if n.long > 0 {
            n.capitalised as f64 / n.long as f64
        } else {
            0.0
        },
        if n.chars > 0 {
            n.digits as f64 / n.chars as f64
        } else {
            0.0
        },
        n.stops as f64 / count,
        flag(seg.gap_before),
        flag(seg.glued),
        flag(!seg.hits.is_empty()),
        flag(separators),
        flag(first.is_some_and(char::is_uppercase)),
        flag(first.is_some_and(is_digit)),
        n.commas as f64 / count,
        n.full_stops as f64 / count,
        n.chars as f64 / count / 10.0,
        flag(n.shouting as f64 / count > 0.5),
        flag(n.copyright),
    ]
}

/// The families of `code`, one bit each.
fn families_of(code: &str) -> u32 {
    FAMILIES
        .iter()
        .enumerate()
        .filter(|(_, family)| code.starts_with(*family))
        .fold(0, |bits, (k, _)| bits | 1 << k)
}

/// For each segment, the families of its hits' rule codes, one bit each. The codes are read
/// once per Hit object (most hits of a page share a few).
fn hit_families(py: Python<'_>, segs: &[Seg]) -> PyResult<Vec<u32>> {
    let mut known: HashMap<*mut pyo3::ffi::PyObject, u32> = HashMap::default();
    let mut out = Vec::with_capacity(segs.len());
    for seg in segs {
        let mut bits = 0;
        for hit in &seg.hits {
            let (HitRef::Object(object) | HitRef::Detail(object, _)) = hit;
            bits |= match known.get(&object.as_ptr()) {
                Some(&found) => found,
                None => {
                    let code = object.bind(py).getattr(intern!(py, "code"))?;
                    let found = families_of(code.cast::<PyString>()?.to_str()?);
                    known.insert(object.as_ptr(), found);
                    found
                }
            };
        }
        out.push(bits);
    }
    Ok(out)
}

/// The line scorer's view of a page: what it reads once of every segment and of the whole
/// page, from the verdicts so far. A segment's row of features is put together when asked
/// for: a page of a million lines needs no matrix of them all.
struct Page<'a> {
    segs: &'a [Seg],
    /// What each segment's own text and verdicts tell (SEGMENT_FEATURES), and the families
    /// of its hits, one bit each.
    own: Vec<[f64; SEGMENT_FEATURES.len()]>,
    families: Vec<u32>,
    /// Of the CONTEXT features.
    sums: RunningSums,
    /// How many segments have each match key.
    keys: HashMap<&'a str, usize>,
    /// The kept body paragraphs.
    body: Vec<i64>,
    stop_density: f64,
    longest: f64,
    removed_share: f64,
    page_words: f64,
    /// Whether each segment lies outside the article's main text, and whether it is a body
    /// paragraph of its main run.
    outside: &'a [bool],
    run: &'a [bool],
}

impl<'a> Page<'a> {
    fn new(
        py: Python<'_>,
        segs: &'a [Seg],
        stop_words: Option<&StopWords>,
        outside: &'a [bool],
        run: &'a [bool],
    ) -> PyResult<Self> {
        let own: Vec<_> = segs
            .iter()
            .map(|seg| segment_row(seg, stop_words))
            .collect();
        let reach = WINDOWS
            .iter()
            .map(|&(lo, hi)| lo.unsigned_abs().max(hi.unsigned_abs()))
            .max()
            .unwrap_or(0);
        let sums = RunningSums::new(segs.len(), CONTEXT.len(), reach, |i, c| own[i][CONTEXT[c]]);
        let mut keys: HashMap<&str, usize> = HashMap::default();
        for seg in segs {
            *keys.entry(seg.key.as_str()).or_default() += 1;
        }
        Ok(Page {
            families: hit_families(py, segs)?,
            sums,
            keys,
            body: (0..segs.len())
                .filter(|&i| segs[i].is_body() && segs[i].kept())
                .map(|i| i as i64)
                .collect(),
            stop_density: mean(own.iter().map(|r| r[STOP_DENSITY])),
            longest: own
                .iter()
                .map(|r| r[WORDS_LOG])
                .fold(f64::NEG_INFINITY, f64::max),
            removed_share: mean(own.iter().map(|r| r[REMOVED])),
            page_words: (segs.iter().map(|s| s.words).sum::<usize>() as f64).ln_1p(),
            own,
            segs,
            outside,
            run,
        })
    }

    /// Segment `i`'s features, columns as `feature_names()`.
    fn row(&self, i: usize, row: &mut [f64; COLUMNS]) {
        let own = &self.own[i];
        row[..own.len()].copy_from_slice(own);
        let mut at = own.len();
        for k in 0..FAMILIES.len() {
            row[at + k] = flag(self.families[i] >> k & 1 == 1);
        }
        at += FAMILIES.len();
        for window in WINDOWS {
            for c in 0..CONTEXT.len() {
                row[at + c] = self.sums.mean(i, window, c);
            }
            at += CONTEXT.len();
        }
        let (distance, inside, before) = match (self.body.first(), self.body.last()) {
            (Some(&first), Some(&last)) => {
                let (place, distance) = nearest(&self.body, i as i64);
                let inside = first <= i as i64 && i as i64 <= last;
                (
                    distance as f64,
                    flag(inside),
                    place as f64 / self.body.len() as f64,
                )
            }
            _ => (NO_BODY_DISTANCE, 0.0, 0.0),
        };
        let page = [
            flag(self.keys[self.segs[i].key.as_str()] > 1),
            own[STOP_DENSITY] - self.stop_density,
            own[WORDS_LOG] - self.longest,
            distance.ln_1p(),
            inside,
            before,
            i as f64 / self.segs.len() as f64,
            self.removed_share,
            self.page_words,
            flag(self.outside[i]),
            flag(self.run[i]),
        ];
        row[at..].copy_from_slice(&page);
    }
}

fn flag(yes: bool) -> f64 {
    if yes {
        1.0
    } else {
        0.0
    }
}

/// `n` flags, set at `indices`.
fn flags(n: usize, indices: impl IntoIterator<Item = usize>) -> Vec<bool> {
    let mut out = vec![false; n];
    for i in indices {
        if let Some(flag) = out.get_mut(i) {
            *flag = true;
        }
    }
    out
}

/// The rule scored-boilerplate: the kept segments whose score (probability of being article
/// text) is below `threshold`; for body paragraphs of the article's main run, below
/// `body_threshold`: one goes only when the scorer is quite sure.
pub struct Scored {
    pub forest: Py<Forest>,
    pub threshold: f64,
    pub body_threshold: f64,
}

impl Scored {
    pub fn find(
        &self,
        py: Python<'_>,
        segs: &[Seg],
        stop_words: Option<&StopWords>,
    ) -> PyResult<Found> {
        if !segs.iter().any(Seg::kept) {
            return Ok(vec![]);
        }
        let found = outside_main_text(segs, MAIN_TEXT_GAP, MAIN_TEXT_SHARE);
        let outside = flags(segs.len(), found.into_iter().map(|(i, _)| i));
        let run = main_run_body(segs, &outside);
        let page = Page::new(py, segs, stop_words, &outside, &run)?;
        let forest = self.forest.get();
        let (mut row, mut leaves) = ([0.0; COLUMNS], Vec::new());
        let mut found = Vec::new();
        for (i, seg) in segs.iter().enumerate() {
            if !seg.kept() {
                continue;
            }
            page.row(i, &mut row);
            let score = forest.probability(&row, &mut leaves);
            if run[i] {
                if score < self.body_threshold {
                    let detail = format!("score {score:.2}, a body paragraph of the article's run");
                    found.push((i, detail));
                }
            } else if score < self.threshold {
                found.push((i, format!("score {score:.2}")));
            }
        }
        Ok(found)
    }
}

/// The names of the line scorer's features, in the order of a row's columns.
#[pyfunction]
pub fn line_feature_names() -> Vec<String> {
    feature_names()
}

/// The line scorer's features of every segment of `doc` (for training and tests): float64
/// values, row after row, as `line_feature_names()`. `outside`: the segments outside the
/// article's main text, `body`: the body paragraphs of its main run.
#[pyfunction]
pub fn line_features<'py>(
    py: Python<'py>,
    doc: PyRef<'_, Doc>,
    stop_words: PyRef<'_, StopWords>,
    outside: Vec<usize>,
    body: Vec<usize>,
) -> PyResult<Bound<'py, PyByteArray>> {
    let n = doc.segs.len();
    let (outside, run) = (flags(n, outside), flags(n, body));
    let page = Page::new(py, &doc.segs, Some(&stop_words), &outside, &run)?;
    let mut rows = Vec::with_capacity(n * COLUMNS);
    let mut row = [0.0; COLUMNS];
    for i in 0..n {
        page.row(i, &mut row);
        rows.extend_from_slice(&row);
    }
    Ok(bytearray(py, &rows))
}

/// The kept body paragraphs of `doc` between the first and the last body paragraph of the
/// article's main run, ascending; `outside`: the segments outside it.
#[pyfunction(name = "main_run_body")]
pub fn py_main_run_body(doc: PyRef<'_, Doc>, outside: Vec<usize>) -> Vec<usize> {
    let run = main_run_body(&doc.segs, &flags(doc.segs.len(), outside));
    (0..run.len()).filter(|&i| run[i]).collect()
}

/// For each window (lo, hi) of offsets, each row's mean of the rows from lo to hi away (rows
/// past either end count as zeros): `context` holds float64 rows of `columns` values (numpy's
/// `tobytes()` of a C-ordered array), and so does the bytearray of each window's means.
#[pyfunction]
pub fn window_means<'py>(
    py: Python<'py>,
    context: &[u8],
    columns: usize,
    windows: Vec<(isize, isize)>,
) -> PyResult<Vec<Bound<'py, PyByteArray>>> {
    if windows.iter().any(|&(lo, hi)| lo > hi) {
        return Err(PyValueError::new_err("a window's offsets must be lo <= hi"));
    }
    let values = floats(context, columns)?;
    let n = values.len() / columns;
    let reach = windows
        .iter()
        .map(|&(lo, hi)| lo.unsigned_abs().max(hi.unsigned_abs()))
        .max()
        .unwrap_or(0);
    let sums = RunningSums::new(n, columns, reach, |i, c| values[i * columns + c]);
    Ok(windows
        .iter()
        .map(|&window| {
            let means: Vec<f64> = (0..n * columns)
                .map(|at| sums.mean(at / columns, window, at % columns))
                .collect();
            bytearray(py, &means)
        })
        .collect())
}

/// For each position, how far the nearest of `marks` (ascending, not empty) is.
#[pyfunction]
pub fn nearest_distance(positions: Vec<i64>, marks: Vec<i64>) -> PyResult<Vec<i64>> {
    if marks.is_empty() {
        return Err(PyValueError::new_err("no marks to be near"));
    }
    Ok(positions.iter().map(|&p| nearest(&marks, p).1).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_numpys_pairwise_sums() {
        let values: Vec<f64> = (0..300).map(|i| 1.0 / (i as f64 + 1.0)).collect();
        // Under 8 values: one after the other.
        assert_eq!(
            numpy_sum(&values[..5]),
            (((1.0 + 0.5) + 1.0 / 3.0) + 0.25) + 0.2
        );
        // Up to 128: eight sums, added in pairs, then the rest.
        let nine = &values[..9];
        let pairs = ((nine[0] + nine[1]) + (nine[2] + nine[3]))
            + ((nine[4] + nine[5]) + (nine[6] + nine[7]));
        assert_eq!(numpy_sum(nine), pairs + nine[8]);
        // More: halves of a multiple of eight.
        assert_eq!(
            numpy_sum(&values),
            numpy_sum(&values[..144]) + numpy_sum(&values[144..])
        );
    }

    #[test]
    fn window_means_count_rows_past_the_ends_as_zeros() {
        let context = [1.0, 10.0, 2.0, 20.0, 3.0, 30.0];
        let sums = RunningSums::new(3, 2, 1, |i, c| context[i * 2 + c]);
        let means =
            |window| -> Vec<f64> { (0..6).map(|at| sums.mean(at / 2, window, at % 2)).collect() };
        assert_eq!(means((-1, -1)), [0.0, 0.0, 1.0, 10.0, 2.0, 20.0]);
        assert_eq!(means((0, 1)), [1.5, 15.0, 2.5, 25.0, 1.5, 15.0]);
    }

    #[test]
    fn nearest_marks_on_either_side() {
        let distances: Vec<i64> = (0..6).map(|p| nearest(&[1, 4], p).1).collect();
        assert_eq!(distances, [1, 0, 1, 1, 0, 1]);
        assert_eq!(nearest(&[1, 4], 3).0, 1);
    }

    #[test]
    fn upper_case_is_pythons() {
        let shouting = |text: &str| Counts::of(text, None).shouting;
        assert_eq!(shouting("NASA A1 ÜBER"), 3);
        assert_eq!(shouting("NASa 123 ǅA"), 0);
    }

    #[test]
    fn families_are_code_prefixes() {
        assert_eq!(families_of("NAV001"), 1);
        assert_eq!(families_of("SITE:example.com"), 1 << 19);
        assert_eq!(families_of("SCR001"), 0);
    }

    #[test]
    fn one_name_per_column() {
        let named = [
            (CHARS_LOG, "chars_log"),
            (WORDS_LOG, "words_log"),
            (SENTENCE, "sentence"),
            (BODY, "body"),
            (STOP_DENSITY, "stop_density"),
            (REMOVED, "removed"),
            (STOPS_PER_WORD, "stops_per_word"),
        ];
        for (column, name) in named {
            assert_eq!(SEGMENT_FEATURES[column], name);
        }
        assert_eq!(feature_names().len(), COLUMNS);
        assert_eq!(feature_names()[BASE], "words_log@-1..-1");
    }
}

//! The generic rules whose logic is code: menus, captions, duplicates, context, and what the
//! declarative kinds (drop, block, cut-before, cut-after) do with the segments their phrases
//! and patterns recognise.
//!
//! Each rule reads the verdicts so far (a segment is kept while no rule has hit it) and
//! returns (segment index, detail) for every segment it takes; the engine adds the hits once
//! the rule is done, so a rule never sees its own verdicts. Thresholds come from the rule
//! files (rules/generic/*.yaml) through the Python front, which holds their defaults.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::chars::{is_alnum, is_space};
use crate::doc::Seg;
use crate::scorer::{Scored, StopWords};

pub type Found = Vec<(usize, String)>;

/// A rule of the core, with its thresholds.
pub enum Rule {
    /// Every recognised segment; `in_body`: only between the first and last body paragraph.
    Drop {
        in_body: bool,
    },
    /// A marker segment, with up to `follow` teaser headlines after it.
    Block {
        follow: usize,
    },
    /// Everything after (or before) the first marker below (above) `min_share` of the body.
    Cut {
        after: bool,
        min_share: f64,
    },
    GluedMenu {
        max_words: usize,
    },
    SeparatorMenu {
        min_items: usize,
        max_item_words: f64,
    },
    CaptionTwice {
        window: usize,
    },
    Repeated {
        min_words: usize,
    },
    ShortLineRun {
        min_run: usize,
        max_words: usize,
    },
    BetweenBoilerplate {
        max_words: usize,
    },
    TrailingBoilerplate {
        body_words: usize,
        min_removed_share: f64,
        max_words: usize,
    },
    OutsideMainText {
        gap: usize,
        min_share: f64,
    },
    ScoredBoilerplate(Scored),
}

fn param<'py, T: FromPyObjectOwned<'py>>(params: &Bound<'py, PyDict>, key: &str) -> PyResult<T> {
    match params.get_item(key)? {
        Some(value) => value.extract().map_err(Into::into),
        None => Err(PyValueError::new_err(format!("missing parameter {key:?}"))),
    }
}

impl Rule {
    /// The rule called `kind` ("drop", "block", "cut-after", "cut-before" or a builtin's
    /// name) with every one of its parameters in `params`.
    pub fn new(kind: &str, params: &Bound<'_, PyDict>) -> PyResult<Self> {
        let p = params;
        Ok(match kind {
            "drop" => Rule::Drop {
                in_body: param(p, "in_body")?,
            },
            "block" => Rule::Block {
                follow: param(p, "follow")?,
            },
            "cut-after" | "cut-before" => Rule::Cut {
                after: kind == "cut-after",
                min_share: param(p, "min_share")?,
            },
            "nav-link-run" => Rule::GluedMenu {
                max_words: param(p, "max_words")?,
            },
            "separator-menu" => Rule::SeparatorMenu {
                min_items: param(p, "min_items")?,
                max_item_words: param(p, "max_item_words")?,
            },
            "duplicate-caption" => Rule::CaptionTwice {
                window: param(p, "window")?,
            },
            "duplicate-paragraph" => Rule::Repeated {
                min_words: param(p, "min_words")?,
            },
            "short-line-run" => Rule::ShortLineRun {
                min_run: param(p, "min_run")?,
                max_words: param(p, "max_words")?,
            },
            "between-boilerplate" => Rule::BetweenBoilerplate {
                max_words: param(p, "max_words")?,
            },
            "trailing-boilerplate" => Rule::TrailingBoilerplate {
                body_words: param(p, "body_words")?,
                min_removed_share: param(p, "min_removed_share")?,
                max_words: param(p, "max_words")?,
            },
            "outside-main-text" => Rule::OutsideMainText {
                gap: param(p, "gap")?,
                min_share: param(p, "min_share")?,
            },
            "scored-boilerplate" => Rule::ScoredBoilerplate(Scored {
                forest: param(p, "model")?,
                threshold: param(p, "threshold")?,
                body_threshold: param(p, "body_threshold")?,
            }),
            _ => {
                return Err(PyValueError::new_err(format!(
                    "no rule of the core named {kind:?}"
                )))
            }
        })
    }

    /// What the rule takes from `segs`; `marks`: the segments its phrases and patterns
    /// recognise, ascending (drop, block and cut only); `stop_words`: those of the page's
    /// language, as the front told them (the line scorer reads them, and the codes of the
    /// hits so far).
    pub fn find(
        &self,
        py: Python<'_>,
        segs: &[Seg],
        marks: &[usize],
        stop_words: Option<&StopWords>,
    ) -> PyResult<Found> {
        Ok(match self {
            Rule::Drop { in_body } => drop(segs, marks, *in_body),
            Rule::Block { follow } => block(segs, marks, *follow),
            Rule::Cut { after, min_share } => cut(segs, marks, *after, *min_share),
            Rule::GluedMenu { max_words } => glued_menu(segs, *max_words),
            Rule::SeparatorMenu {
                min_items,
                max_item_words,
            } => separator_menu(segs, *min_items, *max_item_words),
            Rule::CaptionTwice { window } => caption_twice(segs, *window),
            Rule::Repeated { min_words } => repeated(segs, *min_words),
            Rule::ShortLineRun { min_run, max_words } => short_line_run(segs, *min_run, *max_words),
            Rule::BetweenBoilerplate { max_words } => between_boilerplate(segs, *max_words),
            Rule::TrailingBoilerplate {
                body_words,
                min_removed_share,
                max_words,
            } => trailing_boilerplate(segs, *body_words, *min_removed_share, *max_words),
            Rule::OutsideMainText { gap, min_share } => outside_main_text(segs, *gap, *min_share),
            Rule::ScoredBoilerplate(scored) => return scored.find(py, segs, stop_words),
        })
    }
}

/// The page's title: the first kept segment of three words or more.
pub fn title_index(segs: &[Seg]) -> Option<usize> {
    segs.iter().position(|s| s.kept() && s.words >= 3)
}

/// Indices of the first and last kept body paragraph.
fn body_span(segs: &[Seg]) -> Option<(usize, usize)> {
    let first = segs.iter().position(|s| s.kept() && s.is_body())?;
    let last = segs.iter().rposition(|s| s.kept() && s.is_body())?;
    Some((first, last))
}

/// Share of words (`\w+` runs of 4+ characters, not all digits) that start with a capital.
pub fn capitalised_share(text: &str) -> f64 {
    let (mut long, mut capitalised) = (0usize, 0usize);
    let mut word = String::new();
    let mut count = |word: &str| {
        let length = word.chars().count();
        if length >= 4 && !word.chars().all(is_digit) {
            long += 1;
            capitalised += word.chars().next().is_some_and(char::is_uppercase) as usize;
        }
    };
    for c in text.chars() {
        if is_alnum(c) || c == '_' {
            word.push(c);
        } else if !word.is_empty() {
            count(&word);
            word.clear();
        }
    }
    if !word.is_empty() {
        count(&word);
    }
    if long == 0 {
        0.0
    } else {
        capitalised as f64 / long as f64
    }
}

/// `str.isdigit()` of one character: a decimal digit, or a digit written otherwise
/// (superscripts, subscripts, circled and parenthesised digits; Python's table).
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    get_general_category(c) == G::DecimalNumber
        || matches!(
            c,
            '\u{b2}'..='\u{b3}'
                | '\u{b9}'
                | '\u{1369}'..='\u{1371}'
                | '\u{19da}'
                | '\u{2070}'
                | '\u{2074}'..='\u{2079}'
                | '\u{2080}'..='\u{2089}'
                | '\u{2460}'..='\u{2468}'
                | '\u{2474}'..='\u{247c}'
                | '\u{2488}'..='\u{2490}'
                | '\u{24ea}'
                | '\u{24f5}'..='\u{24fd}'
                | '\u{24ff}'
                | '\u{2776}'..='\u{277e}'
                | '\u{2780}'..='\u{2788}'
                | '\u{278a}'..='\u{2792}'
                | '\u{10a40}'..='\u{10a43}'
                | '\u{10e60}'..='\u{10e68}'
                | '\u{11052}'..='\u{1105a}'
                | '\u{1f100}'..='\u{1f10a}'
        )
}

/// A teaser headline: short, and either unpunctuated or written in Title Case.
pub fn looks_like_headline(seg: &Seg) -> bool {
    0 < seg.words && seg.words <= 25 && (!seg.is_sentence || capitalised_share(&seg.text) >= 0.7)
}

fn mask(n: usize, marks: &[usize]) -> Vec<bool> {
    let mut out = vec![false; n];
    for &i in marks {
        if i < n {
            out[i] = true;
        }
    }
    out
}

fn drop(segs: &[Seg], marks: &[usize], in_body: bool) -> Found {
    let (first, last) = if in_body {
        match body_span(segs) {
            Some((a, b)) => (a as isize, b as isize),
            None => (-1, -1),
        }
    } else {
        (-1, segs.len() as isize)
    };
    marks
        .iter()
        .filter(|&&i| first < i as isize && (i as isize) < last)
        .map(|&i| (i, String::new()))
        .collect()
}

/// A marker goes, with up to `follow` teaser headlines after it; segments other rules
/// already removed are passed over without being counted.
fn block(segs: &[Seg], marks: &[usize], follow: usize) -> Found {
    let markers = mask(segs.len(), marks);
    let mut found = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        if !markers[i] {
            i += 1;
            continue;
        }
        let line = segs[i].line;
        found.push((i, String::new()));
        i += 1;
        let mut taken = 0;
        while i < segs.len() && taken < follow && !markers[i] {
            if segs[i].kept() {
                if !looks_like_headline(&segs[i]) {
                    break;
                }
                taken += 1;
            }
            found.push((i, format!("teaser under line {line}")));
            i += 1;
        }
    }
    found
}

/// Everything after (before) the first marker with at least `min_share` of the body text
/// above (below) it goes, the marker too.
fn cut(segs: &[Seg], marks: &[usize], after: bool, min_share: f64) -> Found {
    if marks.is_empty() {
        return vec![];
    }
    let markers = mask(segs.len(), marks);
    let body: Vec<usize> = segs
        .iter()
        .map(|s| if s.kept() && s.is_body() { s.words } else { 0 })
        .collect();
    let total: usize = body.iter().sum();
    let mut above = 0;
    let mut marker = None;
    for i in 0..segs.len() {
        let below = total - above - body[i];
        let share = if after { above } else { below };
        if markers[i] && share as f64 >= min_share * total as f64 {
            marker = Some(i);
            break;
        }
        above += body[i];
    }
    let Some(marker) = marker else { return vec![] };
    let line = segs[marker].line;
    let (span, side) = if after {
        (marker..segs.len(), "footer from")
    } else {
        (0..marker + 1, "header up to")
    };
    span.map(|i| (i, format!("{side} line {line}"))).collect()
}

/// Pieces of a glued run of page elements that do not read as a sentence.
fn glued_menu(segs: &[Seg], max_words: usize) -> Found {
    segs.iter()
        .enumerate()
        .filter(|(_, s)| s.glued && !s.is_sentence && s.words <= max_words)
        .map(|(i, _)| (i, String::new()))
        .collect()
}

/// How many items `text` has between its separators (`\s*[|•·]\s*` or `\s[»›/]\s`), not
/// counting blank ones; one pass over the text.
fn menu_items(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let (mut items, mut item_start, mut i) = (0, 0, 0);
    let mut count = |a: usize, b: usize| {
        if chars[a..b].iter().any(|&c| !is_space(c)) {
            items += 1;
        }
    };
    while i < n {
        // The first alternative: spaces, then | • or ·, then spaces.
        let mut j = i;
        while j < n && is_space(chars[j]) {
            j += 1;
        }
        let matched = if j < n && matches!(chars[j], '|' | '•' | '·') {
            let mut end = j + 1;
            while end < n && is_space(chars[end]) {
                end += 1;
            }
            Some(end)
        } else if j == i + 1
            && i + 2 < n
            && matches!(chars[i + 1], '»' | '›' | '/')
            && is_space(chars[i + 2])
        {
            Some(i + 3)
        } else {
            None
        };
        match matched {
            Some(end) => {
                count(item_start, i);
                item_start = end;
                i = end;
            }
            // Inside a run of spaces that no separator follows, only its last space can start
            // a match (of the second alternative).
            None if j > i + 1 => i = j - 1,
            None => i += 1,
        }
    }
    count(item_start, n);
    items
}

/// A line of short items joined by separators: "Home | News | Sport | Weather".
fn separator_menu(segs: &[Seg], min_items: usize, max_item_words: f64) -> Found {
    let mut found = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if seg.is_sentence || !seg.text.contains(['|', '•', '·', '»', '›', '/']) {
            continue;
        }
        let items = menu_items(&seg.text);
        if items >= min_items && seg.words as f64 / items as f64 <= max_item_words {
            found.push((i, format!("{items} menu items")));
        }
    }
    found
}

/// `long` is `short` with a credit in brackets added ("… 2021." / "… 2021. (AP)").
fn with_credit(short: &str, long: &str) -> bool {
    if !long.starts_with(short) || long.len() == short.len() {
        return false;
    }
    let tail = long[short.len()..].trim_start_matches(is_space);
    let mut chars = tail.chars();
    if !matches!(chars.next(), Some('(' | '[')) || !matches!(chars.next_back(), Some(')' | ']')) {
        return false;
    }
    let inside = chars.as_str();
    let length = inside.chars().count();
    (1..=80).contains(&length) && !inside.contains(['(', ')', '[', ']'])
}

/// A caption and its copy within `window` lines, the copy perhaps with a credit: both go,
/// even when another rule already took one copy. An exact repeat of a full sentence is left
/// to duplicate-paragraph; the page's title is never taken.
fn caption_twice(segs: &[Seg], window: usize) -> Found {
    let title = title_index(segs);
    let prefix = |s: &Seg| -> usize {
        s.key
            .char_indices()
            .nth(12)
            .map_or(s.key.len(), |(at, _)| at)
    };
    let prefixes: Vec<&str> = segs.iter().map(|s| &s.key[..prefix(s)]).collect();
    let mut found = Vec::new();
    for (i, first) in segs.iter().enumerate() {
        for j in i + 1..segs.len().min(i + 1 + window) {
            if prefixes[i] != prefixes[j] {
                continue;
            }
            let second = &segs[j];
            let credit =
                with_credit(&first.key, &second.key) || with_credit(&second.key, &first.key);
            if !(credit || (first.key == second.key && !first.is_sentence)) {
                continue;
            }
            if title != Some(i) && title != Some(j) {
                if first.kept() {
                    found.push((i, format!("printed again on line {}", second.line)));
                }
                if second.kept() {
                    found.push((j, format!("copy of line {}", first.line)));
                }
            }
        }
    }
    found
}

/// A paragraph that repeats one kept earlier on the page: the first copy stays.
fn repeated(segs: &[Seg], min_words: usize) -> Found {
    // Keyed with a random seed, so that a page can't be made of keys that collide.
    let mut seen: std::collections::HashMap<&str, usize, ahash::RandomState> = Default::default();
    let mut found = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if !seg.kept() || seg.words < min_words {
            continue;
        }
        match seen.get(seg.key.as_str()) {
            Some(line) => found.push((i, format!("repeats line {line}"))),
            None => {
                seen.insert(&seg.key, seg.line);
            }
        }
    }
    found
}

/// At least `min_run` short unpunctuated lines in a row (removed lines don't break a run),
/// unless body paragraphs flank the run or a line ending in ":" introduces it; the title stays.
fn short_line_run(segs: &[Seg], min_run: usize, max_words: usize) -> Found {
    let protected = title_index(segs);
    let mut found = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut before: Option<&Seg> = None; // the kept segment before the current run
    for i in 0..=segs.len() {
        let seg = segs.get(i);
        if seg.is_some_and(|s| !s.kept()) {
            continue;
        }
        if let Some(s) = seg {
            if s.words <= max_words && !s.is_sentence {
                run.push(i);
                continue;
            }
        }
        let flanked = before.is_some_and(Seg::is_body) && seg.is_some_and(Seg::is_body);
        let introduced = before.is_some_and(|b| b.kept() && b.text.ends_with(':'));
        if run.len() >= min_run && !(flanked || introduced) {
            let detail = format!("run of {} short lines", run.len());
            found.extend(
                run.iter()
                    .filter(|&&j| Some(j) != protected)
                    .map(|&j| (j, detail.clone())),
            );
        }
        run.clear();
        before = seg;
    }
    found
}

/// A short unpunctuated segment whose neighbours both went (or that ends the page after a
/// removed one) goes too, until nothing more does; the title is never taken.
fn between_boilerplate(segs: &[Seg], max_words: usize) -> Found {
    let n = segs.len();
    let mut removed: Vec<bool> = segs.iter().map(|s| !s.kept()).collect();
    let protected = title_index(segs);
    let eligible = |i: usize, removed: &[bool]| {
        let s = &segs[i];
        !removed[i]
            && Some(i) != protected
            && !s.is_sentence
            && s.words <= max_words
            && i > 0
            && removed[i - 1]
            && (i + 1 == n || removed[i + 1])
    };
    // The least set closed under the rule, found with a work list: a segment taken can only
    // make its neighbours eligible, so each segment is looked at a bounded number of times.
    let mut found = Vec::new();
    let mut pending: Vec<usize> = (0..n).rev().collect();
    while let Some(i) = pending.pop() {
        if eligible(i, &removed) {
            removed[i] = true;
            found.push((i, String::new()));
            if i + 1 < n {
                pending.push(i + 1);
            }
            pending.push(i - 1);
        }
    }
    found
}

/// After the last long body paragraph, where most segments already went, the unpunctuated
/// ones left belong to the same footer.
fn trailing_boilerplate(
    segs: &[Seg],
    body_words: usize,
    min_removed_share: f64,
    max_words: usize,
) -> Found {
    let Some(last) = segs
        .iter()
        .rposition(|s| s.kept() && s.is_sentence && s.words >= body_words)
    else {
        return vec![];
    };
    let tail = &segs[last + 1..];
    let removed = tail.iter().filter(|s| !s.kept()).count();
    if tail.is_empty() || (removed as f64) < min_removed_share * tail.len() as f64 {
        return vec![];
    }
    let detail = format!("footer after line {}", segs[last].line);
    tail.iter()
        .enumerate()
        .filter(|(_, s)| s.kept() && !s.is_sentence && s.words <= max_words)
        .map(|(k, _)| (last + 1 + k, detail.clone()))
        .collect()
}

/// The segments outside the article's main text: the article is the clusters of body
/// paragraphs (fewer than `gap` other segments apart) that weigh at least `min_share` of
/// the heaviest, with the kept lines that run on from them; the title stays.
pub fn outside_main_text(segs: &[Seg], gap: usize, min_share: f64) -> Found {
    let mut clusters: Vec<(usize, usize, usize)> = Vec::new(); // first, last, words
    let mut since = gap;
    for (i, seg) in segs.iter().enumerate() {
        if seg.kept() && seg.is_body() {
            if since >= gap || clusters.is_empty() {
                clusters.push((i, i, 0));
            }
            let last = clusters.last_mut().expect("pushed");
            last.1 = i;
            last.2 += seg.words;
            since = 0;
        } else {
            since += 1;
        }
    }
    if clusters.len() < 2 {
        return vec![];
    }
    let heaviest = clusters.iter().map(|c| c.2).max().unwrap_or(0);
    let major: Vec<&(usize, usize, usize)> = clusters
        .iter()
        .filter(|c| c.2 as f64 >= min_share * heaviest as f64)
        .collect();
    let (Some(first), Some(last)) = (major.first(), major.last()) else {
        return vec![]; // a min_share over 1: no cluster weighs enough
    };
    let (mut first, mut last) = (first.0, last.1);
    // Lines that run on from the article with nothing removed in between belong to it.
    let end = (last + gap).min(segs.len() - 1);
    let start = first.saturating_sub(gap);
    while last < end && segs[last + 1].kept() && !segs[last + 1].is_body() {
        last += 1;
    }
    while first > start && segs[first - 1].kept() && !segs[first - 1].is_body() {
        first -= 1;
    }
    let protected = title_index(segs);
    segs.iter()
        .enumerate()
        .filter(|&(i, s)| s.kept() && Some(i) != protected && (i < first || i > last))
        .map(|(i, _)| (i, "outside the article's text".to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_items_are_counted_between_separators() {
        assert_eq!(menu_items("Home | News | Sport | Weather"), 4);
        assert_eq!(menu_items("Home » News » Sport"), 3);
        assert_eq!(menu_items("a/b and/or c"), 1);
        assert_eq!(menu_items("| | a"), 1);
        assert_eq!(menu_items("a    b | c"), 2);
    }

    #[test]
    fn credits_are_brackets_at_the_end() {
        assert!(with_credit("a man speaks.", "a man speaks. (ap)"));
        assert!(!with_credit("a man speaks.", "a man speaks. (ap) more"));
        assert!(!with_credit("a man speaks.", "a man speaks. ()"));
    }

    #[test]
    fn capitals_are_counted_on_long_words_only() {
        assert_eq!(capitalised_share("The Big Story Here"), 1.0);
        assert_eq!(capitalised_share("a 2024 list"), 0.0);
        assert_eq!(capitalised_share("Über alles heute"), 1.0 / 3.0);
    }
}

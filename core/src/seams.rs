//! Where a scraped line was glued together from several page elements.
//!
//! Scrapers that flatten a page with `get_text()` glue inline elements together: a whole menu
//! becomes "Skip linksSkip to ContentNewsMiddle EastAfrica…", and an article's lead can follow a
//! date stamp with no break ("…05:02 PM (GMT)United States Secretary…"). A seam is a position
//! between two characters; three kinds are found:
//!
//! - strong seams: terminal punctuation or a closing bracket directly followed by a capitalised
//!   word ("11 days.Keep reading", "[File: …]Published");
//! - camel seams: a lower-case letter directly followed by a capitalised word ("menuNavigation"),
//!   "SEARCHSkip", "3Israel", "Opinion|Republicans"; the segmenter cuts at them only where they
//!   are dense, so brand names in prose ("YouTube") are left alone;
//! - sentence-start seams: a block glued to a next one that starts a sentence ("…in Our
//!   UniverseAs their galaxies…"), where the word before the seam starts in lower case or is
//!   long, and the word after it is one that starts sentences.
//!
//! Every scanner makes one pass over the characters, each looking only a bounded distance
//! around a candidate (the runs it needs to know are carried along), so time is linear in the
//! line whatever its shape. Positions are in characters, as Python counts them.

use crate::chars::{is_space, is_word};

const LOWER: u8 = 1;
const UPPER: u8 = 2;
const LETTER: u8 = 4;
const DIGIT: u8 = 8;
const WORD: u8 = 16;
pub const SPACE: u8 = 32;
/// A character of a script written without spaces (see chars::is_unspaced).
const UNSPACED: u8 = 64;

/// The classes of each ASCII character.
pub const ASCII_CLASSES: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' => LOWER | LETTER | WORD,
            b'A'..=b'Z' => UPPER | LETTER | WORD,
            b'0'..=b'9' => DIGIT | WORD,
            b'_' => WORD,
            b'\t'..=b'\r' | 0x1c..=0x1f | b' ' => SPACE,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The classes of a character (one table look-up for a character outside ASCII).
#[inline]
pub fn class_of(c: char) -> u8 {
    if c.is_ascii() {
        return ASCII_CLASSES[c as usize];
    }
    if let Some(&classes) = bmp_classes().get(c as usize) {
        return classes;
    }
    class_of_wide(c)
}

/// The classes of every character of the Basic Multilingual Plane, worked out on first use
/// (64 KB): one look-up per character, where the general category takes a search.
fn bmp_classes() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=0xffffu32)
            .map(|code| char::from_u32(code).map_or(0, class_of_wide))
            .collect()
    })
}

fn class_of_wide(c: char) -> u8 {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    let unspaced = if crate::chars::is_unspaced(c) {
        UNSPACED
    } else {
        0
    };
    unspaced
        | match get_general_category(c) {
            G::LowercaseLetter => LOWER | LETTER | WORD,
            G::UppercaseLetter => UPPER | LETTER | WORD,
            G::TitlecaseLetter | G::ModifierLetter | G::OtherLetter => LETTER | WORD,
            G::DecimalNumber => DIGIT | WORD,
            G::NonspacingMark
            | G::SpacingMark
            | G::EnclosingMark
            | G::LetterNumber
            | G::ConnectorPunctuation => WORD,
            // Circled and squared letters are alphabetic; the joiners are word characters too.
            G::OtherSymbol | G::Format if is_word(c) => WORD,
            G::SpaceSeparator | G::LineSeparator | G::ParagraphSeparator | G::Control
                if is_space(c) =>
            {
                SPACE
            }
            _ => 0,
        }
}

/// A line (or a piece of one): every scanner works on a view, which sees nothing before its
/// first or after its last character. An ASCII line is read in place, byte by byte; any other
/// line as its characters, with the classes of each worked out once (positions are
/// characters either way).
#[derive(Clone, Copy)]
pub enum View<'a> {
    Ascii(&'a [u8]),
    Wide(&'a [char], &'a [u8]),
}

/// The characters of `text` and the classes of each, for View::Wide.
pub fn chars_and_classes(text: &str) -> (Vec<char>, Vec<u8>) {
    let (mut chars, mut classes) = (
        Vec::with_capacity(text.len()),
        Vec::with_capacity(text.len()),
    );
    for c in text.chars() {
        chars.push(c);
        classes.push(class_of(c));
    }
    (chars, classes)
}

impl<'a> View<'a> {
    pub fn slice(&self, a: usize, b: usize) -> View<'a> {
        match self {
            View::Ascii(t) => View::Ascii(&t[a..b]),
            View::Wide(t, k) => View::Wide(&t[a..b], &k[a..b]),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            View::Ascii(t) => t.len(),
            View::Wide(t, _) => t.len(),
        }
    }

    #[inline]
    pub fn char(&self, i: usize) -> char {
        match self {
            View::Ascii(t) => t[i] as char,
            View::Wide(t, _) => t[i],
        }
    }

    #[inline]
    fn has(&self, i: usize, class: u8) -> bool {
        let classes = match self {
            View::Ascii(t) => ASCII_CLASSES[(t[i] & 0x7f) as usize],
            View::Wide(_, k) => k[i],
        };
        classes & class != 0
    }

    /// Whether `i` (a position after a character) is preceded by `class` at `back` characters.
    #[inline]
    fn before(&self, p: usize, back: usize, class: u8) -> bool {
        p >= back && self.has(p - back, class)
    }

    #[inline]
    fn at(&self, i: usize, class: u8) -> bool {
        i < self.len() && self.has(i, class)
    }

    /// A word boundary (`\b`) before character `i`, which is a word character.
    #[inline]
    fn word_starts(&self, i: usize) -> bool {
        i == 0 || !self.has(i - 1, WORD)
    }

    /// Space-separated tokens; in scripts written without spaces, two characters a word
    /// (chars::count_words, read off the classes).
    pub fn count_words(&self) -> usize {
        let (mut count, mut unspaced, mut in_word) = (0, 0, false);
        let mut step = |classes: u8| {
            if classes & SPACE != 0 {
                in_word = false;
            } else {
                count += !in_word as usize;
                in_word = true;
                unspaced += (classes & UNSPACED != 0) as usize;
            }
        };
        match self {
            View::Ascii(t) => t
                .iter()
                .for_each(|&b| step(ASCII_CLASSES[(b & 0x7f) as usize])),
            View::Wide(_, k) => k.iter().for_each(|&classes| step(classes)),
        }
        count + unspaced / 2
    }
}

/// The run of capitals that a position starts: its end, found once per run.
struct CapsRun {
    end: usize,
}

impl CapsRun {
    /// The end of the run of capitals starting at `p` (itself a capital).
    fn end_from(&mut self, v: &View, p: usize) -> usize {
        if p >= self.end {
            self.end = p;
            while self.end < v.len() && v.has(self.end, UPPER) {
                self.end += 1;
            }
        }
        self.end
    }
}

/// What follows a seam, at capital `p`: a capitalised word ("Keep") or a word in capitals
/// of two letters or more ("DON'T", "US ").
#[inline]
fn capitalised_word(v: &View, p: usize, caps: &mut CapsRun) -> bool {
    if v.at(p + 1, LOWER) {
        return true;
    }
    let end = caps.end_from(v, p);
    end - p >= 2 && !v.at(end, WORD)
}

/// A capitalised word of three letters or more at capital `p` ("Skip", "Israel").
#[inline]
fn long_capitalised_word(v: &View, p: usize) -> bool {
    v.at(p + 1, LOWER) && v.at(p + 2, LOWER)
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closing_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»')
}

/// "days.Keep", "1.DON'T", "said.”The", "(GMT)United", "Press]Published".
fn strong_at(v: &View, p: usize, caps: &mut CapsRun) -> bool {
    let after_sentence = |q: usize| {
        q >= 3
            && is_terminal(v.char(q - 1))
            && v.before(q, 2, LOWER | DIGIT)
            && v.before(q, 3, LOWER | DIGIT)
    };
    let quoted = p >= 1 && is_closing_quote(v.char(p - 1)) && after_sentence(p - 1);
    if (after_sentence(p) || quoted) && capitalised_word(v, p, caps) {
        return true;
    }
    p >= 1 && matches!(v.char(p - 1), ')' | ']') && v.at(p + 1, LOWER)
}

/// "menuNavigation", "Log InLog In", "AsiaUS & Canada", "SEARCHSkip", "3Israel", "|Opinion".
fn camel_at(v: &View, p: usize, caps: &mut CapsRun) -> bool {
    let lower_before = v.before(p, 1, LOWER)
        && (v.before(p, 2, LOWER) || (v.before(p, 2, UPPER) && v.word_starts(p - 2)));
    if lower_before && capitalised_word(v, p, caps) {
        return true;
    }
    let caps_or_digit = (v.before(p, 1, UPPER) && v.before(p, 2, UPPER)) || v.before(p, 1, DIGIT);
    (caps_or_digit && long_capitalised_word(v, p)) || (p >= 1 && v.char(p - 1) == '|')
}

/// Positions where `found` holds, in order. Every seam is at a capital.
fn scan(v: &View, mut found: impl FnMut(&View, usize, &mut CapsRun) -> bool) -> Vec<usize> {
    let mut caps = CapsRun { end: 0 };
    (0..v.len())
        .filter(|&p| v.has(p, UPPER) && found(v, p, &mut caps))
        .collect()
}

pub fn strong_seams(v: &View) -> Vec<usize> {
    scan(v, strong_at)
}

pub fn camel_seams(v: &View) -> Vec<usize> {
    scan(v, camel_at)
}

/// Whether a line has a strong or a camel seam anywhere.
pub fn has_seam(v: &View) -> bool {
    let mut caps = CapsRun { end: 0 };
    (0..v.len())
        .any(|p| v.has(p, UPPER) && (strong_at(v, p, &mut caps) || camel_at(v, p, &mut caps)))
}

/// What one pass over a line tells without reading it as characters first: its words (as
/// chars::count_words counts them), and whether it may have a strong or camel seam. Every
/// such seam is at a capital right after a letter, a digit or one of a few marks (see
/// strong_at and camel_at); a line with no such capital has none, and is one segment as it is
/// ("“The" and "(The" are not candidates; "U.S." and "McDonald" are).
pub fn words_and_seam_candidates(text: &str) -> (usize, bool) {
    let (mut count, mut unspaced, mut in_word) = (0, 0, false);
    let mut candidate = false;
    let mut before = SPACE; // the classes of the character before
    let mut after_mark = false; // the character before is a mark a seam may follow
    for c in text.chars() {
        let classes = class_of(c);
        if classes & SPACE != 0 {
            in_word = false;
            before = classes;
            after_mark = false;
            continue;
        }
        let may_follow = before & (LOWER | UPPER | DIGIT) != 0 || after_mark;
        candidate |= classes & UPPER != 0 && may_follow;
        unspaced += (classes & UNSPACED != 0) as usize;
        count += !in_word as usize;
        in_word = true;
        before = classes;
        after_mark = seam_mark(c);
    }
    (count + unspaced / 2, candidate)
}

/// The marks a strong or camel seam may follow besides letters and digits: terminal
/// punctuation, a closing quote or bracket, or "|" (see strong_at and camel_at); never an
/// opening quote or bracket.
#[inline]
fn seam_mark(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '|' | ')' | ']' | '"' | '\'' | '…' | '”' | '’' | '»'
    )
}

const SENTENCE_STARTS: &[&str] = &[
    "The", "A", "An", "As", "In", "On", "At", "For", "But", "And", "If", "When", "While", "After",
    "Before", "This", "That", "These", "Those", "It", "He", "She", "We", "They", "I", "You", "Our",
    "My", "His", "Her", "Their", "There", "Here", "What", "How", "Why", "Who", "Der", "Die", "Das",
    "Ein", "Eine", "Im", "Es", "Er", "Wir", "Ich", "Le", "La", "Les", "Un", "Une", "Il", "Elle",
    "Nous", "Dans", "El", "Los", "Las", "En", "Con",
];
const LONGEST_START: usize = 6;

/// "…the deep endBefore we dive in": the word before the seam starts in lower case (at a word
/// boundary) or has eight letters or more, ends in a lower-case letter, and the whole word
/// after it is one that starts sentences.
pub fn sentence_start_seams(v: &View) -> Vec<usize> {
    let n = v.len();
    let mut seams = Vec::new();
    let mut letters_from = 0; // where the run of letters ending before the current position began
    let mut word_end = 0; // the end of the run of word characters the current position is in
    for p in 0..n {
        if p == 0 || !v.has(p - 1, LETTER) {
            letters_from = p;
        }
        if !v.has(p, UPPER) || !v.before(p, 1, LOWER) || !v.before(p, 2, LETTER) {
            continue;
        }
        // The letters before the seam run from letters_from to p - 1 (p - 2 of them before
        // the last, lower-case one).
        let start_lower = v.has(letters_from, LOWER) && v.word_starts(letters_from);
        if !start_lower && p - 1 - letters_from < 7 {
            continue;
        }
        if word_end <= p {
            word_end = p;
            while word_end < n && v.has(word_end, WORD) {
                word_end += 1;
            }
        }
        if word_end - p <= LONGEST_START {
            let word: String = (p..word_end).map(|i| v.char(i)).collect();
            if SENTENCE_STARTS.contains(&word.as_str()) {
                seams.push(p);
            }
        }
    }
    seams
}

/// Number of leading white-space characters.
fn leading_space(v: &View) -> usize {
    (0..v.len()).take_while(|&i| v.has(i, SPACE)).count()
}

/// The non-blank pieces of `v` between consecutive `seams`, stripped: (start, end) in `v`.
pub fn cut(v: &View, seams: &[usize]) -> Vec<(usize, usize)> {
    let mut parts = Vec::with_capacity(seams.len() + 1);
    let mut a = 0;
    for &b in seams.iter().chain(std::iter::once(&v.len())) {
        if b > a {
            if let Some(span) = strip(&v.slice(a, b)) {
                parts.push((a + span.0, a + span.1));
            }
        }
        a = a.max(b);
    }
    parts
}

/// The span of `v` without leading and trailing white space; None when it is all blank.
pub fn strip(v: &View) -> Option<(usize, usize)> {
    let start = leading_space(v);
    if start == v.len() {
        return None;
    }
    let trailing = (0..v.len()).rev().take_while(|&i| v.has(i, SPACE)).count();
    Some((start, v.len() - trailing))
}

/// How a line is cut: (start, end, glued) of each non-empty piece, in characters.
pub struct Glue {
    pub min_seams: usize,
    pub min_seams_per_word: f64,
    pub max_pieces: usize,
}

impl Glue {
    pub fn split(&self, v: &View) -> Vec<(usize, usize, bool)> {
        if !has_seam(v) {
            return strip(v)
                .map(|(a, b)| vec![(a, b, false)])
                .unwrap_or_default();
        }
        let mut pieces = Vec::new();
        for (a, b) in cut(v, &strong_seams(v)) {
            let strong = v.slice(a, b);
            for (c, d) in cut(&strong, &sentence_start_seams(&strong)) {
                let (start, end) = (a + c, a + d);
                let chunk = v.slice(start, end);
                let seams = camel_seams(&chunk);
                let count = seams.len();
                let words = chunk.count_words();
                let glued = count >= self.min_seams
                    && count as f64 >= self.min_seams_per_word * words as f64;
                let mut parts: Vec<(usize, usize)> = if glued {
                    cut(&chunk, &seams)
                        .into_iter()
                        .map(|(x, y)| (start + x, start + y))
                        .collect()
                } else {
                    vec![(start, end)]
                };
                if parts.len() > self.max_pieces {
                    parts = self.runs(&parts);
                }
                pieces.extend(parts.into_iter().map(|(x, y)| (x, y, glued)));
            }
        }
        pieces
    }

    /// `parts` joined into at most max_pieces runs of consecutive parts (a whole page
    /// flattened into one line of menus), so that memory stays bounded.
    fn runs(&self, parts: &[(usize, usize)]) -> Vec<(usize, usize)> {
        let size = parts.len().div_ceil(self.max_pieces);
        parts
            .chunks(size)
            .map(|run| (run[0].0, run[run.len() - 1].1))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<String> {
        let (chars, kinds) = chars_and_classes(text);
        let view = if text.is_ascii() {
            View::Ascii(text.as_bytes())
        } else {
            View::Wide(&chars, &kinds)
        };
        let glue = Glue {
            min_seams: 3,
            min_seams_per_word: 0.3,
            max_pieces: 5000,
        };
        glue.split(&view)
            .into_iter()
            .map(|(a, b, _)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn a_glued_menu_is_cut_into_its_links() {
        assert_eq!(
            pieces("Skip linksSkip to ContentNewsMiddle East"),
            ["Skip links", "Skip to Content", "News", "Middle East"]
        );
    }

    #[test]
    fn brand_names_in_prose_stay_whole() {
        let text = "She posts on YouTube and uses JavaScript for her site.";
        assert_eq!(pieces(text), [text]);
    }

    #[test]
    fn strong_and_sentence_start_seams_cut_anywhere() {
        assert_eq!(
            pieces("in 11 days.Keep reading"),
            ["in 11 days.", "Keep reading"]
        );
        assert_eq!(
            pieces("at 05:02 PM (GMT)United States"),
            ["at 05:02 PM (GMT)", "United States"]
        );
        assert_eq!(
            pieces("the deep endBefore we dive"),
            ["the deep end", "Before we dive"]
        );
        assert_eq!(pieces("x MacBookAs it"), ["x MacBookAs it"]);
    }

    #[test]
    fn words_read_off_the_classes_are_those_of_count_words() {
        for text in [
            "a\u{a0}b\x1fc  d",
            "日本語です",
            "",
            " x\u{3000}y ",
            "é à",
            "ab cd",
        ] {
            let (chars, kinds) = chars_and_classes(text);
            let view = if text.is_ascii() {
                View::Ascii(text.as_bytes())
            } else {
                View::Wide(&chars, &kinds)
            };
            let want = crate::chars::count_words(text.chars());
            assert_eq!(view.count_words(), want, "{text:?}");
        }
    }

    #[test]
    fn a_line_with_a_seam_is_always_a_candidate() {
        let lines = [
            "Skip linksSkip to Content",
            "in 11 days.Keep reading",
            "(GMT)United",
            "a|Opinion",
            "SEARCHSkip",
            "3Israel",
            "über alles.Öl ist",
            "said.”The",
            "Press]Published",
            "plain prose, all in lower case",
            "A Title With Spaces",
        ];
        for text in lines {
            let (chars, kinds) = chars_and_classes(text);
            let view = if text.is_ascii() {
                View::Ascii(text.as_bytes())
            } else {
                View::Wide(&chars, &kinds)
            };
            let (words, candidate) = words_and_seam_candidates(text);
            assert_eq!(words, view.count_words(), "{text:?}");
            assert!(candidate || !has_seam(&view), "{text:?}");
        }
        assert!(!words_and_seam_candidates("A Title With Spaces").1);
        assert!(!words_and_seam_candidates("“Quoted” and (Bracketed) text").1);
    }

    #[test]
    fn no_line_of_random_marks_and_letters_has_a_seam_it_is_not_a_candidate_for() {
        let alphabet: Vec<char> = "aB.”“()| 1Éé’»…ÖxY[]'\"-!?Σσ日".chars().collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..50_000 {
            let mut line = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for k in 0..(1 + state % 10) {
                let pick = (state >> (5 * k)) as usize % alphabet.len();
                line.push(alphabet[pick]);
            }
            let (chars, kinds) = chars_and_classes(&line);
            let view = if line.is_ascii() {
                View::Ascii(line.as_bytes())
            } else {
                View::Wide(&chars, &kinds)
            };
            let (words, candidate) = words_and_seam_candidates(&line);
            assert_eq!(words, view.count_words(), "{line:?}");
            assert!(candidate || !has_seam(&view), "{line:?}");
        }
    }

    #[test]
    fn characters_outside_ascii_are_read_as_characters() {
        assert_eq!(pieces("über alles.Öl ist"), ["über alles.", "Öl ist"]);
        assert_eq!(pieces("  "), Vec::<String>::new());
    }
}

//! Character classes, with the meaning they have in the Python front.
//!
//! The segmenter was first written with Python's `regex` module and `str` methods; the core
//! keeps their definitions so that a page is cut at the same places whichever side cuts it:
//! letters and digits by Unicode general category (`\p{Ll}`, `\d` = `Nd`), word characters as
//! in `\w` (Unicode TR#18: alphabetic, marks, decimal digits, connector punctuation, joiners),
//! and white space as in `str.isspace()`.

use unicode_general_category::{get_general_category, GeneralCategory as G};

/// `\w`, which decides where `\b` is.
#[inline]
pub fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    regex_syntax::is_word_character(c)
}

/// `str.isalnum()` of one character: a letter or a number of any kind.
#[inline]
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
    )
}

/// `str.isspace()`: what `str.split()` and `str.strip()` split and strip on.
#[inline]
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\x1c'..='\x1f'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Where `str.splitlines()` ends a line.
#[inline]
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\x0b'
            | '\x0c'
            | '\r'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Scripts written without spaces between words (kana, CJK ideographs, Hangul syllables):
/// about two such characters make a word.
#[inline]
pub fn is_unspaced(c: char) -> bool {
    matches!(
        c,
        '\u{3040}'..='\u{30ff}'
            | '\u{3400}'..='\u{4dbf}'
            | '\u{4e00}'..='\u{9fff}'
            | '\u{ac00}'..='\u{d7af}'
            | '\u{f900}'..='\u{faff}'
    )
}

/// Space-separated tokens; in scripts written without spaces, about two characters each.
pub fn count_words(text: impl Iterator<Item = char>) -> usize {
    let mut count = 0;
    let mut unspaced = 0;
    let mut in_word = false;
    for c in text {
        if is_space(c) {
            in_word = false;
        } else {
            if !in_word {
                count += 1;
                in_word = true;
            }
            if !c.is_ascii() && is_unspaced(c) {
                unspaced += 1;
            }
        }
    }
    count + unspaced / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_on_python_white_space_and_cjk_counts_two_characters_a_word() {
        assert_eq!(count_words("a\u{a0}b\x1fc  d".chars()), 4);
        assert_eq!(count_words("日本語です".chars()), 1 + 5 / 2);
        assert_eq!(count_words("".chars()), 0);
    }
}

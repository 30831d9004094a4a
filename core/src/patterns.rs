//! Regular expressions of rule files, matched in time linear in the text.
//!
//! Rule files come from users, and a pattern that backtracks catastrophically would hang a
//! pipeline on one unlucky line. The regex crate, like RE2 before it, guarantees linear time:
//! it has no look-around and no backreferences. Rule files were written for RE2, whose `\d`,
//! `\w`, `\s` and `\b` are ASCII; the crate's are Unicode. To keep every rule file meaning what
//! it meant, those four (and their negations) are rewritten to their ASCII forms before the
//! pattern is compiled: `\d` is `[0-9]`, `\w` is `[0-9A-Za-z_]`, `\s` is `[\t\n\f\r ]`, `\b`
//! is `(?-u:\b)`. `\p{L}`, `\p{Lu}` and the other Unicode classes cover every script, as before.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::ast::{self, Ast, ClassPerlKind, ClassSetItem, Visitor};

/// Compiled-program budget of one pattern, and the most a set's lazy DFA cache may grow to
/// (16 MB, as RE2's sets had). The built-in rules' screen is one per cleaner, shared by every
/// site's plan (cleaner/engine.py), so its caches are warmed once; measured over bench/data's
/// text dumps, a 64 MB cache made the screen no faster.
const SIZE_LIMIT: usize = 64 << 20;
const DFA_LIMIT: usize = 16 << 20;

/// What RE2's ASCII classes become.
fn ascii_class(kind: &ClassPerlKind, negated: bool) -> &'static str {
    match (kind, negated) {
        (ClassPerlKind::Digit, false) => "[0-9]",
        (ClassPerlKind::Digit, true) => "[^0-9]",
        (ClassPerlKind::Word, false) => "[0-9A-Za-z_]",
        (ClassPerlKind::Word, true) => "[^0-9A-Za-z_]",
        (ClassPerlKind::Space, false) => r"[\t\n\x0C\r\x20]",
        (ClassPerlKind::Space, true) => r"[^\t\n\x0C\r\x20]",
    }
}

/// The spans of `\d`, `\w`, `\s`, `\b` (and negations) in a pattern, with what replaces them.
struct Edits {
    edits: Vec<(usize, usize, &'static str)>,
}

impl Visitor for &mut Edits {
    type Output = ();
    type Err = ();

    fn finish(self) -> Result<(), ()> {
        Ok(())
    }

    fn visit_pre(&mut self, node: &Ast) -> Result<(), ()> {
        match node {
            Ast::ClassPerl(class) => {
                let text = ascii_class(&class.kind, class.negated);
                self.edits
                    .push((class.span.start.offset, class.span.end.offset, text));
            }
            Ast::Assertion(assertion) => {
                let text = match assertion.kind {
                    ast::AssertionKind::WordBoundary => r"(?-u:\b)",
                    ast::AssertionKind::NotWordBoundary => r"(?-u:\B)",
                    _ => return Ok(()),
                };
                self.edits
                    .push((assertion.span.start.offset, assertion.span.end.offset, text));
            }
            _ => {}
        }
        Ok(())
    }

    fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), ()> {
        if let ClassSetItem::Perl(class) = item {
            // Inside a bracketed class, a nested class: [\w-] is [[0-9A-Za-z_]-].
            let text = ascii_class(&class.kind, class.negated);
            self.edits
                .push((class.span.start.offset, class.span.end.offset, text));
        }
        Ok(())
    }
}

/// A rule file's pattern in the crate's syntax, with RE2's meaning; or what is wrong with it.
pub fn translate(source: &str) -> Result<String, String> {
    let parsed = ast::parse::Parser::new()
        .parse(source)
        .map_err(|e| describe(&e.to_string()))?;
    let mut edits = Edits { edits: Vec::new() };
    ast::visit(&parsed, &mut edits).map_err(|_| "cannot be read".to_string())?;
    edits.edits.sort_by_key(|edit| edit.0);
    let mut out = String::with_capacity(source.len() + 16 * edits.edits.len());
    let mut at = 0;
    for (start, end, text) in edits.edits {
        if start < at {
            continue; // nested inside an edit already made (never, for these nodes)
        }
        out.push_str(&source[at..start]);
        out.push_str(text);
        at = end;
    }
    out.push_str(&source[at..]);
    Ok(out)
}

/// The one line that says what is wrong, out of the crate's message (which draws the pattern
/// and a caret over several lines).
fn describe(message: &str) -> String {
    message
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("error: "))
        .unwrap_or(message.lines().next().unwrap_or("invalid"))
        .to_string()
}

/// What is wrong with a pattern, if anything, short of compiling it: its syntax and
/// everything the crate refuses (look-around, backreferences, unknown classes).
pub fn check(source: &str) -> Result<(), String> {
    let translated = translate(source)?;
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(&translated)
        .map(|_| ())
        .map_err(|e| describe(&e.to_string()))
}

pub fn compile(source: &str) -> Result<Regex, String> {
    let translated = translate(source)?;
    RegexBuilder::new(&translated)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_LIMIT)
        .build()
        .map_err(|e| describe(&e.to_string()))
}

/// Patterns matched together in one pass; `whole`: each must match the whole text.
pub fn compile_set(sources: &[String], whole: bool) -> Result<RegexSet, String> {
    let mut translated = Vec::with_capacity(sources.len());
    for source in sources {
        let pattern = translate(source)?;
        translated.push(if whole {
            format!(r"\A(?:{pattern})\z")
        } else {
            pattern
        });
    }
    RegexSetBuilder::new(translated)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_LIMIT)
        .build()
        .map_err(|e| describe(&e.to_string()))
}

/// A pattern that must match the whole text.
pub fn compile_whole(source: &str) -> Result<Regex, String> {
    compile(&format!(r"\A(?:{source})\z"))
}

/// (start, end) in characters of every match of `regex` in `text`, left to right, not
/// overlapping: the span of the first group when the pattern has one (matches where it took
/// no part are left out).
pub fn char_spans(regex: &Regex, text: &str) -> Vec<(usize, usize)> {
    let mut offsets = CharOffsets::new(text);
    let mut found = Vec::new();
    for captures in regex.captures_iter(text) {
        let span = if regex.captures_len() > 1 {
            captures.get(1)
        } else {
            captures.get(0)
        };
        if let Some(m) = span {
            found.push((offsets.at(m.start()), offsets.at(m.end())));
        }
    }
    found
}

/// Character offsets of byte offsets of `text`, given in ascending order.
pub struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            char: 0,
        }
    }

    pub fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            // Not ascending: count again from the start.
            self.byte = 0;
            self.char = 0;
        }
        self.char += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.char
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re2_classes_are_rewritten_to_their_ascii_forms() {
        assert_eq!(
            translate(r"\w+\s\d").unwrap(),
            r"[0-9A-Za-z_]+[\t\n\x0C\r\x20][0-9]"
        );
        assert_eq!(translate(r"[\w-]\b").unwrap(), r"[[0-9A-Za-z_]-](?-u:\b)");
        assert_eq!(translate(r"\p{L}.{0,80}").unwrap(), r"\p{L}.{0,80}");
    }

    #[test]
    fn errors_are_one_line() {
        let error = translate("(?=x)").unwrap_err();
        assert!(
            error.contains("look-around") && !error.contains('\n'),
            "{error}"
        );
    }

    #[test]
    fn offsets_are_counted_in_characters() {
        let mut offsets = CharOffsets::new("ééb");
        assert_eq!((offsets.at(4), offsets.at(5)), (2, 3));
    }
}

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

/// Compiled-program budget of one pattern, and of a set's lazy DFA cache.
const SIZE_LIMIT: usize = 64 << 20;
const DFA_LIMIT: usize = 16 << 20;

/// What RE2's ASCII classes become.
fn ascii_class(kind: &ClassPerlKind, negated: bool) -> &'static str {
    match (kind, negated) {
        (ClassPerlKind::Digit, false) => "[0-9]",
        (ClassPerlKind::Digit, true) => "[^0-9]",
        (ClassPerlKind::Word, false) => "[0-9A-Za-z_]",
        (ClassPerlKind::Word, true) => "[^0-9A-Za-z_]",
        (ClassPerlKind::Space, false) => r"[\t\n\x0C\r ]",
        (ClassPerlKind::Space, true) => r"[^\t\n\x0C\r ]",
    }
}

/// The spans of `\d`, `\w`, `\s`, `\b` (and negations) in a pattern, with what replaces them.
struct Edits(Vec<(usize, usize, &'static str)>);

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
                self.0.push((class.span.start.offset, class.span.end.offset, text));
            }
            Ast::Assertion(assertion) => {
                let text = match assertion.kind {
                    ast::AssertionKind::WordBoundary => r"(?-u:\b)",
                    ast::AssertionKind::NotWordBoundary => r"(?-u:\B)",
                    _ => return Ok(()),
                };
                self.0.push((assertion.span.start.offset, assertion.span.end.offset, text));
            }
            _ => {}
        }
        Ok(())
    }

    fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), ()> {
        if let ClassSetItem::Perl(class) = item {
            // Inside a bracketed class, a nested class: [\w-] is [[0-9A-Za-z_]-].
            let text = ascii_class(&class.kind, class.negated);
            self.0.push((class.span.start.offset, class.span.end.offset, text));
        }
        Ok(())
    }
}

/// A rule file's pattern in the crate's syntax, with RE2's meaning; or what is wrong with it.
pub fn translate(source: &str) -> Result<String, String> {
    let parsed = ast::parse::Parser::new().parse(source).map_err(|e| describe(&e.to_string()))?;
    let mut edits = Edits(Vec::new());
    ast::visit(&parsed, &mut edits).map_err(|_| "cannot be read".to_string())?;
    edits.0.sort_by_key(|edit| edit.0);
    let mut out = String::with_capacity(source.len() + 16 * edits.0.len());
    let mut at = 0;
    for (start, end, text) in edits.0 {
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
        translated.push(if whole { format!(r"\A(?:{pattern})\z") } else { pattern });
    }
    RegexSetBuilder::new(translated)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_LIMIT)
        .build()
        .map_err(|e| describe(&e.to_string()))
}

/// Character offsets of byte offsets of `text`, given in ascending order.
pub struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> Self {
        CharOffsets { text, byte: 0, char: 0 }
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

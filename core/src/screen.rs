//! The phrase-and-pattern screen: every rule that recognises segments by phrase or pattern,
//! matched against every segment of a document in one pass.
//!
//! A rule recognises a segment when the segment's match key is one of its phrases, or when one
//! of its patterns matches the whole segment and the segment is at most the rule's `max_chars`
//! long. All the patterns of all the rules form one set, matched once per segment; a segment
//! longer than every rule's `max_chars` skips the set.

use std::collections::HashMap;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use regex::RegexSet;

use crate::doc::{Doc, Seg};
use crate::patterns::compile_set;

pub struct Screen {
    rules: usize,
    /// Match key → the rules that have it as a phrase, ascending.
    phrases: HashMap<String, Vec<usize>>,
    /// The patterns, as sets matched one after the other: those that start with `.*` and
    /// those anchored at the start (in one set, the DFA states of the two kinds multiply, and
    /// its cache would need four times the memory); with the index of each set's patterns.
    sets: Vec<(RegexSet, Vec<usize>)>,
    /// For each pattern: its rule, and the longest segment it looks at.
    owner: Vec<usize>,
    limit: Vec<usize>,
    longest: usize,
}

impl Screen {
    /// `rules`: for each rule, (phrase keys, pattern sources, max_chars or None).
    pub fn new(rules: &[(Vec<String>, Vec<String>, Option<usize>)]) -> Result<Self, String> {
        let mut phrases: HashMap<String, Vec<usize>> = HashMap::new();
        let (mut sources, mut owner, mut limit) = (Vec::new(), Vec::new(), Vec::new());
        for (n, (keys, patterns, max_chars)) in rules.iter().enumerate() {
            for key in keys {
                let owners = phrases.entry(key.clone()).or_default();
                if owners.last() != Some(&n) {
                    owners.push(n);
                }
            }
            for source in patterns {
                sources.push(source.clone());
                owner.push(n);
                limit.push(max_chars.unwrap_or(usize::MAX));
            }
        }
        let mut sets = Vec::new();
        for leading_any in [false, true] {
            let group: Vec<usize> = (0..sources.len())
                .filter(|&k| starts_anywhere(&sources[k]) == leading_any)
                .collect();
            if !group.is_empty() {
                let members: Vec<String> = group.iter().map(|&k| sources[k].clone()).collect();
                let set = compile_set(&members, true)?;
                sets.push((set, group));
            }
        }
        let longest = limit.iter().copied().max().unwrap_or(0);
        Ok(Screen {
            rules: rules.len(),
            phrases,
            sets,
            owner,
            limit,
            longest,
        })
    }

    /// For each rule, the indices of the segments it recognises, ascending.
    pub fn run(&self, segs: &[Seg]) -> Vec<Vec<usize>> {
        let mut found = vec![Vec::new(); self.rules];
        let mut matched = Vec::new();
        for (i, seg) in segs.iter().enumerate() {
            matched.clear();
            if let Some(rules) = self.phrases.get(seg.key.as_str()) {
                matched.extend_from_slice(rules);
            }
            let size = if seg.text.is_ascii() {
                seg.text.len()
            } else {
                seg.text.chars().count()
            };
            if size <= self.longest {
                for (set, group) in &self.sets {
                    for k in set.matches(&seg.text).iter().map(|m| group[m]) {
                        if size <= self.limit[k] {
                            matched.push(self.owner[k]);
                        }
                    }
                }
            }
            matched.sort_unstable();
            matched.dedup();
            for &n in &matched {
                found[n].push(i);
            }
        }
        found
    }
}

/// The screen as Python uses it on its own (cleaner.matchers.Screen).
#[pyclass(module = "cleaner._core", name = "Screen", frozen)]
pub struct PyScreen {
    screen: Screen,
}

#[pymethods]
impl PyScreen {
    #[new]
    fn py_new(rules: Vec<(Vec<String>, Vec<String>, Option<usize>)>) -> PyResult<Self> {
        let screen = Screen::new(&rules).map_err(PyValueError::new_err)?;
        Ok(PyScreen { screen })
    }

    /// For each rule, the indices of the segments of `doc` it recognises, ascending.
    fn run(&self, doc: PyRef<'_, Doc>) -> Vec<Vec<usize>> {
        self.screen.run(&doc.segs)
    }
}

/// A pattern that may start matching anywhere: `.*` first, perhaps after inline flags.
fn starts_anywhere(source: &str) -> bool {
    let mut rest = source;
    while let Some(flags) = rest.strip_prefix("(?") {
        match flags.find(')') {
            Some(end)
                if flags[..end]
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '-') =>
            {
                rest = &flags[end + 1..];
            }
            _ => break,
        }
    }
    rest.starts_with(".*")
}

//! The phrase-and-pattern screen: every rule that recognises segments by phrase or pattern,
//! matched against every segment of a document in one pass.
//!
//! A rule recognises a segment when the segment's match key is one of its phrases, or when one
//! of its patterns matches the whole segment and the segment is at most the rule's `max_chars`
//! long. The patterns of all the rules are matched together, as a set, once per segment: the
//! set of the patterns that look at segments of its length (see `Tier`).

/// Keyed with a random seed, so that a page can't be made of keys that collide.
type HashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use regex::RegexSet;

use crate::doc::{Doc, Seg};
use crate::patterns::compile_set;

pub struct Screen {
    rules: usize,
    /// Match key → the rules that have it as a phrase, ascending.
    phrases: HashMap<String, Vec<usize>>,
    /// The patterns in two groups matched one after the other: those that start with `.*` and
    /// those anchored at the start (in one set, the DFA states of the two kinds multiply, and
    /// its cache would need four times the memory).
    groups: Vec<Vec<Tier>>,
    /// For each pattern, the longest segment it looks at.
    limit: Vec<usize>,
    /// For each pattern, its rule.
    owner: Vec<usize>,
    longest: usize,
}

/// The patterns of a group that may look at segments of `from` characters or more: those
/// whose max_chars is at least `from`. A segment is matched against the set of the last tier
/// its length reaches, so a long paragraph meets only the few patterns meant for long text.
/// A tier begins where the patterns left are at most half of the tier before, so that all
/// the tiers' sets together cost at most twice the first to compile.
struct Tier {
    from: usize,
    members: Vec<usize>,
    set: RegexSet,
}

impl Screen {
    /// `rules`: for each rule, (phrase keys, pattern sources, max_chars or None).
    pub fn new(rules: &[(Vec<String>, Vec<String>, Option<usize>)]) -> Result<Self, String> {
        let mut phrases: HashMap<String, Vec<usize>> = HashMap::default();
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
        let mut groups = Vec::new();
        for leading_any in [false, true] {
            let group: Vec<usize> = (0..sources.len())
                .filter(|&k| starts_anywhere(&sources[k]) == leading_any)
                .collect();
            let mut limits: Vec<usize> = group.iter().map(|&k| limit[k]).collect();
            limits.sort_unstable();
            limits.dedup();
            let mut starts = vec![0];
            let mut size = group.len();
            for &at in &limits {
                let left = group.iter().filter(|&&k| limit[k] > at).count();
                if left > 0 && left <= size / 2 {
                    starts.push(at + 1);
                    size = left;
                }
            }
            let mut tiers = Vec::with_capacity(starts.len());
            for from in starts {
                let members: Vec<usize> = group
                    .iter()
                    .copied()
                    .filter(|&k| limit[k] >= from)
                    .collect();
                let chosen: Vec<String> = members.iter().map(|&k| sources[k].clone()).collect();
                if chosen.is_empty() {
                    continue;
                }
                let set = compile_set(&chosen, true)?;
                tiers.push(Tier { from, members, set });
            }
            if !tiers.is_empty() {
                groups.push(tiers);
            }
        }
        Ok(Screen {
            rules: rules.len(),
            phrases,
            groups,
            longest: limit.iter().copied().max().unwrap_or(0),
            limit,
            owner,
        })
    }

    /// How many rules it screens for.
    pub fn rules(&self) -> usize {
        self.rules
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
            for tiers in &self.groups {
                let Some(tier) = tiers.iter().rev().find(|t| t.from <= size) else {
                    continue;
                };
                if size > self.longest {
                    continue; // longer than any pattern looks at
                }
                for k in tier.set.matches(&seg.text).iter().map(|m| tier.members[m]) {
                    if size <= self.limit[k] {
                        matched.push(self.owner[k]);
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
    pub screen: Screen,
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

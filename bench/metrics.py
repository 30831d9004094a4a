"""The benchmark's two metrics, exactly as the benchmark data's README defines them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class Score:
    f1: float
    precision: float
    recall: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def shingle_f1(pairs: list[tuple[str, str]]) -> Score:
    """Articles: shingle precision and recall per page, averaged. pairs: (gold, output)."""
    precisions, recalls = [], []
    for gold_text, output in pairs:
        gold, out = shingles(gold_text), shingles(output)
        tp = sum((gold & out).values())
        fp = sum((out - gold).values())
        fn = sum((gold - out).values())
        if tp + fp > 0:
            precisions.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(1.0 if fp == fn == 0 else tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return Score(_f1(p, r), p, r)


def fold(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def segment_f1(pages: list[tuple[list[str], list[str], str]]) -> Score:
    """Multilingual: `with` segments found are TPs, `without` segments found are FPs."""
    tp = fp = fn = 0
    for keep, drop, output in pages:
        folded = fold(output)
        for segment in keep:
            if fold(segment) in folded:
                tp += 1
            else:
                fn += 1
        fp += sum(1 for segment in drop if fold(segment) in folded)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return Score(_f1(p, r), p, r)

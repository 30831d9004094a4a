"""The language of a page, told by its stop words, and the stop-word list to judge lines by.

jusText ships stop-word lists for about a hundred languages. Counting which list the page's
words fall into names the language in well under a millisecond, fast enough to run on every
document. Pages written without spaces (Chinese, Japanese, Thai), where stop words can't be
counted, fall back to langdetect on a short sample, with the profiles of those languages only
(all 55 of them take 0.4 s and 60 MB to load; these take a tenth). numpy and langdetect are
imported on first use, jusText not at all (its lists are read from its folder): text that
nothing asks the language of needs none of them.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.cache import cached

if TYPE_CHECKING:
    import numpy as np

WORD = re.compile(r"\w+")
SAMPLE_CHARS = 10_000  # characters looked at to tell the language
MIN_HITS = 10  # fewer stop words than this: too little to tell by stop words
LANGDETECT_SAMPLE = 1000  # characters given to langdetect

# Letters of the scripts written without spaces: Han, kana, Hangul, Thai.
UNSPACED_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
# Names, in jusText's style, of what langdetect finds on pages without spaces between words.
_UNSPACED_NAMES = {
    "ja": "Japanese",
    "ko": "Korean",
    "th": "Thai",
    "zh-cn": "Chinese",
    "zh-tw": "Chinese",
}


@cache
def _stoplists() -> Path:
    """jusText's folder of stop-word lists, found without importing jusText (and lxml)."""
    spec = importlib.util.find_spec("justext")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jusText is not installed", name="justext")
    return Path(spec.origin).parent / "stoplists"


@cache
def _names() -> frozenset[str]:
    """The languages jusText has stop words for, as justext.get_stoplists lists them."""
    names = (os.path.splitext(name) for name in os.listdir(_stoplists()))
    return frozenset(stem for stem, extension in names if extension == ".txt")


def _words(name: str) -> set[str]:
    """The stop words of one of jusText's lists, as justext.get_stoplist reads them, but
    casefolded in one go: five times faster over the hundred lists that tell a language."""
    data = (_stoplists() / f"{name}.txt").read_bytes()
    return set(data.decode("utf-8").casefold().splitlines()) - {""}


@cache
def _stop_word_signatures() -> tuple[dict[str, int], list[str], np.ndarray]:
    """Each stop word's signature (the set of languages whose lists have it) as a number, the
    names of the languages, and for each signature a row of 1.0 in its languages' columns.
    A page's stop words are counted per signature; the votes per language are then one
    product of those counts with the rows (exact: they are small integers). Made from the
    hundred lists in a few tenths of a second, so kept in the cache (cleaner.cache)."""
    paths = [_stoplists() / f"{name}.txt" for name in sorted(_names())]
    return cached("stopwords", _stoplists(), paths, _signatures)


def _signatures() -> tuple[dict[str, int], list[str], np.ndarray]:
    import numpy as np

    names = sorted(_names())
    languages_of_word: dict[str, list[int]] = {}
    for column, name in enumerate(names):
        for word in _words(name):
            languages_of_word.setdefault(word, []).append(column)
    numbers: dict[tuple[int, ...], int] = {}
    signature = {
        word: numbers.setdefault(tuple(columns), len(numbers))
        for word, columns in languages_of_word.items()
    }
    rows = np.zeros((len(numbers), len(names)))
    for columns, number in numbers.items():
        rows[number, list(columns)] = 1.0
    return signature, names, rows


@cache
def _unspaced_detector_factory():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    profiles = [Path(PROFILES_DIRECTORY, code).read_text("utf-8") for code in _UNSPACED_NAMES]
    factory.load_json_profile(profiles)
    factory.set_seed(0)  # the same page always gets the same answer
    return factory


def preload() -> None:
    """Load now what telling languages needs (stop-word lists, langdetect's profiles), e.g.
    before forking workers, which then share it instead of each loading its own."""
    _stop_word_signatures()
    _unspaced_detector_factory()


@cache
def stoplist(language: str | None) -> frozenset[str]:
    """jusText's stop words of `language` (casefolded); empty for None or an unknown name."""
    return frozenset(_words(language)) if language in _names() else frozenset()


def detect(text: str) -> str | None:
    """The jusText name of the page's language ("English", "German", …), or None."""
    import numpy as np

    signature, names, rows = _stop_word_signatures()
    words = WORD.findall(text[:SAMPLE_CHARS].casefold())
    counts = Counter(map(signature.get, words))
    counts.pop(None, None)  # not a stop word
    if counts.total() >= MIN_HITS:
        votes = np.array(list(counts.values()), dtype=float) @ rows[list(counts)]
        return names[int(votes.argmax())]  # of the most voted, the first in alphabetical order
    return _detect_unspaced(text)


def _detect_unspaced(text: str) -> str | None:
    words = text[:SAMPLE_CHARS].split()
    letters = "".join(words)[:LANGDETECT_SAMPLE]
    if len(letters) < 20 or 3 * len(UNSPACED_LETTER.findall(letters)) < len(letters):
        return None  # too short, or mostly in other scripts
    from langdetect import LangDetectException

    detector = _unspaced_detector_factory().create()
    detector.append(" ".join(words)[:LANGDETECT_SAMPLE])
    try:
        return _UNSPACED_NAMES.get(detector.detect())
    except LangDetectException:
        return None

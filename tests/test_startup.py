"""What start-up imports: the common paths leave out what only some inputs need.

Each check runs a fresh interpreter and looks at what it imported (sys.modules), not at the
clock, which a shared machine makes unreliable: numpy only for the scored mode's scorers;
pydantic and PyYAML only when a rule file is read (the built-in rules come from the cache
once it holds them); selectolax, jusText and langdetect only for HTML pages or a language
asked for; charset-normalizer only for a file that isn't UTF-8; tqdm only for a progress bar;
multiprocessing only for worker processes. `bench/startup.py` has the timings.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cleaner import Cleaner

from .conftest import CORPUS

PAGE = CORPUS / "000_180171d1971f5d0c.txt"
HTML_PAGE = CORPUS.parent / "tests" / "fixtures" / "html" / "trtworld_article.html"
HEAVY = {
    "numpy",
    "pydantic",
    "yaml",
    "selectolax",
    "justext",
    "langdetect",
    "charset_normalizer",
    "tqdm",
    "multiprocessing",
}
# Runs `clean ARGS` as the console script does; its exit must not skip the report.
COMMAND = """
import sys
from cleaner.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
"""


def imported(code: str, *args: str, **env: str) -> set[str]:
    """The top-level packages a fresh interpreter has imported once `code` has run."""
    report = "\nimport sys\nprint(' '.join(sorted(sys.modules)), file=sys.stderr)"
    done = subprocess.run(
        [sys.executable, "-c", code + report, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return {name.split(".")[0] for name in done.stderr.split("\n")[-2].split()}


@pytest.fixture(scope="module")
def warm():
    """The cache of this test run holds the built-in rules (as after the first run)."""
    Cleaner()


def test_import_cleaner_imports_nothing_heavy():
    assert imported("import cleaner") & HEAVY == set()


def test_version_imports_nothing_heavy():
    assert imported(COMMAND, "--version") & HEAVY == set()


def test_first_text_page_by_the_library_imports_nothing_heavy(warm):
    code = "import sys, cleaner; cleaner.clean(open(sys.argv[1], encoding='utf-8').read())"
    assert imported(code, str(PAGE)) & HEAVY == set()


def test_first_text_page_by_the_command_imports_nothing_heavy(warm):
    assert imported(COMMAND, "-q", str(PAGE)) & HEAVY == set()


def test_first_html_page_reads_no_rule_file_and_imports_no_jus_text(warm):
    """jusText's stop words are read from its folder (or the cache), not through jusText,
    which imports lxml; English needs no langdetect."""
    code = "import sys, cleaner; cleaner.clean_html(open(sys.argv[1], 'rb').read())"
    modules = imported(code, str(HTML_PAGE))
    assert "selectolax" in modules
    assert modules & {"pydantic", "yaml", "justext", "lxml", "langdetect", "tqdm"} == set()


def test_without_the_cache_the_rule_files_are_read():
    """The cache is what keeps pydantic and PyYAML out (and the check above sees imports)."""
    code = "import cleaner; cleaner.Cleaner()"
    modules = imported(code, CLEANER_CACHE_DIR="")
    assert {"pydantic", "yaml"} <= modules
    assert modules & {"numpy", "justext", "langdetect", "tqdm"} == set()


def test_the_scored_mode_imports_numpy(warm):
    code = (
        "import sys, cleaner; cleaner.Cleaner(mode='scored')"
        ".clean(open(sys.argv[1], encoding='utf-8').read())"
    )
    modules = imported(code, str(PAGE))
    assert "numpy" in modules
    assert modules & {"pydantic", "yaml", "selectolax", "tqdm"} == set()

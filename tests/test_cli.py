"""The `clean` command as users run it: real processes for the main paths, CliRunner for the rest."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from cleaner import clean as clean_text
from cleaner.cli import main

from .conftest import CORPUS, ROOT

PAGE = CORPUS / "002_b738ddf7ea14594f.txt"
DIRTY = "Share\n\nThe council approved the budget on Tuesday night.\n\nREAD MORE: Other story\n"
CLEAN = "The council approved the budget on Tuesday night.\n"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_clean_a_corpus_file_as_a_real_process():
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", str(PAGE)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == clean_text(PAGE.read_text(encoding="utf-8"))
    assert "READ MORE" not in done.stdout


def test_version_is_the_installed_packages():
    """--version prints cleaner.__version__ (not looked up, to start fast): the same as the
    package's metadata (pyproject.toml)."""
    result = CliRunner().invoke(main, ["--version"], prog_name="clean")
    assert result.exit_code == 0
    assert result.output == f"clean, version {importlib.metadata.version('cleaner')}\n"


def test_stdin_by_dash_and_by_default():
    assert run("-", input=DIRTY).output == CLEAN
    assert run(input=DIRTY).output == CLEAN


def test_check_lists_findings_linter_style_and_exits_1(tmp_path):
    dirty = tmp_path / "dirty.txt"
    dirty.write_text(DIRTY, encoding="utf-8")
    tidy = tmp_path / "tidy.txt"
    tidy.write_text(CLEAN, encoding="utf-8")
    result = run("--check", str(dirty), str(tidy))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{dirty}:1: SHR001 share-buttons: Share",
        f"{dirty}:5: TSR002 related-link: READ MORE: Other story",
    ]
    assert run("--check", str(tidy)).exit_code == 0


def test_diff_shows_what_would_change(tmp_path):
    dirty = tmp_path / "dirty.txt"
    dirty.write_text(DIRTY, encoding="utf-8")
    result = run("--diff", str(dirty))
    assert result.exit_code == 1
    assert f"--- a/{dirty}" in result.output and "-Share" in result.output
    assert "-READ MORE: Other story" in result.output
    tidy = tmp_path / "tidy.txt"
    tidy.write_text(CLEAN, encoding="utf-8")
    result = run("--diff", str(tidy))
    assert (result.exit_code, result.output) == (0, "")


def test_explain_shows_every_line_with_its_verdict():
    result = run("--explain", "-", input=DIRTY)
    assert result.output.splitlines() == [
        "    1  drop  [SHR001] Share",
        "    2  blank",
        "    3  keep  The council approved the budget on Tuesday night.",
        "    4  blank",
        "    5  drop  [TSR002] READ MORE: Other story",
    ]


def test_explain_shows_the_segments_of_a_glued_line():
    text = "It lasted 11 days, officials said on Monday night.Keep reading list of 2 itemsOne storyend of list\n"
    lines = run("--explain", "--site", "aljazeera.com", "-", input=text).output.splitlines()
    assert lines[0] == "    1  keep  It lasted 11 days, officials said on Monday night."
    assert lines[1].startswith("    +  drop  [SITE:aljazeera.com/keep-reading-list")


def test_in_place_rewrites_only_changed_files_and_keeps_permissions(tmp_path):
    dirty = tmp_path / "dirty.txt"
    dirty.write_text(DIRTY, encoding="utf-8")
    os.chmod(dirty, 0o640)
    tidy = tmp_path / "tidy.txt"
    tidy.write_text(CLEAN, encoding="utf-8")
    before = tidy.stat().st_mtime_ns
    assert run("--in-place", str(dirty), str(tidy)).exit_code == 0
    assert dirty.read_text(encoding="utf-8") == CLEAN
    assert oct(dirty.stat().st_mode & 0o777) == oct(0o640)
    assert tidy.stat().st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dirty.txt", "tidy.txt"]
    assert run("--check", str(dirty)).exit_code == 0  # a second run finds nothing


def test_new_output_files_get_the_usual_permissions(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_text(DIRTY, encoding="utf-8")
    assert run(str(tmp_path / "in"), "-o", str(tmp_path / "out")).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    written = tmp_path / "out" / "page.txt"
    assert written.read_text(encoding="utf-8") == CLEAN
    assert oct(written.stat().st_mode & 0o777) == oct(0o666 & ~umask)


def test_output_directory_keeps_relative_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert run("-o", "out", "in/sub/a.txt").exit_code == 0
    assert (tmp_path / "out" / "in" / "sub" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "in" / "sub" / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_output_never_overwrites_its_own_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    result = CliRunner().invoke(main, ["-o", ".", "a.txt"])
    assert result.exit_code == 2
    assert "a.txt: -o would overwrite the input itself" in result.output
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_several_files_need_a_destination(tmp_path):
    result = CliRunner().invoke(main, [str(PAGE), str(PAGE)])
    assert result.exit_code == 2
    assert "use --in-place, -o DIR" in result.output


def test_conflicting_modes_are_refused():
    result = CliRunner().invoke(main, ["--check", "--in-place", str(PAGE)])
    assert result.exit_code == 2 and "cannot be combined" in result.output


def test_unreadable_files_are_reported_and_the_rest_still_cleaned(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(DIRTY, encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    result = CliRunner().invoke(
        main, ["--in-place", str(tmp_path / "missing.txt"), str(binary), str(good)]
    )
    assert result.exit_code == 2
    assert (
        f"clean: error: {tmp_path / 'missing.txt'}: cannot read: No such file or directory"
        in result.stderr
    )
    assert f"clean: warning: {binary}: binary file (NUL bytes), skipped" in result.stderr
    assert good.read_text(encoding="utf-8") == CLEAN
    assert binary.read_bytes() == b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"


def test_url_and_site_options_pick_site_rules():
    text = (
        "The council approved the budget on Tuesday night after a long debate, officials said.\n\nRELATED TOPICS:\n\n"
        "A different story about the river, which rose again overnight, was also published.\n"
    )
    assert "A different story" in run("-", input=text).output
    assert run("--site", "gvwire.com", "-", input=text).output.startswith("The council")
    assert (
        "A different story"
        not in run("--url", "https://gvwire.com/2021/05/24/x/", "-", input=text).output
    )
    bad = CliRunner().invoke(main, ["--site", "nope.example", "-"], input=text)
    assert bad.exit_code == 2 and "unknown site 'nope.example'" in bad.output


def test_select_and_ignore_options():
    assert "Share" in run("--ignore", "SHR001", "-", input=DIRTY).output
    assert "Share" in run("--select", "TSR", "-", input=DIRTY).output
    assert "READ MORE" not in run("--select", "TSR,SHR", "-", input=DIRTY).output


def test_list_rules_shows_generic_and_site_rules():
    output = run("--list-rules").output
    assert "TSR001" in output and "teaser-block" in output
    assert "SITE:gvwire.com/related-topics-footer" in output and "site gvwire.com" in output


def test_show_rule_prints_documentation_and_examples():
    output = run("--show-rule", "CAP001").output
    assert output.startswith("CAP001 duplicate-caption\n")
    assert "options: window=2" in output
    assert "Example" in output and "keeps:" in output
    assert CliRunner().invoke(main, ["--show-rule", "NOPE"]).exit_code == 2


def test_pyproject_settings_are_used(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nignore = ["SHR"]\n', encoding="utf-8")
    (tmp_path / "deep").mkdir()
    monkeypatch.chdir(tmp_path / "deep")
    assert "Share" in run("-", input=DIRTY).output
    assert "Share" not in run("--ignore", "WDG", "-", input=DIRTY).output  # the CLI overrides


def test_bad_pyproject_settings_are_an_error(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nignroe = ["SHR"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["-"], input=DIRTY)
    assert result.exit_code == 2
    assert "pyproject.toml: [tool.cleaner] ignroe: unknown key" in result.output


def test_help_teaches_by_example():
    output = run("--help").output
    assert "clean --check corpus/*.txt" in output and "Exit status" in output


def test_console_script():
    """The `clean` command that `pip install` puts beside the interpreter."""
    script = Path(sys.executable).parent / "clean"
    command = str(script) if script.exists() else shutil.which("clean")
    assert command, "the clean command is not installed (pip install -e .)"
    done = subprocess.run(
        [command, str(PAGE)], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0 and "READ MORE" not in done.stdout


def test_mode_option_and_setting(tmp_path, monkeypatch):
    page = tmp_path / "page.txt"
    page.write_text(
        "The coast road was closed on Monday after the storm washed away part of the sea wall.\n\n"
        "Engineers said repairs would take at least three weeks and cost two million pounds.\n\n"
        "News\nSport\nWeather\nTravel\nCulture\n\n"
        "The writer has covered the region for the paper for twenty years.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    rules = runner.invoke(main, ["--explain", str(page)])
    scored = runner.invoke(main, ["--mode", "scored", "--explain", str(page)])
    assert "SCR001" not in rules.output and "SCR001" in scored.output
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nmode = "scored"\n', encoding="utf-8")
    assert "SCR001" in runner.invoke(main, ["--explain", str(page)]).output
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nmode = "fast"\n', encoding="utf-8")
    result = runner.invoke(main, [str(page)])
    assert result.exit_code == 2 and "mode" in result.output


def test_passes_settle_a_page_that_one_pass_leaves_moving(tmp_path, monkeypatch):
    # A layout dump of the benchmark that a second pass used to change (a title suffix left on
    # a line that becomes the first one once the menu above it is gone).
    source = next((ROOT / "bench" / "data").glob("*/2aecfac52bcc*.layout.txt"))
    page = tmp_path / "page.txt"
    page.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    once = runner.invoke(main, [str(page)]).output
    assert runner.invoke(main, ["-"], input=once).output != once  # one pass moves
    settled = runner.invoke(main, ["--passes", "3", str(page)]).output
    assert runner.invoke(main, ["--passes", "3", "-"], input=settled).output == settled
    (tmp_path / "pyproject.toml").write_text("[tool.cleaner]\npasses = 3\n", encoding="utf-8")
    assert runner.invoke(main, [str(page)]).output == settled
    for bad in (["--passes", "0"], ["--passes", "11"]):
        assert runner.invoke(main, [*bad, str(page)]).exit_code == 2
    (tmp_path / "pyproject.toml").write_text("[tool.cleaner]\npasses = 0\n", encoding="utf-8")
    result = runner.invoke(main, [str(page)])
    assert result.exit_code == 2 and "passes" in result.output

"""Malformed rule files are errors naming file, line and key: never ignored, never a traceback."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from cleaner import Cleaner, RuleError
from cleaner.cli import main

GOOD_SITE = """\
site: example.com
match:
  domains: [example.com]
rules:
  - name: footer
    kind: cut-after
    description: The footer starts at "More from Example".
    phrases: ["More from Example"]
"""


def write(tmp_path, text, name="example.com.yaml"):
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("site: [unclosed\n", ":2: invalid YAML"),
        (
            'site: example.com\ndescription: "a bell \x07"\n',
            ":2: invalid YAML: unacceptable character #x0007: special characters are not allowed",
        ),
        ("- just\n- a list\n", ":1: a rule file must be a mapping"),
        (
            GOOD_SITE.replace("    phrases:", "    colour: red\n    phrases:"),
            ":8: rules[0].colour: unknown key",
        ),
        (
            GOOD_SITE.replace("kind: cut-after", "kind: explode"),
            ":6: rules[0].kind: must be one of 'drop', 'block'",
        ),
        (
            GOOD_SITE.replace('    phrases: ["More from Example"]', "    patterns: ['(unclosed']"),
            ":8: rules[0].patterns[0]: invalid regular expression",
        ),
        (
            GOOD_SITE.replace('    description: The footer starts at "More from Example".\n', ""),
            ":5: rules[0].description: required key is missing",
        ),
        (
            GOOD_SITE.replace('phrases: ["More from Example"]', "phrases: []"),
            ":5: rules[0]: needs 'phrases' or 'patterns'",
        ),
        (
            GOOD_SITE.replace("  - name: footer", "  - name: footer\n    code: ABC001"),
            ":6: rules[0].code: site rules get their code",
        ),
        (GOOD_SITE + "ignore: [ZZZ999]\n", ":9: ignore[0]: no generic rule has the code 'ZZZ999'"),
        (
            GOOD_SITE.replace("match:\n  domains: [example.com]\n", ""),
            ": match: a site file needs match",
        ),
        (
            "rules:\n  - name: x\n    kind: builtin\n    code: XYZ001\n    description: d\n",
            ":2: rules[0].name: no builtin named 'x'",
        ),
        (
            "rules:\n  - name: duplicate-paragraph\n    kind: builtin\n    code: XYZ001\n    description: d\n    params: {colour: 1}\n",
            ":6: rules[0].params.colour: unknown parameter",
        ),
        (
            "rules:\n  - name: duplicate-paragraph\n    kind: builtin\n    code: XYZ001\n    description: d\n    params: {min_words: many}\n",
            ":6: rules[0].params.min_words: must be a number",
        ),
        (
            "rules:\n  - name: dup\n    kind: drop\n    code: NAV001\n    description: d\n    phrases: [x]\n",
            ":4: rules[0].code: NAV001 is already defined",
        ),
        (
            "rules:\n  - name: nocode\n    kind: drop\n    description: d\n    phrases: [x]\n",
            ":2: rules[0].code: a generic rule needs a code",
        ),
    ],
)
def test_malformed_rule_file_names_file_line_and_key(tmp_path, text, expected):
    write(tmp_path, text)
    with pytest.raises(RuleError) as error:
        Cleaner(rules_dirs=(tmp_path,))
    message = str(error.value)
    assert message.startswith(str(tmp_path / "example.com.yaml")), message
    assert expected in message, message
    assert "\n" not in message


def test_lookaround_is_refused_with_a_hint(tmp_path):
    write(
        tmp_path,
        GOOD_SITE.replace('phrases: ["More from Example"]', "patterns: ['(?=.{0,80}$)More.*']"),
    )
    with pytest.raises(RuleError, match="no lookaround or backreferences; use max_chars"):
        Cleaner(rules_dirs=(tmp_path,))


def test_a_pattern_that_would_backtrack_forever_runs_in_linear_time(tmp_path):
    write(tmp_path, GOOD_SITE.replace('phrases: ["More from Example"]', "patterns: ['(a+)+$']"))
    cleaner = Cleaner(rules_dirs=(tmp_path,))
    text = "a" * 5000 + "b\n"  # exponential for a backtracking engine
    assert cleaner.clean(text, site="example.com") == text


def test_cli_reports_a_bad_rule_file_with_exit_code_2(tmp_path):
    write(tmp_path, GOOD_SITE.replace("kind: cut-after", "kind: explode"))
    result = CliRunner().invoke(main, ["--rules", str(tmp_path), "-"], input="text\n")
    assert result.exit_code == 2
    assert "example.com.yaml:6: rules[0].kind" in result.output
    assert "Traceback" not in result.output


def test_missing_rules_directory_is_an_error(tmp_path):
    with pytest.raises(RuleError, match="rules directory not found"):
        Cleaner(rules_dirs=(tmp_path / "nowhere",))


def test_a_user_site_file_is_used(tmp_path):
    write(tmp_path, GOOD_SITE)
    cleaner = Cleaner(rules_dirs=(tmp_path,))
    text = "The council met on Monday and approved the plan for the park.\n\nMore from Example\n\nOther story\n"
    result = cleaner.analyse(text, url="https://www.example.com/news/1")
    assert result.site == "example.com"
    assert result.text == "The council met on Monday and approved the plan for the park.\n"
    assert {h.code for s in result.removed for h in s.hits} >= {"SITE:example.com/footer"}


def test_rule_files_under_a_symlinked_folder_are_loaded_once(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    write(shared, GOOD_SITE)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "linked").symlink_to(shared, target_is_directory=True)
    (rules / "again").symlink_to(shared, target_is_directory=True)  # the same folder twice
    (shared / "loop").symlink_to(rules, target_is_directory=True)  # and a loop back
    cleaner = Cleaner(rules_dirs=(rules,))
    assert [site.name for site in cleaner.rulebook.sites].count("example.com") == 1

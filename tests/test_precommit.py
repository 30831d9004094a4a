"""The pre-commit hooks (.pre-commit-hooks.yaml) run for real: the `pre-commit` command installs
this checkout into a virtual environment (pip, from PyPI) and runs the hooks on a temporary git
repository of corpus pages.

The hook repository is a snapshot of the work tree as it is, uncommitted changes included, so
that what is tested is what is on disk. One PRE_COMMIT_HOME for the session: the environment is
built once for `pre-commit run` (`try-repo` always builds its own, in a temporary directory).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cleaner import Cleaner, clean, report
from cleaner.passes import PASSES

from .conftest import CORPUS, ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(),
    reason="needs git and a git checkout of cleaner",
)

DIRTY = CORPUS / "002_b738ddf7ea14594f.txt"  # the README's --check example
TIDY = CORPUS / "000_180171d1971f5d0c.txt"  # goes into the repository already cleaned
FINDING = re.compile(r"^corpus/\S+\.txt:\d+: [A-Z][A-Za-z0-9:./_-]* [a-z0-9-]+: .*$", re.M)
MODIFIED = "files were modified by this hook"


@pytest.fixture(scope="session")
def env(tmp_path_factory) -> dict[str, str]:
    """No GIT_* variable of a calling git (pytest may itself run inside a hook), no user or
    system git config, a fixed identity, and one pre-commit store for the session."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    kept.pop("SKIP", None)  # pre-commit's list of hooks not to run
    return {
        **kept,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
    }


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory, env) -> tuple[Path, str]:
    """A git repository whose one commit holds every file of this checkout that git tracks or
    would track, as it is in the work tree; and that commit's hash."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
    ).stdout.decode()
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed.split("\0")):
        source, target = ROOT / name, snapshot / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():  # cleaner/_rules, the wheel's way to the rule files
            target.symlink_to(os.readlink(source))
        elif source.is_file():  # a tracked file deleted in the work tree is left out
            shutil.copy2(source, target)
    git(snapshot, env, "init", "-q")
    git(snapshot, env, "add", "-A")
    git(snapshot, env, "commit", "-q", "-m", "snapshot of the work tree")
    return snapshot, git(snapshot, env, "rev-parse", "HEAD")


def readme_config() -> dict:
    """The `.pre-commit-config.yaml` snippet of the README's pre-commit section."""
    section = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("### pre-commit\n")[1]
    return yaml.safe_load(section.split("```yaml\n")[1].split("```")[0])


def corpus_repo(path: Path, env: dict[str, str], extra: dict[str, str]) -> Path:
    """A git repository with a dirty page, a clean page and `extra` files, all committed."""
    (path / "corpus").mkdir(parents=True)
    (path / "corpus" / "dirty.txt").write_text(DIRTY.read_text(encoding="utf-8"), "utf-8")
    (path / "corpus" / "tidy.txt").write_text(clean(TIDY.read_text(encoding="utf-8")), "utf-8")
    for name, text in extra.items():
        (path / name).write_text(text, "utf-8")
    git(path, env, "init", "-q")
    git(path, env, "add", "-A")
    git(path, env, "commit", "-q", "-m", "pages")
    return path


@pytest.fixture(scope="module")
def hooks() -> Cleaner:
    """The cleaner the hooks run: settling (every hook passes --passes PASSES)."""
    return Cleaner(passes=PASSES)


def test_both_hooks_settle():
    entries = [
        hook["entry"]
        for hook in yaml.safe_load(ROOT.joinpath(".pre-commit-hooks.yaml").read_text())
    ]
    assert entries and all(f"--passes {PASSES}" in entry for entry in entries)


def findings(cleaner, text: str, shown: str) -> list[str]:
    """What `clean --check` prints for a file."""
    return list(report.findings(cleaner.analyse(text), shown))


def test_readme_config_checks_then_fixes_then_passes(tmp_path, env, hook_repo, hooks):
    snapshot, rev = hook_repo
    config = readme_config()
    assert [hook["id"] for hook in config["repos"][0]["hooks"]] == ["cleaner-check", "cleaner-fix"]
    config["repos"][0].update(repo=str(snapshot), rev=rev)
    repo = corpus_repo(tmp_path / "repo", env, {".pre-commit-config.yaml": yaml.safe_dump(config)})
    page = repo / "corpus" / "dirty.txt"
    tidy = repo / "corpus" / "tidy.txt"
    original, tidy_text = page.read_text(encoding="utf-8"), tidy.read_text(encoding="utf-8")

    check = pre_commit(repo, env, "run", "cleaner-check", "--all-files")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "- hook id: cleaner-check" in check.stdout
    expected = findings(hooks, original, "corpus/dirty.txt")
    assert expected and FINDING.findall(check.stdout) == expected
    assert page.read_text(encoding="utf-8") == original  # checking changes nothing

    fix = pre_commit(repo, env, "run", "cleaner-fix", "--all-files")
    assert fix.returncode == 1, fix.stdout + fix.stderr
    assert MODIFIED in fix.stdout
    assert page.read_text(encoding="utf-8") == hooks.clean(original) != original
    assert tidy.read_text(encoding="utf-8") == tidy_text

    again = pre_commit(repo, env, "run", "--all-files")  # both hooks, on the fixed page
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.count("Passed") == 2 and MODIFIED not in again.stdout

    # The same as a git hook: the fixed page commits.
    installed = pre_commit(repo, env, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git(repo, env, "add", "-A")
    git(repo, env, "commit", "-q", "-m", "cleaned page")
    assert git(repo, env, "status", "--porcelain") == ""


def test_the_fixer_changes_a_page_only_once(tmp_path, env, hook_repo):
    # Pages that a second pass used to change (a hashtag cut again, a title suffix stripped
    # off a line that became the first one, an article dropped as outside the main text):
    # the first run fixes them, the second finds nothing to do.
    snapshot, _ = hook_repo
    data = ROOT / "bench" / "data"
    pages = {
        f"corpus/{key}.txt": next(data.glob(f"*/{key}*.layout.txt")).read_text("utf-8")
        for key in ("3f65af7b6b98", "2aecfac52bcc", "70acfd0166df")
    }
    repo = corpus_repo(tmp_path / "repo", env, pages)
    first = pre_commit(repo, env, "try-repo", str(snapshot), "cleaner-fix", "--all-files")
    assert first.returncode == 1 and MODIFIED in first.stdout, first.stdout + first.stderr
    fixed = {name: (repo / name).read_text(encoding="utf-8") for name in pages}
    second = pre_commit(repo, env, "try-repo", str(snapshot), "cleaner-fix", "--all-files")
    assert second.returncode == 0, second.stdout + second.stderr
    assert MODIFIED not in second.stdout
    assert {name: (repo / name).read_text(encoding="utf-8") for name in pages} == fixed


def test_try_repo_runs_both_hooks_on_pages_and_leaves_other_files_alone(
    tmp_path, env, hook_repo, hooks
):
    snapshot, _ = hook_repo
    others = {
        "requirements.txt": "click>=8.1\nnumpy\n",  # would be emptied if it were cleaned
        "notes.md": "Share\n\nREAD MORE: Other story\n",
    }
    repo = corpus_repo(tmp_path / "repo", env, others)
    page = repo / "corpus" / "dirty.txt"
    original = page.read_text(encoding="utf-8")

    tried = pre_commit(repo, env, "try-repo", str(snapshot), "--all-files")
    assert tried.returncode == 1, tried.stdout + tried.stderr
    assert "- hook id: cleaner-check" in tried.stdout and "- hook id: cleaner-fix" in tried.stdout
    assert FINDING.findall(tried.stdout) == findings(hooks, original, "corpus/dirty.txt")
    assert MODIFIED in tried.stdout
    assert page.read_text(encoding="utf-8") == hooks.clean(original)
    for name, text in others.items():
        assert (repo / name).read_text(encoding="utf-8") == text
        assert name not in tried.stdout

"""A wheel installed outside the checkout still finds its rule files."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from .conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("cleaner-*.whl")
    return path


def test_wheel_carries_the_rule_files(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.removeprefix("cleaner/_rules/") for n in names if n.startswith("cleaner/_rules/")}
    expected = {str(p.relative_to(ROOT / "rules")) for p in (ROOT / "rules").rglob("*.yaml")}
    assert shipped == expected


def test_installed_wheel_cleans_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "import sys, cleaner, cleaner.rulebook as r;"
        "print(r.builtin_rules_dir());"
        "print(cleaner.analyse(sys.stdin.read()).site)"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {script}"],
        input=(CORPUS / "003_684905c32e02510e.txt").read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rules_dir, site_name = done.stdout.split()
    assert rules_dir.startswith(str(site)) and site_name == "gvwire.com"

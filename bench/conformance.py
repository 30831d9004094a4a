"""Same verdicts: the cleaner of this checkout against the last pure-Python cleaner.

    python bench/conformance.py                  # every development page, both modes
    python bench/conformance.py --show 5         # and the first 5 differing lines of each page
    python bench/conformance.py --baseline REV   # against another commit

The compiled core (core/) replaced the Python of the hot paths one step at a time; each step
must give the same output. The script checks out BASELINE (a git worktree under
~/.cache/cleaner-conformance/, or under $XDG_CACHE_HOME, made once), installs it into a virtual
environment of its own, cleans every development page of bench/data (text dumps in both
layouts, and HTML) in both modes with it and with the cleaner installed here, and prints the
pages whose output differs, with the words each side has that the other lacks. It exits 1 if
any page differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import venv
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
# The last commit whose cleaner is pure Python (before core/ existed).
BASELINE = "3ed805896abf962d71f49b55cd72ec4739e0fdae"
KINDS = ("layout.txt", "soup.txt", "html.gz")
MODES = ("rules", "scored")

# Run by each side's interpreter: clean the pages listed on stdin, print one JSON line per
# page and mode. It imports only the package's public API, which both sides share.
WORKER = r"""
import gzip, json, sys
import cleaner
cleaners = {mode: cleaner.Cleaner(mode=mode) for mode in ("rules", "scored")}
for path in sys.stdin.read().split("\n"):
    if not path:
        continue
    for mode, c in cleaners.items():
        try:
            if path.endswith(".html.gz"):
                out = c.clean_html(gzip.decompress(open(path, "rb").read()))
            else:
                out = c.clean(open(path, encoding="utf-8").read())
        except Exception as error:
            out = f"<error: {error!r}>"
        print(json.dumps({"path": path, "mode": mode, "text": out}))
"""


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def baseline_python(revision: str) -> Path:
    """The interpreter of a virtual environment with `revision`'s cleaner installed."""
    full = git("rev-parse", revision)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    home = cache / "cleaner-conformance" / full[:12]
    python = home / "venv" / "bin" / "python"
    if python.exists():
        return python
    tree = home / "tree"
    if not tree.exists():
        git("worktree", "add", "--detach", str(tree), full)
    venv.create(home / "venv", with_pip=True)
    print(f"installing {full[:12]} into {home / 'venv'} …", file=sys.stderr)
    subprocess.run([python, "-m", "pip", "install", "-q", str(tree)], check=True)
    return python


def outputs(python: Path | str, pages: list[Path]) -> dict[tuple[str, str], str]:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(WORKER)
    done = subprocess.run(
        [str(python), script.name],
        input="\n".join(str(p) for p in pages),
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),  # import the installed package, not this checkout's folder
    )
    Path(script.name).unlink()
    rows = (json.loads(line) for line in done.stdout.splitlines())
    return {(row["path"], row["mode"]): row["text"] for row in rows}


def word_difference(old: str, new: str) -> tuple[Counter, Counter]:
    a, b = Counter(old.split()), Counter(new.split())
    return a - b, b - a


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=BASELINE, help="commit to compare with")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", type=int, default=0, help="differing lines shown per page")
    args = parser.parse_args()
    pages = sorted(p for kind in KINDS for p in args.data.glob(f"*/*.{kind}"))
    old = outputs(baseline_python(args.baseline), pages)
    new = outputs(sys.executable, pages)
    differ: Counter = Counter()
    total: Counter = Counter()
    for key in sorted(old):
        path, mode = key
        kind = next(k for k in KINDS if path.endswith(k)).split(".")[0]
        total[kind, mode] += 1
        if old[key] == new.get(key):
            continue
        differ[kind, mode] += 1
        lost, gained = word_difference(old[key], new.get(key, ""))
        name = Path(path).relative_to(args.data)
        print(f"{name} [{mode}]: {sum(lost.values())} words lost, {sum(gained.values())} gained")
        if args.show:
            before, after = old[key].splitlines(), new.get(key, "").splitlines()
            a, b = set(before), set(after)
            shown = [f"  - {x[:110]}" for x in before if x not in b][: args.show]
            shown += [f"  + {x[:110]}" for x in after if x not in a][: args.show]
            print("\n".join(shown))
    print(f"\nbaseline {git('rev-parse', '--short', args.baseline)} against this checkout:")
    print(f"{'input':<8} {'mode':<7} {'pages':>6} {'differ':>7}")
    for kind, mode in sorted(total):
        print(f"{kind:<8} {mode:<7} {total[kind, mode]:>6} {differ[kind, mode]:>7}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

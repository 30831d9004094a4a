"""Write core/src/fold_table.rs: Python's `str.casefold` as a table the core looks up.

    python core/tools/fold_table.py

Match keys fold case as Python does (full folding: "ß" → "ss", final sigma → "σ", Cherokee
to upper case). The core must give the same keys without calling Python, so it carries the
folding of every character that folding changes, as this interpreter's Unicode tables have
it. Run again (and commit the file) when the project moves to a Python with newer tables;
tests/test_segment.py checks every character against the running interpreter.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "fold_table.rs"


def main() -> int:
    rows = []
    for code in range(0x80, sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        folded = char.casefold()
        if folded != char:
            escaped = "".join(f"\\u{{{ord(c):x}}}" for c in folded)
            rows.append(f"    ('\\u{{{code:x}}}', \"{escaped}\"),\n")
    OUT.write_text(
        "// Written by core/tools/fold_table.py from Python "
        f"{sys.version_info.major}.{sys.version_info.minor} "
        f"(Unicode {unicodedata.unidata_version}); do not edit.\n\n"
        "/// Every character outside ASCII that `str.casefold` changes, with its folding, in\n"
        "/// ascending order.\n"
        "#[rustfmt::skip]\n"
        "pub const FOLDS: &[(char, &str)] = &[\n" + "".join(rows) + "];\n",
        encoding="utf-8",
    )
    print(f"{OUT}: {len(rows)} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())

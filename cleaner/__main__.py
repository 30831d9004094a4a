"""The `clean` command (and `python -m cleaner`).

Ctrl-C is handled before the command's modules load (the rules, the language models, the
HTML parser: a few tenths of a second), so that it ends the command then as it does later
(cleaner.cli): `clean: interrupted`, exit 130, no traceback."""

import os
import signal
import sys
from contextlib import suppress


def run() -> None:
    try:
        from cleaner.cli import run as command
    except KeyboardInterrupt:
        with suppress(OSError):  # a stderr that takes nothing
            os.write(2, b"clean: interrupted\n")
        sys.exit(128 + signal.SIGINT)
    command()


if __name__ == "__main__":
    run()

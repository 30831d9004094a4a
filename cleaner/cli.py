"""The `clean` command: parse options, build the cleaner, run it over files or stdin."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from cleaner import report
from cleaner.config import load_settings
from cleaner.engine import Cleaner
from cleaner.loader import RuleError

EPILOG = """\b
Examples:
  clean page.txt                     cleaned text on stdout
  cat page.txt | clean               the same, from stdin
  clean --explain page.txt           every line with its verdict and rule codes
  clean --check corpus/*.txt         list boilerplate, exit 1 if any (pre-commit)
  clean --in-place corpus/*.txt      clean files where they are
  clean -o cleaned/ corpus/*.txt     write cleaned copies under cleaned/
  clean --list-rules                 every rule, generic and per site
  clean --show-rule TSR001           one rule's documentation and examples

\b
Exit status: 0 done (or nothing found by --check / --diff), 1 boilerplate found by
--check / --diff, 2 bad usage, unreadable input or a malformed rule file.
Settings can also come from [tool.cleaner] in pyproject.toml (rules, select, ignore, mode)."""


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _fail(message: str) -> None:
    click.echo(f"clean: error: {message}", err=True)


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_bytes().decode("utf-8")


def _write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same directory, then rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode if path.exists() else None
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _output_path(directory: Path, name: str) -> Path:
    source = Path(name)
    if source.is_absolute():
        try:
            source = source.relative_to(Path.cwd())
        except ValueError:
            source = Path(source.name)
    return directory / source


@click.command(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG,
)
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option("--url", help="URL the page came from: picks the site rules by domain.")
@click.option(
    "--site",
    help="Use this site's rules (see --list-rules); default: recognise the site from the page.",
)
@click.option(
    "--rules",
    "rules_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory of extra rule files (repeatable).",
)
@click.option(
    "--select",
    multiple=True,
    help="Run only these rule codes or prefixes, comma-separated (NAV,TSR001).",
)
@click.option(
    "--ignore", multiple=True, help="Never run these rule codes or prefixes, comma-separated."
)
@click.option(
    "--mode",
    type=click.Choice(["rules", "scored"]),
    help="rules (default): phrase and context rules; scored: add the learned line scorer "
    "(SCR001), which finds more boilerplate on sites without rules.",
)
@click.option(
    "--check", is_flag=True, help="List boilerplate as path:line: CODE name: text; exit 1 if any."
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print a unified diff of what cleaning would change; exit 1 if any.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Print every input line with its verdict and the rule codes that decided it.",
)
@click.option(
    "-i", "--in-place", is_flag=True, help="Rewrite each file with its cleaned text (atomically)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write cleaned files under this directory, keeping their relative paths.",
)
@click.option(
    "--list-rules", is_flag=True, help="List every rule: code, name, origin, description."
)
@click.option("--show-rule", metavar="CODE", help="Print one rule's documentation and examples.")
@click.version_option(package_name="cleaner")
def main(
    files,
    url,
    site,
    rules_dirs,
    select,
    ignore,
    mode,
    check,
    show_diff,
    explain,
    in_place,
    output,
    list_rules,
    show_rule,
):
    """Strip boilerplate from scraped web pages and keep every sentence of the article.

    Reads each FILE (or stdin when there is none, or for "-") as plain text, removes navigation,
    teasers, captions, credits, time stamps, notices and footers, and prints what is left: one
    paragraph per block, blocks separated by one blank line.
    """
    modes = [
        name
        for name, on in [
            ("--check", check),
            ("--diff", show_diff),
            ("--explain", explain),
            ("--in-place", in_place),
            ("--output", output is not None),
        ]
        if on
    ]
    if len(modes) > 1:
        raise click.UsageError(f"{' and '.join(modes)} cannot be combined")
    try:
        settings = load_settings()
        cleaner = Cleaner(
            rules_dirs=(*settings.rules_dirs, *rules_dirs),
            select=_codes(select) or settings.select,
            ignore=_codes(ignore) or settings.ignore,
            mode=mode or settings.mode or "rules",
        )
    except RuleError as error:
        _fail(str(error))
        sys.exit(2)

    if list_rules:
        click.echo("\n".join(report.rule_list(cleaner.rulebook)))
        return
    if show_rule:
        rule = next((r for r in cleaner.rulebook.all_rules if r.code == show_rule), None)
        if rule is None:
            raise click.UsageError(f"no rule has the code {show_rule!r} (see --list-rules)")
        click.echo(report.rule_page(rule), nl=False)
        return
    if site is not None:
        try:
            cleaner.rulebook.site(site)
        except KeyError as error:
            raise click.UsageError(error.args[0]) from None

    names = list(files) or ["-"]
    if (in_place or output) and "-" in names:
        raise click.UsageError(
            "stdin cannot be cleaned --in-place or into --output; redirect stdout instead"
        )
    if len(names) > 1 and not modes:
        raise click.UsageError(
            "several files: use --in-place, -o DIR, --check, --diff or --explain"
        )

    found = errors = 0
    for name in names:
        try:
            original = _read(name)
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            _fail(f"{name}: cannot read: {reason}")
            errors += 1
            continue
        result = cleaner.analyse(original, url=url, site=site)
        shown = "<stdin>" if name == "-" else name
        if check:
            for line in report.findings(result, shown):
                click.echo(line)
            found += bool(result.removed)
        elif show_diff:
            patch = report.diff(original, result.text, shown)
            click.echo(patch, nl=False)
            found += bool(patch)
        elif explain:
            if len(names) > 1:
                click.echo(f"==> {shown} <== site: {result.site or 'none'}")
            click.echo("\n".join(report.explain(result)))
        elif in_place:
            if result.text != original:
                _write_atomic(Path(name), result.text)
        elif output is not None:
            target = _output_path(output, name)
            if target.resolve() == Path(name).resolve():
                _fail(f"{name}: -o would overwrite the input itself; use --in-place for that")
                errors += 1
                continue
            _write_atomic(target, result.text)
        else:
            click.echo(result.text, nl=False)
    if errors:
        sys.exit(2)
    if found:
        sys.exit(1)

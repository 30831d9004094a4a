"""The `clean` command: parse options, build the cleaner, run it over files or stdin."""

from __future__ import annotations

import functools
import os
import signal
import sys
import time
from pathlib import Path
from typing import NoReturn

import click

from cleaner import __version__, batch, files, report
from cleaner.batch import Job, Source, Tally
from cleaner.config import MAX_PASSES, load_settings
from cleaner.engine import Cleaner
from cleaner.files import OutputError
from cleaner.loader import RuleError
from cleaner.output import PipeClosed, Stderr, Stdout, stdout_writer, target_collisions
from cleaner.records import Fields

EPILOG = """\b
Examples:
  clean page.txt                     cleaned text on stdout
  cat page.txt | clean               the same, from stdin
  clean --explain page.txt           every line with its verdict and rule codes
  clean --check corpus/*.txt         list boilerplate, exit 1 if any (pre-commit)
  clean --in-place corpus/*.txt      clean files where they are
  clean -o cleaned/ corpus/*.txt     write cleaned copies under cleaned/
  clean corpus/ -o cleaned/ -j 4     a whole tree, 4 worker processes, paths kept
  clean pages.jsonl -o out.jsonl     JSON Lines: the "text" field cleaned, metadata added
  zcat x.jsonl.gz | clean --jsonl    JSON Lines from stdin to stdout
  clean --list-rules                 every rule, generic and per site
  clean --show-rule TSR001           one rule's documentation and examples

\b
Exit status: 0 done (or nothing found by --check / --diff), 1 boilerplate found by
--check / --diff, 2 an error (bad usage, a malformed rule file, an unreadable file, a JSON
record that can't be cleaned; the rest is still processed), 3 something passed over (a binary
file skipped, a gzip page past --max-unpacked, a document left unchanged by --max-removed),
130 Ctrl-C, 143 SIGTERM, 141 stdout's reader gone (clean big.txt | head -1, as grep).
Settings can also come from [tool.cleaner] in pyproject.toml (rules, select, ignore, mode,
max_removed, passes)."""


class Size(click.ParamType):
    """A number of bytes: 20000000, 20M, 500K, 1G (powers of 1,000, as MB in the summary)."""

    name = "size"
    _UNITS = {"": 1, "K": 1000, "M": 1000**2, "G": 1000**3}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("B")
        number, unit = (text[:-1], text[-1]) if text[-1:] in self._UNITS else (text, "")
        try:
            size = int(float(number) * self._UNITS[unit])
        except (ValueError, OverflowError):  # not a number, or infinite
            size = 0
        if size < 1:
            self.fail(f"{value!r} is not a size (20000000, 500K, 20M, 1G)", param, ctx)
        return size


SIZE = Size()


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _fail(message: str) -> None:
    click.echo(f"clean: error: {files.shown(message)}", err=True)


def _stdout_failed(error: OutputError) -> NoReturn:
    """End the run once stdout fails: one line and exit 2; or, when its reader is gone
    (`| head -1`), quietly with 141 (128 + SIGPIPE), as grep ends."""
    if isinstance(error, PipeClosed):
        sys.exit(PipeClosed.STATUS)
    _fail(str(error))
    sys.exit(2)


def _interruptible(command):
    """Ctrl-C exits 130 and SIGTERM 143 (128 + the signal), as shells expect, unwinding on
    the way: files being written are discarded, none is left half-written."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        previous = signal.signal(signal.SIGTERM, batch.exit_on_signal)
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("clean: interrupted", err=True)
            sys.exit(128 + signal.SIGINT)
        finally:
            signal.signal(signal.SIGTERM, previous)

    return run


def _default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _output_path(directory: Path, name: str) -> Path:
    source = Path(name)
    if source.is_absolute():
        try:
            source = source.relative_to(Path.cwd())
        except ValueError:
            source = Path(source.name)
    return directory / source


def _read_stdin() -> bytes:
    try:
        return sys.stdin.buffer.read()
    except OSError as error:
        _fail(f"<stdin>: cannot read: {error.strerror or error}")
        sys.exit(2)


def _sources(names, *, output, in_place, jsonl, include, exclude) -> list[Source]:
    """Every input document: files named, files found under directories named, or stdin."""
    dirs = [name for name in names if name != "-" and Path(name).is_dir()]
    # -o names a file (not a directory) for one input file, when it looks like one.
    to_file = (
        output is not None
        and len(names) == 1
        and not dirs
        and output.suffix.lower() in (*files.TEXT_SUFFIXES, *files.JSONL_SUFFIXES)
        and not output.is_dir()
    )
    sources = []
    for name in names:
        if name == "-":
            data = None if jsonl else _read_stdin()
            sources.append(Source("<stdin>", None, data, jsonl, output if to_file else None))
        elif name in dirs:
            root = Path(name)
            for path in files.walk(root, include or files.DEFAULT_INCLUDE, exclude, skip=output):
                relative = files.text_name(path.relative_to(root))
                target = output / relative if output else path if in_place else None
                as_jsonl = jsonl or files.is_jsonl(path)
                sources.append(Source(files.shown(path), path, None, as_jsonl, target))
        else:
            path = Path(name)
            target = output if to_file else _output_path(output, name) if output else None
            target = files.text_name(target) if target is not None and not to_file else target
            target = path if in_place else target
            sources.append(
                Source(files.shown(name), path, None, jsonl or files.is_jsonl(path), target)
            )
    return sources


def _progress(sources: list[Source], quiet: bool):
    """A progress bar on stderr (bytes, MB/s, ETA) when stderr is a terminal; else a stand-in
    that only passes messages through (and tqdm is not imported)."""
    if quiet or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    total = None
    if all(s.path is not None for s in sources):
        total = sum(s.path.stat().st_size for s in sources if s.path.is_file())
    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    return tqdm(
        total=total,
        file=sys.stderr,
        unit="B",
        unit_scale=True,
        desc="clean",
        dynamic_ncols=True,
        leave=False,
    )


class _NoBar:
    """The progress bar's stand-in when none is shown: messages are written as they come."""

    @staticmethod
    def write(message: str, file) -> None:
        file.write(message + "\n")

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        pass

    def update(self, size: int) -> None:
        pass

    def close(self) -> None:
        pass


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _summary(tally: Tally, seconds: float) -> str:
    cleaned = tally.bytes_in - tally.failed_bytes  # files that failed or were skipped: not in
    share = tally.bytes_out / cleaned if cleaned else 1
    # More out than in: JSON records' metadata, a gzip page's text (larger than the gzip).
    change = f"{share - 1:.0%} larger" if share > 1 else f"{1 - share:.0%} removed"
    parts = [_count(tally.documents + tally.records, "document")]
    if tally.records:
        parts[0] += f" ({_count(tally.records, 'JSON record')})"
    parts.append(f"{cleaned / 1e6:.1f} MB in, {tally.bytes_out / 1e6:.1f} MB out ({change})")
    if tally.skipped:
        parts.append(f"{tally.skipped} skipped")
    if tally.withheld:
        parts.append(f"{tally.withheld} left unchanged (--max-removed)")
    parts.append(_count(tally.errors, "error"))
    parts.append(f"{seconds:.1f} s")
    return "clean: " + ", ".join(parts)


def _exit_status(tally: Tally) -> int:
    if tally.errors:
        return 2
    if tally.skipped or tally.withheld:
        return 3
    return 1 if tally.found else 0


@click.command(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG,
)
@click.argument("files", nargs=-1, metavar="[FILE|DIR]...")
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
    help="rules (default): phrase and context rules; scored: add the learned scorers (SCR001 "
    "for text lines, HTM013 for HTML blocks), which find more boilerplate on sites without "
    "rules.",
)
@click.option(
    "--max-removed",
    type=click.FloatRange(0, 1, min_open=True),
    help="Leave a document unchanged (and say so) when the site and user rule files together "
    "would remove more than this share of its words. Default 0.8; 1 switches the guard off.",
)
@click.option(
    "--passes",
    type=click.IntRange(1, MAX_PASSES),
    metavar="N",
    help="Clean the cleaned text again until nothing changes, at most N passes: 3 settles "
    "every benchmark text dump in rules mode, so a second run changes nothing (the pre-commit "
    "hooks use it). Default 1.",
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
    type=click.Path(path_type=Path),
    help="Write cleaned files under this directory, keeping their relative paths; for one "
    "input, a name ending in .txt or .jsonl is the output file itself.",
)
@click.option(
    "--input-format",
    type=click.Choice(["text", "html"]),
    help="How to read files and JSON Lines text fields: default by name (.html, .htm, "
    ".html.gz are HTML), else by content (a field or file that starts like an HTML page).",
)
@click.option(
    "--max-unpacked",
    type=SIZE,
    default=files.MAX_UNPACKED,
    metavar="SIZE",
    help="Pass over (with a warning, exit 3) a gzip page that unpacks to more than this: bytes, "
    "or with K, M or G (20M: 20,000,000 bytes). Default 20M.",
)
@click.option(
    "--jsonl",
    is_flag=True,
    help="Read JSON Lines (one record per line), write JSON Lines. Files named *.jsonl or "
    "*.ndjson are read this way without it.",
)
@click.option(
    "--text-field", default="text", show_default=True, help="JSON field holding the page text."
)
@click.option(
    "--url-field",
    default="url",
    show_default=True,
    help="JSON field holding the page URL (picks site rules).",
)
@click.option(
    "--meta-field",
    default="cleaner",
    show_default=True,
    help="JSON field added with what cleaning did (language, site, lines and characters "
    "removed, rule codes).",
)
@click.option(
    "--on-error",
    type=click.Choice(batch.ON_ERROR),
    default="pass",
    show_default=True,
    help="A JSON record that can't be cleaned: pass it through with an error in its metadata, "
    "skip it (never one that an earlier pass wrote: it is passed through), or stop (the "
    "output file is then not written).",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="In directories, clean the files matching this glob (repeatable; default: *.txt "
    "*.text *.jsonl *.ndjson *.html *.htm *.html.gz).",
)
@click.option(
    "--exclude", multiple=True, metavar="GLOB", help="In directories, skip these (repeatable)."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes (default: one per core).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print errors only: no warnings, no summary.")
@click.option("-v", "--verbose", is_flag=True, help="Print the summary after every run.")
@click.option(
    "--list-rules", is_flag=True, help="List every rule: code, name, origin, description."
)
@click.option("--show-rule", metavar="CODE", help="Print one rule's documentation and examples.")
@click.version_option(__version__)  # not looked up in the package metadata: a slow import
@_interruptible
def main(
    files,
    url,
    site,
    rules_dirs,
    select,
    ignore,
    mode,
    max_removed,
    passes,
    input_format,
    max_unpacked,
    check,
    show_diff,
    explain,
    in_place,
    output,
    jsonl,
    text_field,
    url_field,
    meta_field,
    on_error,
    include,
    exclude,
    jobs,
    quiet,
    verbose,
    list_rules,
    show_rule,
):
    """Strip boilerplate from scraped web pages and keep every sentence of the article.

    Reads each FILE (or stdin when there is none, or for "-") as plain text or HTML, removes
    navigation, teasers, captions, credits, time stamps, notices and footers, and prints what
    is left: one paragraph per block, blocks separated by one blank line. A DIR is searched
    recursively.
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
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be combined")
    if jsonl and (show_diff or explain):
        raise click.UsageError("--jsonl works with stdout, --output, --in-place and --check")
    for option, name in (("--text-field", text_field), ("--url-field", url_field)):
        if meta_field == name:
            raise click.UsageError(f"--meta-field {name!r} is also the {option}")
    try:
        settings = load_settings()
        guard = max_removed if max_removed is not None else settings.max_removed
        cleaner = Cleaner(
            rules_dirs=(*settings.rules_dirs, *rules_dirs),
            select=_codes(select) or settings.select,
            ignore=_codes(ignore) or settings.ignore,
            mode=mode or settings.mode or "rules",
            max_removed=None if guard == 1 else guard,
            passes=passes or settings.passes,
        )
    except RuleError as error:
        _fail(str(error))
        sys.exit(2)

    stdout = stdout_writer()
    if list_rules or show_rule:
        if list_rules:
            page = "\n".join(report.rule_list(cleaner.rulebook)) + "\n"
        else:
            rule = next((r for r in cleaner.rulebook.all_rules if r.code == show_rule), None)
            if rule is None:
                raise click.UsageError(f"no rule has the code {show_rule!r} (see --list-rules)")
            page = report.rule_page(rule)
        try:
            stdout(page.encode("utf-8"))
        except OutputError as error:
            _stdout_failed(error)
        return
    if site is not None:
        try:
            cleaner.rulebook.site(site)
        except KeyError as error:
            raise click.UsageError(error.args[0]) from None

    names = list(files) or ["-"]
    if in_place and "-" in names:
        raise click.UsageError("stdin cannot be cleaned --in-place; redirect stdout instead")
    sources = _sources(
        names, output=output, in_place=in_place, jsonl=jsonl, include=include, exclude=exclude
    )
    if output is not None and any(s.target is None for s in sources):
        raise click.UsageError("stdin goes to -o only as a file name (-o out.txt, -o out.jsonl)")
    sources, collisions = target_collisions(sources, in_place=in_place)
    if collisions:
        for message in collisions:
            _fail(message)
        _fail(f"nothing written: {_count(len(collisions), 'output collision')}")
        sys.exit(2)
    several = len(sources) > 1 or any(Path(n).is_dir() for n in names if n != "-")
    if several and not modes and not all(s.jsonl for s in sources):
        raise click.UsageError(
            "several files: use --in-place, -o DIR, --check, --diff or --explain"
        )
    action = next(
        (a for a, on in [("check", check), ("diff", show_diff), ("explain", explain)] if on),
        "write" if in_place or output is not None else "print",
    )
    job = Job(
        action,
        url=url,
        site=site,
        fields=Fields(text_field, url_field, meta_field),
        on_error=on_error,
        headers=several,
        input_format=input_format,
        max_unpacked=max_unpacked,
    )
    try:
        tally = _run(
            cleaner,
            job,
            sources,
            stdout,
            workers=jobs or _default_jobs(),
            quiet=quiet,
            verbose=verbose,
        )
    except OutputError as error:  # stdout is gone: nothing more can be written
        _stdout_failed(error)
    sys.exit(_exit_status(tally))


def run() -> None:
    """`clean` as a process runs it (see cleaner.__main__): main, with messages that stderr
    can't take dropped rather than ending the run (output.Stderr), and what click prints on
    stdout itself (--help, --version) checked as the command's own output is."""
    sys.stdout, sys.stderr = Stdout(sys.stdout), Stderr(sys.stderr)
    try:
        main(prog_name="clean")
    except OutputError as error:  # from click's own printing: the command's is handled
        _stdout_failed(error)


def _run(cleaner, job, sources, stdout, *, workers, quiet, verbose) -> Tally:
    """Clean every source, print or write what comes back in order, and sum it up."""
    started, tally = time.perf_counter(), Tally()
    usable = sources
    if len([s for s in usable if not s.jsonl]) <= 1 and not any(s.jsonl for s in usable):
        workers = 1  # one document: not worth starting processes
    sinks = batch.Sinks(stdout)
    bar = _progress(usable, quiet)
    outcomes = batch.run(cleaner, job, batch.tasks(usable), workers)
    try:
        for outcome in outcomes:
            for level, message in outcome.messages:
                if level == "error" or not quiet:
                    bar.write(f"clean: {level}: {files.shown(message)}", file=sys.stderr)
            try:
                if isinstance(outcome.task, batch.Chunk):
                    sinks.write(outcome)
                elif outcome.text:
                    stdout(outcome.text.encode("utf-8"))
            except OutputError as error:
                if error.fatal:
                    raise
                bar.write(f"clean: error: {error}", file=sys.stderr)
                outcome.tally.errors += 1
            tally.add(outcome.tally)
            bar.set_postfix_str(f"{tally.documents + tally.records:,} documents", refresh=False)
            bar.update(outcome.tally.bytes_in)
            if outcome.stop:
                bar.write("clean: stopped at the first bad record (--on-error fail)", sys.stderr)
                break
    finally:
        outcomes.close()  # workers stopped, unfinished files discarded
        sinks.discard()
        bar.close()
    writing = job.action == "write" or any(s.jsonl for s in usable)
    if verbose or (writing and not quiet):
        click.echo(_summary(tally, time.perf_counter() - started), err=True)
    return tally

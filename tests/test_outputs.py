"""Where cleaned text goes, and that nothing is lost on the way: -o collisions, full disks,
links rewritten --in-place, interrupted runs, file names that are not UTF-8."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cleaner.cli import main

DIRTY = "Share\n\nThe council approved the budget on Tuesday night.\n\nREAD MORE: Other story\n"
CLEAN = "The council approved the budget on Tuesday night.\n"
PAGE = "<html><body><p>The mayor opened the new bridge over the river on Monday.</p></body></html>"


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_output_onto_its_own_tree_never_writes_one_input_over_another(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    before = tree(tmp_path)
    result = run("-o", tmp_path, tmp_path)
    assert result.exit_code == 2
    assert f"{tmp_path / 'a.html'}: -o would write over the input {tmp_path / 'a.txt'}" in (
        result.stderr
    )
    assert tree(tmp_path) == before  # nothing written, not even the files that don't collide


def test_two_inputs_mapping_to_one_output_are_refused_naming_both(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(DIRTY, encoding="utf-8")
    (source / "a.html").write_text(PAGE, encoding="utf-8")
    (source / "b.txt").write_text(DIRTY, encoding="utf-8")
    result = run("-o", tmp_path / "out", source)
    assert result.exit_code == 2
    message = f"{source / 'a.html'} and {source / 'a.txt'} would both be written to "
    assert message + f"{tmp_path / 'out' / 'a.txt'}" in result.stderr
    assert not (tmp_path / "out").exists()  # detected before anything is written


def test_output_through_a_linked_folder_onto_an_input_is_refused(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "out").symlink_to(source)  # -o out is the input folder under another name
    result = run("-o", tmp_path / "out", source)
    assert result.exit_code == 2 and "would overwrite the input itself" in result.stderr
    assert (source / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_in_place_cleans_a_file_named_twice_once(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(DIRTY, encoding="utf-8")
    result = run("--in-place", "-j", "2", page, tmp_path / "." / "a.txt")
    assert result.exit_code == 0, result.stderr
    assert page.read_text(encoding="utf-8") == CLEAN
    assert "1 document," in result.stderr

"""The build never destroys what it did not write, and faults while writing leave the previous build whole."""

from __future__ import annotations

import errno
import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from narkomindel import build as build_module
from narkomindel import output as output_module
from narkomindel.build import build
from narkomindel.incremental import ENTRIES, HASHES, INPUTS, STATE
from narkomindel.cli import main
from narkomindel.output import MARKER, BuildBusy, UnsafeOutput, check_output, claimed, swap_in
from narkomindel.project import Project

ROOT = Path(__file__).resolve().parents[1]


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def copy(tmp_path: Path) -> Project:
    """A copy of the project's sources, so that a faulty build could only ever harm the copy."""
    for part in ("tei", "schema", "xslt"):
        shutil.copytree(ROOT / part, tmp_path / part)
    for part in ("scripts", "tests"):
        (tmp_path / part).mkdir()
        (tmp_path / part / "keep.txt").write_text("an editor's file\n", encoding="utf-8")
    return Project(tmp_path)


def run_cli(project: Project, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.setattr("narkomindel.cli.default_project", lambda: project)
    monkeypatch.chdir(project.root)
    return CliRunner().invoke(main, ["build", *args])


@pytest.mark.parametrize("out", ["tei", "xslt", "schema", "scripts", "tests", "tei/new", "tests/sub/dir", ".", ".."])
def test_the_build_refuses_the_sources_and_the_project_itself(copy, monkeypatch, out):
    before = digest(copy.root)
    result = run_cli(copy, monkeypatch, "--out", out, "--format", "html")
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert message.count("\n") == 0 and "--out" in message, message
    assert digest(copy.root) == before


def test_an_unrelated_non_empty_directory_is_refused_and_kept(copy, monkeypatch, tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "draft.txt").write_text("mine\n", encoding="utf-8")
    result = run_cli(copy, monkeypatch, "--out", str(folder), "--format", "html")
    assert result.exit_code == 2
    assert "not written by `narkomindel build`" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["draft.txt"]


def test_a_file_as_output_is_refused(copy, monkeypatch, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine\n", encoding="utf-8")
    result = run_cli(copy, monkeypatch, "--out", str(target), "--format", "html")
    assert result.exit_code == 2 and "is a file" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_an_empty_directory_is_taken_and_marked(copy, tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    report = build(copy, folder, ["html"])
    assert (folder / MARKER).is_file() and (report.folder("html") / "index.html").is_file()


def test_a_rebuild_replaces_only_its_own_folders(copy, tmp_path):
    folder = tmp_path / "out"
    build(copy, folder, ["html"])
    (folder / "README-mine.txt").write_text("mine\n", encoding="utf-8")
    (folder / "html" / "stale.html").write_text("old page\n", encoding="utf-8")
    removed = sorted(copy.tei.glob("1918-04*.xml"))[0]  # a document withdrawn: its page must go
    removed.unlink()
    build(copy, folder, ["html"])
    assert (folder / "README-mine.txt").read_text(encoding="utf-8") == "mine\n"
    assert not (folder / "html" / "stale.html").exists()
    assert not (folder / "html" / removed.with_suffix(".html").name).exists()


def test_the_default_build_directory_is_allowed():
    assert check_output(ROOT, ROOT / "build") == (ROOT / "build").resolve()


def test_a_symbolic_link_into_the_sources_is_refused(copy, tmp_path):
    link = tmp_path / "innocent"
    link.symlink_to(copy.tei)
    with pytest.raises(UnsafeOutput):
        check_output(copy.root, link)


def test_a_second_build_on_the_same_output_refuses_while_the_first_runs(copy, monkeypatch, tmp_path):
    folder = tmp_path / "out"
    build(copy, folder, ["html"])
    before = digest(folder / "html")
    with claimed(folder):
        with pytest.raises(BuildBusy):
            build(copy, folder, ["html"])
        result = run_cli(copy, monkeypatch, "--out", str(folder), "--format", "html")
        assert result.exit_code == 2 and "another build is writing here" in result.stderr
    assert digest(folder / "html") == before


def test_a_full_disk_leaves_the_previous_build_and_no_debris(copy, monkeypatch, tmp_path):
    folder = tmp_path / "out"
    build(copy, folder, ["html"])
    before = digest(folder / "html")
    real_write = build_module.write_text
    written = []
    changed = sorted(copy.tei.glob("1917*.xml"))[0]  # a change, so that the rebuild has something to write
    changed.write_text(changed.read_text(encoding="utf-8").replace("</p>", " </p>", 1), encoding="utf-8")

    def fills_the_disk(path: Path, text: str) -> None:
        if not written:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        written.append(path)
        real_write(path, text)

    monkeypatch.setattr(build_module, "write_text", fills_the_disk)
    result = run_cli(copy, monkeypatch, "--out", str(folder), "--format", "html")
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr and "previous build is unchanged" in result.stderr
    assert "Traceback" not in result.output
    assert digest(folder / "html") == before
    assert sorted(p.name for p in folder.iterdir()) == sorted([MARKER, ENTRIES, HASHES, INPUTS, STATE, "html"])


def test_an_unwritable_output_is_a_message(copy, monkeypatch, tmp_path):
    def refuses(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "out"))

    monkeypatch.setattr(output_module.tempfile, "mkdtemp", refuses)
    result = run_cli(copy, monkeypatch, "--out", str(tmp_path / "out"), "--format", "html")
    assert result.exit_code == 2
    assert "Permission denied" in result.stderr and "writable" in result.stderr


def second_rename_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, the second rename (os.replace) fails as a failing disk would."""
    real_replace = output_module.os.replace
    calls = []

    def second_fails(source, target):
        calls.append(source)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(output_module.os, "replace", second_fails)


def test_a_failed_swap_puts_the_old_folder_back(tmp_path, monkeypatch):
    final, staging = tmp_path / "html", tmp_path / ".html-new"
    final.mkdir()
    (final / "page.html").write_text("old\n", encoding="utf-8")
    staging.mkdir()
    second_rename_fails(monkeypatch)
    with pytest.raises(OSError):
        swap_in(staging, final)
    assert (final / "page.html").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".html-new", "html"]


def test_a_store_that_fails_mid_build_stops_it_with_a_message_and_leaves_the_previous_build(copy, monkeypatch,
                                                                                            tmp_path):
    import sqlite3

    from narkomindel.incremental import Entries

    folder = tmp_path / "out"
    build(copy, folder, ["html"])
    before = digest(folder / "html")
    changed = sorted(copy.tei.glob("1917*.xml"))[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("</p>", " </p>", 1), encoding="utf-8")

    def fails(self, key):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Entries, "get", fails)
    result = run_cli(copy, monkeypatch, "--out", str(folder), "--format", "html")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "store of catalogue entries cannot be used (database or disk is full)" in result.stderr
    assert ENTRIES in result.stderr and "previous build is unchanged" in result.stderr
    assert digest(folder / "html") == before
    assert sorted(p.name for p in folder.iterdir()) == sorted([MARKER, ENTRIES, HASHES, INPUTS, STATE, "html"])


def test_an_update_in_place_moves_the_new_files_keeps_the_kept_and_removes_the_rest(tmp_path):
    final, staging = tmp_path / "html", tmp_path / ".html-new"
    for name, text in (("kept.html", "kept\n"), ("changed.html", "old\n"), ("gone/page.html", "gone\n"),
                       ("search/old.js", "old\n")):
        (final / name).parent.mkdir(parents=True, exist_ok=True)
        (final / name).write_text(text, encoding="utf-8")
    kept_inode = (final / "kept.html").stat().st_ino
    for name, text in (("changed.html", "new\n"), ("search/new.js", "new\n")):
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_text(text, encoding="utf-8")
    output_module.update_in_place(staging, final, {"kept.html"})
    assert output_module.files_below(final) == {"kept.html", "changed.html", "search/new.js"}
    assert (final / "changed.html").read_text(encoding="utf-8") == "new\n"
    assert (final / "kept.html").stat().st_ino == kept_inode  # neither copied nor written again
    assert not (final / "gone").exists() and not staging.exists()


def test_a_large_file_is_not_renamed_over_its_previous_version_which_is_removed_later(tmp_path, monkeypatch):
    """ext4 wrote out the new file and freed the old one's blocks inside a rename over it."""
    final, staging = tmp_path / "html", tmp_path / ".html-new"
    large, small = b"x" * output_module.LARGE, b"small\n"
    for folder, content in ((final, b"old "), (staging, b"new ")):
        (folder / "data").mkdir(parents=True)
        (folder / "data" / "corpus.xml").write_bytes(content + large)
        (folder / "page.html").write_bytes(content + small)
    old_corpus, old_page = (final / "data" / "corpus.xml").stat().st_ino, (final / "page.html").stat().st_ino
    renamed_over: list[str] = []
    real_replace = output_module.os.replace

    def replace(source, destination):
        if output_module.os.path.exists(destination):
            renamed_over.append(output_module.os.path.basename(destination))
        real_replace(source, destination)

    monkeypatch.setattr(output_module.os, "replace", replace)
    handed: list[list[bytes]] = []  # what each folder handed over for removal held then
    with output_module.removing_later() as remove_later:
        def remove(folder: Path) -> None:
            handed.append(sorted(p.read_bytes()[:4] for p in folder.iterdir()))
            remove_later(folder)

        with output_module.staged(final, {"kept.html"}, remove_later=remove) as new:
            shutil.rmtree(new)
            real_replace(staging, new)
    assert renamed_over == ["page.html"], "only the small file is renamed over its previous version"
    assert handed == [[b"old "]], "the previous corpus is kept aside, then removed"
    assert (final / "data" / "corpus.xml").read_bytes() == b"new " + large
    assert (final / "page.html").read_bytes() == b"new " + small
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"], "the previous versions are gone at the end"
    assert old_corpus != (final / "data" / "corpus.xml").stat().st_ino != old_page


def test_a_large_file_whose_new_version_cannot_be_moved_in_keeps_its_previous_version(tmp_path, monkeypatch):
    final, staging, retired = tmp_path / "html", tmp_path / ".html-new", tmp_path / ".html-old"
    for folder, content in ((final, b"old "), (staging, b"new ")):
        folder.mkdir()
        (folder / "corpus.xml").write_bytes(content + b"x" * output_module.LARGE)
    retired.mkdir()

    def failing(source, destination):
        raise OSError(errno.EIO, "input/output error")

    monkeypatch.setattr(output_module.os, "replace", failing)
    with pytest.raises(OSError):
        output_module.gathered(staging, final, retired)
    assert (final / "corpus.xml").read_bytes()[:4] == b"old "


def test_where_files_cannot_have_two_names_a_large_file_is_renamed_over_its_previous_version(tmp_path, monkeypatch):
    final, staging = tmp_path / "html", tmp_path / ".html-new"
    for folder, content in ((final, b"old "), (staging, b"new ")):
        folder.mkdir()
        (folder / "corpus.xml").write_bytes(content + b"x" * output_module.LARGE)

    def no_links(source, destination):
        raise OSError(errno.EPERM, "no hard links here")

    monkeypatch.setattr(output_module.os, "link", no_links)
    retired = tmp_path / ".html-old"
    retired.mkdir()
    output_module.update_in_place(staging, final, {"kept.html"}, retired=retired)
    assert (final / "corpus.xml").read_bytes()[:4] == b"new " and list(retired.iterdir()) == []


def test_an_update_in_place_given_the_listing_made_earlier_does_what_it_does_listing_the_folder(tmp_path):
    """The build lists the folder once, for what it keeps; a file removed by hand since is no error."""
    results = []
    for given in (False, True):
        final, staging = tmp_path / f"html-{given}", tmp_path / f".html-new-{given}"
        for name in ("kept.html", "changed.html", "gone/page.html", "search/old.js", "removed-meanwhile.html"):
            (final / name).parent.mkdir(parents=True, exist_ok=True)
            (final / name).write_text("old\n", encoding="utf-8")
        listing = output_module.files_below(final)
        (final / "removed-meanwhile.html").unlink()
        for name in ("changed.html", "search/new.js"):
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text("new\n", encoding="utf-8")
        output_module.update_in_place(staging, final, {"kept.html"}, listing if given else None)
        results.append({name: (final / name).read_text(encoding="utf-8")
                        for name in sorted(output_module.files_below(final))})
        assert not (final / "gone").exists() and not staging.exists()
    assert results[0] == results[1] == {"changed.html": "new\n", "kept.html": "old\n", "search/new.js": "new\n"}


def test_a_rebuild_cut_short_while_moving_its_files_is_followed_by_a_complete_one(copy, monkeypatch, tmp_path):
    folder = tmp_path / "out"
    build(copy, folder, ["html"])
    changed = sorted(copy.tei.glob("1917*.xml"))[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("</p>", " again</p>", 1), encoding="utf-8")
    second_rename_fails(monkeypatch)
    with pytest.raises(OSError) as failure:
        build(copy, folder, ["html"])
    monkeypatch.undo()
    assert any(entry.name == "update_in_place" for entry in failure.traceback)  # cut between two of its moves
    assert not (folder / STATE).exists()  # nothing the next build could trust is left of the record
    build(copy, folder, ["html"])
    build(copy, tmp_path / "clean", ["html"])
    assert digest(folder / "html") == digest(tmp_path / "clean" / "html")


def test_a_file_removed_from_the_output_is_made_again(copy, tmp_path):
    folder = tmp_path / "out"
    build(copy, folder, ["html"])
    page = sorted((folder / "html").glob("1918*.html"))[0]
    page.unlink()
    changed = sorted(copy.tei.glob("1917*.xml"))[0]  # a change elsewhere, so that the rebuild runs
    changed.write_text(changed.read_text(encoding="utf-8").replace("</p>", " again</p>", 1), encoding="utf-8")
    build(copy, folder, ["html"])
    build(copy, tmp_path / "clean", ["html"])
    assert page.is_file() and digest(folder / "html") == digest(tmp_path / "clean" / "html")

"""What a process that builds again and again keeps between builds (session.Session): nothing kept may make a
rebuild differ from a clean build."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from narkomindel.build import BuildRefused, build, prepare
from narkomindel.incremental import STATE, State, toolchain_digest
from narkomindel.project import Project
from narkomindel.session import Session
from test_incremental import DOCUMENT, FORMATS, digest, edit

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def copy(tmp_path: Path) -> Project:
    for part in ("tei", "schema", "xslt"):
        shutil.copytree(ROOT / part, tmp_path / "project" / part)
    return Project(tmp_path / "project")


def clean_build(project: Project, folder: Path) -> dict[str, str]:
    build(project, folder, FORMATS)
    return digest(folder)


def test_the_stylesheets_are_compiled_once_for_as_long_as_they_are_the_same(copy):
    session = Session()
    renderer = session.renderer(copy.xslt, "toolchain 1")
    assert session.renderer(copy.xslt, "toolchain 1") is renderer
    assert session.renderer(copy.xslt, "toolchain 2") is not renderer, "a changed stylesheet must be compiled again"


def test_a_renderer_is_not_handed_to_another_thread(copy):
    session = Session()
    mine = session.renderer(copy.xslt, "toolchain")
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(session.renderer(copy.xslt, "toolchain")))
    thread.start()
    thread.join()
    assert theirs[0] is not mine


def test_the_state_is_kept_only_while_its_file_is_the_one_saved(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    session = Session()
    kept = State(outputs={"html/a.html": "1"})
    kept.save(folder)
    session.keep_state(folder, kept)
    assert session.take_state(folder) is kept
    assert session.take_state(folder) is not kept, "a state taken is let go: the build may have changed it"
    session.keep_state(folder, kept)
    State(outputs={"html/a.html": "2"}).save(folder)  # another build wrote into the same folder
    assert session.take_state(folder).outputs == {"html/a.html": "2"}


def test_prepare_compiles_what_a_rebuild_of_one_document_needs_and_reads_the_state(copy, tmp_path):
    out = tmp_path / "out"
    build(copy, out, ["html"])
    session = Session()
    prepare(session, copy, out, ["html"])
    renderer = session.renderer(copy.xslt, toolchain_digest(copy.xslt, copy.schema))
    assert {"catalogue.xsl", "html-document.xsl", "data.xsl", "html-site.xsl"} <= set(renderer._compiled)
    assert "text.xsl" not in renderer._compiled, "only the formats asked for"
    assert session.take_state(out.resolve()).built == ["html"]


def test_rebuilds_in_one_session_equal_clean_builds(copy, tmp_path):
    out = tmp_path / "out"
    session = Session()
    build(copy, out, FORMATS, session=session)
    prepare(session, copy, out, FORMATS)
    source = copy.tei / DOCUMENT
    edit(source, "Rumanian", "Roumanian")
    build(copy, out, FORMATS, session=session)
    assert digest(out) == clean_build(copy, tmp_path / "clean-1")
    edit(source, "Roumanian", "Rumanian")
    build(copy, out, FORMATS, session=session)
    assert digest(out) == clean_build(copy, tmp_path / "clean-2")


@pytest.fixture
def built(copy, tmp_path) -> tuple[Path, Session, Path, str]:
    """The edition built in a session: the folder, the session, the document to edit and its text."""
    out = tmp_path / "out"
    session = Session()
    build(copy, out, FORMATS, session=session)
    source = copy.tei / DOCUMENT
    return out, session, source, source.read_text(encoding="utf-8")


def test_a_session_does_not_trust_its_state_after_another_build_wrote_into_the_folder(copy, tmp_path, built):
    """The session's state says the document's files were made from its first text; a build of another process
    then rebuilt them from a second. Back to the first text, the session's build must make them again."""
    out, session, source, first = built
    edit(source, "Rumanian", "Roumanian")
    build(copy, out, FORMATS)  # another process: no session
    source.write_text(first, encoding="utf-8")
    build(copy, out, FORMATS, session=session)
    assert digest(out) == clean_build(copy, tmp_path / "clean")


def test_a_refused_build_in_a_session_leaves_the_next_one_right(copy, tmp_path, built):
    out, session, source, first = built
    edit(source, '<p n="1">', '<p n="7">')
    with pytest.raises(BuildRefused):
        build(copy, out, FORMATS, session=session)
    assert (out / STATE).is_file()
    source.write_text(first.replace("Rumanian", "Roumanian", 1), encoding="utf-8")
    build(copy, out, FORMATS, session=session)
    assert digest(out) == clean_build(copy, tmp_path / "clean")


def test_a_helper_process_is_kept_only_where_it_is_worth_it_and_stopped_by_close(copy, tmp_path, monkeypatch):
    from narkomindel import parallel

    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    out = tmp_path / "out"
    build(copy, out, ["html"])
    session = Session()
    prepare(session, copy, out, ["html"])
    assert session.helper() is None, "fourteen documents: the corpus and zip are written in the build's process"
    session.prepare(copy.xslt, "toolchain", [], out.resolve(), helper=True)
    kept = session.helper()
    assert kept is not None
    process = kept.submit(int).result() == 0 and next(iter(kept._processes.values()))
    session.close()
    assert session.helper() is None
    process.join(timeout=10)
    assert not process.is_alive()

"""A rebuild takes over what an unchanged input made and redoes the rest; whatever changed — a document, a
stylesheet, an index entry, the schema — its output is byte for byte what a clean build gives."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import running
from hypothesis import given, settings
from hypothesis import strategies as st

from narkomindel.build import build
from narkomindel.incremental import ENTRIES, HASHES, STATE
from narkomindel.project import Project

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ["html", "text"]
DOCUMENT = "1917-12-31-note-to-rumanian-embassy.xml"
OTHER_PAGE = "html/1918-04-20-order-on-prisoners-of-war.html"


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in (STATE, ENTRIES, HASHES)}


def inode(path: Path) -> int:
    return path.stat().st_ino


@pytest.fixture
def copy(tmp_path: Path) -> Project:
    for part in ("tei", "schema", "xslt"):
        shutil.copytree(ROOT / part, tmp_path / "project" / part)
    return Project(tmp_path / "project")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rebuilt_equals_clean(project: Project, tmp_path: Path, incremental: Path) -> None:
    build(project, incremental, FORMATS)
    assert digest(incremental) == clean_digest(project, tmp_path / "clean")


def clean_digest(project: Project, folder: Path, jobs: int | None = None) -> dict[str, str]:
    """The digest of a clean build of the project into `folder` (on `jobs` cores)."""
    build(project, folder, FORMATS, jobs=jobs)
    return digest(folder)


def words(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


def test_a_rebuild_with_nothing_changed_makes_nothing_again(copy, tmp_path):
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    before = {p: (inode(p), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    build(copy, out, FORMATS)
    assert {p: (inode(p), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()} == before


def test_a_rebuild_with_nothing_changed_reads_only_the_record_of_inputs(copy, tmp_path, monkeypatch):
    """The state of a large edition takes a while to read; with nothing changed the build does not need it."""
    from narkomindel.incremental import State

    out = tmp_path / "out"
    build(copy, out, FORMATS)
    before = {p: inode(p) for p in out.rglob("*") if p.is_file()}

    def not_needed(folder):
        raise AssertionError("the whole state was read for a rebuild with nothing changed")

    monkeypatch.setattr(State, "load", staticmethod(not_needed))
    build(copy, out, FORMATS)
    assert {p: inode(p) for p in out.rglob("*") if p.is_file()} == before
    monkeypatch.undo()
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    monkeypatch.setattr(State, "load", staticmethod(not_needed))
    with pytest.raises(AssertionError, match="whole state"):
        build(copy, out, FORMATS)  # with a change, the state is needed


def test_a_changed_edition_header_takes_over_no_page(copy, tmp_path):
    """The header (the editors, the version, every index entry) reaches every page: none is taken over."""
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    before = {p: inode(p) for p in (out / "html").glob("19*.html")}
    edit(copy.tei / "edition.xml", "Secretary of State of the German Foreign Office",
         "State Secretary of the German Foreign Office")
    build(copy, out, FORMATS)
    assert all(inode(p) != before[p] for p in before)


def files_of(out: Path, stem: str) -> list[Path]:
    """Every file the build makes from one document alone: its page, its citation files, its two plain texts."""
    files = [out / "html" / f"{stem}.html", *sorted((out / "html" / "cite").glob(f"nkid-{stem}.*")),
             out / "text" / f"{stem}.txt", out / "text" / f"{stem}.source.txt"]
    assert len(files) == 6 and all(f.is_file() for f in files)
    return files


def test_a_changed_document_is_made_again_and_the_rest_taken_over(copy, tmp_path):
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    untouched = inode(out / OTHER_PAGE)
    # Far from the changed one in date, so that no page shows both: every file made from it alone is taken over.
    other = {f: inode(f) for f in files_of(out, "1918-04-20-order-on-prisoners-of-war")}
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    rebuilt_equals_clean(copy, tmp_path, out)
    assert inode(out / OTHER_PAGE) == untouched
    assert {f: inode(f) for f in other} == other
    assert "(so the source)" in (out / "html" / DOCUMENT.replace(".xml", ".html")).read_text(encoding="utf-8")
    assert "(so the source)" in words(out / "text" / "narkomindel-1917-1918.txt")


def test_a_changed_title_reaches_the_neighbouring_pages(copy, tmp_path):
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    edit(copy.tei / DOCUMENT, "<title>Note to the Rumanian Embassy", "<title>Note to the Romanian Embassy")
    rebuilt_equals_clean(copy, tmp_path, out)
    neighbour = (out / "html" / "1917-12-06-note-on-armistice-negotiations.html").read_text(encoding="utf-8")
    assert "Note to the Romanian Embassy" in neighbour


def test_a_changed_stylesheet_remakes_what_it_writes(copy, tmp_path):
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    edit(copy.xslt / "text.xsl", "'Apparatus of interventions&#10;'", "'Apparatus of the interventions&#10;'")
    rebuilt_equals_clean(copy, tmp_path, out)
    assert "Apparatus of the interventions" in (out / "text" / DOCUMENT.replace(".xml", ".txt")).read_text(
        encoding="utf-8")


def test_a_changed_index_entry_reaches_every_page_that_shows_it(copy, tmp_path):
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    edit(copy.tei / "edition.xml", "Secretary of State of the German Foreign Office",
         "State Secretary of the German Foreign Office")
    rebuilt_equals_clean(copy, tmp_path, out)
    page = (out / "html" / "1918-02-10-declaration-on-withdrawal-from-war.html").read_text(encoding="utf-8")
    assert "State Secretary of the German Foreign Office" in page


def test_a_changed_schema_validates_again(copy, tmp_path):
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    edit(copy.schema / "narkomindel.sch", "</schema>", "<!-- revised --></schema>")
    rebuilt_equals_clean(copy, tmp_path, out)


@pytest.mark.parametrize("damage", ["not json", "a list", "another shape"])
def test_a_damaged_state_costs_only_time(copy, tmp_path, damage):
    """Damaged, or left by a build that kept its record in another shape (here each document's files as a list of
    names): the rebuild makes everything, as a clean build."""
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    state = json.loads((out / STATE).read_text(encoding="utf-8"))
    written = {"not json": "{not json", "a list": "[1, 2]",
               "another shape": json.dumps({**state, "format": state["format"] - 1,
                                            "files": {f: {d: list(n) for d, n in documents.items()}
                                                      for f, documents in state["files"].items()}})}
    (out / STATE).write_text(written[damage], encoding="utf-8")
    # A change, so that the rebuild reads the state (with nothing changed it reads only the record of inputs).
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    rebuilt_equals_clean(copy, tmp_path, out)


def test_a_damaged_or_missing_store_of_entries_costs_only_time(copy, tmp_path):
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    (out / ENTRIES).write_bytes(b"not a database")
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    rebuilt_equals_clean(copy, tmp_path, out)
    (out / ENTRIES).unlink()
    edit(copy.tei / DOCUMENT, "(so the source)", "(thus the source)")
    rebuilt_equals_clean(copy, tmp_path, out)
    assert "(thus the source)" in (out / "html" / DOCUMENT.replace(".xml", ".html")).read_text(encoding="utf-8")


def test_a_new_form_of_a_name_reaches_the_search_index(copy, tmp_path):
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    edit(copy.tei / "edition.xml", '<persName type="variant">L. Trotsky</persName>',
         '<persName type="variant">L. D. Trotskii</persName>')
    rebuilt_equals_clean(copy, tmp_path, out)
    assert any("L. D. Trotskii" in p.read_text(encoding="utf-8") for p in (out / "html" / "search").glob("records-*"))


# What shows the whole edition but not the words of its text: made again only when the catalogue's outline changes.
SITE_PAGES = ("html/index.html", "html/documents.html", "html/persons.html", "html/places.html",
              "html/calendar.html", "html/bibliography.html", "html/changelog.html", "html/data/cmif.xml",
              "html/guidelines.html", "html/assets/edition.css")
COMPARE_PAGE = ("html/compare-1917-11-21-note-to-allied-ambassadors--"
                "1917-11-21-report-to-central-executive-committee.html")


def test_a_change_to_the_words_alone_takes_over_every_page_of_the_whole_edition(copy, tmp_path):
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    before = {page: inode(out / page) for page in SITE_PAGES}
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    rebuilt_equals_clean(copy, tmp_path, out)
    assert {page: inode(out / page) for page in SITE_PAGES} == before
    assert any("(so the source)" in p.read_text(encoding="utf-8") for p in (out / "html" / "search").glob("records-*"))


def test_a_change_to_a_title_remakes_the_pages_of_the_whole_edition(copy, tmp_path):
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    before = inode(out / "html/documents.html")
    edit(copy.tei / DOCUMENT, "<title>Note to the Rumanian Embassy", "<title>Note to the Romanian Embassy")
    rebuilt_equals_clean(copy, tmp_path, out)
    assert inode(out / "html/documents.html") != before
    assert "Note to the Romanian Embassy" in (out / "html/documents.html").read_text(encoding="utf-8")


def test_a_change_to_either_of_two_translations_remakes_their_side_by_side_page(copy, tmp_path):
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    site = {page: inode(out / page) for page in SITE_PAGES}
    # The report quotes the note: a change to the quoting document's words, then to the quoted one's.
    edit(copy.tei / "1917-11-21-report-to-central-executive-committee.xml",
         "consider this document as a formal proposal", "consider this document as a formal and binding proposal")
    rebuilt_equals_clean(copy, tmp_path, out)
    assert "formal and binding proposal" in (out / COMPARE_PAGE).read_text(encoding="utf-8")
    edit(copy.tei / "1917-11-21-note-to-allied-ambassadors.xml", "In drawing your attention to the text",
         "In drawing your particular attention to the text")
    rebuilt_equals_clean(copy, tmp_path, out)
    assert "your particular attention" in (out / COMPARE_PAGE).read_text(encoding="utf-8")
    assert {page: inode(out / page) for page in SITE_PAGES} == site


# ---------------------------------------------------------------- the search index, updated in place


def search_files(out: Path) -> dict[str, int]:
    return {p.name: inode(p) for p in (out / "html" / "search").iterdir()}


@pytest.fixture
def updates(monkeypatch) -> list:
    """What each call of the build's update of the search index gave: its files, or None where it wrote anew."""
    import narkomindel.build as built

    made: list = []
    real = built.update_search_index

    def spy(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(built, "update_search_index", spy)
    return made


def search_files_around(copy: Project, tmp_path: Path, updates: list, words: str) -> tuple[Path, dict, dict]:
    """The output, and its search files (name → inode) before and after `words` were added to a paragraph of
    DOCUMENT and the index was updated in place."""
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    before = search_files(out)
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", f"in the Rumanian hierarchy {words}.</p>")
    rebuilt_equals_clean(copy, tmp_path, out)
    assert len(updates) == 1 and updates[0] is not None
    return out, before, search_files(out)


def test_a_change_to_one_document_rewrites_only_its_chunk_and_the_shards_of_its_words(copy, tmp_path, updates):
    out, before, after = search_files_around(copy, tmp_path, updates, "(so the sourcebook)")
    kept = {name for name, number in after.items() if before.get(name) == number}
    page = DOCUMENT.replace(".xml", ".html")
    for name in after:
        if name.startswith("records-"):
            holds_it = page in (out / "html" / "search" / name).read_text(encoding="utf-8")
            assert (name in kept) != holds_it, name
    new_word = next(name for name in after if name.startswith("terms-")
                    and '"sourcebook"' in (out / "html" / "search" / name).read_text(encoding="utf-8"))
    assert new_word not in kept and "manifest.js" not in kept
    assert sum(name.startswith("terms-") for name in kept) > sum(name.startswith("terms-") for name in after) / 2


def test_a_word_added_rewrites_only_the_shards_of_the_words_whose_records_changed(copy, tmp_path, updates):
    """The words of the changed paragraph that it still has, and every other word of the document, keep their
    records: their shards are kept."""
    out, before, after = search_files_around(copy, tmp_path, updates, "(sourcebook)")
    rewritten = sorted(name for name in after if name.startswith("terms-") and before.get(name) != after[name])
    shard_of = {word: next(name for name in after if name.startswith("terms-") and f'"{word}"' in
                           (out / "html" / "search" / name).read_text(encoding="utf-8"))
                for word in ("sourcebook", "rumanian", "hierarchy")}
    assert rewritten == [shard_of["sourcebook"]]
    assert shard_of["rumanian"] != shard_of["sourcebook"] and shard_of["rumanian"] not in rewritten


def test_a_record_added_and_a_word_gone_are_updated_in_place(copy, tmp_path, updates):
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy.<note type=\"editorial\" "
         "resp=\"edition.xml#editors\">A note that names the sourcebook.</note></p>")
    rebuilt_equals_clean(copy, tmp_path, out)
    edit(copy.tei / DOCUMENT, "A note that names the sourcebook.", "A note.")
    rebuilt_equals_clean(copy, tmp_path, out)
    # the second clean build is a rebuild of the first
    assert len(updates) == 3 and None not in updates
    assert not any('"sourcebook"' in p.read_text(encoding="utf-8") for p in (out / "html" / "search").iterdir())


def test_a_document_taken_out_has_the_index_written_anew(copy, tmp_path, updates):
    """Every later document moves up a place: each of its records has a new number."""
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    (copy.tei / DOCUMENT).unlink()
    rebuilt_equals_clean(copy, tmp_path, out)
    assert updates == [None]
    assert not any(DOCUMENT.replace(".xml", "") in p.read_text(encoding="utf-8")
                   for p in (out / "html" / "search").iterdir())


def test_a_rebuild_describes_in_the_metadata_only_the_document_that_changed(copy, tmp_path, monkeypatch):
    import narkomindel.data as data

    out = tmp_path / "out"
    build(copy, out, FORMATS)
    described: list[str] = []
    real = data.describer

    def counting(header):
        describe = real(header)
        return lambda entry: described.append(entry.get("file")) or describe(entry)

    monkeypatch.setattr(data, "describer", counting)
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    build(copy, out, FORMATS)
    assert described == [DOCUMENT]
    monkeypatch.undo()
    clean = tmp_path / "clean"
    build(copy, clean, FORMATS)
    assert (out / "html/data/documents.json").read_bytes() == (clean / "html/data/documents.json").read_bytes()


def test_a_rebuild_reads_for_the_whole_text_only_the_text_of_the_document_that_changed(copy, tmp_path,
                                                                                       monkeypatch):
    from narkomindel.incremental import Reuse

    out = tmp_path / "out"
    build(copy, out, FORMATS)
    read: list[str] = []
    real = Reuse.path

    def counting(self, relative):
        read.append(relative)
        return real(self, relative)

    monkeypatch.setattr(Reuse, "path", counting)
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    build(copy, out, FORMATS)
    assert read == [DOCUMENT.replace(".xml", ".txt")]
    monkeypatch.undo()
    clean = tmp_path / "clean"
    build(copy, clean, FORMATS)
    whole = "text/narkomindel-1917-1918.txt"
    assert (out / whole).read_bytes() == (clean / whole).read_bytes()
    assert "(so the source)" in words(out / whole)


def test_a_build_shared_among_workers_and_a_second_process_equals_one_made_in_one_process(tmp_path):
    """With enough documents the build renders on worker processes and writes the teiCorpus and the zip in a
    process of its own, from the start; a rebuild after a change does the same. The output is byte for byte what
    one process makes."""
    from narkomindel.bench import synthetic_edition
    from narkomindel.parallel import MIN_TASKS_PER_WORKER

    edition = synthetic_edition(Project(ROOT), 2 * MIN_TASKS_PER_WORKER + 5, tmp_path / "edition")
    shared, alone = tmp_path / "shared", tmp_path / "alone"
    build(edition, shared, FORMATS, jobs=2)
    edit(edition.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    build(edition, shared, FORMATS, jobs=2)
    build(edition, alone, FORMATS, jobs=1)
    assert digest(shared) == digest(alone)
    assert "(so the source)" in (shared / "html/data/narkomindel-1917-1918.xml").read_text(encoding="utf-8")


@pytest.fixture
def beside(monkeypatch):
    """Records each process started for the documents beside a build (the Helper and its pid) and each piece of
    work given to one; `warm_up`, if set, replaces what the process does first."""
    from narkomindel import parallel
    from narkomindel.build import _ready_for_documents

    record = SimpleNamespace(started=[], given=[], warm_up=None, wait_until_ready=False)
    real_start, real_beside = parallel.start_helper, parallel.beside

    def start_helper(warm_up=None, jobs=None):
        started = real_start(record.warm_up or warm_up, jobs)
        if started is not None and getattr(warm_up, "func", None) is _ready_for_documents:
            record.started.append((started, list(started.executor._processes)[0]))
            if record.wait_until_ready:
                started.warm_up.result()
        return started

    def beside(function, *arguments, **options):
        record.given.append((function.__name__, options.get("helper")))
        return real_beside(function, *arguments, **options)

    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    monkeypatch.setattr(parallel, "start_helper", start_helper)
    monkeypatch.setattr(parallel, "beside", beside)
    return record


def test_documents_made_in_a_process_beside_the_build_equal_those_made_in_one_process(copy, tmp_path, beside):
    """Too small for workers, the real edition's first build starts one process at once, which gets ready while the
    build validates and makes the documents' own outputs while the build makes the site; it is stopped when the build
    ends. The output is byte for byte what one process makes. A rebuild of the real edition starts none."""
    out, alone = tmp_path / "out", tmp_path / "alone"
    build(copy, out, FORMATS, jobs=2)
    [(helper, pid)] = beside.started
    assert ("_render_documents", helper.executor) in beside.given
    assert not running(pid), "the process is stopped when the build ends"
    build(copy, alone, FORMATS, jobs=1)
    assert len(beside.started) == 1, "one job: no process beside"
    assert digest(out) == digest(alone)
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    build(copy, out, FORMATS, jobs=2)
    assert len(beside.started) == 1, "a rebuild of a small edition makes its documents itself"


def test_a_rebuild_of_a_large_edition_makes_its_changed_documents_beside_once_the_process_is_ready(
        copy, tmp_path, beside, monkeypatch):
    """As if the real edition were large: a rebuild starts the process too, and gives it the changed document if
    it is ready by then (here it is waited for), and the teiCorpus and the zip; a session made ready for rebuilds
    (serve --watch) starts none. Each rebuild equals a clean build."""
    from narkomindel import build as build_module
    from narkomindel.build import prepare
    from narkomindel.session import Session

    monkeypatch.setattr(build_module, "MIN_DOCUMENTS_REBUILT_BESIDE", 10)
    monkeypatch.setattr(build_module, "corpus_apart", lambda documents: True)
    beside.wait_until_ready = True
    out = tmp_path / "out"
    build(copy, out, FORMATS, jobs=2)
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    build(copy, out, FORMATS, jobs=2)
    assert len(beside.started) == 2
    assert {("_render_documents", beside.started[1][0].executor),
            ("write_tei_files", beside.started[1][0].executor)} <= set(beside.given)
    assert "(so the source)" in (out / "html/data/narkomindel-1917-1918.xml").read_text(encoding="utf-8")
    assert not running(beside.started[1][1])
    assert digest(out) == clean_digest(copy, tmp_path / "clean", jobs=1)
    assert "(so the source)" in words(out / "text" / DOCUMENT.replace(".xml", ".txt"))
    session = Session()
    prepare(session, copy, out, FORMATS)
    edit(copy.tei / DOCUMENT, "(so the source).</p>", "(thus the source).</p>")
    build(copy, out, FORMATS, jobs=2, session=session)
    assert len(beside.started) == 2, "a session made ready makes its documents with its own stylesheets"
    assert digest(out) == clean_digest(copy, tmp_path / "clean 2", jobs=1)


def test_a_rebuild_does_not_wait_for_a_process_beside_that_is_not_ready(copy, tmp_path, beside, monkeypatch):
    """A rebuild's one changed document is made in the build's own process if the process beside is still getting
    ready (here it never is), and that process is stopped at once when the build ends."""
    import functools
    import time

    from narkomindel import build as build_module

    monkeypatch.setattr(build_module, "MIN_DOCUMENTS_REBUILT_BESIDE", 10)
    out = tmp_path / "out"
    build(copy, out, FORMATS, jobs=2)
    beside.warm_up = functools.partial(time.sleep, 600)
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    begun = time.monotonic()
    build(copy, out, FORMATS, jobs=2)
    assert time.monotonic() - begun < 300, "the build waited for the process beside"
    [_, (helper, pid)] = beside.started
    assert ("_render_documents", helper.executor) not in beside.given
    assert not running(pid)
    assert digest(out) == clean_digest(copy, tmp_path / "clean", jobs=1)


def test_the_site_pages_made_in_a_process_of_their_own_equal_those_made_in_one_process(copy, tmp_path, beside,
                                                                                       monkeypatch):
    """As if the real edition were large: the pages of the whole edition are made by a process of their own, from
    the outline's files, while the build makes the rest; the output is byte for byte what one process makes, in a
    first build and in a rebuild after a title changed (which makes them again). The outline's files are gone when
    the build ends."""
    import tempfile

    from narkomindel import build as build_module

    monkeypatch.setattr(build_module, "site_pages_apart", lambda documents, jobs: jobs != 1)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out"
    build(copy, out, FORMATS, jobs=2)
    assert ("_site_pages_apart", None) in beside.given
    assert digest(out) == clean_digest(copy, tmp_path / "clean", jobs=1)
    edit(copy.tei / DOCUMENT, "<title>Note to the Rumanian Embassy", "<title>Note to the Romanian Embassy")
    build(copy, out, FORMATS, jobs=2)
    assert [name for name, _ in beside.given].count("_site_pages_apart") == 2
    assert "Note to the Romanian Embassy" in (out / "html" / "documents.html").read_text(encoding="utf-8")
    assert digest(out) == clean_digest(copy, tmp_path / "clean 2", jobs=1)
    assert list(scratch.iterdir()) == []


def test_site_pages_that_fail_in_their_process_fail_the_build_and_leave_the_previous_one(copy, tmp_path, beside,
                                                                                         monkeypatch):
    """A stylesheet that fails while the site's pages are made apart stops the build with its error; the
    previous build is left as it was, with nothing of the failed one beside it."""
    from narkomindel import build as build_module
    from narkomindel.render import RenderError

    monkeypatch.setattr(build_module, "site_pages_apart", lambda documents, jobs: True)
    out = tmp_path / "out"
    build(copy, out, FORMATS, jobs=2)
    before = digest(out)
    edit(copy.xslt / "html-site.xsl", '<xsl:template name="home" as="empty-sequence()">',
         '<xsl:template name="home" as="empty-sequence()">\n    <xsl:sequence select="error((), \'home page\')"/>')
    with pytest.raises(RenderError, match="home page"):
        build(copy, out, FORMATS, jobs=2)
    assert digest(out) == before
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".narkomindel")) == ["html", "text"]


def test_a_refused_first_build_stops_the_process_it_started_beside(copy, tmp_path, beside):
    from narkomindel.build import BuildRefused

    edit(copy.tei / DOCUMENT, "</body>", "</body><unknown/>")
    with pytest.raises(BuildRefused):
        build(copy, tmp_path / "out", FORMATS, jobs=2)
    [(_, pid)] = beside.started
    assert not running(pid)


def test_a_document_withdrawn_and_put_back_leaves_each_time_what_a_clean_build_makes(copy, tmp_path):
    """A rebuild removes every file a withdrawn document made (and the folders it leaves empty) and makes them
    again when it comes back; the search index, the lists and the whole-edition files follow."""
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    withdrawn = copy.tei / DOCUMENT
    text = withdrawn.read_text(encoding="utf-8")
    own_files = files_of(out, withdrawn.stem)
    withdrawn.unlink()
    rebuilt_equals_clean(copy, tmp_path, out)
    assert not any(f.exists() for f in own_files)
    shutil.rmtree(tmp_path / "clean")
    withdrawn.write_text(text, encoding="utf-8")
    rebuilt_equals_clean(copy, tmp_path, out)
    assert all(f.is_file() for f in own_files)


def counting_hashes(monkeypatch) -> list[str]:
    """The names of the source files the build reads to hash them, from now on."""
    import narkomindel.build as built

    hashed: list[str] = []
    real = built.content_digest
    monkeypatch.setattr(built, "content_digest", lambda path: hashed.append(path.name) or real(path))
    return hashed


def test_a_source_file_unchanged_since_it_was_hashed_is_not_read_again(copy, tmp_path, monkeypatch):
    import narkomindel.incremental as incremental

    out = tmp_path / "out"
    monkeypatch.setattr(incremental, "RACY_NS", -10**18)  # as if every file had been written long before
    build(copy, out, FORMATS)
    hashed = counting_hashes(monkeypatch)
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    build(copy, out, FORMATS)
    assert hashed == [DOCUMENT]
    rebuilt_equals_clean(copy, tmp_path, out)


def test_a_file_rewritten_with_its_size_and_time_kept_is_hashed_again(copy, tmp_path, monkeypatch):
    """Its change time, which no program can set back, gives it away."""
    import os

    import narkomindel.incremental as incremental

    out = tmp_path / "out"
    monkeypatch.setattr(incremental, "RACY_NS", -10**18)
    build(copy, out, FORMATS)
    path = copy.tei / DOCUMENT
    before = path.stat()
    edit(path, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy!</p>")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    rebuilt_equals_clean(copy, tmp_path, out)
    assert "hierarchy!" in (out / "html" / DOCUMENT.replace(".xml", ".html")).read_text(encoding="utf-8")


def test_a_file_written_just_before_it_was_hashed_is_hashed_again(copy, tmp_path, monkeypatch):
    """The sources were copied a moment before the first build: a write in the same tick of the clock could have
    gone unseen, so the next build reads every file again rather than trust what it knows."""
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    hashed = counting_hashes(monkeypatch)
    build(copy, out, FORMATS)
    assert sorted(hashed) == sorted(p.name for p in copy.tei.glob("*.xml"))


def test_the_store_keeps_only_the_entries_of_the_documents_of_the_build():
    from narkomindel.incremental import Entries

    store = Entries.in_memory()
    for number in range(50):
        store.put(f"k{number}", f"<entry n='{number}'/>", f"<outline n='{number}'/>")
    store.keep_only({"k1", "k2", "gone"})
    assert store.keys() == {"k1", "k2"}
    assert store.get("k2") == "<entry n='2'/>" and store.outline("k2") == "<outline n='2'/>"
    assert store.connection.execute("SELECT count(*) FROM outline").fetchone() == (2,)
    # Told what it held, it deletes those by their keys, and reads through its tables for anything else left.
    store.put("k3", "<entry/>", "<outline/>")
    store.connection.execute("INSERT INTO entry (key, xml) VALUES ('orphan', '<entry/>')")
    store.keep_only({"k1", "k3"}, known={"k1", "k2"})
    assert store.keys() == {"k1", "k3"}
    assert store.connection.execute("SELECT count(*) FROM entry").fetchone() == (2,)


def test_the_store_in_the_build_directory_does_not_wait_for_the_disk_at_each_commit(tmp_path):
    """Waiting for the disk (fsync) was a quarter of a second of every rebuild of a large edition; the store is
    a record that a build makes anew when it is damaged, like the build's other records."""
    from narkomindel.incremental import Entries

    with Entries.opened(tmp_path / "store.sqlite") as store:
        store.put("k1", "<entry/>", "<outline/>")
        assert store.connection.execute("PRAGMA synchronous").fetchone() == (0,)  # OFF
    with Entries.opened(tmp_path / "store.sqlite") as store:
        assert store.get("k1") == "<entry/>"


def test_an_edition_left_out_of_a_build_after_a_stylesheet_changed_is_made_anew_when_it_is_built_again(copy,
                                                                                                        tmp_path):
    """The text edition's files, kept by a build of the web edition alone after text.xsl changed, were made by
    the old stylesheet, though their documents did not change: the next build of both must not keep them."""
    out = tmp_path / "out"
    build(copy, out, FORMATS)
    edit(copy.xslt / "text.xsl", "Apparatus of interventions", "Apparatus of the interventions")
    build(copy, out, ["html"])
    rebuilt_equals_clean(copy, tmp_path, out)
    assert "Apparatus of the interventions" in (out / "text" / DOCUMENT.replace(".xml", ".txt")).read_text(
        encoding="utf-8")


def looked_at_when(copy, tmp_path, monkeypatch, document: str, old: str, new: str) -> set[str]:
    """The documents whose outputs a rebuild works out one by one after `old` became `new` in `document`; the
    rebuild must equal a clean build."""
    import narkomindel.build as built

    out = tmp_path / "out"
    build(copy, out, FORMATS)
    looked_at: set[str] = set()
    real = built.Part.outputs
    monkeypatch.setattr(built.Part, "outputs",
                        lambda self, edition, path, content: looked_at.add(path.name) or real(self, edition, path,
                                                                                              content))
    edit(copy.tei / document, old, new)
    build(copy, out, FORMATS)
    monkeypatch.setattr(built.Part, "outputs", real)
    rebuilt_equals_clean(copy, tmp_path, out)
    return looked_at


def parallel_translations(copy) -> dict[str, set[str]]:
    """Each document with a parallel translation, and the documents on the other side, read from the TEI."""
    from lxml import etree

    found: dict[str, set[str]] = {}
    for path in copy.tei.glob("1*.xml"):
        for item in etree.parse(str(path)).iterfind(".//{*}relatedItem[@type='parallel-translation']"):
            other = item.get("target").partition("#")[0]
            found.setdefault(path.name, set()).add(other)
            found.setdefault(other, set()).add(path.name)
    return found


def test_a_rebuild_works_out_the_outputs_of_only_the_documents_that_may_show_something_new(copy, tmp_path,
                                                                                            monkeypatch):
    """After a word of one document changed, the others' files are kept without a key made for each, those with
    a parallel translation too (their pages show the other document, which did not change): only the changed
    document is looked at one output at a time."""
    assert parallel_translations(copy) and DOCUMENT not in parallel_translations(copy)
    assert looked_at_when(copy, tmp_path, monkeypatch, DOCUMENT, "in the Rumanian hierarchy.</p>",
                          "in the Rumanian hierarchy (so the source).</p>") == {DOCUMENT}


def test_after_a_document_with_a_parallel_translation_changed_its_translation_is_looked_at_too(copy, tmp_path,
                                                                                               monkeypatch):
    """The side-by-side page and the page of the translation show the changed document: they are worked out
    again, output by output, and the rebuild equals a clean build."""
    parallels = parallel_translations(copy)
    changed = sorted(parallels)[0]
    text = (copy.tei / changed).read_text(encoding="utf-8")
    paragraph_end = text.index("</p>", text.index("<body>"))
    words = text[paragraph_end - 24:paragraph_end]
    assert text.count(words + "</p>") == 1
    looked_at = looked_at_when(copy, tmp_path, monkeypatch, changed, words + "</p>", words + " again</p>")
    assert looked_at == {changed} | parallels[changed]


def test_the_outline_leaves_out_only_what_no_stylesheet_reads(copy, tmp_path, monkeypatch):
    """The stylesheets are given the catalogue's outline with the mentions and dates cut to where they stand:
    every page and text must be what the whole outline (the entries without the words of the text) gives."""
    import copy as copying

    import narkomindel.build as built
    from lxml import etree

    entry = etree.fromstring(_an_entry(copy).encode("utf-8"))
    mention = entry.find("c:mention", built.C)
    assert mention is not None and mention.text and mention.get("in-note") and mention.get("p")
    cut = built.outline(entry).find("c:mention", built.C)
    assert (cut.text, cut.get("in-note"), cut.get("p")) == (None, None, None)
    assert (cut.get("ref"), cut.get("at"), cut.get("where")) == (mention.get("ref"), mention.get("at"),
                                                                 mention.get("where"))
    # A name mentioned again in the same place (a page links to the place once) is kept only where it first stands.
    links = [(m.get("ref"), m.get("at")) for m in entry.iterfind("c:mention", built.C)]
    kept = [(m.get("ref"), m.get("at")) for m in built.outline(entry).iterfind("c:mention", built.C)]
    assert kept == list(dict.fromkeys(links)) and len(kept) < len(links)
    build(copy, tmp_path / "cut", FORMATS)

    def whole(element):
        copied = copying.deepcopy(element)
        for unit in list(copied.iter(*built.SEARCH_TEXT)):
            unit.getparent().remove(unit)
        return copied

    monkeypatch.setattr(built, "outline", whole)
    build(copy, tmp_path / "whole", FORMATS)
    assert digest(tmp_path / "cut") == digest(tmp_path / "whole")


def test_the_indexes_and_the_other_site_pages_each_get_their_half_of_the_outline(project):
    """Saxon never holds the whole outline: the mentions of names go to the indexes alone, with the titles they
    show, and every other page gets the rest."""
    from lxml import etree

    from narkomindel.build import C, read_edition
    from narkomindel.incremental import State

    edition = read_edition(project, State(), State())
    rest = etree.fromstring(edition.parameters["catalogue"].to_string().encode("utf-8"))
    names = etree.fromstring(edition.index_parameters()["catalogue"].to_string().encode("utf-8"))
    assert len(rest.findall("c:document", C)) == len(names.findall("c:document", C)) == len(edition.documents)
    assert not rest.findall(".//c:mention", C) and rest.findall(".//c:date", C) and rest.findall(".//c:title", C)
    assert {etree.QName(child).localname for child in names.iterfind("c:document/*", C)} == {"title", "mention"}


def _an_entry(project: Project) -> str:
    """A catalogue entry as the build keeps it."""
    from narkomindel.build import read_edition
    from narkomindel.incremental import State

    edition = read_edition(project, State(), State())
    return edition.store.get(edition.index[DOCUMENT].key)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_documents_found_unchanged_at_once_are_those_that_show_the_same_one_by_one(data):
    """A rebuild looks only at the changed entries and their neighbours and other sides when the documents and
    their order are as before: it must find the same documents unchanged as looking at each one."""
    from narkomindel.build import Edition, Entry

    names = [f"d{number}.xml" for number in range(data.draw(st.integers(1, 7)))]

    def index(names: list[str]) -> dict[str, Entry]:
        entries = {}
        for name in names:
            parallels = tuple((other, f"{other}#p", f"compare-{name}-{other}.html")
                              for other in data.draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
                              if other != name)
            summary, when = data.draw(st.sampled_from("st")), data.draw(st.sampled_from(["1917-11-01", "1917-12-01"]))
            # An entry's key covers all it is made from: the same key, the same summary, date and translations.
            key = repr((data.draw(st.sampled_from("kl")), summary, when, parallels))
            entries[name] = Entry(key, "outline", summary, when, name, parallels, 1)
        return entries

    before = index(names)
    now = index(data.draw(st.sampled_from([names, names[:-1], [*names, "d9.xml"]])))
    if data.draw(st.booleans()):  # some entries as they were, so that most of the order is the same
        now = {name: before[name] if name in before and data.draw(st.booleans()) else entry
               for name, entry in now.items()}
    edition = Edition(None, None, {}, "", "", None, now, None, None, None, before)  # type: ignore[arg-type]
    assert edition.unchanged == {name for name in edition.order if edition.shows_the_same(name)}


def test_a_rebuild_lists_the_folder_of_sources_once(copy, tmp_path, monkeypatch):
    """Listing 10,000 files takes a twentieth of a second: the build's hashing, validation and catalogue share one
    listing."""
    import narkomindel.build as build_module
    import narkomindel.validate as validate_module

    out = tmp_path / "out"
    build(copy, out, FORMATS)
    listed: list[Path] = []
    real = validate_module.xml_files

    def counting(folder: Path) -> list[Path]:
        listed.append(folder)
        return real(folder)

    monkeypatch.setattr(validate_module, "xml_files", counting)
    monkeypatch.setattr(build_module, "xml_files", counting)
    edit(copy.tei / DOCUMENT, "in the Rumanian hierarchy.</p>", "in the Rumanian hierarchy (so the source).</p>")
    build(copy, out, FORMATS)
    assert listed == [copy.tei.resolve()]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_of_cycles_is_paused_while_the_records_are_read_and_restored_after(copy, tmp_path,
                                                                                        monkeypatch, enabled):
    """Paused while the state, the memo and the catalogue's index are read and made, running (as it ran before the
    build) while the outputs are made, and with nothing left set apart from it once the build is over."""
    import gc

    import narkomindel.build as build_module

    seen: dict[str, bool] = {}
    for name in ("read_edition", "write_documents"):
        real = getattr(build_module, name)

        def watched(*args, real=real, name=name, **kwargs):
            seen[name] = gc.isenabled()
            return real(*args, **kwargs)

        monkeypatch.setattr(build_module, name, watched)
    (gc.enable if enabled else gc.disable)()
    try:
        build(copy, tmp_path / "out", FORMATS)
        assert seen == {"read_edition": False, "write_documents": enabled}
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()

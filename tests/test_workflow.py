"""The editor's workflow outside the checkout: the edition found like git finds a repository or named with
--project; the wheel, installed into a fresh venv elsewhere, validating and building an edition with the schema and
stylesheets it ships; `serve --watch` rebuilding and reloading; the pre-commit hook run through `pre-commit
try-repo`; the official schema's verdicts cached."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from narkomindel import official
from narkomindel.cli import main
from narkomindel.project import Project, find_project
from narkomindel.watch import BuildState, SCRIPT_TAG, rebuild_if_changed, with_live_script

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "rules"
VENV_BIN = Path(sys.executable).parent
# What a wheel is built from: the files pyproject.toml names, nothing else of the checkout.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "scripts", "schema", "xslt")
DOCUMENT = "1918-01-04-note-to-persian-government.xml"


def edition_copy(target: Path, with_tools: bool = False) -> Path:
    """An edition folder holding only tei/ (as another edition using the package would), or also its own
    schema/ and xslt/."""
    shutil.copytree(ROOT / "tei", target / "tei")
    if with_tools:
        shutil.copytree(ROOT / "schema", target / "schema")
        shutil.copytree(ROOT / "xslt", target / "xslt")
    return target


# The edition is found like a git repository.

def test_the_edition_is_found_from_any_folder_inside_it(tmp_path):
    edition = edition_copy(tmp_path / "edition")
    (edition / "tei" / "drafts").mkdir()
    assert find_project(edition / "tei" / "drafts") == Project(edition.resolve())
    assert find_project(edition) == Project(edition.resolve())
    assert find_project(tmp_path) is None


def test_validate_from_a_subfolder_validates_the_edition_around_it(tmp_path, monkeypatch):
    edition = edition_copy(tmp_path / "edition")
    shutil.copy(FIXTURES / "invalid" / "1917-11-21-ref-kind.xml", edition / "tei")
    monkeypatch.chdir(edition / "tei")
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert "[ref-kind]" in result.stdout and result.stdout.count("\n") == 1


@pytest.mark.parametrize("command", [["validate"], ["build"], ["serve"],
                                     ["new", "--date", "1918-01-15", "--type", "note", "--title", "A note"]])
def test_outside_any_edition_every_command_says_how_to_name_one(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2
    assert "tei/edition.xml" in result.stderr and "--project" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["validate", "build", "serve", "new"])
def test_project_is_an_option_of_every_command_that_works_on_an_edition(command):
    assert "--project" in {opt for param in main.commands[command].params for opt in param.opts}


def test_project_names_a_folder_that_is_not_an_edition(tmp_path):
    result = CliRunner().invoke(main, ["validate", "--project", str(tmp_path)])
    assert result.exit_code == 2 and "not an edition" in result.stderr


def test_build_with_project_writes_into_that_edition(tmp_path, monkeypatch):
    edition = edition_copy(tmp_path / "edition", with_tools=True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--project", str(edition), "--format", "text"])
    assert result.exit_code == 0, result.output
    assert (edition / "build" / "text" / DOCUMENT.replace(".xml", ".txt")).is_file()


# The wheel stands alone.

@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `narkomindel` command of the wheel built from a copy of the checkout's sources (the checkout stays as
    it is), installed into a fresh venv outside the checkout."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in WHEEL_SOURCES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(work / "dist"),
                    str(source)], check=True, cwd=work, capture_output=True)
    (wheel,) = (work / "dist").glob("narkomindel-*.whl")
    # setuptools works in a folder of its own, not in build/, where the editions are written.
    assert not (source / "build").exists() and (source / ".setuptools-build").is_dir()
    subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True)
    installing = subprocess.run([str(work / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet",
                                 "--disable-pip-version-check", str(wheel)], cwd=work, capture_output=True, text=True)
    assert installing.returncode == 0, installing.stderr[-2000:]
    return work / "venv" / "bin" / "narkomindel"


def test_the_wheel_ships_schema_and_stylesheets_from_the_repository_s_one_copy(installed):
    site = Path(subprocess.run([str(installed.parent / "python"), "-c",
                                "import narkomindel.project as p; print(p.packaged(p.SCHEMA_PACKAGE).parent)"],
                               capture_output=True, text=True, check=True).stdout.strip())
    assert site.parent.name == "site-packages"
    assert (site / "_schema" / "narkomindel.sch").read_bytes() == (ROOT / "schema" / "narkomindel.sch").read_bytes()
    assert (site / "_xslt" / "html.xsl").read_bytes() == (ROOT / "xslt" / "html.xsl").read_bytes()
    assert (site / "_xslt" / "assets" / "edition.css").is_file()
    assert json.loads((site / "manual.json").read_text(encoding="utf-8"))["rules"]


def test_the_installed_package_validates_and_builds_an_edition_outside_the_checkout(installed, tmp_path):
    edition = edition_copy(tmp_path / "edition")
    shutil.copy(FIXTURES / "invalid" / "1917-11-21-ref-kind.xml", edition / "tei")
    bad = subprocess.run([str(installed), "validate"], cwd=edition / "tei", capture_output=True, text=True)
    assert bad.returncode == 1, bad.stderr
    assert "[ref-kind]" in bad.stdout
    (edition / "tei" / "1917-11-21-ref-kind.xml").unlink()
    good = subprocess.run([str(installed), "validate", "--project", str(edition)], cwd=tmp_path,
                          capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    built = subprocess.run([str(installed), "build", "--project", str(edition)], cwd=tmp_path, capture_output=True,
                           text=True)
    assert built.returncode == 0, built.stderr
    page = (edition / "build" / "html" / DOCUMENT.replace(".xml", ".html")).read_text(encoding="utf-8")
    assert "Persian" in page and "Content-Security-Policy" in page
    assert (edition / "build" / "html" / "assets" / "edition.css").is_file()
    assert not (edition / "schema").exists() and not (edition / "xslt").exists()


# serve --watch.

def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for_generation(base: str, generation: int, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = json.loads(get(base + "__narkomindel/status")[1])
        if status["generation"] >= generation:
            return status
        time.sleep(0.3)
    raise AssertionError(f"the edition was not rebuilt within {timeout} s (still generation {status})")


@pytest.fixture
def watching(tmp_path):
    """`narkomindel serve --watch` on a copy of the edition, in a process of its own; its URL and the copy."""
    edition = edition_copy(tmp_path / "edition", with_tools=True)
    process = subprocess.Popen([str(VENV_BIN / "narkomindel"), "serve", "--watch", "--port", "0", "--project",
                                str(edition)], stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in process.stderr:
            lines.append(line)
            if "Serving" in line:
                found.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert found.wait(300), "the server did not start: " + "".join(lines)
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", "".join(lines)).group(1)
        yield f"http://127.0.0.1:{port}/", edition
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_watch_rebuilds_on_save_reloads_and_shows_the_validator_s_messages(watching):
    base, edition = watching
    page_url = base + DOCUMENT.replace(".xml", ".html")
    status, page = get(page_url)
    assert status == 200 and SCRIPT_TAG in page
    built = (edition / "build" / "html" / DOCUMENT.replace(".xml", ".html")).read_text(encoding="utf-8")
    assert "__narkomindel" not in built, "the reload script must never be written into the built site"
    assert get(base + "__narkomindel/live.js")[1].count("location.reload") == 1
    first = json.loads(get(base + "__narkomindel/status")[1])
    assert first["ok"] and first["generation"] == 1

    source = edition / "tei" / DOCUMENT
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Persian Government", "Persian Governmentt", 1), encoding="utf-8")
    assert wait_for_generation(base, 2)["ok"]
    assert "Persian Governmentt" in get(page_url)[1]

    source.write_text(text.replace('<p n="1">', '<p n="7">', 1), encoding="utf-8")
    broken = wait_for_generation(base, 3)
    assert not broken["ok"] and any("[para-number]" in line for line in broken["problems"])
    status, page = get(page_url)
    assert status == 500 and "[para-number]" in page and SCRIPT_TAG in page
    assert "Persian Governmentt" not in page, "the stale text must not be shown"

    source.write_text(text, encoding="utf-8")
    assert wait_for_generation(base, 4)["ok"]
    status, page = get(page_url)
    assert status == 200 and "Persian Governmentt" not in page and "Persian Government" in page


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


def test_serve_watch_stopped_by_kill_leaves_no_process_behind(tmp_path):
    """A large edition gets a process kept for the teiCorpus and the zip; `kill` (SIGTERM) must stop it too."""
    from narkomindel.bench import synthetic_edition

    edition = synthetic_edition(Project(ROOT), 70, tmp_path / "edition")
    process = subprocess.Popen([str(VENV_BIN / "narkomindel"), "serve", "--watch", "--port", "0", "--project",
                                str(edition.root)], stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stderr:  # the first build done, the server started
            if "Serving" in line:
                break
        threading.Thread(target=process.stderr.read, daemon=True).start()
        deadline = time.monotonic() + 120
        while len(children(process.pid)) < 2 and time.monotonic() < deadline:  # the kept process and its tracker
            time.sleep(0.2)
        kept = children(process.pid)
        assert len(kept) >= 2, "serve --watch did not start the process it keeps"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in kept) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in kept if Path(f"/proc/{pid}").exists()]


def test_a_save_that_changes_no_content_rebuilds_nothing(tmp_path):
    (tmp_path / "tei").mkdir()
    document = tmp_path / "tei" / "a.xml"
    document.write_text("<a/>", encoding="utf-8")
    calls: list[int] = []
    state = BuildState()
    rebuild = lambda: calls.append(1) or []  # noqa: E731
    assert rebuild_if_changed(state, [tmp_path / "tei"], rebuild)
    os.utime(document, (time.time() + 10, time.time() + 10))  # saved again, unchanged
    assert not rebuild_if_changed(state, [tmp_path / "tei"], rebuild)
    document.write_text("<b/>", encoding="utf-8")
    assert rebuild_if_changed(state, [tmp_path / "tei"], rebuild)
    assert len(calls) == 2 and state.generation == 2


def test_the_watcher_reads_again_only_a_file_written_since_it_last_looked(tmp_path, monkeypatch):
    """It looks every second: at 10,000 documents, reading every file each time was a hundred megabytes."""
    from narkomindel import incremental, watch

    monkeypatch.setattr(incremental, "RACY_NS", 0)  # this test's files were all written within a second
    read: list[str] = []
    hash_content = watch.content_digest
    monkeypatch.setattr(watch, "content_digest", lambda path: read.append(path.name) or hash_content(path))
    (tmp_path / "tei").mkdir()
    for name in ("a.xml", "b.xml"):
        (tmp_path / "tei" / name).write_text("<a/>", encoding="utf-8")
    state = BuildState()
    rebuild = lambda: []  # noqa: E731
    assert rebuild_if_changed(state, [tmp_path / "tei"], rebuild) and sorted(read) == ["a.xml", "b.xml"]
    read.clear()
    assert not rebuild_if_changed(state, [tmp_path / "tei"], rebuild) and read == []
    document = tmp_path / "tei" / "b.xml"
    times = document.stat()
    document.write_text("<b/>", encoding="utf-8")  # the same size, and its time of writing put back
    os.utime(document, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert rebuild_if_changed(state, [tmp_path / "tei"], rebuild) and read == ["b.xml"]


def test_the_reload_script_goes_into_the_head_of_a_served_page():
    page = b"<!DOCTYPE html><html><head><title>x</title></head><body>y</body></html>"
    assert with_live_script(page) == page.replace(b"</head>", SCRIPT_TAG.encode() + b"</head>")


# The pre-commit hook.

def test_the_pre_commit_hook_validates_the_changed_tei_files_of_another_edition(tmp_path):
    repository = edition_copy(tmp_path / "other-edition")
    shutil.copy(FIXTURES / "invalid" / "1917-11-21-ref-kind.xml", repository / "tei")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    for command in (["git", "init", "--quiet"], ["git", "add", "tei"]):
        subprocess.run(command, cwd=repository, check=True, env=environment)

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(VENV_BIN / "pre-commit"), "try-repo", str(ROOT), "narkomindel-validate",
                               "--files", *files], cwd=repository, capture_output=True, text=True, env=environment)

    clean = try_repo(f"tei/{DOCUMENT}", "tei/edition.xml")
    assert clean.returncode == 0, clean.stdout[-3000:] + clean.stderr[-3000:]
    assert re.search(r"validate changed TEI files \(narkomindel\)\.+Passed", clean.stdout)
    faulty = try_repo("tei/1917-11-21-ref-kind.xml")
    assert faulty.returncode == 1, faulty.stdout[-3000:]
    assert "Failed" in faulty.stdout and "[ref-kind]" in faulty.stdout
    assert DOCUMENT not in faulty.stdout  # only the named file is validated


def test_the_hook_s_manifest_validates_only_tei_files():
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: narkomindel-validate" in manifest and "entry: narkomindel validate" in manifest
    assert "files: ^tei/.*\\.xml$" in manifest and "language: python" in manifest


# The official TEI schema.

def test_the_official_schema_s_verdicts_are_cached_per_file(tmp_path, monkeypatch):
    monkeypatch.setenv("NARKOMINDEL_CACHE", str(tmp_path / "cache"))
    schema = tmp_path / "tei_all.rng"
    shutil.copy(ROOT.parent / "shared" / "schema" / "tei_all.rng", schema)
    bad = tmp_path / "1917-11-21-rng.xml"
    shutil.copy(FIXTURES / "invalid" / "1917-11-21-rng.xml", bad)
    first = official.check([bad], schema)
    assert [f.rule for f in first] == ["tei-all"] and first[0].line == 57

    def no_engine(*_args):
        raise AssertionError("a cached verdict was checked again")

    monkeypatch.setattr(official, "_jing", no_engine)
    monkeypatch.setattr(official, "_lxml", no_engine)
    assert official.check([bad], schema) == first
    bad.write_text(bad.read_text(encoding="utf-8").replace("<foo/>", ""), encoding="utf-8")
    with pytest.raises(AssertionError, match="checked again"):
        official.check([bad], schema)  # a changed file is checked anew


def test_jing_and_lxml_agree_on_the_official_schema(tmp_path, monkeypatch):
    """jing, used when installed, and lxml, used otherwise, reject the same files."""
    if shutil.which("jing") is None:
        pytest.fail("jing is not installed (Debian: apt-get install jing): the engine used by default is untested")
    schema = ROOT.parent / "shared" / "schema" / "tei_all.rng"
    files = [FIXTURES / "invalid" / "1917-11-21-rng.xml", FIXTURES / "1917-11-21-base.xml"]
    verdicts = {}
    for engine in ("jing", "lxml"):
        monkeypatch.setenv("NARKOMINDEL_CACHE", str(tmp_path / engine))
        monkeypatch.setenv("NARKOMINDEL_TEI_ALL_ENGINE", engine)
        if engine == "jing":
            monkeypatch.delenv("NARKOMINDEL_TEI_ALL_ENGINE")
        assert official.engine() == engine
        verdicts[engine] = {(Path(f.path).name, f.line) for f in official.check(files, schema)}
    assert {name for name, _ in verdicts["jing"]} == {name for name, _ in verdicts["lxml"]} == {"1917-11-21-rng.xml"}


# The shipped GitHub Actions workflow.

def test_the_workflow_validates_tests_and_builds_as_the_readme_says_and_uploads_the_site():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"push", "pull_request"}
    (job,) = workflow["jobs"].values()
    runs = [step.get("run", "") for step in job["steps"]]
    assert "bash scripts/dev.sh validate --format github" in runs
    assert any(run.startswith("bash scripts/dev.sh test") for run in runs)
    assert any(run.startswith("bash scripts/dev.sh build") for run in runs)
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert upload["with"]["path"] == f"{checkout['with']['path']}/build/html"
    # The tests run only where ../shared is provided, beside the checkout.
    test_step = next(step for step in job["steps"] if step.get("run", "").startswith("bash scripts/dev.sh test"))
    shared = next(step for step in job["steps"] if step.get("with", {}).get("path") == "shared")
    assert test_step["if"] == shared["if"]

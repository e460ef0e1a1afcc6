"""`narkomindel serve --watch`: the preview server rebuilds the web edition when a TEI file, stylesheet or
schema is saved, and the open page reloads itself.

Only pages served by this development server get the reload script: it is added to each HTML response as it
is sent, never written into the built site. The script asks /__narkomindel/status for the build's generation
and reloads when it changes. While the edition does not build (an invalid save), every page is replaced by the
validator's messages, so the stale text is never mistaken for the saved one; the next good save brings the page
back. Saves that leave every watched file's content as it was rebuild nothing."""

from __future__ import annotations

import hashlib
import html
import http.server
import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding
from .incremental import Hashes
from .validate import content_digest

LIVE_PREFIX = "/__narkomindel/"
LIVE_SCRIPT_PATH = LIVE_PREFIX + "live.js"
STATUS_PATH = LIVE_PREFIX + "status"
WATCHED_SUFFIXES = (".xml", ".xsl", ".rng", ".sch", ".css", ".js", ".svg")
LIVE_SCRIPT = """// Served only by `narkomindel serve --watch`: reload the page when the edition has been rebuilt.
(function () {
  "use strict";
  var seen = null;
  function poll() {
    fetch("/__narkomindel/status", {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (seen !== null && status.generation !== seen) { window.location.reload(); return; }
        seen = status.generation;
        window.setTimeout(poll, 500);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
}());
"""
SCRIPT_TAG = f'<script src="{LIVE_SCRIPT_PATH}" defer="defer"></script>'


@dataclass
class BuildState:
    """What the server tells the page: the generation (one more after every rebuild, good or bad) and, while the
    edition does not build, why."""

    generation: int = 0
    problems: list[str] = field(default_factory=list)
    digest: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    seen: dict[str, list] = field(default_factory=dict)  # each watched file at the last look (see Hashes)

    def record(self, problems: list[str], digest: str) -> None:
        with self.lock:
            self.generation += 1
            self.problems = problems
            self.digest = digest

    def snapshot(self) -> dict[str, object]:
        with self.lock:
            return {"generation": self.generation, "ok": not self.problems, "problems": list(self.problems)}


def watched_folders(tei: Path, xslt: Path, schema: Path) -> list[Path]:
    return [folder for folder in (tei, xslt, schema) if folder.is_dir()]


def sources_digest(folders: Iterable[Path], seen: Hashes | None = None) -> str:
    """One hash of the names and contents of every watched file: equal hashes mean nothing to rebuild. With
    `seen` (what was found of each file at the last look, see incremental.Hashes), only a file the file system says
    was written since is read again: the watcher looks every second, and an edition's files run to a hundred
    megabytes at 10,000 documents."""
    seen = seen or Hashes({})
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in WATCHED_SUFFIXES and p.is_file()):
            try:
                content = seen.of(path, content_digest, str(path))
            except OSError:
                continue  # removed while being read: the next change event brings the folder's new state
            digest.update(str(path).encode("utf-8") + b"\0" + content.encode("ascii"))
    return digest.hexdigest()


def problem_lines(findings: Iterable[Finding]) -> list[str]:
    return [finding.as_line() for finding in findings]


def rebuild_if_changed(state: BuildState, folders: list[Path], rebuild: Callable[[], list[str]]) -> bool:
    """Rebuild (rebuild() returns the problems, empty when the build succeeded) unless no watched file's content
    changed since the last build. True if it rebuilt."""
    seen = Hashes(state.seen)
    digest = sources_digest(folders, seen)
    state.seen = seen.now
    if digest == state.digest:
        return False
    state.record(rebuild(), digest)
    return True


def watch_forever(state: BuildState, folders: list[Path], rebuild: Callable[[], list[str]],
                  stop: threading.Event, prepare: Callable[[], None] | None = None) -> None:
    """Rebuild on every change below the folders until `stop` is set (run in a thread of its own). `prepare()`
    runs first, in this thread, which makes the rebuilds: what they need is made ready before the first save."""
    from watchfiles import watch

    if prepare is not None:
        prepare()

    def relevant(_change: object, path: str) -> bool:
        return path.endswith(WATCHED_SUFFIXES) and not Path(path).name.startswith(".")

    # The watcher also wakes every second without an event: a save made before it was listening (or an event
    # the file system dropped) is then found by comparing contents, which costs only reading the files.
    for _changes in watch(*folders, watch_filter=relevant, stop_event=stop, debounce=200, step=50,
                          rust_timeout=1000, yield_on_timeout=True, raise_interrupt=False):
        rebuild_if_changed(state, folders, rebuild)


def make_live_server(site: Path, state: BuildState, host: str = "127.0.0.1",
                     port: int = 8000) -> http.server.ThreadingHTTPServer:
    from .serve import _QuietHandler

    class LiveHandler(_QuietHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def do_GET(self) -> None:  # noqa: N802 - the name is the base class's
            path = self.path.split("?", 1)[0]
            if path == LIVE_SCRIPT_PATH:
                return self._send(200, "text/javascript", LIVE_SCRIPT.encode("utf-8"))
            if path == STATUS_PATH:
                return self._send(200, "application/json", json.dumps(state.snapshot()).encode("utf-8"))
            status = state.snapshot()
            if not status["ok"] and (path.endswith((".html", "/"))):
                return self._send(500, "text/html; charset=utf-8", problems_page(status["problems"]))
            page = self._page_file(path)
            if page is None:
                return super().do_GET()
            return self._send(200, "text/html; charset=utf-8", with_live_script(page.read_bytes()))

        def _page_file(self, path: str) -> Path | None:
            local = Path(self.translate_path(path))
            if local.is_dir():
                local = local / "index.html"
            return local if local.suffix == ".html" and local.is_file() else None

        def _send(self, code: int, content_type: str, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return http.server.ThreadingHTTPServer((host, port), LiveHandler)


def with_live_script(page: bytes) -> bytes:
    """The page with the reload script before </head> (the site's CSP allows the site's own scripts)."""
    marker = b"</head>"
    at = page.find(marker)
    tag = SCRIPT_TAG.encode("utf-8")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


def problems_page(problems: list[str]) -> bytes:
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in problems)
    return (f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/><title>The edition does not build</title>{SCRIPT_TAG}</head>
<body><main><h1>The edition does not build</h1>
<p>The last save made the edition invalid, so the page is not shown. Fix these problems and save again: the page
reloads by itself.</p>
<ul>
{items}
</ul></main></body></html>
""").encode("utf-8")

"""What a process that builds the same edition again and again (`narkomindel serve --watch`) keeps from one build
to the next, so that a rebuild after a save does not start from nothing: the stylesheets, compiled, and the state
the last build left (see incremental.State), read once.

A one-off build keeps nothing (it is given a new Session). Nothing kept can make a build differ from a fresh
one: the stylesheets are compiled again when the toolchain changes, and the state is taken from memory only while
the file on disk is the one this session wrote or read (another build into the same folder replaces it). Once
made ready (`prepare`), it also keeps a process for the work a build does beside its own (the teiCorpus and the
zip, see parallel.beside), so that a rebuild does not wait for one to start; `close` stops it."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import parallel
from .incremental import STATE, State
from .render import Renderer


def file_signature(path: Path) -> tuple[int, ...] | None:
    """What the file system says of a file (its inode, size and times), None if it is missing: a file written anew
    (the state is written to a temporary file, then renamed) never keeps it."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


@dataclass
class Session:
    """The stylesheets compiled for one toolchain (for the thread that compiled them: a renderer is never handed
    to another thread) and the state of the last build, with the signature of its file."""

    _renderer: Renderer | None = None
    _compiled_for: tuple[Path, str, int] | None = None
    _state: State | None = None
    _state_file: tuple[Path, tuple[int, ...] | None] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _helper: ProcessPoolExecutor | None = None
    prepared: bool = False  # made ready for rebuilds (see prepare)

    def renderer(self, xslt: Path, toolchain: str) -> Renderer:
        """A renderer for the stylesheets of `xslt` as they are now (`toolchain`: their digest, with the schema's
        and the package's), compiled once for as long as they do not change."""
        wanted = (xslt, toolchain, threading.get_ident())
        with self._lock:
            if self._renderer is None or self._compiled_for != wanted:
                self._renderer, self._compiled_for = Renderer(xslt), wanted
            return self._renderer

    def take_state(self, folder: Path) -> State:
        """The state the last build left in `folder`: the one kept, if its file is still the one it was saved
        as, else read from the disk. The session lets go of it: a build may change the state it is given, and
        it must not be given again unless the build saved one (see `keep_state`)."""
        with self._lock:
            kept, self._state = self._state, None
            if kept is not None and self._state_file == (folder, file_signature(folder / STATE)):
                return kept
        return State.load(folder)

    def keep_state(self, folder: Path, state: State) -> None:
        """The state a build has just saved in `folder`, kept for the next build."""
        with self._lock:
            self._state, self._state_file = state, (folder, file_signature(folder / STATE))

    def prepare(self, xslt: Path, toolchain: str, stylesheets: Iterable[str], folder: Path,
                helper: bool = False) -> None:
        """Compile the stylesheets and read the state before a rebuild asks for them (in the thread that will
        build: the watcher's, while the editor has not saved yet), and start the process kept for the work
        beside the build if a `helper` is worth it (the edition is large enough for the build to use one)."""
        renderer = self.renderer(xslt, toolchain)
        for name in stylesheets:
            renderer.stylesheet(name)
        self.prepared = True
        if helper:
            self._start_helper()
        seen = file_signature(folder / STATE)  # before the reading: a state written meanwhile is read again later
        state = State.load(folder)
        with self._lock:
            self._state, self._state_file = state, (folder, seen)

    def _start_helper(self) -> None:
        """Start the kept process, unless one is running; a process that died is replaced. Where none can start,
        the build starts one of its own each time, as without a session."""
        with self._lock:
            running = self._helper
        if running is not None and parallel.usable(running):
            return
        if running is not None:
            running.shutdown(wait=False)
        try:
            started = parallel.helper(warm_up=_ready_for_data)
        except (OSError, RuntimeError):  # RuntimeError: BrokenProcessPool, the process died while starting
            started = None
        with self._lock:
            self._helper = started

    def helper(self) -> ProcessPoolExecutor | None:
        """The process kept for the work a build does beside its own, if `prepare` started one."""
        with self._lock:
            return self._helper

    def close(self) -> None:
        """Stop the process kept, if any."""
        with self._lock:
            helper, self._helper = self._helper, None
        if helper is not None:
            helper.shutdown(wait=True, cancel_futures=True)


def _ready_for_data() -> None:
    """What the kept process does at once: import what the work beside the build needs."""
    from . import data  # noqa: F401

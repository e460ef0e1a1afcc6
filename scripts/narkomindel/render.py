"""Running the edition's XSLT 3.0 stylesheets in-process with saxonche, each compiled once and reused."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from saxonche import PySaxonProcessor, PyXdmNode, PyXdmValue, PyXsltExecutable

TEXT_MODES = ("source", "reading")
NOTES_SEPARATOR = "\n—— Notes ——\n"


SAFE_PARSING = {
    "http://saxon.sf.net/feature/parserFeature?uri=http%3A//apache.org/xml/features/disallow-doctype-decl": "true",
    "http://saxon.sf.net/feature/allowedProtocols": "file",
}


class RenderError(Exception):
    """A stylesheet failed to compile or to run."""


@dataclass
class Renderer:
    """One Saxon processor and the stylesheets compiled so far; keep one per process."""

    xslt_dir: Path
    _processor: PySaxonProcessor = field(init=False)
    _compiled: dict[str, PyXsltExecutable] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._processor = PySaxonProcessor(license=False)
        # Saxon's own parser reads external entities and fetches any URI unless told not to. The build must be
        # safe even when the validator (which refuses DOCTYPEs) has not run: no DTD at all, only local files.
        for feature, value in SAFE_PARSING.items():
            self._processor.set_configuration_property(feature, value)

    def stylesheet(self, name: str) -> PyXsltExecutable:
        if name not in self._compiled:
            compiler = self._processor.new_xslt30_processor()
            try:
                self._compiled[name] = compiler.compile_stylesheet(stylesheet_file=str(self.xslt_dir / name))
            except Exception as exc:  # saxonche raises PySaxonApiError, which is not importable by name everywhere
                raise RenderError(f"{self.xslt_dir / name}: cannot compile: {exc}") from exc
        return self._compiled[name]

    def load(self, path: Path) -> PyXdmNode:
        try:
            return self._processor.parse_xml(xml_file_name=str(path))
        except Exception as exc:
            raise RenderError(f"{path}: cannot be read by Saxon: {exc}") from exc

    def parse_string(self, xml: str) -> PyXdmNode:
        return self._processor.parse_xml(xml_text=xml)

    def integer(self, value: int) -> PyXdmValue:
        """An integer as a stylesheet parameter (the size of a page of a list, for instance)."""
        return self._processor.make_integer_value(value)

    def string(self, value: str) -> PyXdmValue:
        """A string as a stylesheet parameter."""
        return self._processor.make_string_value(value)

    def sequence(self, nodes: list[PyXdmNode]) -> PyXdmValue:
        """Several nodes as one parameter value (a stylesheet parameter declared as a sequence)."""
        value = self._processor.empty_sequence()
        for node in nodes:
            value.add_xdm_item(node)
        return value

    def run(self, stylesheet: str, mode: str, source: PyXdmNode, parameters: dict[str, PyXdmValue] | None = None,
            output_dir: Path | None = None) -> str:
        """Apply a stylesheet in a mode. Secondary result documents are written below output_dir."""
        with self._running(stylesheet, mode, parameters) as executable:
            if output_dir is not None:
                executable.set_base_output_uri((output_dir / "index.html").resolve().as_uri())
            result = executable.apply_templates_returning_string(xdm_value=source)
        if result is None:
            raise RenderError(f"{stylesheet} (mode {mode}): produced no result for {source.base_uri}")
        return result

    def files(self, stylesheet: str, mode: str, source: PyXdmNode,
              parameters: dict[str, PyXdmValue] | None = None) -> dict[str, str]:
        """Several texts made in one pass: the mode returns <files><file name="…">text</file>…</files>."""
        with self._running(stylesheet, mode, parameters) as executable:
            result = executable.apply_templates_returning_value(xdm_value=source)
        if result is None or result.size == 0:
            raise RenderError(f"{stylesheet} (mode {mode}): produced no result for {source.base_uri}")
        bundle = etree.fromstring(str(result).encode("utf-8"))
        return {file.get("name"): file.text or "" for file in bundle.iterfind("{*}file")}

    @contextmanager
    def _running(self, stylesheet: str, mode: str,
                 parameters: dict[str, PyXdmValue] | None) -> Iterator[PyXsltExecutable]:
        """The compiled stylesheet set for one run; a failure of the run is a RenderError. Its parameters are
        cleared after the run: a compiled stylesheet lives as long as the renderer, and a parameter it held (the
        catalogue's outline, hundreds of megabytes in Saxon at 10,000 documents) could not be collected until the
        next run replaced it."""
        executable = self.stylesheet(stylesheet)
        executable.set_initial_mode(mode)
        for name, value in (parameters or {}).items():
            executable.set_parameter(name, value)
        try:
            yield executable
        except Exception as exc:  # saxonche raises PySaxonApiError, which is not importable by name everywhere
            raise RenderError(f"{stylesheet} (mode {mode}): {exc}") from exc
        finally:
            executable.clear_parameters()

    def text(self, document: Path, mode: str) -> str:
        """The document's plain text in mode 'source' (the source's readings) or 'reading' (corrected)."""
        if mode not in TEXT_MODES:
            raise ValueError(f"mode must be one of {TEXT_MODES}")
        return self.run("text.xsl", mode, self.load(document))

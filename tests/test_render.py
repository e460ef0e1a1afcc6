"""Running the stylesheets: a compiled stylesheet, kept for the life of the renderer, holds no parameter after the
run it was given for (a catalogue's outline held there could not be collected until the next run)."""

from __future__ import annotations

from pathlib import Path

from narkomindel.render import Renderer

ROOT = Path(__file__).resolve().parents[1]


def test_a_stylesheet_lets_go_of_its_parameters_after_each_run():
    renderer = Renderer(ROOT / "xslt")
    header = renderer.load(ROOT / "tei" / "edition.xml")
    document = renderer.load(next(p for p in sorted((ROOT / "tei").glob("1*.xml"))))
    entry = renderer.run("catalogue.xsl", "catalogue", document, {"edition": header})
    assert "<c:document" in entry
    texts = renderer.files("text.xsl", "text-files", document, {"edition": header})
    assert set(texts) == {"text", "source-text"}
    for stylesheet in ("catalogue.xsl", "text.xsl"):
        assert renderer.stylesheet(stylesheet).get_parameter("edition") is None

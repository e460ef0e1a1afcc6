"""`narkomindel new`: a new document, named and identified by the edition's rules, with both calendar values and
the edition's statements in its header, and marked places (FILL-IN) for what only the source can tell: the copy
text and cited source, the author, the addressee and the text. The validator reports each marked place
(rule fill-in) until it is filled, so a half-finished document cannot be published."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from . import calendar as cal
from .project import Project
from .xmlio import NS, XML_ID, Parsed, parse

FILL_IN = "FILL-IN"
# Words left out of a slug, as the edition's file names leave them out ("note-to-allied-ambassadors").
SLUG_STOP_WORDS = {"the", "a", "an"}
SLUG_MAX_WORDS = 6


class NewRefused(Exception):
    """The document cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Dated:
    gregorian: dt.date
    julian: cal.JulianDate
    calendar: str  # "julian" or "gregorian": the calendar the date was given in, as the source writes it


def read_date(gregorian: str | None, julian: str | None) -> Dated:
    """The day from exactly one of --date (Gregorian) and --julian, refused with a reason if it is no day."""
    if (gregorian is None) == (julian is None):
        raise NewRefused("give the document's date once: --date YYYY-MM-DD (Gregorian, New Style) or "
                         "--julian YYYY-MM-DD (Julian, Old Style), as the source writes it")
    if gregorian is not None:
        day = cal.parse_gregorian(gregorian)
        if day is None:
            raise NewRefused(f"--date {gregorian} is not a day of the Gregorian calendar: write YYYY-MM-DD, "
                             "e.g. --date 1918-01-15")
        dated = Dated(day, cal.to_julian(day), "gregorian")
    else:
        old_style = cal.parse_julian(julian or "")
        if old_style is None:
            raise NewRefused(f"--julian {julian} is not a day of the Julian calendar: write YYYY-MM-DD, "
                             "e.g. --julian 1918-01-02 (February has 29 days only in years divisible by 4)")
        dated = Dated(cal.to_gregorian(old_style), old_style, "julian")
    if dated.calendar == "julian" and dated.gregorian >= cal.SWITCH_DAY:
        raise NewRefused(f"--julian {julian} is Gregorian {dated.gregorian.isoformat()}, on or after "
                         f"{cal.SWITCH_DAY.isoformat()}, when Russia counted New Style: give --date "
                         f"{dated.gregorian.isoformat()} instead (a source counting Old Style after the switch "
                         "is encoded by hand, with a note)")
    return dated


def document_types(edition: Parsed) -> dict[str, str]:
    """The edition's document types: name (dt-note → note) to description."""
    found = edition.root.xpath(".//tei:taxonomy[@xml:id='doctypes']/tei:category", namespaces=NS)
    return {category.get(XML_ID).removeprefix("dt-"): " ".join("".join(category.itertext()).split())
            for category in found if (category.get(XML_ID) or "").startswith("dt-")}


def slug_of(title: str) -> str:
    """A file-name slug from a title: lower-case ASCII words joined by hyphens, small words left out."""
    title = re.sub(r"['’]", "", title)  # "Trotsky’s" is one word
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    words = [word for word in re.findall(r"[a-z0-9]+", folded) if word not in SLUG_STOP_WORDS]
    return "-".join(words[:SLUG_MAX_WORDS])


def create(project: Project, dated: Dated, doctype: str, title: str, slug: str | None = None,
           today: dt.date | None = None) -> Path:
    """Write the new document into the edition's tei/ folder and return its path. Nothing is overwritten."""
    edition = parse(project.tei / "edition.xml")
    if not isinstance(edition, Parsed):
        raise NewRefused(f"{project.tei / 'edition.xml'} cannot be read ({edition.message}); fix it first")
    types = document_types(edition)
    if doctype not in types:
        raise NewRefused(f"--type {doctype} is not one of the edition's document types: "
                         f"{', '.join(sorted(types))} (the taxonomy 'doctypes' in tei/edition.xml)")
    if not " ".join(title.split()):
        raise NewRefused("--title is empty: give a short editorial title in English")
    chosen = slug_of(slug if slug is not None else title)
    if not chosen:
        raise NewRefused(f"no file name can be made from {slug or title!r}: give --slug with lower-case "
                         "English words")
    stem = f"{dated.gregorian.isoformat()}-{chosen}"
    target = project.tei / f"{stem}.xml"
    if target.exists():
        raise NewRefused(f"{target} already exists: nothing was written; choose another --slug (published "
                         "files are never replaced)")
    text = document(stem, dated, doctype, " ".join(title.split()), today or dt.date.today())
    etree.fromstring(text.encode("utf-8"))  # the template must stay well-formed whatever the title holds
    _write_new(target, text)
    return target


def document(stem: str, dated: Dated, doctype: str, title: str, today: dt.date) -> str:
    doc_id = f"nkid-{stem}"
    written = (_written(dated.julian.day, dated.julian.month, dated.julian.year) if dated.calendar == "julian"
               else _written(dated.gregorian.day, dated.gregorian.month, dated.gregorian.year))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{doc_id}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>{escape(title)}</title>
        <author><persName ref="edition.xml#{FILL_IN}-author">{FILL_IN}: the author's name as the source gives it</persName></author>
      </titleStmt>
      <publicationStmt>
        <p>Part of <ref target="edition.xml">Narkomindel 1917–1918</ref>, whose header gives the editors,
          version, licence and editorial principles.</p>
      </publicationStmt>
      <sourceDesc>
        <bibl type="copy-text" source="edition.xml#{FILL_IN}-copy-text">{FILL_IN}: the copy text's title, <biblScope unit="entry" n="1">entry {FILL_IN}</biblScope></bibl>
        <bibl type="cited-source" subtype="not-given"><note>{FILL_IN}: the printed source as the copy text cites it (then remove subtype="not-given" and point @source at the bibliography), or say that it names none.</note></bibl>
      </sourceDesc>
    </fileDesc>
    <profileDesc>
      <creation>
        <date when="{dated.gregorian.isoformat()}" when-custom="{dated.julian.isoformat()}" datingMethod="edition.xml#julian"
          calendar="edition.xml#{dated.calendar}">{written}</date>
      </creation>
      <langUsage>
        <language ident="en">English</language>
      </langUsage>
      <textClass>
        <catRef scheme="edition.xml#doctypes" target={quoteattr(f"edition.xml#dt-{doctype}")}/>
      </textClass>
      <correspDesc>
        <correspAction type="received">
          <persName ref="edition.xml#{FILL_IN}-addressee">{FILL_IN}: the addressee (persName, orgName or placeName), or remove this correspDesc</persName>
        </correspAction>
      </correspDesc>
    </profileDesc>
    <revisionDesc>
      <change when="{today.isoformat()}" who="edition.xml#editors">Created with narkomindel new.</change>
    </revisionDesc>
  </teiHeader>
  <text>
    <body>
      <p n="1">{FILL_IN}: the text of the document as the copy text gives it, one p per paragraph.</p>
    </body>
  </text>
</TEI>
"""


def _written(day: int, month: int, year: int) -> str:
    return f"{day} {cal.MONTH_NAMES[month - 1]} {year}"


def _write_new(target: Path, text: str) -> None:
    """Created exclusively (never over a file that appeared meanwhile), through a temporary file renamed into
    place, so an interrupted run leaves no half document."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    try:
        os.link(temporary, target)
    except FileExistsError as exc:
        raise NewRefused(f"{target} already exists: nothing was written") from exc
    finally:
        temporary.unlink()

"""The edition as data: citation files of every document and of the whole edition (cite/), the changelog page,
and in data/ the whole edition as one teiCorpus file and as a zip of the TEI files, correspondence metadata
(CMIF) and a JSON file of document metadata with its JSON Schema. Every citation comes from xslt/cite.xsl."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from lxml import etree

from .corpus import EDITION_FILE
from .output import write_text
from .splice import Layout, places, write_pieces

from .search import C

if TYPE_CHECKING:
    from .build import Edition, SitePages
    from .incremental import Reuse
    from .project import Project

TEI_NS = "http://www.tei-c.org/ns/1.0"
TEI = {"tei": TEI_NS}
EDITION_ID = "narkomindel-1917-1918"
CITATION_FORMATS = {"bibtex": "bib", "ris": "ris", "csl-json": "json"}
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost")
# A fixed time for every member of the zip (its earliest possible date), so that two builds are byte-identical.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
INDEXES = {"person": "persons", "place": "places", "org": "organisations"}


def write_catalogue_data(edition: SitePages, target: Path) -> None:
    """What is made from the header and the catalogue alone: cite/narkomindel-1917-1918.bib|.ris|.json for the
    edition, changelog.html, and data/cmif.xml."""
    renderer, parameters = edition.renderer, edition.parameters
    cite = target / "cite"
    cite.mkdir(exist_ok=True)
    for mode, extension in CITATION_FORMATS.items():
        write_text(cite / f"{EDITION_ID}.{extension}", renderer.run("data.xsl", mode, parameters["edition"],
                                                                    parameters))
    write_text(target / "changelog.html",  # and changelog-2.html … when the changes are many
               renderer.run("html-site.xsl", "changelog", parameters["edition"], parameters, output_dir=target))
    (target / "data").mkdir(exist_ok=True)
    write_text(target / "data" / "cmif.xml", renderer.run("data.xsl", "cmif", parameters["catalogue"], parameters))


def corpus_files(edition: Edition) -> list[Path]:
    """The files of the edition in the order of the teiCorpus: the header, then the documents in date order."""
    return [edition.project.tei / EDITION_FILE, *sorted(edition.documents, key=lambda p: edition.position[p.name])]


CORPUS_FILE = f"data/{EDITION_ID}.xml"
ZIP_FILE = f"data/{EDITION_ID}-tei.zip"
TEI_FILES = (CORPUS_FILE, ZIP_FILE)


def write_tei_files(folder: Path, files: list[Path], keys: list[str], previous: Path | None = None,
                    layouts: Mapping[str, Sequence] | None = None) -> dict[str, Layout]:
    """The whole edition as TEI: the teiCorpus (`files` in its order, the header first) and the zip, below
    `folder` (the web edition's). `keys`: each file's key (a digest of its name, its content and the toolchain).
    A rebuild copies the members of the files whose key is unchanged from the previous build's folder
    (`previous`), whose files' `layouts` are given by their names below it. Their layouts now."""
    (folder / "data").mkdir(exist_ok=True)
    old = {name: (previous / name, (layouts or {}).get(name)) if previous is not None else (None, None)
           for name in TEI_FILES}
    by_name = sorted(zip(files, keys), key=lambda pair: pair[0].name)
    written = {CORPUS_FILE: write_tei_corpus(folder / CORPUS_FILE, files[0], files[1:], keys, *old[CORPUS_FILE]),
               ZIP_FILE: write_tei_zip(folder / ZIP_FILE, [path for path, _ in by_name], [key for _, key in by_name],
                                       *old[ZIP_FILE])}
    return written


def write_metadata(edition: Edition, target: Path, reuse: Reuse) -> None:
    """In data/, the documents' metadata (documents.json, with its JSON Schema). The file is written piece by
    piece, each document's part made from its catalogue entry: a rebuild copies the parts of the documents that
    did not change from the previous build's file (see splice)."""
    data = target / "data"
    data.mkdir(exist_ok=True)
    header = etree.parse(str(edition.project.tei / EDITION_FILE),
                         etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    describe = describer(header)
    # The documents' parts, serialised alone, are what json.dumps writes of them inside the whole (sorted keys).
    pieces = [(f"head {edition.common_key}", lambda: b'{"documents":[')]
    for number, name in enumerate(edition.order):
        comma = "," if number else ""
        pieces.append((comma + edition.index[name].key, lambda name=name, comma=comma: (
            comma + _compact(describe(edition.entry(name)))).encode("utf-8")))
    pieces.append((f"tail {edition.common_key}",
                   lambda: ("]," + _compact(_outside(header))[1:] + "\n").encode("utf-8")))
    reuse.write_pieces("data/documents.json", pieces)
    shutil.copyfile(edition.project.schema / "metadata.schema.json", data / "metadata.schema.json")


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_tei_corpus(target: Path, header: Path, documents: list[Path], keys: list[str] | None = None,
                     previous: Path | None = None, layout: Sequence | None = None) -> Layout:
    """One teiCorpus: the edition header's teiHeader as the corpus header, then every document. The members are
    written to the file one by one, so that the whole edition is never held at once. With `keys` (the header's,
    then each document's, see write_tei_files) the members of the documents whose key is unchanged are copied
    from the `previous` corpus, whose `layout` is given. The corpus's layout."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

    def head() -> bytes:
        corpus_header = etree.parse(str(header), parser).getroot().find("tei:teiHeader", TEI)
        corpus_header.tail = None
        return (b"<?xml version='1.0' encoding='UTF-8'?>\n" + f'<teiCorpus xmlns="{TEI_NS}" xml:lang="en">\n'.encode()
                + etree.tostring(corpus_header, encoding="utf-8") + b"\n")

    if keys is None:  # nothing to copy
        keys, previous = [str(number) for number in range(len(documents) + 1)], None
    pieces = [(f"head {keys[0]}", head),
              *((key, lambda path=path: corpus_member(path, parser) + b"\n") for path, key in zip(documents, keys[1:])),
              ("end", lambda: b"</teiCorpus>\n")]
    return write_pieces(target, pieces, previous, layout)


# What may stand before a file's root element: the XML declaration, comments, processing instructions, spaces.
_PROLOGUE = re.compile(rb"(?:<\?.*?\?>|<!--.*?-->|\s)*", re.S)
_ENCODING = re.compile(rb"<\?xml[^>]*encoding=[\"']([^\"']+)")
_END_TAG = re.compile(rb"[^<>]+>\s*\Z")


def corpus_member(path: Path, parser: etree.XMLParser) -> bytes:
    """The document's root element as the teiCorpus holds it, in UTF-8. Taken from the file as written, from the
    root's start tag to its end tag (its namespace declaration, redundant inside the corpus, is kept): no
    edition file has a DTD, so these bytes are the element. A file in another encoding, or with anything but
    spaces after its root, is parsed and written out again instead."""
    raw = path.read_bytes()
    text = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    start = _PROLOGUE.match(text).end()
    close = text.rfind(b"</")
    declared = _ENCODING.match(text)
    if (text[start:start + 1] == b"<" and text[start + 1:start + 2] not in (b"!", b"?") and close > start
            and _END_TAG.match(text, close + 2) and (declared is None or declared.group(1).lower() == b"utf-8")):
        return text[start:text.index(b">", close) + 1]
    root = etree.fromstring(raw, parser)
    root.tail = None
    return etree.tostring(root, encoding="utf-8", xml_declaration=False)


def write_tei_zip(target: Path, files: list[Path], keys: list[str] | None = None, previous: Path | None = None,
                  layout: Sequence | None = None) -> Layout:
    """The TEI files in a zip under tei/, in the order given, each with the same fixed time and permissions.

    Compressing is most of the time a rebuild of a large edition spends on the zip, so with `keys` (each file's,
    see write_tei_files) the members of the files whose key is unchanged are copied, compressed, from the
    `previous` zip, whose `layout` is given, with their records in its central directory. The standard library
    cannot write a member compressed elsewhere, so the records are written here, byte for byte as zipfile writes
    them (a test holds the two equal); an edition too large for the plain format (ZIP64) is written by zipfile,
    every member compressed. The zip's layout (its members, then its central directory)."""
    if len(files) > ZIP_MAX_MEMBERS:
        return _zipped_by_zipfile(target, files)
    if keys is None:  # nothing to copy
        keys, previous = [str(number) for number in range(len(files))], None
    found = places(layout) if previous is not None else {}
    records = _central_records(previous) if found else {}
    if not all(f"tei/{path.name}" in records and records[f"tei/{path.name}"][:2] == found[key]
               for path, key in zip(files, keys) if key in found):
        previous, records = None, {}  # a zip whose central directory does not say what its layout says

    def member(path: Path) -> bytes:
        data = path.read_bytes()
        info = _zip_info(f"tei/{path.name}")
        info.CRC, info.file_size = zlib.crc32(data), len(data)
        compressed = _deflated(data)
        info.compress_size = len(compressed)
        local = info.FileHeader(False)
        records[info.filename] = (0, len(local) + len(compressed), _central_record(info))
        return local + compressed

    written = write_pieces(target, [(key, lambda path=path: member(path)) for path, key in zip(files, keys)],
                           previous, layout)
    central, offset = [], 0
    for path, (_, length) in zip(files, written):
        record = records[f"tei/{path.name}"][2]
        central.append(record[:42] + struct.pack("<L", offset) + record[46:])  # where the member now stands
        offset += length
    directory = b"".join(central)
    if offset + len(directory) > ZIP_MAX_SIZE:
        return _zipped_by_zipfile(target, files)
    with open(target, "ab") as archive:
        archive.write(directory + struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0,
                                              len(central), len(central), len(directory), offset, 0))
    written.append(["central directory", len(directory) + zipfile.sizeEndCentDir])
    return written


def _zipped_by_zipfile(target: Path, files: list[Path]) -> Layout:
    """The zip written by zipfile, with ZIP64 records where the plain format cannot hold the edition."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.writestr(_zip_info(f"tei/{path.name}"), path.read_bytes())
    return []


# Above these, zipfile writes ZIP64 records: the zip is then written by zipfile alone.
ZIP_MAX_MEMBERS = 0xFFFF
ZIP_MAX_SIZE = 0x7FFFFFFF


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def _deflated(data: bytes) -> bytes:
    """What zipfile writes of a member's bytes (raw deflate at zlib's default level)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _central_record(info: zipfile.ZipInfo) -> bytes:
    """A member's record in the central directory, as zipfile writes it for a member without ZIP64 sizes (its
    offset is set where the member is placed)."""
    name = info.filename.encode("ascii") if info.filename.isascii() else info.filename.encode("utf-8")
    flags = info.flag_bits | (0 if info.filename.isascii() else 0x800)
    year, month, day, hour, minute, second = info.date_time
    return struct.pack(
        zipfile.structCentralDir, zipfile.stringCentralDir, info.create_version, info.create_system,
        info.extract_version, info.reserved, flags, info.compress_type,
        hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day,
        info.CRC, info.compress_size, info.file_size, len(name), len(info.extra), len(info.comment), 0,
        info.internal_attr, info.external_attr, 0) + name + info.extra + info.comment


def _central_records(path: Path) -> dict[str, tuple[int, int, bytes]]:
    """Each member of a zip written here, by name: where it stands, its length (local header and compressed
    bytes, as written here: no extra field) and its record in the central directory. Nothing if the zip cannot
    be read so (zipfile's own reading builds an object per member: a tenth of a second at 10,000 members)."""
    try:
        with open(path, "rb") as archive:
            archive.seek(-zipfile.sizeEndCentDir, os.SEEK_END)
            end = struct.unpack(zipfile.structEndArchive, archive.read(zipfile.sizeEndCentDir))
            if end[0] != zipfile.stringEndArchive:
                return {}
            archive.seek(end[6])
            directory = archive.read(end[5])
    except (OSError, struct.error):
        return {}
    records: dict[str, tuple[int, int, bytes]] = {}
    position = 0
    while position < len(directory):
        try:
            fields = struct.unpack_from(zipfile.structCentralDir, directory, position)
        except struct.error:
            return {}
        if fields[0] != zipfile.stringCentralDir:
            return {}
        name_length, extra_length, comment_length = fields[12:15]
        length = zipfile.sizeCentralDir + name_length + extra_length + comment_length
        raw_name = directory[position + zipfile.sizeCentralDir:position + zipfile.sizeCentralDir + name_length]
        name = raw_name.decode("utf-8" if fields[5] & 0x800 else "cp437")
        records[name] = (fields[18], zipfile.sizeFileHeader + name_length + fields[10],
                         directory[position:position + length])
        position += length
    return records


def metadata(entries: Iterable[etree._Element], header: etree._ElementTree) -> dict:
    """Every document's metadata, in date order, for programs: see schema/metadata.schema.json."""
    describe = describer(header)
    return {"documents": [describe(entry) for entry in entries], **_outside(header)}


def _outside(header: etree._ElementTree) -> dict:
    """What documents.json says besides the documents (keys that sort after "documents")."""
    return {"edition": EDITION_ID, "version": header.find(".//tei:editionStmt/tei:edition", TEI).get("n")}


def describer(header: etree._ElementTree) -> Callable[[etree._Element], dict]:
    """What documents.json says of a document, from its catalogue entry (given the edition's header)."""
    kinds = {element.get(XML_ID): etree.QName(element).localname
             for element in header.iterfind(".//tei:*[@xml:id]", {**TEI, "xml": XML_NS})
             if etree.QName(element).localname in INDEXES}
    base = header.findtext(".//tei:publicationStmt/tei:idno[@type='URL']", namespaces=TEI) or ""

    def people(document: etree._Element, role: str) -> list[dict]:
        return [{"id": e.get("ref"), "name": e.text or "", "certainty": e.get("cert")}
                for e in document.iterfind(f"c:{role}", C)]

    def describe(document: etree._Element) -> dict:
        mentioned = sorted({m.get("ref") for m in document.iterfind("c:mention", C)})
        citation = document.find("c:citation", C)
        units = document.findall("c:paragraph", C)
        return {
            "id": document.get("id"),
            "file": document.get("file"),
            "url": base + document.get("href"),
            "title": document.findtext("c:title", namespaces=C),
            "date": {"gregorian": document.get("when"), "julian": document.get("julian"),
                     "calendar_of_source": document.get("calendar"),
                     "as_written": document.findtext("c:written", namespaces=C)},
            "type": document.get("type"),
            "authors": people(document, "author"),
            "addressees": people(document, "addressee"),
            "place": (people(document, "place") or [None])[0],
            "source": {"copy_text": document.get("source"), "entry": document.get("entry") or None,
                       "cited_source": citation.get("source") if citation is not None else None,
                       "cited_as": (citation.text or None) if citation is not None else None},
            "mentions": {INDEXES[kind]: [ref for ref in mentioned if kinds.get(ref) == kind] for kind in INDEXES},
            "paragraphs": sum(u.get("kind") == "paragraph" for u in units),
            "citable_units": [u.get("n") for u in units],
        }

    return describe


def placeholder_url(project: Project) -> str | None:
    """The edition's base URL if it is still a placeholder (example.org and the like), else None."""
    try:
        header = etree.parse(str(project.tei / EDITION_FILE),
                             etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except (OSError, etree.XMLSyntaxError):
        return None  # validation, which runs first in the build, reports the file and line
    url = (header.findtext(".//tei:publicationStmt/tei:idno[@type='URL']", namespaces=TEI) or "").strip()
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    if not url or host in PLACEHOLDER_HOSTS or host.endswith(tuple("." + h for h in PLACEHOLDER_HOSTS)):
        return url or "(none)"
    return None

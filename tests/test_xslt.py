"""The functions of the text model (xslt/common.xsl) and of the web pages (xslt/html.xsl), called directly.

Each test compiles a small stylesheet that imports the module under test and evaluates one XPath expression,
optionally against a TEI document made for the test, so that a wrong date, letter or number is named here and
not only as a difference somewhere in a built page.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from saxonche import PySaxonProcessor, PyXdmNode, PyXsltExecutable

ROOT = Path(__file__).resolve().parents[1]
XSLT = ROOT / "xslt"
EDITION = ROOT / "tei" / "edition.xml"
SEPARATOR = "␞"  # a character no value contains
H = {"h": "http://www.w3.org/1999/xhtml"}

PROCESSOR = PySaxonProcessor(license=False)

WRAPPER = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:nk="urn:narkomindel" xmlns:h="http://www.w3.org/1999/xhtml" exclude-result-prefixes="#all">
  <xsl:import href="{module}"/>
  <xsl:output method="{method}"/>
  {body}
</xsl:stylesheet>"""

VALUE = """<xsl:template match="/" name="xsl:initial-template">
    <xsl:value-of select={expression} separator="{separator}"/>
  </xsl:template>"""

RENDER = """<xsl:template match="/" name="xsl:initial-template">
    <wrapper xmlns="http://www.w3.org/1999/xhtml"><xsl:apply-templates select={select} mode="{mode}"/></wrapper>
  </xsl:template>"""


@lru_cache(maxsize=None)
def compiled(module: str, expression: str | None, method: str = "text", mode: str = "",
             select: str = "/") -> PyXsltExecutable:
    """A stylesheet importing xslt/<module> that evaluates an expression, or applies templates in a mode, or
    (neither given) only offers the module's named templates."""
    if expression is not None:
        body = VALUE.format(expression=quoteattr(expression), separator=SEPARATOR)
    elif mode:
        body = RENDER.format(select=quoteattr(select), mode=mode)
    else:
        body = ""
    text = WRAPPER.format(module=(XSLT / module).as_uri(), method=method, body=body)
    executable = PROCESSOR.new_xslt30_processor().compile_stylesheet(stylesheet_text=text)
    if module != "common.xsl":
        set_html_parameters(executable)
    return executable


@lru_cache(maxsize=None)
def html_parameters() -> dict[str, PyXdmNode]:
    catalogue = PROCESSOR.parse_xml(xml_text='<catalogue xmlns="urn:narkomindel:catalogue"/>')
    return {"edition": PROCESSOR.parse_xml(xml_file_name=str(EDITION)), "catalogue": catalogue}


def set_html_parameters(executable: PyXsltExecutable) -> None:
    """html.xsl requires the edition header (for names and sigla) and the catalogue."""
    for name, value in html_parameters().items():
        executable.set_parameter(name, value)


def evaluate(expression: str, document: str | None = None, module: str = "common.xsl") -> list[str]:
    """The string values of an XPath expression, evaluated in a stylesheet importing xslt/<module>."""
    executable = compiled(module, expression)
    if document is None:
        result = executable.call_template_returning_string()
    else:
        result = executable.apply_templates_returning_string(xdm_value=PROCESSOR.parse_xml(xml_text=document))
    return result.split(SEPARATOR) if result else []


def call(expression: str, document: str | None = None, module: str = "common.xsl") -> str:
    """The one string value of an expression (an empty string is a value too)."""
    values = evaluate(expression, document, module)
    assert len(values) <= 1, f"{expression} gave {values}"
    return "".join(values)


def parse(document: str | Path) -> PyXdmNode:
    """A document given as text, or as a file (for stylesheets that need its name)."""
    if isinstance(document, Path):
        return PROCESSOR.parse_xml(xml_file_name=str(document))
    return PROCESSOR.parse_xml(xml_text=document)


def render(document: str | Path, mode: str, module: str = "common.xsl", select: str = "/"):
    """The document through a mode: plain text for the text modes, an lxml element for the others."""
    method = "text" if mode in ("source", "reading", "diplomatic", "reading-notes", "source-notes") else "xml"
    executable = compiled(module, None, method, mode, select)
    result = executable.apply_templates_returning_string(xdm_value=parse(document))
    if method == "text":
        return result or ""
    return etree.fromstring(result.encode("utf-8"))


def tei(body: str, front: str = "", header: str = "") -> str:
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>{header}</teiHeader>'
            f"<text><front>{front}</front><body>{body}</body></text></TEI>")


# ---------------------------------------------------------------- white space of the source's text


@lru_cache(maxsize=None)
def squeezing() -> PyXsltExecutable:
    """nk:squeeze and the regular expression it stands for, side by side on a parameter."""
    text = WRAPPER.format(module=(XSLT / "common.xsl").as_uri(), method="text", body=f"""
      <xsl:param name="text" as="xs:string"/>
      <xsl:template name="xsl:initial-template">
        <xsl:value-of select="nk:squeeze($text), replace($text, '\\s+', ' ')" separator="{SEPARATOR}"/>
      </xsl:template>""")
    return PROCESSOR.new_xslt30_processor().compile_stylesheet(stylesheet_text=text)


# XML's white space (which \s and normalize-space mean), other spaces that are words' characters, letters.
TEXT_RUNS = st.text(alphabet=" \t\n\rab\u00a0\u2003\u3000.", max_size=30)


@settings(max_examples=300)
@given(TEXT_RUNS)
def test_squeeze_gives_what_the_regular_expression_gives(text):
    executable = squeezing()
    executable.set_parameter("text", PROCESSOR.make_string_value(text))
    squeezed, expected = executable.call_template_returning_string().split(SEPARATOR)
    assert squeezed == expected


@pytest.mark.parametrize(("text", "squeezed"), [
    ("", ""), (" ", " "), ("\n\t ", " "), ("a", "a"), ("\n  a\r\n b \t", " a b "), ("a\u00a0 b", "a\u00a0 b")])
def test_squeeze_keeps_one_space_at_either_end(text, squeezed):
    executable = squeezing()
    executable.set_parameter("text", PROCESSOR.make_string_value(text))
    assert executable.call_template_returning_string().split(SEPARATOR)[0] == squeezed


# ---------------------------------------------------------------- dates in words


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@pytest.mark.parametrize("month", range(1, 13))
def test_gregorian_words_names_every_month_and_drops_leading_zeros(month):
    assert call(f"nk:gregorian-words('1917-{month:02d}-05')") == f"5 {MONTHS[month - 1]} 1917"


@pytest.mark.parametrize(("iso", "words"), [
    ("1918-02-14", "14 February 1918"),
    ("1917-11", "November 1917"),
    ("1918", "1918"),
    ("1917-12-31", "31 December 1917"),
])
def test_gregorian_words_of_days_months_and_years(iso, words):
    assert call(f"nk:gregorian-words('{iso}')") == words


@pytest.mark.parametrize(("gregorian", "julian", "written"), [
    # same month: the month and year are shared
    ("1917-11-21", "1917-11-08", "8 (21) November 1917"),
    ("1918-01-26", "1918-01-13", "13 (26) January 1918"),
    # different months of one year: the year is shared, Old Style first
    ("1917-11-08", "1917-10-26", "26 October (8 November) 1917"),
    ("1917-12-06", "1917-11-23", "23 November (6 December) 1917"),
    ("1918-02-13", "1918-01-31", "31 January (13 February) 1918"),
    # different years: nothing is shared
    ("1918-01-02", "1917-12-20", "20 December 1917 (2 January 1918)"),
    ("1918-01-13", "1917-12-31", "31 December 1917 (13 January 1918)"),
])
def test_dual_date_old_style_first_sharing_what_both_share(gregorian, julian, written):
    assert call(f"nk:dual-date('{gregorian}', '{julian}')") == written


@pytest.mark.parametrize(("gregorian", "julian", "written"), [
    ("1917-11-21", "1917-11-08", "8 (21) November 1917"),
    ("1918-02-01", "1918-01-19", "19 January (1 February) 1918"),
    ("1918-02-10", "1918-01-28", "28 January (10 February) 1918"),
    # the last day Russia counted Old Style, 31 January 1918 OS
    ("1918-02-13", "1918-01-31", "31 January (13 February) 1918"),
    # from 14 February 1918 (which followed 31 January) New Style only
    ("1918-02-14", "1918-02-01", "14 February 1918"),
    ("1918-03-05", "1918-02-20", "5 March 1918"),
    ("1918-04-20", "1918-04-07", "20 April 1918"),
])
def test_dateline_both_calendars_until_the_switch_then_new_style(gregorian, julian, written):
    assert call(f"nk:dateline('{gregorian}', '{julian}')") == written


def test_the_switch_day_is_14_february_1918():
    assert call("string($nk:calendar-switch)") == "1918-02-14"


def test_date_explanation_names_both_calendars():
    explanation = call("nk:date-explanation('1917-12-06', '1917-11-23')")
    assert explanation.startswith("Old Style (Julian calendar): 23 November 1917; New Style (Gregorian): 6 December 1917.")
    assert "until 31 January 1918, which was followed by 14 February 1918" in explanation


# ---------------------------------------------------------------- numbering


NOTES = tei(
    header='<fileDesc><notesStmt><note type="editorial">of the header</note></notesStmt></fileDesc>',
    front='<div><p>Introduction<note type="editorial">first</note></p></div>',
    body='<p n="1">One<note type="translator" n="1">t1</note> two<note type="editorial">second</note></p>'
         '<p n="2">Three<note type="translator" n="2">t2</note><note type="translator" n="3">t3</note>'
         '<note type="editorial">third</note></p>',
)


def test_editorial_notes_are_lettered_in_order_of_the_text():
    assert evaluate("//tei:text//tei:note[@type = 'editorial'] ! nk:editorial-note-label(.)", NOTES) == ["a", "b", "c"]


def test_note_letters_count_neither_translators_notes_nor_the_header():
    # three translator's notes stand before the third editorial note: it is still "c", not "f"
    assert call("nk:editorial-note-label((//tei:text//tei:note[@type = 'editorial'])[last()])", NOTES) == "c"


def test_note_letters_go_past_z():
    notes = "".join(f'<p n="{n}">x<note type="editorial">{n}</note></p>' for n in range(1, 29))
    labels = evaluate("//tei:text//tei:note[@type = 'editorial'] ! nk:editorial-note-label(.)", tei(notes))
    assert labels[:3] == ["a", "b", "c"] and labels[25:] == ["z", "aa", "ab"]


INTERVENTIONS = tei(
    header='<fileDesc><sourceDesc><bibl><choice><sic>Trotzky</sic><corr>Trotsky</corr></choice></bibl>'
           '</sourceDesc></fileDesc>',
    front='<div><p>Intro <supplied>word</supplied></p></div>',
    body='<p n="1"><choice><sic>teh</sic><corr>the</corr></choice> and <supplied>a</supplied></p>'
         '<p n="2">no<note type="translator" n="1">note</note></p>'
         '<p n="3"><choice><sic>b</sic><corr>c</corr></choice></p>',
)


def test_interventions_are_numbered_through_the_text_not_the_header():
    assert evaluate("//tei:text//(tei:choice | tei:supplied) ! string(nk:intervention-number(.))",
                    INTERVENTIONS) == ["1", "2", "3", "4"]


def test_an_intervention_number_is_an_integer():
    assert call("nk:intervention-number((//tei:body//tei:choice)[last()]) instance of xs:integer",
                INTERVENTIONS) == "true"


UNITS = tei(
    front='<div><p>Introduction <persName ref="#x">A</persName></p></div>',
    body='<p n="1">One</p><p n="2">Two introduces:</p>'
         '<list type="ordered"><item n="1">first <placeName ref="#y">B</placeName></item><item n="2">second</item>'
         '</list><p n="3">Three <orgName ref="#z">C</orgName></p>'
         '<list><item>unnumbered</item></list>',
)


@pytest.mark.parametrize(("node", "number"), [
    ("//tei:body/tei:p[@n = '3']", "3"),
    ("//tei:orgName", "3"),
    ("//tei:item[@n = '1']", "2.1"),
    ("//tei:item[@n = '2']", "2.2"),
    ("//tei:placeName", "2.1"),
    ("//tei:persName", ""),
    ("//tei:list[not(@type)]/tei:item", ""),
])
def test_unit_numbers_of_paragraphs_and_list_items(node, number):
    assert call(f"nk:unit-number({node})", UNITS) == number


def test_unit_anchors():
    assert evaluate("(//tei:p[@n = '3'], //tei:item[@n = '1'], //tei:front//tei:p) ! nk:unit-anchor(.)",
                    UNITS) == ["p3", "p2.1", ""]


# ---------------------------------------------------------------- the text modes


def test_reading_mode_marks_editorial_notes_by_letter_and_translators_notes_by_number():
    reading = " ".join(render(NOTES, "reading").split())
    assert reading == "Introduction[a] One(1) two[b] Three(2)(3)[c]"


def test_source_mode_has_the_sources_readings_and_no_editorial_notes():
    assert " ".join(render(NOTES, "source").split()) == "Introduction One(1) two Three(2)(3)"
    assert " ".join(render(INTERVENTIONS, "source").split()) == "Intro teh and no(1) b"
    assert " ".join(render(INTERVENTIONS, "reading").split()) == "Intro ⟨word⟩ the and ⟨a⟩ no(1) c"
    assert " ".join(render(INTERVENTIONS, "diplomatic").split()) == "Intro ‸ ⸢teh⸣ and ‸ no(1) ⸢b⸣"


def test_notes_after_the_text_are_labelled_like_their_markers():
    notes = [line for line in render(NOTES, "reading-notes", select="//tei:text").splitlines() if line.strip()]
    assert notes == ["a. first", "1. t1", "b. second", "2. t2", "3. t3", "c. third"]


# ---------------------------------------------------------------- html.xsl


def test_the_web_page_keeps_the_transcribers_query_mark():
    document = tei('<p n="1">Reshd <metamark function="query">[?]</metamark> wrote.</p>')
    page = render(document, "html", module="html.xsl", select="//tei:body/node()")
    assert " ".join("".join(page.itertext()).split()) == "Reshd [?] wrote."
    assert page.xpath("//h:span[@class = 'metamark']/text()", namespaces=H) == ["[?]"]


def test_the_web_page_numbers_interventions_and_letters_notes_like_the_text_model():
    page = render(NOTES, "html", module="html.xsl", select="//tei:body/node()")
    assert page.xpath("//h:a[contains(@class, 'note-ref')]/@href", namespaces=H) == [
        "#note-t1", "#note-eb", "#note-t2", "#note-t3", "#note-ec"]
    page = render(INTERVENTIONS, "html", module="html.xsl", select="//tei:text//tei:p")
    assert page.xpath("//h:span[contains(@class, 'intervention')]/@id", namespaces=H) == ["i1", "i2", "i3", "i4"]
    assert page.xpath("//h:a[@class = 'intervention-ref']/@href", namespaces=H) == [
        "#app-i1", "#app-i2", "#app-i3", "#app-i4"]


def test_a_name_is_a_link_unless_inside_a_link_or_pointing_at_no_entry():
    document = tei('<p n="1"><persName ref="edition.xml#trotsky" cert="medium">Trotsky<choice><sic>x</sic>'
                   '<corr type="typo" resp="edition.xml#ed">y</corr></choice></persName> met '
                   '<ref target="https://example.org/">the <persName ref="edition.xml#lenin">Lenin</persName> '
                   'archive</ref> and <persName ref="edition.xml#nobody">Nobody</persName>.</p>')
    page = render(document, "html", module="html.xsl", select="//tei:body/node()")
    links = page.xpath("//h:a[not(contains(@class, 'paragraph-number'))]", namespaces=H)
    assert [(a.get("class"), a.get("href")) for a in links] == [
        ("name person", "persons.html#trotsky"), ("intervention-ref", "#app-i1"), (None, "https://example.org/")]
    assert links[0].get("data-cert") == "Identification uncertain (medium)"
    assert not page.xpath("//h:a//h:a", namespaces=H)  # a link never holds another
    assert "Lenin" in "".join(links[2].itertext()) and "Nobody" in "".join(page.itertext())


def test_list_items_are_cited_by_the_paragraph_that_introduces_them():
    page = render(UNITS, "html", module="html.xsl", select="//tei:body/node()")
    assert page.xpath("//h:li[@class = 'numbered item']/@id", namespaces=H) == ["p2.1", "p2.2"]
    assert page.xpath("//h:a[@class = 'paragraph-number']/@data-n", namespaces=H) == ["1", "2", "2.1", "2.2", "3"]


@pytest.mark.parametrize(("gregorian", "julian", "shown"), [
    ("1917-12-06", "1917-11-23", "23 November (6 December) 1917"),
    ("1918-02-13", "1918-01-31", "31 January (13 February) 1918"),
    ("1918-02-14", "1918-02-01", "14 February 1918"),
])
def test_the_dateline_element_shows_the_dateline_and_keeps_the_new_style_day(gregorian, julian, shown):
    executable = compiled("html.xsl", None, "xml", "")
    set_html_parameters(executable)
    executable.set_initial_template_parameters(False, {
        "gregorian": PROCESSOR.make_string_value(gregorian), "julian": PROCESSOR.make_string_value(julian)})
    result = executable.call_template_returning_string("{urn:narkomindel}dual-date-element")
    element = etree.fromstring(result.encode("utf-8"))
    time = element.find("{http://www.w3.org/1999/xhtml}time")
    assert (time.get("datetime"), time.text) == (gregorian, shown)


# ---------------------------------------------------------------- catalogue.xsl


def test_a_paragraph_holding_a_numbered_list_is_searched_without_its_items(tmp_path):
    document = tmp_path / "1917-11-21-terms.xml"
    document.write_text(tei('<p n="1">The terms: <list type="ordered"><item n="1">evacuation</item>'
                   '<item n="2">no annexations</item></list> and nothing more.</p>',
                            header='<profileDesc><creation><date when="1917-11-21" when-custom="1917-11-08" '
                                   'calendar="edition.xml#julian">8 November</date></creation></profileDesc>'),
                        encoding="utf-8")
    entry = render(document, "catalogue", module="catalogue.xsl")
    paragraphs = entry.findall(".//{urn:narkomindel:catalogue}paragraph[@kind='paragraph']")
    assert [" ".join(p.text.split()) for p in paragraphs] == ["The terms: and nothing more."]

<?xml version="1.0" encoding="UTF-8"?>
<!--
  cite.xsl: the one source of citation data of the edition.
  cite:record($tei, $unit) turns a document (and, if $unit is given, one citable unit of it: "3", "2.1") into a
  citation record, an XDM map; cite:edition-record() does the same for the whole edition. Every citation of the
  edition is written from these records by the serialisers below:
    cite:chicago   - Chicago notes-bibliography, the form for a document in an online edition (plain text);
    cite:bibtex    - a BibTeX @misc entry, every value escaped (braces, backslash, % & # $ _ ^ ~);
    cite:ris       - an RIS record (TY  - GEN: imported as a document), the passage in SP and in the URL;
    cite:csl       - a CSL-JSON item as a map (cite:csl-json serialises it);
    cite:meta      - Highwire Press (citation_*) and Dublin Core meta elements, chosen so that Zotero's
                     embedded-metadata import files the page as a document in an online edition.
  The web pages (html-document.xsl, and html-site.xsl for the changelog), the plain-text edition (text.xsl) and the
  citation files (data.xsl) import this module; it needs only the edition header, passed as $edition, and compiles on its own.
  The stable URL of a document is the edition's base URL (tei/edition.xml, publicationStmt/idno[@type='URL'])
  followed by the page name; a unit adds "#p" and its number.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xmlns:nk="urn:narkomindel" xmlns:cite="urn:narkomindel:cite" xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">
  <xsl:import href="common.xsl"/>

  <xsl:param name="edition" as="document-node()?" select="()"/>

  <xsl:key name="cite:entry" match="*[@xml:id]" use="@xml:id"/>

  <!-- ============================================================ the edition -->
  <!-- The citation formats a reader can download, with their files' extensions and media types. -->
  <xsl:variable name="cite:downloads" as="map(xs:string, xs:string)+" select="(
      map{'format': 'bibtex', 'extension': 'bib', 'type': 'application/x-bibtex', 'label': 'BibTeX'},
      map{'format': 'ris', 'extension': 'ris', 'type': 'application/x-research-info-systems', 'label': 'RIS'},
      map{'format': 'csl-json', 'extension': 'json', 'type': 'application/vnd.citationstyles.csl+json', 'label': 'CSL-JSON'})"/>
  <xsl:variable name="cite:header" as="element(tei:teiHeader)?" select="$edition/tei:TEI/tei:teiHeader"/>
  <xsl:variable name="cite:base-url" as="xs:string"
    select="string($cite:header/tei:fileDesc/tei:publicationStmt/tei:idno[@type = 'URL'])"/>
  <xsl:variable name="cite:edition-title" as="xs:string"
    select="normalize-space($cite:header/tei:fileDesc/tei:titleStmt/tei:title[@type = 'main'])"/>
  <xsl:variable name="cite:edition-subtitle" as="xs:string"
    select="normalize-space($cite:header/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub'])"/>
  <xsl:variable name="cite:version" as="xs:string"
    select="string($cite:header/tei:fileDesc/tei:editionStmt/tei:edition/@n)"/>
  <xsl:variable name="cite:edition-date" as="xs:string"
    select="string($cite:header/tei:fileDesc/tei:editionStmt//tei:date/@when)"/>
  <!-- The editors sign as a body; the structured formats give it as one literal name, never split. -->
  <xsl:variable name="cite:editors" as="xs:string*"
    select="$cite:header/tei:fileDesc/tei:titleStmt/tei:editor ! normalize-space(.)"/>
  <xsl:variable name="cite:publisher" as="xs:string"
    select="normalize-space($cite:header/tei:fileDesc/tei:publicationStmt/tei:publisher)"/>
  <xsl:variable name="cite:licence" as="xs:string"
    select="string($cite:header/tei:fileDesc/tei:publicationStmt//tei:licence/@target)"/>
  <xsl:variable name="cite:edition-id" as="xs:string" select="'narkomindel-1917-1918'"/>

  <!-- ============================================================ records -->
  <xsl:function name="cite:record" as="map(*)">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="unit" as="xs:string?"/>
    <xsl:variable name="header" select="$tei/tei:teiHeader"/>
    <xsl:variable name="date" select="$header/tei:profileDesc/tei:creation/tei:date"/>
    <xsl:variable name="title" select="normalize-space($header/tei:fileDesc/tei:titleStmt/tei:title[1])"/>
    <xsl:variable name="dateline" select="nk:dateline($date/@when, $date/@when-custom)"/>
    <xsl:variable name="copy-text" select="$header/tei:fileDesc/tei:sourceDesc/tei:bibl[@type = 'copy-text']"/>
    <xsl:variable name="source" select="cite:entry($copy-text/@source)"/>
    <xsl:variable name="cited" select="$header/tei:fileDesc/tei:sourceDesc/tei:bibl[@type = 'cited-source'][not(@subtype = 'not-given')]"/>
    <xsl:variable name="page" select="nk:page-name($tei)"/>
    <xsl:variable name="item" select="exists($unit) and contains($unit, '.')"/>
    <xsl:sequence select="map{
        'kind': 'document',
        'id': string($tei/@xml:id),
        'key': string($tei/@xml:id) || ($unit ! ('-p' || .)),
        'title': $title,
        'dated-title': $title || ', ' || $dateline,
        'dateline': $dateline,
        'when': string($date/@when),
        'julian': string($date/@when-custom),
        'authors': array{ $header/tei:fileDesc/tei:titleStmt/tei:author/* ! cite:person(.) },
        'translators': array{ $source/tei:respStmt[contains(tei:resp, 'translat')]/tei:persName ! cite:person(.) },
        'editors': array{ $cite:editors },
        'container-title': $cite:edition-title,
        'version': $cite:version,
        'issued': $cite:edition-date,
        'publisher': $cite:publisher,
        'page-url': $cite:base-url || $page,
        'url': $cite:base-url || $page || ($unit ! ('#p' || .)),
        'unit': string($unit),
        'unit-label': if (exists($unit)) then '¶ ' || $unit else '',
        'unit-kind': if (empty($unit)) then '' else if ($item) then 'item' else 'paragraph',
        'copy-text': cite:copy-text($copy-text, $source),
        'cited-source': string-join($cited ! normalize-space(string-join(nk:header-reading(.)))),
        'language': 'en'
      }"/>
  </xsl:function>

  <!-- The record of one unit of a document, from the document's record: only the passage differs. -->
  <xsl:function name="cite:unit-record" as="map(*)">
    <xsl:param name="record" as="map(*)"/>
    <xsl:param name="unit" as="xs:string"/>
    <xsl:sequence select="cite:passage-record($record, $unit, cite:unit-kind($unit))"/>
  </xsl:function>

  <!-- A unit is an item of a numbered list ("2.1") or a paragraph ("3"). -->
  <xsl:function name="cite:unit-kind" as="xs:string">
    <xsl:param name="unit" as="xs:string"/>
    <xsl:sequence select="if (contains($unit, '.')) then 'item' else 'paragraph'"/>
  </xsl:function>

  <xsl:function name="cite:passage-record" as="map(*)">
    <xsl:param name="record" as="map(*)"/>
    <xsl:param name="unit" as="xs:string"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="map:merge((map{
        'key': $record?id || '-p' || $unit,
        'url': $record?page-url || '#p' || $unit,
        'unit': $unit,
        'unit-label': '¶ ' || $unit,
        'unit-kind': $kind
      }, $record), map{'duplicates': 'use-first'})"/>
  </xsl:function>

  <!-- The four formats of each unit of a document, in the order of the units: what cite:formats gives for each
       cite:unit-record. Only a unit's number and kind differ from one unit to the next, and no format escapes
       either: the citations are written once with private-use characters standing in for both, then filled in
       for each unit (writing them for each unit took a third of the time of a page). A document whose record
       holds one of those characters already is cited unit by unit. -->
  <xsl:function name="cite:units-formats" as="map(xs:string, xs:string)*">
    <xsl:param name="record" as="map(*)"/>
    <xsl:param name="units" as="xs:string*"/>
    <xsl:variable name="number" select="'&#xE010;'"/>
    <xsl:variable name="kind" select="'&#xE011;'"/>
    <xsl:variable name="any" select="cite:formats(cite:passage-record($record, $number, $kind))"/>
    <!-- For each kind, each format's citation cut where the number stands, to be joined by each unit's number. -->
    <xsl:variable name="cut" select="map:merge(for $unit-kind in ('item', 'paragraph') return map:entry($unit-kind,
        map:merge(map:for-each($any, function($format, $citation) {
          map{$format: array{tokenize(replace($citation, $kind, $unit-kind, 'q'), $number, 'q')}} }))))"/>
    <xsl:variable name="values" select="serialize($record, map{'method': 'adaptive'})"/>
    <xsl:sequence select="if (contains($values, $number) or contains($values, $kind))
        then $units ! cite:formats(cite:unit-record($record, .))
        else for $unit in $units return map:merge(map:for-each(
          $cut(cite:unit-kind($unit)),
          function($format, $pieces) { map{$format: string-join($pieces?*, $unit)} }))"/>
  </xsl:function>

  <xsl:function name="cite:edition-record" as="map(*)">
    <xsl:sequence select="map{
        'kind': 'edition',
        'id': $cite:edition-id,
        'key': $cite:edition-id,
        'title': $cite:edition-title,
        'dated-title': $cite:edition-title || ': ' || $cite:edition-subtitle,
        'dateline': '', 'when': '', 'julian': '',
        'authors': array{},
        'translators': array{},
        'editors': array{ $cite:editors },
        'container-title': '',
        'version': $cite:version,
        'issued': $cite:edition-date,
        'publisher': $cite:publisher,
        'page-url': $cite:base-url,
        'url': $cite:base-url,
        'unit': '', 'unit-label': '', 'unit-kind': '',
        'copy-text': '', 'cited-source': '',
        'language': 'en'
      }"/>
  </xsl:function>

  <!-- Every citable unit of a document, in order: "1", "2", "2.1" … -->
  <xsl:function name="cite:units" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="$tei/tei:text/tei:body//(tei:p[@n] | tei:list[@type = 'ordered']/tei:item) ! nk:unit-number(.)"/>
  </xsl:function>

  <xsl:function name="cite:entry" as="element()?">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:sequence select="if ($edition) then key('cite:entry', substring-after($pointer, '#'), $edition) else ()"/>
  </xsl:function>

  <!-- A person as a citation names them: family and given name from the index of persons; an attribution the
       edition infers (cert medium or low) is bracketed, "[Leon Trotsky]", as editions print it. -->
  <xsl:function name="cite:person" as="map(*)">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="sorted" select="normalize-space((cite:entry($name/@ref)/tei:persName[@type = 'main'], $name)[1])"/>
    <xsl:variable name="family" select="if (contains($sorted, ', ')) then substring-before($sorted, ', ') else $sorted"/>
    <xsl:variable name="given" select="substring-after($sorted, ', ')"/>
    <xsl:variable name="natural" select="normalize-space($given || ' ' || $family)"/>
    <xsl:variable name="attributed" select="$name/@cert = ('medium', 'low')"/>
    <xsl:sequence select="map{
        'family': $family, 'given': $given, 'attributed': $attributed,
        'natural': if ($attributed) then '[' || $natural || ']' else $natural,
        'sorted': if ($attributed) then '[' || $sorted || ']' else $sorted}"/>
  </xsl:function>

  <!-- The printed or online source the copy text reproduces, in words: "Socialism Today 213 (November 2017)". -->
  <xsl:function name="cite:copy-text" as="xs:string">
    <xsl:param name="copy-text" as="element(tei:bibl)?"/>
    <xsl:param name="source" as="element()?"/>
    <xsl:variable name="entry" select="$copy-text/tei:biblScope[@unit = 'entry']/@n"/>
    <xsl:sequence select="if ($source/tei:title[@level = 'j']) then
          normalize-space($source/tei:title[@level = 'j']) || ($source/tei:biblScope[@unit = 'issue'] ! (' ' || @n))
          || ($source/tei:date ! (' (' || normalize-space(.) || ')'))
        else string-join((
          ($source/tei:title[@level = 'm'], $source/tei:title)[1] ! ('“' || normalize-space(.) || '”'),
          $source/tei:respStmt ! normalize-space(string-join((tei:resp, tei:persName), ' ')),
          $source/tei:date ! normalize-space(.),
          $entry ! ('entry ' || .)), ', ')"/>
  </xsl:function>

  <!-- ============================================================ Chicago -->
  <!-- Note form for a document in an online edition:
       [Leon Trotsky], “Title,” 8 (21) November 1917, trans. …, in Narkomindel 1917–1918, ed. the editors of …,
       version 0.1.0 (24 November 2026), ¶ 2.1, URL#p2.1. Copy text: …; cited there as … -->
  <xsl:function name="cite:chicago" as="xs:string">
    <xsl:param name="record" as="map(*)"/>
    <xsl:variable name="r" select="$record"/>
    <xsl:variable name="editors" select="string-join($r?editors?* ! replace(., '^The ', 'the '), ' and ')"/>
    <xsl:variable name="edition-words" select="'version ' || $r?version || ' (' || nk:gregorian-words($r?issued) || ')'"/>
    <xsl:sequence select="if ($r?kind = 'edition') then
          $r?dated-title || ', ed. ' || $editors || ', ' || $edition-words || ', ' || $r?url || '.'
        else string-join((
          string-join($r?authors?* ! ?natural, ' and ')[.],
          '“' || $r?title || ',” ' || $r?dateline,
          string-join($r?translators?* ! ?natural, ' and ')[.] ! ('trans. ' || .),
          'in ' || $r?container-title,
          'ed. ' || $editors,
          $edition-words,
          $r?unit-label[.],
          $r?url), ', ') || '.'
          || ($r?copy-text[.] ! (' Copy text: ' || .)) || ($r?cited-source[.] ! ('; cited there as ' || .))
          || (if ($r?copy-text) then '.' else '')"/>
  </xsl:function>

  <!-- ============================================================ BibTeX -->
  <!-- The characters TeX reads as commands, escaped; a name that must not be split into family and given name,
       and a title whose capitals must be kept, get a second pair of braces after escaping. -->
  <xsl:function name="cite:tex" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <!-- One replace per kind of character, in an order in which no replacement is escaped again: the backslash
         waits as a private-use character until the braces are escaped. -->
    <xsl:variable name="held" select="replace(normalize-space($text), '\\', '&#xE000;')"/>
    <xsl:sequence select="if (contains(normalize-space($text), '&#xE000;'))
        then string-join(string-to-codepoints(normalize-space($text)) ! codepoints-to-string(.)
          ! (if (. = '&#xE000;') then . else cite:tex(.)))
        else replace(replace(replace(replace($held, '([{}%&amp;#$_])', '\\$1'), '\^', '\\textasciicircum{}'),
          '~', '\\textasciitilde{}'), '&#xE000;', '\\textbackslash{}')"/>
  </xsl:function>

  <!-- biblatex and the url package read a URL verbatim ("#p2" stays as it is); only what would unbalance the
       braces, or end the field, is percent-encoded. -->
  <xsl:function name="cite:tex-url" as="xs:string">
    <xsl:param name="url" as="xs:string"/>
    <xsl:sequence select="replace(replace(replace(replace(normalize-space($url), '\\', '%5C'), '\{', '%7B'), '\}', '%7D'), ' ', '%20')"/>
  </xsl:function>

  <xsl:function name="cite:bibtex-name" as="xs:string">
    <xsl:param name="person" as="map(*)"/>
    <xsl:sequence select="if ($person?attributed) then '{' || cite:tex($person?natural) || '}'
        else cite:tex($person?sorted)"/>
  </xsl:function>

  <xsl:function name="cite:bibtex" as="xs:string">
    <xsl:param name="record" as="map(*)"/>
    <xsl:variable name="r" select="$record"/>
    <!-- Name, value (already escaped), in the order they are written; empty values are left out. -->
    <xsl:variable name="fields" as="array(xs:string)*" select="(
        ['author', string-join($r?authors?* ! cite:bibtex-name(.), ' and ')],
        ['title', '{' || cite:tex($r?dated-title) || '}'],
        ['editor', string-join($r?editors?* ! ('{' || cite:tex(.) || '}'), ' and ')],
        ['translator', string-join($r?translators?* ! cite:bibtex-name(.), ' and ')],
        ['howpublished', cite:tex(string-join(($r?container-title[.], 'version ' || $r?version), ', '))],
        ['publisher', cite:tex($r?publisher)],
        ['version', cite:tex($r?version)],
        ['date', $r?issued],
        ['year', substring($r?issued, 1, 4)],
        ['origdate', $r?when],
        ['pages', cite:tex($r?unit-label)],
        ['note', cite:tex(string-join((
            $r?dateline[.] ! ('Dated ' || .),
            $r?unit[.] ! ('cited at ' || $r?unit-kind || ' ' || .),
            $r?copy-text[.] ! ('copy text: ' || .),
            $r?cited-source[.] ! ('cited there as ' || .)), '; '))],
        ['url', cite:tex-url($r?url)],
        ['langid', 'english'])[normalize-space(?2)]"/>
    <xsl:sequence select="'@misc{' || $r?key || ',&#10;'
        || string-join($fields ! ('  ' || ?1 || ' = {' || ?2 || '}'), ',&#10;') || '&#10;}&#10;'"/>
  </xsl:function>

  <!-- ============================================================ RIS -->
  <xsl:function name="cite:ris" as="xs:string">
    <xsl:param name="record" as="map(*)"/>
    <xsl:variable name="r" select="$record"/>
    <!-- RIS has no escaping: a value is one line, so line breaks inside a value are folded into spaces. -->
    <xsl:variable name="lines" as="array(xs:string)*" select="(
        ['TY', if ($r?kind = 'edition') then 'EDBOOK' else 'GEN'],
        $r?authors?* ! ['AU', ?sorted],
        ['TI', $r?dated-title],
        $r?editors?* ! ['A2', .],
        $r?translators?* ! ['A4', ?sorted],
        ['T2', $r?container-title],
        ['ET', $r?version],
        ['PY', substring($r?issued, 1, 4)],
        ['DA', translate($r?issued, '-', '/')],
        ['PB', $r?publisher],
        ['SP', $r?unit-label],
        ['LA', $r?language],
        ['N1', string-join(($r?dateline[.] ! ('Dated ' || .), $r?unit[.] ! ('cited at ' || $r?unit-kind || ' ' || .)), '; ')],
        ['OP', string-join(($r?copy-text[.], $r?cited-source[.] ! ('cited there as ' || .)), '; ')],
        ['ID', $r?key],
        ['UR', $r?url])[normalize-space(?2)]"/>
    <xsl:sequence select="string-join(($lines ! (?1 || '  - ' || normalize-space(?2)), 'ER  - '), '&#10;') || '&#10;'"/>
  </xsl:function>

  <!-- ============================================================ CSL-JSON -->
  <xsl:function name="cite:csl-name" as="map(*)">
    <xsl:param name="person" as="map(*)"/>
    <xsl:sequence select="if ($person?attributed or not($person?given)) then map{'literal': $person?natural}
        else map{'family': $person?family, 'given': $person?given}"/>
  </xsl:function>

  <xsl:function name="cite:date-parts" as="map(*)">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:sequence select="map{'date-parts': array{array{tokenize($iso, '-') ! xs:integer(.)}}}"/>
  </xsl:function>

  <xsl:function name="cite:csl" as="map(*)">
    <xsl:param name="record" as="map(*)"/>
    <xsl:variable name="r" select="$record"/>
    <xsl:sequence select="map:merge((
        map{'id': $r?key, 'type': if ($r?kind = 'edition') then 'book' else 'document', 'title': $r?dated-title,
            'editor': array{$r?editors?* ! map{'literal': .}}, 'version': $r?version, 'publisher': $r?publisher,
            'issued': cite:date-parts($r?issued), 'URL': $r?url, 'language': $r?language},
        if (array:size($r?authors)) then map{'author': array{$r?authors?* ! cite:csl-name(.)}} else (),
        if (array:size($r?translators)) then map{'translator': array{$r?translators?* ! cite:csl-name(.)}} else (),
        $r?container-title[.] ! map{'container-title': .},
        $r?when[.] ! map{'original-date': cite:date-parts(.)},
        $r?unit[.] ! map{'section': $r?unit-label},
        $r?copy-text[.] ! map{'source': string-join(($r?copy-text, $r?cited-source[.] ! ('cited there as ' || .)), '; ')},
        $r?dateline[.] ! map{'note': 'Dated ' || .}))"/>
  </xsl:function>

  <xsl:function name="cite:csl-json" as="xs:string">
    <xsl:param name="record" as="map(*)"/>
    <!-- The serialiser writes "/" as "\/"; both are valid JSON, and readers copy the plain form. -->
    <xsl:sequence select="replace(serialize(array{cite:csl($record)}, map{'method': 'json', 'indent': true()}), '\\/', '/')"/>
  </xsl:function>

  <!-- ============================================================ meta elements -->
  <!-- Zotero's embedded-metadata import (translator "Embedded Metadata", with the RDF translator for Dublin Core)
       reads: citation_title → title; citation_publication_date → date, but a citation_date would overwrite it
       (so there is none: the document's own date is in the title); citation_author and citation_editor → authors
       and editors; citation_publisher → publisher; citation_public_url → URL; citation_inbook_title would make a
       book section (so there is none); DC.type naming a Zotero item type ("document") sets the item type. The
       version and the translator have no Highwire tag: the version is in the publisher's words and in
       DC.relation.isVersionOf, the translator in DC.contributor. -->
  <xsl:function name="cite:meta" as="element()*">
    <xsl:param name="record" as="map(*)"/>
    <xsl:variable name="r" select="$record"/>
    <link rel="canonical" href="{$r?page-url}"/>
    <meta name="citation_title" content="{$r?dated-title}"/>
    <xsl:for-each select="$r?authors?*">
      <meta name="citation_author" content="{if (?attributed) then ?natural else ?sorted}"/>
    </xsl:for-each>
    <xsl:for-each select="$r?editors?*">
      <meta name="citation_editor" content="{.}"/>
    </xsl:for-each>
    <meta name="citation_publication_date" content="{translate($r?issued, '-', '/')}"/>
    <meta name="citation_publisher" content="{$r?container-title}, version {$r?version}"/>
    <meta name="citation_language" content="{$r?language}"/>
    <meta name="citation_public_url" content="{$r?page-url}"/>
    <meta name="DC.type" content="document"/>
    <meta name="DC.title" content="{$r?dated-title}"/>
    <xsl:for-each select="$r?authors?*">
      <meta name="DC.creator" content="{?natural}"/>
    </xsl:for-each>
    <xsl:for-each select="$r?translators?*">
      <meta name="DC.contributor" content="{?natural} (translator)"/>
    </xsl:for-each>
    <meta name="DC.date" content="{$r?issued}"/>
    <meta name="DC.coverage" content="{$r?when}"/>
    <meta name="DC.format" content="text/html"/>
    <meta name="DC.language" content="{$r?language}"/>
    <meta name="DC.identifier" content="{$r?page-url}"/>
    <meta name="DC.publisher" content="{$r?publisher}"/>
    <meta name="DC.source" content="{string-join(($r?copy-text, $r?cited-source[.] ! ('cited there as ' || .)), '; ')}"/>
    <meta name="DC.relation.isPartOf" content="{$r?container-title}, version {$r?version}"/>
    <meta name="DC.rights" content="{$cite:licence}"/>
  </xsl:function>

  <!-- All four formats of a record, by name, as the cite box and the files use them. -->
  <xsl:function name="cite:formats" as="map(xs:string, xs:string)">
    <xsl:param name="record" as="map(*)"/>
    <xsl:sequence select="map{'chicago': cite:chicago($record), 'bibtex': cite:bibtex($record),
        'ris': cite:ris($record), 'csl-json': cite:csl-json($record)}"/>
  </xsl:function>
</xsl:stylesheet>

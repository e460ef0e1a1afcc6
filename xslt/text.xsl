<?xml version="1.0" encoding="UTF-8"?>
<!--
  text.xsl: the plain-text edition.
  Input: a TEI document of the edition (or, in mode edition-front, the edition header).
  Output: UTF-8 text wrapped at 72 columns.
  Initial modes:
    edition-text    - one document for readers: header block (title, date in both calendars, author,
                      addressees, place, copy text and cited source, URL, version), the reading text with each
                      citable unit numbered as on the web ([3], [2.1]), the notes, the apparatus of interventions;
    diplomatic-text - the same document in the source's readings, each intervention's place marked;
    edition-front   - applied to edition.xml: title block, how to read the edition, contents;
    source, reading - the bare text in the two readings, used to prove the text word for word against the source.
  Parameters: $edition (the edition header, for the bibliography, types and URL) and, for edition-front,
  $catalogue (the build's list of documents, in order).
  All wording of the text comes from common.xsl's modes; this stylesheet only lays it out.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:nk="urn:narkomindel" xmlns:c="urn:narkomindel:catalogue" xmlns:cite="urn:narkomindel:cite"
  exclude-result-prefixes="#all">
  <xsl:import href="common.xsl"/>
  <xsl:import href="cite.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:param name="edition" as="document-node()?" select="()"/>
  <xsl:param name="catalogue" as="document-node()?" select="()"/>

  <xsl:variable name="width" as="xs:integer" select="72"/>
  <xsl:variable name="indent" as="xs:integer" select="7"/>
  <xsl:variable name="base-url" as="xs:string" select="string($edition//tei:publicationStmt/tei:idno[@type = 'URL'])"/>
  <xsl:variable name="site-title" as="xs:string"
    select="normalize-space($edition//tei:titleStmt/tei:title[@type = 'main'])"/>
  <xsl:variable name="version" as="xs:string" select="string($edition//tei:editionStmt/tei:edition/@n)"/>
  <xsl:variable name="edition-date" as="xs:string" select="string($edition//tei:editionStmt//tei:date/@when)"/>

  <xsl:key name="entry" match="*[@xml:id]" use="@xml:id"/>

  <xsl:mode name="edition-text" on-no-match="shallow-skip"/>
  <xsl:mode name="diplomatic-text" on-no-match="shallow-skip"/>
  <xsl:mode name="edition-front" on-no-match="shallow-skip"/>
  <!-- The blocks of a document's text, each a string ready to print; the reading decides the wording. -->
  <xsl:mode name="blocks" on-no-match="shallow-skip"/>

  <!-- ============================================================ bare text (fidelity) -->
  <xsl:template match="/" mode="source" as="xs:string">
    <xsl:variable name="text" as="xs:string*">
      <xsl:apply-templates select="tei:TEI/tei:text" mode="source"/>
    </xsl:variable>
    <xsl:variable name="notes" as="xs:string*">
      <xsl:apply-templates select="tei:TEI/tei:text//tei:note[@type = 'translator']" mode="source-notes"/>
    </xsl:variable>
    <xsl:sequence select="nk:blocks(string-join($text), string-join($notes))"/>
  </xsl:template>

  <xsl:template match="/" mode="reading" as="xs:string">
    <xsl:variable name="text" as="xs:string*">
      <xsl:apply-templates select="tei:TEI/tei:text" mode="reading"/>
    </xsl:variable>
    <xsl:variable name="notes" as="xs:string*">
      <xsl:apply-templates select="tei:TEI/tei:text//tei:note" mode="reading-notes"/>
    </xsl:variable>
    <xsl:sequence select="nk:blocks(string-join($text), string-join($notes))"/>
  </xsl:template>

  <!-- Tidy blank-line-separated blocks: one space between words, no empty blocks; notes after a separating line. -->
  <xsl:function name="nk:blocks" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="notes" as="xs:string"/>
    <xsl:variable name="tidy" select="function($s) {
        string-join(tokenize($s, '\n\n')[normalize-space()] ! normalize-space(.), '&#10;&#10;') }"/>
    <xsl:sequence select="$tidy($text) || '&#10;'
        || (if (normalize-space($notes)) then '&#10;—— Notes ——&#10;&#10;' || $tidy($notes) || '&#10;' else '')"/>
  </xsl:function>

  <!-- ============================================================ a document for readers -->
  <xsl:template match="/" mode="edition-text" as="xs:string">
    <xsl:sequence select="nk:document(tei:TEI, 'reading', nk:header-fields(tei:TEI))"/>
  </xsl:template>

  <!-- Both texts of a document in one pass, each in a file element named after its kind. The fields of the
       header, the same in both, are made once. -->
  <xsl:mode name="text-files" on-no-match="shallow-skip"/>
  <xsl:template match="/" mode="text-files" as="element(files)">
    <xsl:variable name="fields" select="nk:header-fields(tei:TEI)"/>
    <files>
      <file name="text"><xsl:sequence select="nk:document(tei:TEI, 'reading', $fields)"/></file>
      <file name="source-text"><xsl:sequence select="nk:document(tei:TEI, 'diplomatic', $fields)"/></file>
    </files>
  </xsl:template>

  <xsl:template match="/" mode="diplomatic-text" as="xs:string">
    <xsl:sequence select="nk:document(tei:TEI, 'diplomatic', nk:header-fields(tei:TEI))"/>
  </xsl:template>

  <xsl:function name="nk:document" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:param name="header-fields" as="xs:string*"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:sequence select="nk:header($tei, $reading, $header-fields)"/>
      <xsl:apply-templates select="$tei/tei:text/(tei:front, tei:body)" mode="blocks">
        <xsl:with-param name="reading" select="$reading" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:sequence select="nk:notes($tei, $reading)"/>
      <xsl:sequence select="nk:apparatus($tei)"/>
      <xsl:sequence select="nk:dates($tei)"/>
    </xsl:variable>
    <xsl:sequence select="string-join($parts[normalize-space()], '&#10;&#10;') || '&#10;'"/>
  </xsl:function>

  <!-- The header block: what a historian needs to cite and place the document (see nk:header-fields), and, in the
       source's readings, how to read them. -->
  <xsl:function name="nk:header" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:param name="fields" as="xs:string*"/>
    <xsl:variable name="title" select="normalize-space($tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])"/>
    <xsl:sequence select="string-join(($title ! nk:wrap(., '', ''),
        string-join((1 to min((string-length($title), $width))) ! '='), '', $fields,
        if ($reading = 'diplomatic') then nk:field('Text', 'the source’s readings; ⸢ ⸣ mark a reading the edition '
          || 'corrects, ‸ the place of words it supplies; the reading text is in ' || nk:file-name($tei)
          ! replace(., '\.xml$', '.txt')) else ()), '&#10;')"/>
  </xsl:function>

  <!-- The labelled fields of the header block, the same in every reading. -->
  <xsl:function name="nk:header-fields" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="header" select="$tei/tei:teiHeader"/>
    <xsl:variable name="date" select="$header/tei:profileDesc/tei:creation/tei:date"/>
    <xsl:variable name="page" select="$base-url || nk:page-name($tei)"/>
    <xsl:sequence select="(
        nk:field('Date', nk:dateline($date/@when, $date/@when-custom)),
        nk:field('', 'headed in the source: “' || normalize-space($date) || '”'),
        nk:dating-reason($date, $edition) ! nk:field('Dating', .),
        nk:field('Author', string-join($header/tei:fileDesc/tei:titleStmt/tei:author/* ! nk:person(.), '; ')),
        $header//tei:correspAction[@type = 'received'][*] ! nk:field('To', string-join(* ! nk:person(.), '; ')),
        $header/tei:profileDesc/tei:creation/tei:placeName ! nk:field('Place', nk:person(.)),
        nk:field('Type', nk:category-label($header//tei:catRef/@target)),
        $header//tei:sourceDesc/tei:bibl[@type = 'copy-text'] ! nk:field('Copy text', nk:copy-text(.)),
        $header//tei:sourceDesc/tei:bibl[@type = 'cited-source'] ! nk:field('Cited', nk:cited-source(.)),
        $tei/tei:text/tei:front/tei:docTitle ! nk:field('Headline', normalize-space(string-join(nk:reading(.)))),
        nk:field('URL', $page),
        nk:field('Edition', $site-title || ', version ' || $version || ' (' || nk:gregorian-words($edition-date)
          || '), ' || $tei/@xml:id),
        nk:field('Cite as', cite:chicago(cite:record($tei, ()))))"/>
  </xsl:function>

  <!-- One labelled line of the header, continued under its value. -->
  <xsl:function name="nk:field" as="xs:string">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="value" as="xs:string"/>
    <xsl:variable name="hang" select="nk:spaces(11)"/>
    <xsl:sequence select="nk:wrap($value, if ($label) then nk:pad($label || ':', 11) else $hang, $hang)"/>
  </xsl:function>

  <!-- A person, place or body as the header names it; an attribution the edition infers is bracketed. -->
  <xsl:function name="nk:person" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="words" select="normalize-space(string-join(nk:reading($name)))"/>
    <xsl:sequence select="if ($name/@cert = ('medium', 'low')) then '[' || $words || ']' else $words"/>
  </xsl:function>

  <xsl:function name="nk:category-label" as="xs:string">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:variable name="category" select="key('entry', substring-after($pointer, '#'), $edition)"/>
    <xsl:sequence select="replace(normalize-space($category/tei:catDesc), ':.*$', '')"/>
  </xsl:function>

  <xsl:function name="nk:copy-text" as="xs:string">
    <xsl:param name="bibl" as="element(tei:bibl)"/>
    <xsl:variable name="entry" select="key('entry', substring-after($bibl/@source, '#'), $edition)"/>
    <xsl:variable name="made-by" select="$entry/tei:respStmt ! normalize-space(string-join((tei:resp, tei:persName), ' '))"/>
    <xsl:sequence select="string-join((normalize-space(string-join(nk:header-reading($bibl))),
        ($made-by, $entry/tei:date/string(.))[normalize-space()] ! normalize-space(.)), ', ')"/>
  </xsl:function>

  <xsl:function name="nk:cited-source" as="xs:string">
    <xsl:param name="bibl" as="element(tei:bibl)"/>
    <xsl:sequence select="if ($bibl/@subtype = 'not-given')
        then 'none: ' || normalize-space(string-join(nk:reading($bibl/tei:note)))
        else '“' || normalize-space(string-join(nk:header-reading($bibl))) || '”' || (
          key('entry', substring-after($bibl/@source, '#'), $edition) ! (', i.e. ' || nk:bibl-brief(.)))"/>
  </xsl:function>

  <!-- A work of the bibliography in a few words: who, what, when. -->
  <xsl:function name="nk:bibl-brief" as="xs:string">
    <xsl:param name="bibl" as="element(tei:bibl)"/>
    <xsl:sequence select="string-join((
        string-join(($bibl/tei:author, $bibl/tei:editor) ! normalize-space(.), ' and ')
          || ($bibl/tei:editor[not($bibl/tei:author)] ! ' (ed.)')[1],
        ($bibl/tei:title[not(@type = 'short')])[1] ! normalize-space(.),
        $bibl/tei:biblScope[@unit = 'volume'] ! ('vol. ' || normalize-space(.)),
        ($bibl/tei:pubPlace, $bibl/tei:date)[1] ! normalize-space(.))[normalize-space()], ', ')"/>
  </xsl:function>

  <!-- ============================================================ the text, block by block -->
  <xsl:template match="tei:docTitle" mode="blocks" as="empty-sequence()"/>

  <xsl:template match="tei:argument" mode="blocks" as="xs:string+">
    <xsl:variable name="by" select="key('entry', substring-after(@resp, '#'), $edition)"/>
    <xsl:sequence select="'Translator’s introduction' || ($by ! (' (' || nk:entry-name(.) || ')'))"/>
    <xsl:apply-templates select="tei:p" mode="blocks"/>
  </xsl:template>

  <xsl:template match="tei:argument/tei:p" mode="blocks" as="xs:string">
    <xsl:param name="reading" as="xs:string" tunnel="yes"/>
    <xsl:sequence select="nk:unit('', nk:inline(., $reading))"/>
  </xsl:template>

  <xsl:template match="tei:head" mode="blocks" as="xs:string">
    <xsl:param name="reading" as="xs:string" tunnel="yes"/>
    <xsl:variable name="words" select="normalize-space(nk:inline(., $reading))"/>
    <xsl:sequence select="$words || '&#10;' || string-join((1 to min((string-length($words), $width))) ! '-')"/>
  </xsl:template>

  <xsl:template match="tei:div[@type = ('speech', 'declaration', 'remarks')]" mode="blocks" as="xs:string+">
    <xsl:variable name="label" select="map{'speech': 'Speech', 'declaration': 'Written declaration',
        'remarks': 'Further remarks'}(@type)"/>
    <xsl:sequence select="$label || '&#10;' || string-join((1 to string-length($label)) ! '-')"/>
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <xsl:template match="tei:div" mode="blocks" as="xs:string*">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <xsl:template match="tei:body/tei:p | tei:div/tei:p" mode="blocks" as="xs:string">
    <xsl:param name="reading" as="xs:string" tunnel="yes"/>
    <xsl:sequence select="nk:unit(nk:unit-number(.), nk:inline(., $reading))"/>
  </xsl:template>

  <xsl:template match="tei:list[@type = 'ordered']" mode="blocks" as="xs:string*">
    <xsl:apply-templates select="tei:item" mode="#current"/>
  </xsl:template>

  <xsl:template match="tei:list[@type = 'ordered']/tei:item" mode="blocks" as="xs:string">
    <xsl:param name="reading" as="xs:string" tunnel="yes"/>
    <xsl:sequence select="nk:unit(nk:unit-number(.), @n || '. ' || nk:inline(., $reading))"/>
  </xsl:template>

  <!-- The words of an element in a reading. A paragraph that quotes a whole document yields several
       blank-line-separated parts: the first is the paragraph's own, the others the quotation's. -->
  <xsl:function name="nk:inline" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:choose>
        <xsl:when test="$reading = 'diplomatic'">
          <xsl:apply-templates select="$element/node()" mode="diplomatic"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="$element/node()" mode="reading"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:sequence select="string-join($parts)"/>
  </xsl:function>

  <!-- A citable unit: its number in brackets, the text hanging under it; quoted blocks indented further. -->
  <xsl:function name="nk:unit" as="xs:string">
    <xsl:param name="number" as="xs:string"/>
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="chunks" select="tokenize($text, '\n\n')[normalize-space()]"/>
    <xsl:variable name="label" select="if ($number) then '[' || $number || ']' else ''"/>
    <xsl:variable name="hang" select="nk:spaces($indent)"/>
    <xsl:sequence select="string-join((
        nk:wrap($chunks[1], nk:pad($label, $indent), $hang),
        $chunks[position() gt 1] ! nk:wrap(., $hang || '  ', $hang || '  ')), '&#10;&#10;')"/>
  </xsl:function>

  <!-- ============================================================ notes and apparatus -->
  <xsl:function name="nk:notes" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="reading" as="xs:string"/>
    <xsl:variable name="translator" select="$tei/tei:text//tei:note[@type = 'translator']"/>
    <xsl:variable name="editorial" select="$tei/tei:text//tei:note[@type = 'editorial'][$reading = 'reading']"/>
    <xsl:if test="$translator">
      <xsl:variable name="by" select="key('entry', substring-after($translator[1]/@resp, '#'), $edition)"/>
      <xsl:sequence select="'Translator’s notes' || ($by ! (' (' || nk:entry-name(.) || ')'))
          || '&#10;' || nk:rule()"/>
      <xsl:sequence select="$translator ! nk:unit-labelled('(' || @n || ')', nk:inline(., $reading))"/>
    </xsl:if>
    <xsl:if test="$editorial">
      <xsl:sequence select="'Editors’ notes&#10;' || nk:rule()"/>
      <xsl:sequence select="$editorial ! nk:unit-labelled('[' || nk:editorial-note-label(.) || ']',
          nk:inline(., $reading))"/>
    </xsl:if>
  </xsl:function>

  <xsl:function name="nk:unit-labelled" as="xs:string">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="nk:wrap(normalize-space($text), nk:pad($label, $indent), nk:spaces($indent))"/>
  </xsl:function>

  <!-- Every intervention, where it stands and both readings: "[3]    Rumanian] Rumainian source". -->
  <xsl:function name="nk:apparatus" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="interventions" select="$tei/tei:text//(tei:choice | tei:supplied)"/>
    <xsl:if test="$interventions">
      <xsl:sequence select="'Apparatus of interventions&#10;' || nk:rule()"/>
      <xsl:sequence select="string-join($interventions ! nk:apparatus-entry(.), '&#10;')"/>
    </xsl:if>
  </xsl:function>

  <xsl:function name="nk:apparatus-entry" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="certainty" select="($element/tei:corr/@cert, $element/@cert)[1]"/>
    <xsl:variable name="entry" select="nk:lemma($element) || '] ' || nk:source-reading($element)
        || ($certainty[. = ('medium', 'low')] ! (' (correction ' || (if (. = 'low') then 'doubtful' else 'probable')
        || ')'))"/>
    <xsl:sequence select="nk:wrap($entry, nk:pad('[' || nk:place($element) || ']', $indent), nk:spaces($indent))"/>
  </xsl:function>

  <!-- Every date the text writes, as written, the day in both calendars, and why it is read so:
       "[1]    26 October (8 November)] 26 October (8 November) 1917; from the form of the pair". -->
  <xsl:function name="nk:dates" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="dates" select="$tei/tei:text//tei:date[not(parent::tei:date)][@ana or tei:date/@ana]"/>
    <xsl:if test="$dates">
      <xsl:sequence select="'Dates in the text&#10;' || nk:rule()"/>
      <xsl:sequence select="string-join($dates ! nk:date-entry(.), '&#10;')"/>
    </xsl:if>
  </xsl:function>

  <xsl:function name="nk:date-entry" as="xs:string">
    <xsl:param name="date" as="element(tei:date)"/>
    <xsl:variable name="days" select="($date/tei:date, $date[not(tei:date)])"/>
    <xsl:variable name="reasons" select="distinct-values(for $reason in $days ! nk:dating-reason(., $edition)
        return nk:first-clause($reason))"/>
    <xsl:variable name="read-as" select="if ($date/@subtype = 'discrepant')
        then string-join($days ! (nk:dateline(@when, @when-custom)), ' and ') || ' (the halves disagree)'
        else string-join(distinct-values($days ! nk:dateline(@when, @when-custom)), ' / ')"/>
    <xsl:variable name="certainty" select="($days/@cert, $date/@cert)[. != 'high'][1]"/>
    <xsl:sequence select="nk:wrap(normalize-space(string-join(nk:reading($date))) || '] ' || $read-as || '; '
        || string-join($reasons, '; ') || ($certainty ! (' (certainty: ' || . || ')')),
        nk:pad('[' || nk:place($date) || ']', $indent), nk:spaces($indent))"/>
  </xsl:function>

  <!-- "From the form of the pair: the source writes …" → "from the form of the pair"; "Julian because …" keeps
       its capital. -->
  <xsl:function name="nk:first-clause" as="xs:string">
    <xsl:param name="sentence" as="xs:string"/>
    <xsl:variable name="clause" select="substring-before($sentence || ':', ':')"/>
    <xsl:sequence select="replace($clause, '^From ', 'from ')"/>
  </xsl:function>

  <xsl:function name="nk:lemma" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="if ($element/self::tei:choice)
        then normalize-space(string-join(nk:reading($element/tei:corr)))
        else '⟨' || normalize-space(string-join(nk:reading($element))) || '⟩'"/>
  </xsl:function>

  <xsl:function name="nk:source-reading" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="if ($element/self::tei:choice)
        then (normalize-space(string-join(nk:header-reading($element/tei:sic)))[.], '(nothing)')[1] || ' source'
        else 'om. source'"/>
  </xsl:function>

  <!-- Where an intervention stands: a citable unit, a note, the introduction or a heading. -->
  <xsl:function name="nk:place" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="note" select="$node/ancestor::tei:note[1]"/>
    <xsl:sequence select="
        if ($note[@type = 'translator']) then 'note ' || $note/@n
        else if ($note) then 'note ' || nk:editorial-note-label($note)
        else if (nk:unit-number($node)) then nk:unit-number($node)
        else if ($node/ancestor::tei:argument) then 'intro'
        else if ($node/ancestor::tei:head) then 'heading'
        else 'title'"/>
  </xsl:function>

  <!-- ============================================================ the whole edition's front matter -->
  <xsl:template match="/" mode="edition-front" as="xs:string">
    <xsl:variable name="title-stmt" select="tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:sequence select="string-join(($title-stmt/tei:title ! nk:wrap(normalize-space(.), '', '')), '&#10;')
          || '&#10;' || nk:rule()"/>
      <xsl:sequence select="nk:wrap('Edited by ' || string-join($title-stmt/tei:editor ! replace(normalize-space(.), '^The ', 'the '), ', ')
          || '. Plain-text edition, version ' || $version || ' (' || nk:gregorian-words($edition-date) || '). '
          || normalize-space(tei:TEI/tei:teiHeader//tei:availability/tei:licence) || ' Web edition: '
          || $base-url, '', '')"/>
      <xsl:sequence select="'How to read this edition&#10;' || nk:rule()"/>
      <xsl:sequence select="string-join((
          nk:key-line('[3]', 'paragraph 3 of the document, cited on the web as …#p3; [2.1] is item 1 of the numbered list after paragraph 2 (…#p2.1)'),
          nk:key-line('⟨to⟩', 'words the editors supply where the source omits them'),
          nk:key-line('...', 'a passage an earlier editor left out, as the source prints it'),
          nk:key-line('[?]', 'the transcriber’s own query, kept from the source'),
          nk:key-line('(1)', 'a translator’s note, printed after the text under “Translator’s notes”'),
          nk:key-line('[a]', 'an editors’ note of this edition, printed after the text under “Editors’ notes”'),
          nk:key-line('[..]', 'other square brackets are the source’s own, e.g. the second calendar in “8 [21] November”'),
          nk:key-line('Dates', 'Old Style (Julian) first, New Style (Gregorian) in parentheses until 31 January 1918 OS; New Style only from 14 February 1918'),
          nk:key-line('Author', 'a name in square brackets after “Author:” or “To:” is the editors’ attribution; the source does not name it')),
          '&#10;')"/>
      <xsl:sequence select="nk:wrap('Apparatus of interventions. Each entry gives the place (paragraph, list item, '
          || 'note or introduction), the edition’s reading, a square bracket, then the reading of the source '
          || '(the copy text named in the document’s header): “[3] Rumanian] Rumainian source”. “om. source”: the '
          || 'source lacks the words supplied. Every correction is the editors’; one marked “probable” or '
          || '“doubtful” is not certain, and its reason is given in an editors’ note. Each document is also '
          || 'published in the source’s readings (FILE.source.txt), with ⸢ ⸣ around every reading the edition '
          || 'corrects and ‸ where it supplies words.', '', '')"/>
      <xsl:sequence select="'Contents&#10;' || nk:rule()"/>
      <xsl:sequence select="string-join($catalogue//c:document ! nk:wrap(nk:dateline(@when, @julian) || ' — '
          || normalize-space(c:title), nk:pad(string(position()) || '.', 5), nk:spaces(5)), '&#10;')"/>
    </xsl:variable>
    <xsl:sequence select="string-join($parts, '&#10;&#10;') || '&#10;'"/>
  </xsl:template>

  <xsl:function name="nk:key-line" as="xs:string">
    <xsl:param name="sign" as="xs:string"/>
    <xsl:param name="meaning" as="xs:string"/>
    <xsl:sequence select="nk:wrap($meaning, nk:pad('  ' || $sign, 11), nk:spaces(11))"/>
  </xsl:function>

  <!-- ============================================================ layout -->
  <xsl:function name="nk:entry-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="name" select="($entry/tei:persName[@type = 'main'], $entry/tei:persName, $entry/tei:orgName,
        $entry)[1]"/>
    <!-- Indexes file persons surname first ("Dickenson, Pete"); running text names them forename first. -->
    <xsl:sequence select="if ($name/tei:forename and $name/tei:surname)
        then normalize-space($name/tei:forename[1]) || ' ' || normalize-space($name/tei:surname[1])
        else replace(normalize-space($name), '^([^,]+), (.+)$', '$2 $1')"/>
  </xsl:function>

  <xsl:function name="nk:rule" as="xs:string">
    <xsl:sequence select="string-join((1 to $width) ! '-')"/>
  </xsl:function>

  <xsl:function name="nk:spaces" as="xs:string">
    <xsl:param name="count" as="xs:integer"/>
    <xsl:sequence select="string-join((1 to $count) ! ' ')"/>
  </xsl:function>

  <!-- A label padded to the hanging indent, with at least one space after it. -->
  <xsl:function name="nk:pad" as="xs:string">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="columns" as="xs:integer"/>
    <xsl:sequence select="if ($label = '') then nk:spaces($columns)
        else $label || nk:spaces(max(($columns - string-length($label), 1)))"/>
  </xsl:function>

  <!-- Words filled into lines of at most $width columns (a longer word stands alone on its line); the first
       line begins with $first, the others with $rest. -->
  <xsl:function name="nk:wrap" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="first" as="xs:string"/>
    <xsl:param name="rest" as="xs:string"/>
    <xsl:variable name="lines" select="nk:lines(normalize-space($text), max((1, $width - string-length($first))),
        max((1, $width - string-length($rest))))"/>
    <xsl:sequence select="string-join(($lines[1] ! ($first || .), $lines[position() gt 1] ! ($rest || .)), '&#10;')"/>
  </xsl:function>

  <!-- The lines of $words (single spaces between them): each the longest run of words that fits in $columns
       ($first-columns on the first line), or one word too long to fit. The lines are cut at the positions of the
       spaces, in one pass over them, with no regular expression (Saxon's took half the time of the text edition). -->
  <xsl:function name="nk:lines" as="xs:string*">
    <xsl:param name="words" as="xs:string"/>
    <xsl:param name="first-columns" as="xs:integer"/>
    <xsl:param name="columns" as="xs:integer"/>
    <!-- Each place a line can end: every space, and the end of the words. -->
    <xsl:iterate select="if ($words = '') then () else
        (index-of(string-to-codepoints($words), 32), string-length($words) + 1)">
      <xsl:param name="start" as="xs:integer" select="1"/>  <!-- where the line being filled begins -->
      <xsl:param name="fits" as="xs:integer" select="0"/>   <!-- the last place it can end, 0 before its first word -->
      <xsl:param name="limit" as="xs:integer" select="$first-columns"/>
      <xsl:on-completion>
        <xsl:sequence select="if ($fits gt 0) then substring($words, $start, $fits - $start) else ()"/>
      </xsl:on-completion>
      <xsl:choose>
        <xsl:when test=". - $start le $limit">
          <xsl:next-iteration>
            <xsl:with-param name="fits" select="."/>
          </xsl:next-iteration>
        </xsl:when>
        <!-- The line ends before the word that does not fit; that word begins the next line, alone if too long. -->
        <xsl:when test="$fits gt 0">
          <xsl:sequence select="substring($words, $start, $fits - $start)"/>
          <xsl:variable name="alone" select=". - $fits - 1 gt $columns"/>
          <xsl:sequence select="if ($alone) then substring($words, $fits + 1, . - $fits - 1) else ()"/>
          <xsl:next-iteration>
            <xsl:with-param name="start" select="if ($alone) then . + 1 else $fits + 1"/>
            <xsl:with-param name="fits" select="if ($alone) then 0 else ."/>
            <xsl:with-param name="limit" select="$columns"/>
          </xsl:next-iteration>
        </xsl:when>
        <!-- The line's first word is longer than a line. -->
        <xsl:otherwise>
          <xsl:sequence select="substring($words, $start, . - $start)"/>
          <xsl:next-iteration>
            <xsl:with-param name="start" select=". + 1"/>
            <xsl:with-param name="fits" select="0"/>
            <xsl:with-param name="limit" select="$columns"/>
          </xsl:next-iteration>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:iterate>
  </xsl:function>
</xsl:stylesheet>

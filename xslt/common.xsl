<?xml version="1.0" encoding="UTF-8"?>
<!--
  common.xsl: templates and functions shared by every output of the edition.
  Input: one TEI document of the edition. Modes:
    source        - the text as the source has it: sic, not corr; no supplied text; no editorial notes;
    reading       - the corrected text: corr, supplied text (in angle brackets), markers of editorial notes;
    diplomatic    - the source's text with the places of interventions marked: ⸢source reading⸣ where the
                    edition corrects, ‸ where it supplies what the source omits;
    source-notes, reading-notes - the notes printed after the text, in those two readings;
    plain         - corrected text without notes, for search and short explanations.
  They produce plain character data; block elements are separated by blank lines, which the entry stylesheet
  tidies. Also functions for file and page names, paragraph numbers and date anchors. Entry stylesheets import
  this module and choose the mode.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:nk="urn:narkomindel" exclude-result-prefixes="#all">

  <xsl:mode name="source" on-no-match="text-only-copy" on-multiple-match="fail"/>
  <xsl:mode name="reading" on-no-match="text-only-copy" on-multiple-match="fail"/>
  <xsl:mode name="diplomatic" on-no-match="text-only-copy" on-multiple-match="fail"/>

  <!-- Editorial notes are lettered (a, b, c …) so that they cannot be taken for the source's numbered notes. -->
  <xsl:function name="nk:editorial-note-label" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:variable name="number" select="count($note/preceding::tei:note[@type = 'editorial'][ancestor::tei:text]) + 1"/>
    <xsl:number value="$number" format="a"/>
  </xsl:function>

  <!-- Where things are: file and page names, paragraph numbers, anchors of dates. -->
  <xsl:function name="nk:file-name" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="tokenize(base-uri($node), '/')[last()]"/>
  </xsl:function>

  <!-- The side-by-side page of two translations, named after both documents (their file names). -->
  <xsl:function name="nk:compare-page" as="xs:string">
    <xsl:param name="files" as="xs:string+"/>
    <xsl:sequence select="'compare-' || string-join(sort($files ! replace(., '\.xml$', '')), '--') || '.html'"/>
  </xsl:function>

  <xsl:function name="nk:page-name" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="replace(nk:file-name($node), '\.xml$', '.html')"/>
  </xsl:function>

  <xsl:function name="nk:calendar" as="xs:string">
    <xsl:param name="date" as="element(tei:date)"/>
    <xsl:sequence select="substring-after($date/@calendar, '#')"/>
  </xsl:function>

  <!-- The number of the paragraph a node stands in; empty in the front matter. -->
  <xsl:function name="nk:paragraph-number" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="string($node/ancestor-or-self::tei:p[@n][1]/@n)"/>
  </xsl:function>

  <xsl:function name="nk:date-anchor" as="xs:string">
    <xsl:param name="date" as="element(tei:date)"/>
    <xsl:sequence select="'d' || count($date/preceding::tei:date[not(parent::tei:date)][ancestor::tei:text]) + 1"/>
  </xsl:function>

  <!-- Plain corrected text of an element, without notes: for search and for short explanations. -->
  <xsl:function name="nk:reading" as="xs:string*">
    <xsl:param name="element" as="element()?"/>
    <xsl:apply-templates select="$element/node()" mode="plain"/>
  </xsl:function>

  <!-- Plain text of a header element as the source writes it (a citation keeps its sic). -->
  <xsl:function name="nk:header-reading" as="xs:string*">
    <xsl:param name="element" as="element()?"/>
    <xsl:apply-templates select="$element/node()" mode="source"/>
  </xsl:function>

  <xsl:mode name="plain" on-no-match="text-only-copy" on-multiple-match="fail"/>
  <xsl:template match="tei:choice" mode="plain" as="node()*">
    <xsl:apply-templates select="tei:corr" mode="#current"/>
  </xsl:template>
  <xsl:template match="tei:note | tei:teiHeader" mode="plain" as="empty-sequence()"/>
  <xsl:template match="tei:gap[@reason = 'omitted-by-earlier-editor']" mode="plain" as="text()*">
    <xsl:text>...</xsl:text>
  </xsl:template>
  <xsl:template match="tei:list[@type = 'ordered']/tei:item" mode="plain" as="node()*">
    <xsl:text> </xsl:text>
    <xsl:value-of select="@n"/>
    <xsl:text>. </xsl:text>
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <!-- A run of source text: line breaks and indentation of the XML file are not part of the text. -->
  <xsl:template match="text()" mode="source reading diplomatic plain" as="text()*">
    <xsl:value-of select="nk:squeeze(.)"/>
  </xsl:template>

  <!-- Each run of white space as one space, as replace($text, '\s+', ' ') gives it (normalize-space, but keeping a
       space at either end), without a regular expression: Saxon's takes ten times longer, on every text node. -->
  <xsl:function name="nk:squeeze" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="words" select="normalize-space($text)"/>
    <xsl:sequence select="if ($words = '') then (if ($text = '') then '' else ' ')
        else (if (nk:is-space(substring($text, 1, 1))) then ' ' else '') || $words
          || (if (nk:is-space(substring($text, string-length($text)))) then ' ' else '')"/>
  </xsl:function>

  <xsl:function name="nk:is-space" as="xs:boolean">
    <xsl:param name="character" as="xs:string"/>
    <xsl:sequence select="$character = (' ', '&#9;', '&#10;', '&#13;')"/>
  </xsl:function>

  <xsl:template match="tei:teiHeader" mode="source reading diplomatic" as="empty-sequence()"/>

  <!-- Blocks -->
  <xsl:template match="tei:p | tei:head | tei:titlePart | tei:closer | tei:list" mode="source reading diplomatic" as="node()*">
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:apply-templates mode="#current"/>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:list[@type = 'ordered']/tei:item" mode="source reading diplomatic" as="node()*">
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:value-of select="@n"/>
    <xsl:text>. </xsl:text>
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <!-- Interventions -->
  <xsl:template match="tei:choice" mode="source" as="node()*">
    <xsl:apply-templates select="tei:sic" mode="#current"/>
  </xsl:template>
  <xsl:template match="tei:choice" mode="reading" as="node()*">
    <xsl:apply-templates select="tei:corr" mode="#current"/>
  </xsl:template>

  <xsl:template match="tei:supplied" mode="source" as="empty-sequence()"/>
  <xsl:template match="tei:choice" mode="diplomatic" as="node()*">
    <xsl:text>⸢</xsl:text>
    <xsl:apply-templates select="tei:sic" mode="#current"/>
    <xsl:text>⸣</xsl:text>
  </xsl:template>
  <xsl:template match="tei:supplied" mode="diplomatic" as="text()*">
    <xsl:text>‸</xsl:text>
  </xsl:template>
  <xsl:template match="tei:supplied" mode="reading" as="node()*">
    <xsl:text>⟨</xsl:text>
    <xsl:apply-templates mode="#current"/>
    <xsl:text>⟩</xsl:text>
  </xsl:template>

  <xsl:template match="tei:gap[@reason = 'omitted-by-earlier-editor']" mode="source reading diplomatic" as="text()*">
    <xsl:text>...</xsl:text>
  </xsl:template>

  <!-- Notes: the source's own notes leave their marker in the text and are printed after it; this edition's
       notes exist only in the reading text. -->
  <xsl:template match="tei:note[@type = 'translator']" mode="source reading diplomatic" as="text()*">
    <xsl:text>(</xsl:text>
    <xsl:value-of select="@n"/>
    <xsl:text>)</xsl:text>
  </xsl:template>
  <xsl:template match="tei:note[@type = 'editorial']" mode="source diplomatic" as="empty-sequence()"/>
  <xsl:template match="tei:note[@type = 'editorial']" mode="reading" as="text()*">
    <xsl:text>[</xsl:text>
    <xsl:value-of select="nk:editorial-note-label(.)"/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- The notes printed after the text, in the order of their markers. -->
  <xsl:mode name="source-notes" on-no-match="shallow-skip"/>
  <xsl:mode name="reading-notes" on-no-match="shallow-skip"/>

  <xsl:template match="tei:note[@type = 'translator']" mode="source-notes" as="node()*">
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:value-of select="@n"/>
    <xsl:text>. </xsl:text>
    <xsl:apply-templates mode="source"/>
  </xsl:template>
  <xsl:template match="tei:note[@type = 'translator']" mode="reading-notes" as="node()*">
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:value-of select="@n"/>
    <xsl:text>. </xsl:text>
    <xsl:apply-templates mode="reading"/>
  </xsl:template>
  <xsl:template match="tei:note[@type = 'editorial']" mode="reading-notes" as="node()*">
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:value-of select="nk:editorial-note-label(.)"/>
    <xsl:text>. </xsl:text>
    <xsl:apply-templates mode="reading"/>
  </xsl:template>

  <!-- ============================================================ citable units and interventions
       A citable unit is a numbered paragraph ("3", anchor "p3") or an item of a numbered list, which is cited
       under the paragraph that introduces the list ("2.1", anchor "p2.1"). Every output uses these numbers. -->
  <xsl:function name="nk:unit-number" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="item" select="$node/ancestor-or-self::tei:item[parent::tei:list[@type = 'ordered']][1]"/>
    <xsl:variable name="paragraph" select="$node/ancestor-or-self::tei:p[@n][1]"/>
    <xsl:sequence select="if ($item) then nk:item-number($item)
        else if ($paragraph) then string($paragraph/@n) else ''"/>
  </xsl:function>

  <xsl:function name="nk:item-number" as="xs:string">
    <xsl:param name="item" as="element(tei:item)"/>
    <xsl:variable name="introduced-by" select="$item/parent::tei:list/preceding-sibling::tei:p[@n][1]"/>
    <xsl:sequence select="string-join((string($introduced-by/@n), string($item/@n))[. != ''], '.')"/>
  </xsl:function>

  <xsl:function name="nk:unit-anchor" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="number" select="nk:unit-number($node)"/>
    <xsl:sequence select="if ($number) then 'p' || $number else ''"/>
  </xsl:function>

  <!-- Interventions (corrections and supplied text) are numbered 1, 2, 3 … through the document's text. -->
  <xsl:function name="nk:intervention-number" as="xs:integer">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="count($element/preceding::*[self::tei:choice or self::tei:supplied][ancestor::tei:text]) + 1"/>
  </xsl:function>

  <!-- ============================================================ dates in both calendars
       Russia counted Old Style (Julian), 13 days behind, until 31 January 1918 OS, which was followed by
       14 February 1918 NS: before that day a date is written in both calendars, from it in New Style only. -->
  <xsl:variable name="nk:calendar-switch" as="xs:date" select="xs:date('1918-02-14')"/>
  <xsl:variable name="month-names" as="xs:string+" select="('January', 'February', 'March', 'April', 'May', 'June',
    'July', 'August', 'September', 'October', 'November', 'December')"/>

  <xsl:function name="nk:gregorian-words" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:variable name="parts" select="tokenize($iso, '-')"/>
    <xsl:sequence select="string-join((
        if (count($parts) ge 3) then string(xs:integer($parts[3])) else (),
        if (count($parts) ge 2) then $month-names[xs:integer($parts[2])] else (),
        $parts[1]), ' ')"/>
  </xsl:function>

  <!-- A day in both calendars, Old Style first and New Style in parentheses, sharing what they share:
       "8 (21) November 1917", "26 October (8 November) 1917", "20 December 1917 (2 January 1918)". -->
  <xsl:function name="nk:dual-date" as="xs:string">
    <xsl:param name="gregorian" as="xs:string"/>
    <xsl:param name="julian" as="xs:string"/>
    <xsl:variable name="g" select="tokenize($gregorian, '-') ! xs:integer(.)"/>
    <xsl:variable name="j" select="tokenize($julian, '-') ! xs:integer(.)"/>
    <xsl:sequence select="
        if ($g[1] ne $j[1]) then
          concat($j[3], ' ', $month-names[$j[2]], ' ', $j[1], ' (', $g[3], ' ', $month-names[$g[2]], ' ', $g[1], ')')
        else if ($g[2] ne $j[2]) then
          concat($j[3], ' ', $month-names[$j[2]], ' (', $g[3], ' ', $month-names[$g[2]], ') ', $g[1])
        else concat($j[3], ' (', $g[3], ') ', $month-names[$g[2]], ' ', $g[1])"/>
  </xsl:function>

  <!-- How a document's date is shown: both calendars while Russia counted Old Style, New Style after. -->
  <xsl:function name="nk:dateline" as="xs:string">
    <xsl:param name="gregorian" as="xs:string"/>
    <xsl:param name="julian" as="xs:string"/>
    <xsl:sequence select="if (xs:date($gregorian) lt $nk:calendar-switch) then nk:dual-date($gregorian, $julian)
                          else nk:gregorian-words($gregorian)"/>
  </xsl:function>

  <xsl:function name="nk:date-explanation" as="xs:string">
    <xsl:param name="gregorian" as="xs:string"/>
    <xsl:param name="julian" as="xs:string"/>
    <xsl:sequence select="'Old Style (Julian calendar): ' || nk:gregorian-words($julian) || '; New Style (Gregorian): '
        || nk:gregorian-words($gregorian) || '. Russia counted Old Style, 13 days behind, until 31 January 1918, '
        || 'which was followed by 14 February 1918.'"/>
  </xsl:function>

  <!-- Why a date is read in its calendar or on its day: the category of the edition's dating reasons that its
       @ana (or, for a half of a pair, the pair's) points at, with the editors' certainty where it is given. -->
  <xsl:function name="nk:dating-reason" as="xs:string?">
    <xsl:param name="date" as="element(tei:date)"/>
    <xsl:param name="edition" as="document-node()?"/>
    <xsl:variable name="dated" select="$date/ancestor-or-self::tei:date[@ana][1]"/>
    <xsl:variable name="category" select="$edition//tei:category[@xml:id = substring-after($dated/@ana, '#')]"/>
    <xsl:variable name="certainty" select="($date/@cert, $dated/@cert)[1]"/>
    <xsl:sequence select="$category ! (normalize-space(tei:catDesc)
        || ($certainty[. != 'high'] ! (' The editors’ certainty: ' || . || '.')))"/>
  </xsl:function>
</xsl:stylesheet>

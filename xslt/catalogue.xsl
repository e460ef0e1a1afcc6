<?xml version="1.0" encoding="UTF-8"?>
<!--
  catalogue.xsl: what the site pages need to know about one document, extracted once per document.
  Input: a TEI document of the edition. Output: one c:document element (namespace urn:narkomindel:catalogue)
  with the document's id, dates, title, type, people, source, every name mentioned and every date written (each
  with the place where it stands: a citable unit, a note or the introduction) and, for search, the reading text
  of every citable unit (paragraphs and items of numbered lists) and of every note, each with every form, as the
  indexes give them, of the names mentioned in it.
  The build gathers the entries into one c:catalogue, sorted by date, which the page stylesheets receive as
  the parameter $catalogue. Extracting per document keeps the build parallel and incremental.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:nk="urn:narkomindel" xmlns:c="urn:narkomindel:catalogue" exclude-result-prefixes="#all">
  <xsl:import href="common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:mode name="catalogue" on-no-match="shallow-skip"/>
  <xsl:mode name="catalogue-person" on-no-match="deep-skip"/>

  <xsl:template match="/" mode="catalogue" as="node()*">
    <xsl:apply-templates select="tei:TEI" mode="catalogue"/>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="catalogue" as="element(c:document)">
    <xsl:variable name="header" select="tei:teiHeader"/>
    <xsl:variable name="date" select="$header/tei:profileDesc/tei:creation/tei:date"/>
    <xsl:variable name="copy-text" select="$header//tei:sourceDesc/tei:bibl[@type = 'copy-text']"/>
    <c:document id="{@xml:id}" file="{nk:file-name(.)}" href="{nk:page-name(.)}"
      when="{$date/@when}" julian="{$date/@when-custom}" calendar="{nk:calendar($date)}"
      type="{substring-after($header//tei:catRef/@target, '#')}" source="{substring-after($copy-text/@source, '#')}"
      entry="{$copy-text/tei:biblScope[@unit = 'entry']/@n}">
      <c:title><xsl:value-of select="normalize-space($header/tei:fileDesc/tei:titleStmt/tei:title[1])"/></c:title>
      <c:written><xsl:value-of select="normalize-space($date)"/></c:written>
      <xsl:if test="$date/@ana">
        <c:dating reason="{substring-after($date/@ana, '#')}" cert="{($date/@cert, 'high')[1]}"/>
      </xsl:if>
      <xsl:apply-templates select="$header/tei:fileDesc/tei:titleStmt/tei:author/*" mode="catalogue-person">
        <xsl:with-param name="role" select="'author'"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="$header//tei:correspAction[@type = 'received']/*" mode="catalogue-person">
        <xsl:with-param name="role" select="'addressee'"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="$header/tei:profileDesc/tei:creation/tei:placeName" mode="catalogue-person">
        <xsl:with-param name="role" select="'place'"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="$header//tei:sourceDesc/tei:bibl[@type = 'cited-source']" mode="catalogue"/>
      <xsl:apply-templates select="$header//tei:relatedItem[@type = 'parallel-translation']" mode="catalogue"/>
      <xsl:apply-templates select="tei:text//(tei:persName | tei:placeName | tei:orgName | tei:rs)[@ref]"
        mode="catalogue"/>
      <xsl:apply-templates select="tei:text//tei:date[not(parent::tei:date)]" mode="catalogue"/>
      <xsl:apply-templates select="tei:text/tei:body//(tei:p[@n] | tei:list[@type = 'ordered']/tei:item)"
        mode="catalogue"/>
      <xsl:apply-templates select="tei:text//tei:note" mode="catalogue"/>
      <!-- The document's history, for the changelog, which would otherwise have to read every document. -->
      <xsl:for-each select="$header/tei:revisionDesc/tei:change">
        <c:change when="{@when}"><xsl:value-of select="normalize-space(.)"/></c:change>
      </xsl:for-each>
    </c:document>
  </xsl:template>

  <xsl:template match="*" mode="catalogue-person" as="node()*">
    <xsl:param name="role" as="xs:string"/>
    <xsl:element name="c:{$role}">
      <xsl:attribute name="ref" select="substring-after(@ref, '#')"/>
      <xsl:attribute name="cert" select="(@cert, 'high')[1]"/>
      <xsl:value-of select="normalize-space(.)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:bibl[@subtype = 'not-given']" mode="catalogue" as="element(c:citation)">
    <c:citation/>
  </xsl:template>
  <xsl:template match="tei:bibl[@type = 'cited-source'][not(@subtype = 'not-given')]" mode="catalogue" as="element(c:citation)">
    <c:citation source="{substring-after(@source, '#')}">
      <xsl:value-of select="normalize-space(string-join(nk:header-reading(.)))"/>
    </c:citation>
  </xsl:template>

  <xsl:template match="tei:relatedItem" mode="catalogue" as="element(c:parallel)">
    <xsl:variable name="file" select="substring-before(@target || '#', '#')"/>
    <c:parallel file="{$file}" target="{@target}" page="{nk:compare-page((nk:file-name(.), $file))}"/>
  </xsl:template>

  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:rs" mode="catalogue" as="element(c:mention)">
    <c:mention ref="{substring-after(@ref, '#')}" p="{nk:unit-number(.)}" in-note="{exists(ancestor::tei:note)}">
      <xsl:call-template name="place"/>
      <xsl:value-of select="normalize-space(.)"/>
    </c:mention>
  </xsl:template>

  <!-- Where a mention or a date stands, as the index pages and the calendar link to it: @at is the anchor on the
       document's page, @where what a reader is told ("¶ 2.1", "note 3 to ¶ 4", "introduction"). A note's place is
       the note itself, which the page prints at its foot under the same anchor. -->
  <xsl:template name="place" as="attribute()+">
    <xsl:variable name="note" select="ancestor::tei:note[1]"/>
    <xsl:variable name="unit" select="nk:unit-number(.)"/>
    <xsl:choose>
      <xsl:when test="$note">
        <xsl:variable name="label" select="nk:note-label($note)"/>
        <xsl:attribute name="at" select="nk:note-anchor($note)"/>
        <xsl:attribute name="where" select="'note ' || $label || (if ($unit) then ' to ¶ ' || $unit
            else if (ancestor::tei:front) then ' to the introduction' else '')"/>
      </xsl:when>
      <xsl:when test="ancestor::tei:front">
        <xsl:attribute name="at" select="'front'"/>
        <xsl:attribute name="where" select="'introduction'"/>
      </xsl:when>
      <xsl:when test="$unit">
        <xsl:attribute name="at" select="'p' || $unit"/>
        <xsl:attribute name="where" select="'¶ ' || $unit"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:attribute name="at" select="'text'"/>
        <xsl:attribute name="where" select="if (ancestor::tei:head) then 'heading' else 'text'"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:date" mode="catalogue" as="element(c:date)">
    <c:date anchor="{nk:date-anchor(.)}" p="{nk:unit-number(.)}" in-note="{exists(ancestor::tei:note)}"
      discrepant="{@subtype = 'discrepant'}">
      <xsl:call-template name="place"/>
      <xsl:for-each select="(tei:date, .[not(tei:date)])">
        <c:written when="{@when}" julian="{@when-custom}" calendar="{nk:calendar(.)}">
          <xsl:value-of select="normalize-space(.)"/>
        </c:written>
      </xsl:for-each>
      <xsl:if test="@subtype = 'discrepant'">
        <c:explanation>
          <xsl:value-of select="normalize-space(string-join(nk:reading(following-sibling::tei:note[1])))"/>
        </c:explanation>
      </xsl:if>
    </c:date>
  </xsl:template>

  <!-- Search: every citable unit and every note, as reading text, with the forms of the names mentioned in it
       (so that "Kühlmann" finds "the Chairman of the German delegation"). A paragraph's text leaves out the
       numbered list it introduces, whose items are units of their own. -->
  <xsl:template match="tei:p | tei:item" mode="catalogue" as="element(c:paragraph)">
    <xsl:variable name="unit" select="nk:unit-number(.)"/>
    <c:paragraph n="{$unit}" anchor="p{$unit}" kind="{if (self::tei:item) then 'item' else 'paragraph'}"
      names="{nk:name-forms(.//(tei:persName | tei:placeName | tei:orgName | tei:rs)[@ref][not(ancestor::tei:note)])}">
      <xsl:value-of select="normalize-space(string-join(nk:unit-reading(.)))"/>
    </c:paragraph>
  </xsl:template>

  <xsl:template match="tei:note" mode="catalogue" as="element(c:note)">
    <c:note n="{nk:note-label(.)}" anchor="{nk:note-anchor(.)}" unit="{nk:unit-number(.)}" type="{@type}"
      names="{nk:name-forms(.//(tei:persName | tei:placeName | tei:orgName | tei:rs)[@ref])}">
      <xsl:value-of select="normalize-space(string-join(nk:reading(.)))"/>
    </c:note>
  </xsl:template>

  <!-- The reading text of a unit without the items of numbered lists inside it. -->
  <xsl:function name="nk:unit-reading" as="xs:string*">
    <xsl:param name="unit" as="element()"/>
    <xsl:apply-templates select="$unit/node()" mode="unit-reading"/>
  </xsl:function>
  <xsl:mode name="unit-reading" on-no-match="shallow-skip"/>
  <xsl:template match="tei:list[@type = 'ordered']" mode="unit-reading" as="empty-sequence()"/>
  <xsl:template match="node()" mode="unit-reading" priority="-1" as="node()*">
    <xsl:apply-templates select="." mode="plain"/>
  </xsl:template>

  <xsl:function name="nk:note-label" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="if ($note/@type = 'editorial') then nk:editorial-note-label($note) else string($note/@n)"/>
  </xsl:function>

  <xsl:function name="nk:note-anchor" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="(if ($note/@type = 'editorial') then 'note-e' else 'note-t') || nk:note-label($note)"/>
  </xsl:function>

  <!-- The edition header: given by the build (read once for every document), else read beside the document. -->
  <xsl:param name="edition" as="document-node()?" select="()"/>
  <xsl:function name="nk:edition-of" as="document-node()">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="($edition, doc(resolve-uri('edition.xml', base-uri($node))))[1]"/>
  </xsl:function>

  <!-- Every form of the names: as written here, and the main and variant forms of their index entries. -->
  <xsl:key name="entry" match="tei:person | tei:place | tei:org" use="@xml:id"/>
  <xsl:function name="nk:name-forms" as="xs:string">
    <xsl:param name="names" as="element()*"/>
    <xsl:variable name="entries" select="$names ! key('entry', substring-after(@ref, '#'), nk:edition-of(.))"/>
    <xsl:variable name="forms" select="$names ! normalize-space(string-join(nk:reading(.))),
        $entries/(tei:persName | tei:placeName | tei:orgName) ! normalize-space(),
        $entries/tei:persName[@type = 'main'][contains(., ', ')] ! (substring-after(., ', ') || ' ' || substring-before(., ', '))"/>
    <xsl:sequence select="string-join(distinct-values($forms[. != '']), ' | ')"/>
  </xsl:function>
</xsl:stylesheet>

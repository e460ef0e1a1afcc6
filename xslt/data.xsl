<?xml version="1.0" encoding="UTF-8"?>
<!--
  data.xsl: the edition as data for other programs.
  Initial modes, applied to a document of the edition (its citation) or to the edition header (the citation of
  the whole edition):
    bibtex, ris, csl-json - the citation file in that format, written by cite.xsl's serialisers;
  and, applied to the catalogue of documents:
    cmif                  - Correspondence Metadata Interchange Format (the TEI profile correspSearch harvests):
                            one correspDesc for every document with a sender and an addressee.
  Parameters: $edition (the edition header) and $catalogue (the build's list of documents).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:nk="urn:narkomindel" xmlns:c="urn:narkomindel:catalogue" xmlns:cite="urn:narkomindel:cite"
  xmlns="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="#all">
  <xsl:import href="cite.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:param name="catalogue" as="document-node()?" select="()"/>

  <xsl:mode name="bibtex" on-no-match="shallow-skip"/>
  <xsl:mode name="ris" on-no-match="shallow-skip"/>
  <xsl:mode name="csl-json" on-no-match="shallow-skip"/>
  <xsl:mode name="cmif" on-no-match="shallow-skip"/>

  <!-- ============================================================ citation files -->
  <xsl:function name="nk:record-of" as="map(*)">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="if ($tei/@xml:id = 'edition') then cite:edition-record() else cite:record($tei, ())"/>
  </xsl:function>

  <!-- The three citation files of a document in one pass, each in a file element named after its format. -->
  <xsl:mode name="citation-files" on-no-match="shallow-skip"/>
  <xsl:template match="/" mode="citation-files">
    <xsl:variable name="record" select="nk:record-of(tei:TEI)"/>
    <files>
      <file name="bibtex"><xsl:sequence select="cite:bibtex($record)"/></file>
      <file name="ris"><xsl:sequence select="cite:ris($record)"/></file>
      <file name="csl-json"><xsl:sequence select="cite:csl-json($record) || '&#10;'"/></file>
    </files>
  </xsl:template>

  <xsl:template match="/" mode="bibtex">
    <xsl:sequence select="cite:bibtex(nk:record-of(tei:TEI))"/>
  </xsl:template>
  <xsl:template match="/" mode="ris">
    <xsl:sequence select="cite:ris(nk:record-of(tei:TEI))"/>
  </xsl:template>
  <xsl:template match="/" mode="csl-json">
    <xsl:sequence select="cite:csl-json(nk:record-of(tei:TEI)) || '&#10;'"/>
  </xsl:template>

  <!-- ============================================================ CMIF -->
  <xsl:template match="/" mode="cmif">
    <xsl:variable name="cmif" as="document-node()">
      <xsl:document><xsl:call-template name="cmif"/></xsl:document>
    </xsl:variable>
    <xsl:sequence select="serialize($cmif, map{'method': 'xml', 'indent': true(), 'encoding': 'UTF-8'})"/>
  </xsl:template>

  <xsl:template name="cmif" as="element(tei:TEI)">
    <xsl:variable name="source-id" select="'narkomindel-' || $cite:version"/>
    <TEI>
      <teiHeader>
        <fileDesc>
          <titleStmt>
            <title>Correspondence metadata of <xsl:value-of select="$cite:edition-title"/></title>
            <xsl:for-each select="$cite:editors">
              <editor><xsl:value-of select="."/></editor>
            </xsl:for-each>
          </titleStmt>
          <publicationStmt>
            <publisher><ref target="{$cite:base-url}"><xsl:value-of select="$cite:publisher"/></ref></publisher>
            <idno type="url"><xsl:value-of select="$cite:base-url || 'data/cmif.xml'"/></idno>
            <date when="{$cite:edition-date}"/>
            <availability>
              <licence target="{$cite:licence}">This file is licensed under the terms of the Creative Commons
                Licence CC BY 4.0.</licence>
            </availability>
          </publicationStmt>
          <sourceDesc>
            <bibl type="online" xml:id="{$source-id}"><xsl:value-of select="cite:chicago(cite:edition-record())"/></bibl>
          </sourceDesc>
        </fileDesc>
        <profileDesc>
          <xsl:apply-templates select="$catalogue//c:document[c:author][c:addressee]" mode="cmif">
            <xsl:with-param name="source-id" select="$source-id"/>
          </xsl:apply-templates>
        </profileDesc>
      </teiHeader>
      <text>
        <body>
          <p/>
        </body>
      </text>
    </TEI>
  </xsl:template>

  <xsl:template match="c:document" mode="cmif">
    <xsl:param name="source-id" as="xs:string"/>
    <correspDesc ref="{$cite:base-url || @href}" source="#{$source-id}">
      <correspAction type="sent">
        <xsl:apply-templates select="c:author" mode="cmif"/>
        <xsl:apply-templates select="c:place" mode="cmif"/>
        <date when="{@when}"/>
        <!-- CMIF names carry no certainty: an attribution the edition infers is said in a note. -->
        <xsl:if test="c:author/@cert = ('medium', 'low')">
          <note>The edition infers the sender; certainty: <xsl:value-of select="c:author[1]/@cert"/>.</note>
        </xsl:if>
      </correspAction>
      <correspAction type="received">
        <xsl:apply-templates select="c:addressee" mode="cmif"/>
      </correspAction>
    </correspDesc>
  </xsl:template>

  <!-- A name points at its authority record (Wikidata) where the index gives one, else at the edition's index.
       Persons, bodies and places keep their kind. -->
  <xsl:template match="c:author | c:addressee | c:place" mode="cmif">
    <xsl:variable name="entry" select="key('cite:entry', @ref, $edition)"/>
    <xsl:variable name="ref" select="($entry/tei:idno[@type = 'wikidata'] ! ('http://www.wikidata.org/entity/' || normalize-space(.)),
        $cite:base-url || (if ($entry/self::tei:person) then 'persons.html#' else if ($entry/self::tei:place) then 'places.html#'
          else 'organisations.html#') || @ref)[1]"/>
    <xsl:variable name="name" select="normalize-space(($entry/(tei:persName | tei:orgName | tei:placeName)[@type = 'main'],
        $entry/(tei:persName | tei:orgName | tei:placeName), .)[1])"/>
    <xsl:element name="{if ($entry/self::tei:person) then 'persName' else if ($entry/self::tei:place) then 'placeName' else 'orgName'}">
      <xsl:attribute name="ref" select="$ref"/>
      <xsl:value-of select="$name"/>
    </xsl:element>
  </xsl:template>
</xsl:stylesheet>

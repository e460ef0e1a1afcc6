<?xml version="1.0" encoding="UTF-8"?>
<!--
  catalogue.xsl: what the site pages need to know about one document, extracted once per document.
  Input: a TEI document of the edition. Output: one c:document element (namespace urn:narkomindel:catalogue)
  with the document's id, dates, title, type, people, source, every name mentioned and every date written (each
  with the number of the paragraph where it stands) and the reading text of each paragraph for the search index.
  The build gathers the entries into one c:catalogue, sorted by date, which the page stylesheets receive as
  the parameter $catalogue. Extracting per document keeps the build parallel and incremental.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:nk="urn:narkomindel" xmlns:c="urn:narkomindel:catalogue" exclude-result-prefixes="#all">
  <xsl:import href="common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:mode name="catalogue" on-no-match="shallow-skip"/>

  <xsl:template match="/" mode="catalogue">
    <xsl:apply-templates select="tei:TEI" mode="catalogue"/>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="catalogue">
    <xsl:variable name="header" select="tei:teiHeader"/>
    <xsl:variable name="date" select="$header/tei:profileDesc/tei:creation/tei:date"/>
    <xsl:variable name="copy-text" select="$header//tei:sourceDesc/tei:bibl[@type = 'copy-text']"/>
    <c:document id="{@xml:id}" file="{nk:file-name(.)}" href="{nk:page-name(.)}"
      when="{$date/@when}" julian="{$date/@when-custom}" calendar="{nk:calendar($date)}"
      type="{substring-after($header//tei:catRef/@target, '#')}" source="{substring-after($copy-text/@source, '#')}"
      entry="{$copy-text/tei:biblScope[@unit = 'entry']/@n}">
      <c:title><xsl:value-of select="normalize-space($header/tei:fileDesc/tei:titleStmt/tei:title[1])"/></c:title>
      <c:written><xsl:value-of select="normalize-space($date)"/></c:written>
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
      <xsl:apply-templates select="tei:text/tei:body//tei:p[@n]" mode="catalogue"/>
    </c:document>
  </xsl:template>

  <xsl:template match="*" mode="catalogue-person">
    <xsl:param name="role" as="xs:string"/>
    <xsl:element name="c:{$role}">
      <xsl:attribute name="ref" select="substring-after(@ref, '#')"/>
      <xsl:attribute name="cert" select="(@cert, 'high')[1]"/>
      <xsl:value-of select="normalize-space(.)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:bibl[@subtype = 'not-given']" mode="catalogue">
    <c:citation/>
  </xsl:template>
  <xsl:template match="tei:bibl[@type = 'cited-source'][not(@subtype = 'not-given')]" mode="catalogue">
    <c:citation source="{substring-after(@source, '#')}">
      <xsl:value-of select="normalize-space(string-join(nk:header-reading(.)))"/>
    </c:citation>
  </xsl:template>

  <xsl:template match="tei:relatedItem" mode="catalogue">
    <c:parallel file="{substring-before(@target || '#', '#')}" target="{@target}"/>
  </xsl:template>

  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:rs" mode="catalogue">
    <c:mention ref="{substring-after(@ref, '#')}" p="{nk:paragraph-number(.)}"
      in-note="{exists(ancestor::tei:note)}">
      <xsl:value-of select="normalize-space(.)"/>
    </c:mention>
  </xsl:template>

  <xsl:template match="tei:date" mode="catalogue">
    <c:date anchor="{nk:date-anchor(.)}" p="{nk:paragraph-number(.)}" in-note="{exists(ancestor::tei:note)}"
      discrepant="{@subtype = 'discrepant'}">
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

  <xsl:template match="tei:p" mode="catalogue">
    <c:paragraph n="{@n}">
      <xsl:value-of select="normalize-space(string-join(nk:reading(.)))"/>
    </c:paragraph>
  </xsl:template>
</xsl:stylesheet>

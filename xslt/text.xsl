<?xml version="1.0" encoding="UTF-8"?>
<!--
  text.xsl: plain text of one document.
  Input: a TEI document of the edition. Output: plain UTF-8 text: the text's blocks separated by blank lines;
  then, if the document has notes, a form feed and the notes, each opening with its marker.
  Initial mode (chosen by the caller): source (the source's readings) or reading (the corrected text).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:nk="urn:narkomindel" exclude-result-prefixes="#all">
  <xsl:import href="common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/" mode="source">
    <xsl:variable name="text" as="xs:string*">
      <xsl:apply-templates select="tei:TEI/tei:text" mode="source"/>
    </xsl:variable>
    <xsl:variable name="notes" as="xs:string*">
      <xsl:apply-templates select="tei:TEI/tei:text//tei:note[@type = 'translator']" mode="source-notes"/>
    </xsl:variable>
    <xsl:sequence select="nk:blocks(string-join($text), string-join($notes))"/>
  </xsl:template>

  <xsl:template match="/" mode="reading">
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
</xsl:stylesheet>

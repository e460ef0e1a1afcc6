<?xml version="1.0" encoding="UTF-8"?>
<!--
  guidelines.xsl: the page "Encoding guidelines" (guidelines.html) of the web edition: every rule the validator
  applies, with its message and an incorrect and a correct example. Its input is the encoding manual as XML
  (m:manual, made by scripts/narkomindel/rules.py from the same data as `narkomindel rules`), whose examples are
  taken from the test fixtures, so the page cannot drift from what the tests prove.
  Parameter $edition: the edition header (for the page shell of html.xsl).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:nk="urn:narkomindel" xmlns:m="urn:narkomindel:manual"
  xmlns="http://www.w3.org/1999/xhtml" exclude-result-prefixes="#all">
  <xsl:import href="html.xsl"/>
  <xsl:output method="xhtml" html-version="5" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>
  <xsl:mode name="guidelines" on-no-match="shallow-skip"/>

  <xsl:template match="m:manual" mode="guidelines" as="element()">
    <xsl:call-template name="nk:page">
      <xsl:with-param name="title" select="'Encoding guidelines'"/>
      <xsl:with-param name="content" as="node()*">
        <article class="guidelines">
          <h1>Encoding guidelines</h1>
          <p>Every rule that <code>narkomindel validate</code> applies to the edition’s TEI files, with the
            message it prints and an incorrect and a correct example taken from the edition’s tests. The principles
            behind them are set out in <a href="encoding.html">Editorial principles and encoding</a>.</p>
          <xsl:apply-templates select="m:layer" mode="guidelines"/>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="m:layer" mode="guidelines" as="element()">
    <section aria-labelledby="layer-{@name}">
      <h2 id="layer-{@name}"><xsl:value-of select="@title"/></h2>
      <xsl:apply-templates select="m:rule" mode="guidelines"/>
    </section>
  </xsl:template>

  <xsl:template match="m:rule" mode="guidelines" as="element()">
    <section class="rule" aria-labelledby="{@id}">
      <h3 id="{@id}"><code><xsl:value-of select="@id"/></code>
        <xsl:text> </xsl:text><span class="severity"><xsl:value-of select="@severity"/></span></h3>
      <xsl:apply-templates select="m:message, m:example" mode="guidelines"/>
    </section>
  </xsl:template>

  <xsl:template match="m:message" mode="guidelines" as="element()">
    <p><xsl:value-of select="."/></p>
  </xsl:template>

  <xsl:template match="m:example" mode="guidelines" as="element()">
    <div class="example">
      <xsl:apply-templates select="m:constraint, m:incorrect, m:correct, m:reported" mode="guidelines"/>
    </div>
  </xsl:template>

  <xsl:template match="m:constraint" mode="guidelines" as="element()">
    <h4><xsl:value-of select="."/></h4>
  </xsl:template>

  <!-- The examples are XML as an editor writes it: shown as text, never as markup. -->
  <xsl:template match="m:incorrect | m:correct" mode="guidelines" as="element()">
    <figure class="{local-name()}">
      <figcaption><xsl:value-of select="if (self::m:incorrect) then 'Incorrect' else 'Correct'"/></figcaption>
      <pre><code><xsl:value-of select="."/></code></pre>
    </figure>
  </xsl:template>

  <xsl:template match="m:reported" mode="guidelines" as="element()">
    <p class="reported">Reported: <q><xsl:value-of select="."/></q></p>
  </xsl:template>
</xsl:stylesheet>

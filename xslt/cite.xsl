<?xml version="1.0" encoding="UTF-8"?>
<!--
  cite.xsl: how a document is cited. Input: a catalogue entry (c:document) and the edition header.
  Mode "meta": Highwire Press (citation_*) and Dublin Core meta elements for reference managers.
  Mode "cite": the "Cite this document" section with Chicago, BibTeX, RIS and CSL-JSON.
  The stable URL of a document is the edition's base URL (tei/edition.xml, publicationStmt/idno[@type='URL'])
  followed by the page name; a paragraph adds "#p" and its number, which the page script fills in when the
  reader picks a paragraph.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:nk="urn:narkomindel" xmlns:c="urn:narkomindel:catalogue" xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:function name="nk:url" as="xs:string">
    <xsl:param name="entry" as="element(c:document)"/>
    <xsl:sequence select="$base-url || $entry/@href"/>
  </xsl:function>

  <!-- "Trotsky, Leon" from the index of persons; family and given name for the structured formats. -->
  <xsl:function name="nk:author-sorted" as="xs:string?">
    <xsl:param name="entry" as="element(c:document)"/>
    <xsl:sequence select="$entry/c:author[1] ! normalize-space(key('entry', @ref, $edition)/tei:persName[@type = 'main'])"/>
  </xsl:function>

  <xsl:function name="nk:author-natural" as="xs:string?">
    <xsl:param name="entry" as="element(c:document)"/>
    <xsl:variable name="sorted" select="nk:author-sorted($entry)"/>
    <xsl:sequence select="if (contains($sorted, ', ')) then substring-after($sorted, ', ') || ' ' || substring-before($sorted, ', ')
                          else $sorted"/>
  </xsl:function>


  <!-- ============================================================ meta elements -->
  <xsl:template match="c:document" mode="meta">
    <link rel="canonical" href="{nk:url(.)}"/>
    <meta name="citation_title" content="{c:title}"/>
    <xsl:for-each select="nk:author-sorted(.)">
      <meta name="citation_author" content="{.}"/>
    </xsl:for-each>
    <meta name="citation_date" content="{translate(@when, '-', '/')}"/>
    <meta name="citation_publication_date" content="{translate($edition-date, '-', '/')}"/>
    <meta name="citation_inbook_title" content="{$site-title}"/>
    <meta name="citation_publisher" content="{$editors}"/>
    <meta name="citation_language" content="en"/>
    <meta name="citation_public_url" content="{nk:url(.)}"/>
    <meta name="DC.title" content="{c:title}"/>
    <xsl:for-each select="nk:author-sorted(.)">
      <meta name="DC.creator" content="{.}"/>
    </xsl:for-each>
    <meta name="DC.date" content="{@when}"/>
    <meta name="DC.type" content="Text"/>
    <meta name="DC.format" content="text/html"/>
    <meta name="DC.language" content="en"/>
    <meta name="DC.identifier" content="{nk:url(.)}"/>
    <meta name="DC.publisher" content="{$editors}"/>
    <meta name="DC.source" content="{normalize-space(key('entry', @source, $edition)/tei:title[1])}{c:citation[@source] ! ('; ' || .)}"/>
    <meta name="DC.relation.isPartOf" content="{$site-title}"/>
    <meta name="DC.rights" content="https://creativecommons.org/licenses/by/4.0/"/>
  </xsl:template>

  <!-- ============================================================ the citation box -->
  <xsl:template match="c:document" mode="cite">
    <!-- Chicago is shown; the other formats are one click away, and print leaves them out. The "Cite" button at
         the top of the page opens this box. -->
    <section class="cite" id="cite" aria-labelledby="cite-title">
      <h2 id="cite-title">Cite this document</h2>
      <p class="hint">To cite a paragraph, choose its number in the margin: the citations below then point at it.
        <span class="cite-paragraph-status" aria-live="polite"></span></p>
      <xsl:call-template name="citation-format">
        <xsl:with-param name="format" select="'chicago'"/>
        <xsl:with-param name="label" select="'Chicago (notes and bibliography)'"/>
        <xsl:with-param name="citation" as="node()*"><xsl:apply-templates select="." mode="cite-chicago"/></xsl:with-param>
      </xsl:call-template>
      <div class="cite-other">
        <details>
          <summary>BibTeX</summary>
          <xsl:call-template name="citation-format">
            <xsl:with-param name="format" select="'bibtex'"/>
            <xsl:with-param name="label" select="'BibTeX'"/>
            <xsl:with-param name="citation" as="node()*"><xsl:apply-templates select="." mode="cite-bibtex"/></xsl:with-param>
          </xsl:call-template>
        </details>
        <details>
          <summary>RIS</summary>
          <xsl:call-template name="citation-format">
            <xsl:with-param name="format" select="'ris'"/>
            <xsl:with-param name="label" select="'RIS'"/>
            <xsl:with-param name="citation" as="node()*"><xsl:apply-templates select="." mode="cite-ris"/></xsl:with-param>
          </xsl:call-template>
        </details>
        <details>
          <summary>CSL-JSON</summary>
          <xsl:call-template name="citation-format">
            <xsl:with-param name="format" select="'csl-json'"/>
            <xsl:with-param name="label" select="'CSL-JSON'"/>
            <xsl:with-param name="citation" as="node()*"><xsl:apply-templates select="." mode="cite-csl-json"/></xsl:with-param>
          </xsl:call-template>
        </details>
      </div>
      <p class="copy-status" aria-live="polite"></p>
    </section>
  </xsl:template>

  <xsl:template name="citation-format">
    <xsl:param name="format" as="xs:string"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="citation" as="node()*"/>
    <div class="citation-format">
      <h3 id="cite-{$format}-label" class="{if ($format = 'chicago') then 'format-label' else 'format-label visually-hidden'}">
        <xsl:value-of select="$label"/></h3>
      <pre id="cite-{$format}" class="citation" tabindex="0" aria-labelledby="cite-{$format}-label"
        data-format="{$format}"><xsl:sequence select="$citation"/></pre>
      <button type="button" class="copy" data-copy="cite-{$format}" hidden="hidden">Copy <xsl:value-of select="$label"/></button>
    </div>
  </xsl:template>

  <xsl:template match="c:document" mode="cite-chicago">
    <xsl:variable name="author" select="nk:author-natural(.)"/>
    <xsl:value-of select="string-join(($author, '“' || c:title || ',”'), ', ')
        || ' ' || nk:dateline(@when, @julian) || ', in ' || $site-title || ', version ' || $version
        || ' (' || nk:gregorian-words($edition-date) || '), '"/>
    <span class="cite-url"><xsl:value-of select="nk:url(.)"/></span>
    <span class="cite-para-chicago"></span>
    <xsl:text>.</xsl:text>
  </xsl:template>

  <xsl:template match="c:document" mode="cite-bibtex">
    <xsl:value-of select="'@misc{' || @id || ',&#10;'
        || (nk:author-sorted(.) ! ('  author = {' || . || '},&#10;'))
        || '  title = {' || c:title || '},&#10;'
        || '  date = {' || @when || '},&#10;'
        || '  year = {' || substring(@when, 1, 4) || '},&#10;'
        || '  note = {Dated ' || nk:dateline(@when, @julian) || '}'"/>
    <span class="cite-para-bibtex"></span>
    <xsl:value-of select="',&#10;  howpublished = {' || $site-title || ', version ' || $version || '},&#10;'
        || '  publisher = {' || $editors || '},&#10;'
        || '  url = {'"/>
    <span class="cite-url"><xsl:value-of select="nk:url(.)"/></span>
    <xsl:text>}&#10;}</xsl:text>
  </xsl:template>

  <xsl:template match="c:document" mode="cite-ris">
    <xsl:value-of select="'TY  - GOVDOC&#10;'
        || (nk:author-sorted(.) ! ('AU  - ' || . || '&#10;'))
        || 'TI  - ' || c:title || '&#10;'
        || 'DA  - ' || translate(@when, '-', '/') || '&#10;'
        || 'PY  - ' || substring(@when, 1, 4) || '&#10;'
        || 'T2  - ' || $site-title || '&#10;'
        || 'ET  - ' || $version || '&#10;'
        || 'PB  - ' || $editors || '&#10;'
        || 'ID  - ' || @id || '&#10;'
        || 'UR  - '"/>
    <span class="cite-url"><xsl:value-of select="nk:url(.)"/></span>
    <xsl:text>&#10;ER  - </xsl:text>
  </xsl:template>

  <xsl:template match="c:document" mode="cite-csl-json">
    <xsl:variable name="sorted" select="nk:author-sorted(.)"/>
    <xsl:variable name="record" as="map(*)" select="map:merge((
        map{'id': string(@id), 'type': 'document', 'title': string(c:title),
            'issued': map{'date-parts': array{array{tokenize(@when, '-') ! xs:integer(.)}}},
            'container-title': $site-title, 'version': $version, 'publisher': $editors,
            'URL': nk:url(.), 'note': 'Dated ' || nk:dateline(@when, @julian)},
        if ($sorted) then map{'author': array{map{'family': substring-before($sorted || ',', ','),
            'given': normalize-space(substring-after($sorted, ','))}}} else ()))"
      xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
    <xsl:value-of select="serialize(array{$record}, map{'method': 'json', 'indent': true()})"/>
  </xsl:template>
</xsl:stylesheet>

<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-document.xsl: the web page of one document.
  Input: a TEI document of the edition. Parameters: $edition (the edition header), $catalogue (a small
  catalogue: the document's own entry between its neighbours in date order, and the entries that name it as
  their parallel translation; see build.Edition.context).
  Output (mode document): one XHTML5 page: title, dateline in both calendars, source, reading text with numbered
  paragraphs, the source's readings, apparatus of interventions, notes, "Cite this document", previous/next.
  Mode compare: the side-by-side page of two translations, for the document whose header names the other
  ($catalogue: the two entries; $compare: the page's name).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:nk="urn:narkomindel" xmlns:c="urn:narkomindel:catalogue" xmlns:cite="urn:narkomindel:cite"
  xmlns="http://www.w3.org/1999/xhtml" exclude-result-prefixes="#all">
  <xsl:import href="html.xsl"/>
  <xsl:import href="cite.xsl"/>
  <xsl:output method="xhtml" html-version="5" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>
  <xsl:mode name="document" on-no-match="shallow-skip"/>

  <!-- Keys, so that a page finds its own entry and its parallels without scanning the whole catalogue. -->
  <xsl:key name="catalogue-entry" match="c:document" use="@id"/>
  <xsl:key name="parallel-to" match="c:parallel" use="@file"/>

  <xsl:template match="/" mode="document">
    <xsl:apply-templates select="tei:TEI" mode="document"/>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="document">
    <xsl:variable name="entry" select="key('catalogue-entry', @xml:id, $catalogue)"/>
    <xsl:variable name="record" select="cite:record(., ())"/>
    <xsl:call-template name="nk:page">
      <xsl:with-param name="title" select="string($entry/c:title)"/>
      <xsl:with-param name="head" as="node()*">
        <xsl:sequence select="cite:meta($record)"/>
        <link rel="alternate" type="application/tei+xml" href="tei/{$entry/@file}"/>
        <xsl:for-each select="$cite:downloads">
          <link rel="alternate" type="{?type}" href="cite/{$entry/@id}.{?extension}" title="{?label}"/>
        </xsl:for-each>
      </xsl:with-param>
      <xsl:with-param name="content" as="node()*">
        <article class="document" lang="en">
          <xsl:apply-templates select="$entry" mode="document-header">
            <xsl:with-param name="creation-date" select="tei:teiHeader/tei:profileDesc/tei:creation/tei:date"/>
          </xsl:apply-templates>
          <xsl:apply-templates select="tei:text/tei:front" mode="document"/>
          <div class="text" id="text">
            <xsl:apply-templates select="tei:text/tei:body/*" mode="html"/>
          </div>
          <xsl:call-template name="apparatus"/>
          <xsl:call-template name="notes"/>
          <xsl:apply-templates select="tei:teiHeader/tei:revisionDesc" mode="document"/>
          <xsl:call-template name="cite-box">
            <xsl:with-param name="record" select="$record"/>
          </xsl:call-template>
          <xsl:apply-templates select="$entry" mode="neighbours"/>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================ citations
       The cite box shows Chicago; BibTeX, RIS and CSL-JSON are one click away, and print shows Chicago only. The
       citations of every citable unit wait in a template, written by the same serialisers, for the page script
       to put in place when a reader picks a unit; without the script the box cites the whole document. -->
  <xsl:template name="cite-box">
    <xsl:param name="record" as="map(*)"/>
    <xsl:variable name="citations" select="cite:formats($record)"/>
    <xsl:variable name="tei" select="ancestor-or-self::tei:TEI" as="element(tei:TEI)"/>
    <section class="cite" id="cite" aria-labelledby="cite-title">
      <h2 id="cite-title">Cite this document</h2>
      <p class="hint">To cite a paragraph or a list item, choose its number in the margin: the citations below then
        point at it. <span class="cite-paragraph-status" aria-live="polite"></span></p>
      <xsl:call-template name="citation-format">
        <xsl:with-param name="format" select="'chicago'"/>
        <xsl:with-param name="label" select="'Chicago (notes and bibliography)'"/>
        <xsl:with-param name="citation" select="$citations?chicago"/>
      </xsl:call-template>
      <div class="cite-other">
        <xsl:for-each select="$cite:downloads">
          <details>
            <summary><xsl:value-of select="?label"/></summary>
            <xsl:call-template name="citation-format">
              <xsl:with-param name="format" select="?format"/>
              <xsl:with-param name="label" select="?label"/>
              <xsl:with-param name="citation" select="$citations(?format)"/>
            </xsl:call-template>
          </details>
        </xsl:for-each>
        <p class="downloads">Download the citation of the whole document:
          <xsl:for-each select="$cite:downloads">
            <xsl:if test="position() gt 1"> · </xsl:if>
            <a href="cite/{$record?id}.{?extension}" type="{?type}" download="{$record?id}.{?extension}">
              <xsl:value-of select="?label"/> (.<xsl:value-of select="?extension"/>)</a>
          </xsl:for-each>
          <xsl:text>. The edition’s data (TEI, metadata, correspondence) are listed on the </xsl:text>
          <a href="changelog.html#data">changelog page</a>.</p>
      </div>
      <p class="copy-status" aria-live="polite"></p>
      <template id="cite-passages">
        <xsl:variable name="units" select="cite:units($tei)"/>
        <xsl:for-each select="cite:units-formats($record, $units)">
          <xsl:variable name="unit-citations" select="."/>
          <xsl:variable name="number" select="position()"/>
          <div data-unit="{$units[$number]}">
            <xsl:for-each select="('chicago', $cite:downloads?format)">
              <pre data-format="{.}"><xsl:value-of select="$unit-citations(.)"/></pre>
            </xsl:for-each>
          </div>
        </xsl:for-each>
      </template>
    </section>
  </xsl:template>

  <xsl:template name="citation-format">
    <xsl:param name="format" as="xs:string"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="citation" as="xs:string"/>
    <div class="citation-format">
      <h3 id="cite-{$format}-label" class="{if ($format = 'chicago') then 'format-label' else 'format-label visually-hidden'}">
        <xsl:value-of select="$label"/></h3>
      <pre id="cite-{$format}" class="citation" tabindex="0" aria-labelledby="cite-{$format}-label"
        data-format="{$format}"><xsl:value-of select="$citation"/></pre>
      <button type="button" class="copy" data-copy="cite-{$format}" hidden="hidden">Copy <xsl:value-of select="$label"/></button>
    </div>
  </xsl:template>

  <!-- ============================================================ history -->
  <xsl:template match="tei:revisionDesc" mode="document">
    <section class="history" id="history" aria-labelledby="history-title">
      <h2 id="history-title">History of this document</h2>
      <p class="hint">This page belongs to version <xsl:value-of select="$cite:version"/> of the edition
        (<xsl:value-of select="nk:gregorian-words($cite:edition-date)"/>); the <a href="changelog.html">changelog</a>
        lists the changes to the whole edition.</p>
      <ul class="changes">
        <xsl:apply-templates select="tei:change" mode="document">
          <xsl:sort select="@when" order="descending"/>
        </xsl:apply-templates>
      </ul>
    </section>
  </xsl:template>

  <xsl:template match="tei:change" mode="document">
    <li><time datetime="{@when}"><xsl:value-of select="nk:gregorian-words(@when)"/></time>
      <xsl:text>: </xsl:text><xsl:value-of select="normalize-space(.)"/></li>
  </xsl:template>

  <!-- ============================================================ header of the page -->
  <xsl:template match="c:document" mode="document-header">
    <xsl:param name="creation-date" as="element(tei:date)"/>
    <header class="document-header">
      <p class="document-type"><xsl:value-of select="nk:kind-label('#' || @type)"/></p>
      <h1><xsl:value-of select="c:title"/></h1>
      <p class="dateline">
        <xsl:call-template name="nk:dual-date-element">
          <xsl:with-param name="gregorian" select="string(@when)"/>
          <xsl:with-param name="julian" select="string(@julian)"/>
          <xsl:with-param name="reason" select="nk:dating-reason($creation-date, $edition)"/>
        </xsl:call-template>
        <xsl:for-each select="c:place">
          <xsl:text> · </xsl:text>
          <xsl:apply-templates select="." mode="linked-name"/>
        </xsl:for-each>
      </p>
      <dl class="document-facts">
        <xsl:if test="c:author">
          <dt>Author</dt>
          <dd><xsl:apply-templates select="c:author" mode="linked-name"/></dd>
        </xsl:if>
        <xsl:if test="c:addressee">
          <dt>Addressed to</dt>
          <dd>
            <xsl:for-each select="c:addressee">
              <xsl:if test="position() gt 1">; </xsl:if>
              <xsl:apply-templates select="." mode="linked-name"/>
            </xsl:for-each>
          </dd>
        </xsl:if>
        <dt>Date in the source</dt>
        <dd><xsl:value-of select="c:written"/>
          (<xsl:value-of select="if (@calendar = 'julian') then 'Old Style' else 'New Style'"/>)</dd>
        <dt>Source</dt>
        <dd>
          <xsl:variable name="copy-text" select="key('entry', @source, $edition)"/>
          <a href="bibliography.html#{@source}"><cite><xsl:value-of select="normalize-space($copy-text/tei:title[1])"/></cite></a>
          <xsl:if test="@source = 'web-transcription'">, entry <xsl:value-of select="@entry"/></xsl:if>
          <xsl:text>. </xsl:text>
          <xsl:choose>
            <xsl:when test="c:citation/@source">
              <xsl:text>Cited there from </xsl:text>
              <a href="bibliography.html#{c:citation/@source}"><xsl:value-of select="c:citation"/></a>
              <xsl:text>.</xsl:text>
            </xsl:when>
            <xsl:otherwise>No printed source is cited for it.</xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt>Identifier</dt>
        <dd><code><xsl:value-of select="@id"/></code> · <a href="tei/{@file}">TEI source</a></dd>
        <xsl:for-each-group select="nk:parallels(.)" group-by="nk:parallel-page(.)">
          <xsl:apply-templates select="current-group()[1]" mode="parallel-link"/>
        </xsl:for-each-group>
      </dl>
      <div class="document-tools">
        <!-- Without the page script this is a link to the citations at the foot of the page; with it, it opens
             them here. -->
        <a class="cite-button" href="#cite" aria-controls="cite">Cite</a>
        <div class="text-switch" role="group" aria-label="Which text to show" hidden="hidden">
          <button type="button" data-view="reading" aria-pressed="true">Reading text</button>
          <button type="button" data-view="diplomatic" aria-pressed="false">Source text</button>
        </div>
        <button type="button" class="names-switch" aria-pressed="true" hidden="hidden">Highlight names</button>
      </div>
    </header>
  </xsl:template>

  <xsl:template match="c:author | c:addressee | c:place" mode="linked-name">
    <xsl:variable name="entry" select="key('entry', @ref, $edition)"/>
    <a href="{nk:index-page($entry)}#{@ref}"><xsl:value-of select="."/></a>
    <xsl:if test="@cert = ('medium', 'low')">
      <span class="cert" title="The edition infers this; certainty {@cert}"> (probably)</span>
    </xsl:if>
  </xsl:template>

  <!-- The parallel translations of this document: named in its header or pointed at from its text. -->
  <xsl:function name="nk:parallels" as="element(c:parallel)*">
    <xsl:param name="entry" as="element(c:document)"/>
    <xsl:sequence select="$entry/c:parallel, key('parallel-to', $entry/@file, $catalogue)"/>
  </xsl:function>

  <xsl:template match="c:parallel" mode="parallel-link">
    <dt>Other translation</dt>
    <dd><a href="{nk:parallel-page(.)}">Compare the two translations side by side</a></dd>
  </xsl:template>

  <!-- ============================================================ front matter -->
  <xsl:template match="tei:front" mode="document">
    <section class="front" id="front" aria-label="Introduction in the source">
      <xsl:apply-templates mode="document"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:docTitle" mode="document">
    <p class="source-title"><span class="label">Headline in the source: </span>
      <xsl:apply-templates select="tei:titlePart/node()" mode="html"/></p>
  </xsl:template>

  <xsl:template match="tei:argument" mode="document">
    <div class="argument">
      <p class="label">Translator’s introduction</p>
      <xsl:apply-templates mode="html"/>
    </div>
  </xsl:template>

  <!-- ============================================================ apparatus and notes -->
  <!-- The apparatus in lemma form: "¶ 3 Rumanian] Rumainian source". What all entries share (who made the
       interventions, of which kinds) is said once above them; an entry says its kind only when the kinds differ, and
       its certainty only when it is not certain. -->
  <xsl:template name="apparatus">
    <xsl:variable name="interventions" select="tei:text//(tei:choice | tei:supplied)"/>
    <xsl:if test="exists($interventions)">
      <xsl:variable name="responsible" select="distinct-values($interventions ! nk:intervention-resp(.))"/>
      <xsl:variable name="kinds" select="distinct-values($interventions ! nk:intervention-kind(.))"/>
      <section class="apparatus" aria-labelledby="apparatus-title">
        <h2 id="apparatus-title">Editorial interventions</h2>
        <xsl:variable name="one" select="count($interventions) = 1"/>
        <p class="hint">
          <xsl:value-of select="'The reading text gives the corrected reading, before the bracket; the source’s reading '
              || 'follows it. ' || (if ($one) then 'This intervention is ' else 'These interventions are ')
              || (if (count($kinds) = 1) then nk:kind-phrase($kinds, not($one)) || ', ' else '')
              || 'by ' || string-join($responsible ! replace(normalize-space(key('entry', ., $edition)), '^The ', 'the '), ' or ')
              || (if ($one) then '; it is' else '; each is') || ' certain unless its entry says otherwise.'"/>
        </p>
        <ol class="apparatus-list">
          <xsl:for-each select="$interventions">
            <xsl:variable name="number" select="nk:intervention-number(.)"/>
            <li id="app-i{$number}" value="{$number}">
              <a href="#i{$number}" class="app-link"><xsl:value-of select="string-join(('¶', nk:unit-number(.)[. != '']), ' ')"/></a>
              <xsl:text> </xsl:text>
              <xsl:apply-templates select="." mode="apparatus"/>
              <xsl:if test="count($responsible) gt 1">
                <xsl:value-of select="' (' || normalize-space(key('entry', nk:intervention-resp(.), $edition)) || ')'"/>
              </xsl:if>
              <xsl:if test="count($kinds) gt 1">
                <span class="app-kind"><xsl:value-of select="' — ' || nk:kind-phrase(nk:intervention-kind(.), false())"/></span>
              </xsl:if>
              <xsl:for-each select="(tei:corr/@cert, @cert)[1][. = ('medium', 'low', 'unknown')]">
                <span class="app-cert"><xsl:value-of select="' — reading uncertain (' || . || ')'"/></span>
              </xsl:for-each>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:function name="nk:intervention-resp" as="xs:string">
    <xsl:param name="intervention" as="element()"/>
    <xsl:sequence select="substring-after(($intervention/tei:corr/@resp, $intervention/@resp)[1], '#')"/>
  </xsl:function>

  <xsl:function name="nk:intervention-kind" as="xs:string">
    <xsl:param name="intervention" as="element()"/>
    <xsl:sequence select="if ($intervention/self::tei:supplied) then 'supplied' else string($intervention/tei:corr/@type)"/>
  </xsl:function>

  <xsl:function name="nk:kind-phrase" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="plural" as="xs:boolean"/>
    <xsl:variable name="what" select="(map{'typo': 'misspelling', 'encoding': 'garbled character',
        'punctuation': 'punctuation', 'spacing': 'spacing'}($kind), 'error')[1]"/>
    <xsl:sequence select="if ($kind = 'supplied') then (if ($plural) then 'additions of words the source leaves out'
          else 'an addition of words the source leaves out')
        else if ($plural) then 'corrections of ' || $what || (if ($what = ('punctuation', 'spacing')) then '' else 's')
        else 'a correction of ' || (if ($what = ('punctuation', 'spacing')) then '' else 'a ') || $what"/>
  </xsl:function>

  <xsl:template match="tei:choice" mode="apparatus">
    <span class="lemma"><xsl:apply-templates select="tei:corr/node()" mode="apparatus-text"/></span>
    <xsl:text>] </xsl:text>
    <span class="source-reading"><xsl:apply-templates select="tei:sic/node()" mode="apparatus-text"/></span>
    <xsl:text> </xsl:text>
    <i class="siglum">source</i>
  </xsl:template>

  <xsl:template match="tei:supplied" mode="apparatus">
    <span class="lemma">⟨<xsl:apply-templates mode="apparatus-text"/>⟩</span>
    <xsl:text>] </xsl:text>
    <i class="siglum">not in the source</i>
  </xsl:template>

  <!-- The words of a reading, as text: names and notes inside it are not repeated as links. -->
  <xsl:mode name="apparatus-text" on-no-match="text-only-copy"/>
  <xsl:template match="text()" mode="apparatus-text">
    <xsl:value-of select="nk:squeeze(.)"/>
  </xsl:template>
  <xsl:template match="tei:note" mode="apparatus-text"/>

  <xsl:template name="notes">
    <xsl:variable name="notes" select="tei:text//tei:note"/>
    <xsl:if test="exists($notes)">
      <section class="notes" aria-labelledby="notes-title" role="doc-endnotes">
        <h2 id="notes-title">Notes</h2>
        <p class="hint">Numbered notes are the translator’s; lettered notes are this edition’s.</p>
        <ol class="notes-list">
          <xsl:apply-templates select="$notes" mode="footnote"/>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ previous and next -->
  <xsl:template match="c:document" mode="neighbours">
    <xsl:variable name="previous" select="preceding-sibling::c:document[1]"/>
    <xsl:variable name="next" select="following-sibling::c:document[1]"/>
    <nav class="neighbours" aria-label="Previous and next document">
      <xsl:if test="$previous">
        <a rel="prev" href="{$previous/@href}">← <xsl:value-of select="nk:dateline($previous/@when, $previous/@julian)"/>:
          <xsl:value-of select="$previous/c:title"/></a>
      </xsl:if>
      <xsl:if test="$next">
        <a rel="next" href="{$next/@href}"><xsl:value-of select="nk:dateline($next/@when, $next/@julian)"/>:
          <xsl:value-of select="$next/c:title"/> →</a>
      </xsl:if>
    </nav>
  </xsl:template>

  <!-- ============================================================ parallel translations -->
  <!-- The side-by-side page of two translations, a page of its own. Input: the document whose header names the
       other; $catalogue: the two documents' entries; $compare: the page's name (its c:parallel/@page). -->
  <xsl:param name="compare" as="xs:string" select="''"/>
  <xsl:mode name="compare" on-no-match="deep-skip"/>
  <xsl:template match="/" mode="compare">
    <xsl:apply-templates select="($catalogue//c:parallel[@page = $compare])[1]" mode="compare"/>
  </xsl:template>

  <xsl:template match="c:parallel" mode="compare">
    <!-- One of the two documents quotes the other inside its own text: that one is the "owner". -->
    <xsl:variable name="pair" select="(.., $catalogue//c:document[@file = current()/@file])"/>
    <xsl:variable name="owner" select="$pair[nk:tei(.)//tei:floatingText/@corresp[substring-before(. || '#', '#') = $pair/@file]][1]"/>
    <xsl:variable name="other" select="$pair except $owner"/>
    <xsl:variable name="owner-tei" select="nk:tei($owner)"/>
    <xsl:variable name="other-tei" select="nk:tei($other)"/>
    <xsl:variable name="embedded" select="$owner-tei//tei:floatingText[@corresp ! substring-before(. || '#', '#') = $other/@file]"/>
    <xsl:call-template name="nk:page">
      <xsl:with-param name="title" select="'Two translations: ' || $other/c:title"/>
      <xsl:with-param name="content" as="node()*">
        <h1>Two translations of one document</h1>
        <p><xsl:value-of select="$other/c:title"/>, <xsl:value-of select="nk:dateline($other/@when, $other/@julian)"/>.</p>
        <div class="parallel">
          <section class="parallel-column" aria-labelledby="left-title">
            <h2 id="left-title"><a href="{$other/@href}"><xsl:value-of select="$other/c:title"/></a></h2>
            <p class="parallel-source"><xsl:value-of select="normalize-space(key('entry', $other/@source, $edition)/tei:title[1])"/></p>
            <xsl:apply-templates select="nk:local-ids(nk:html-of($other-tei/tei:TEI/tei:text/tei:body/*), 'l-', $other/@href)"
              mode="copy"/>
          </section>
          <section class="parallel-column" aria-labelledby="right-title">
            <h2 id="right-title"><a href="{$owner/@href}#{$embedded/ancestor::tei:p[@n][1]/@n ! ('p' || .)}">Quoted in
              <xsl:value-of select="$owner/c:title"/></a></h2>
            <p class="parallel-source"><xsl:value-of select="normalize-space(key('entry', $owner/@source, $edition)/tei:title[1])"/></p>
            <xsl:apply-templates select="nk:local-ids(nk:html-of($embedded/tei:body/*), 'r-', $owner/@href)" mode="copy"/>
          </section>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:function name="nk:tei" as="document-node()">
    <xsl:param name="entry" as="element(c:document)"/>
    <xsl:sequence select="doc(resolve-uri($entry/@file, base-uri($edition)))"/>
  </xsl:function>

  <xsl:function name="nk:html-of" as="node()*">
    <xsl:param name="tei" as="element()*"/>
    <xsl:apply-templates select="$tei" mode="html"/>
  </xsl:function>

  <!-- Two texts on one page: prefix their ids so that they stay unique; a link to something not on this page
       (a note, an apparatus entry) goes to the document's own page. -->
  <xsl:function name="nk:local-ids" as="node()*">
    <xsl:param name="html" as="node()*"/>
    <xsl:param name="prefix" as="xs:string"/>
    <xsl:param name="page" as="xs:string"/>
    <xsl:apply-templates select="$html" mode="local-ids">
      <xsl:with-param name="prefix" select="$prefix" tunnel="yes"/>
      <xsl:with-param name="page" select="$page" tunnel="yes"/>
      <xsl:with-param name="ids" select="$html/descendant-or-self::*/@id/string()" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:function>

  <xsl:mode name="local-ids" on-no-match="shallow-copy"/>
  <xsl:template match="@id" mode="local-ids" as="attribute(id)">
    <xsl:param name="prefix" tunnel="yes"/>
    <xsl:attribute name="id" select="$prefix || ."/>
  </xsl:template>
  <xsl:template match="@href[starts-with(., '#')]" mode="local-ids" as="attribute(href)">
    <xsl:param name="prefix" tunnel="yes"/>
    <xsl:param name="page" tunnel="yes"/>
    <xsl:param name="ids" tunnel="yes"/>
    <xsl:attribute name="href" select="if (substring(., 2) = $ids) then '#' || $prefix || substring(., 2) else $page || ."/>
  </xsl:template>

  <xsl:mode name="copy" on-no-match="shallow-copy"/>
</xsl:stylesheet>

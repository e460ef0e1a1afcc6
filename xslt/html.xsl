<?xml version="1.0" encoding="UTF-8"?>
<!--
  html.xsl: what every page of the web edition shares.
  - the page shell (nk:page): head with stylesheet and script, skip link, site navigation, footer;
  - mode "html": TEI text to HTML, one template per element. The reading text is shown; each correction carries
    the source's reading beside it, so that the page script (or the print of the apparatus) can show either;
  - functions to write dates the way historians do ("8 (21) November 1917") and to link names to the indexes.
  Imported by html-document.xsl and html-site.xsl, which pass the edition header as $edition.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:nk="urn:narkomindel" xmlns:c="urn:narkomindel:catalogue" xmlns="http://www.w3.org/1999/xhtml"
  xmlns:h="http://www.w3.org/1999/xhtml" exclude-result-prefixes="#all">
  <xsl:import href="common.xsl"/>

  <xsl:param name="edition" as="document-node()"/>
  <xsl:param name="catalogue" as="document-node()"/>

  <xsl:variable name="site-title" select="string($edition//tei:titleStmt/tei:title[@type = 'main'])"/>
  <xsl:variable name="version" select="string($edition//tei:editionStmt/tei:edition/@n)"/>
  <xsl:variable name="edition-date" select="string($edition//tei:editionStmt//tei:date/@when)"/>
  <xsl:variable name="editors" select="normalize-space($edition//tei:titleStmt/tei:editor[1])"/>
  <xsl:variable name="base-url" select="string($edition//tei:publicationStmt/tei:idno[@type = 'URL'])"/>

  <xsl:variable name="content-security-policy" as="xs:string" select="string-join((
      &quot;default-src 'none'&quot;, &quot;script-src 'self'&quot;, &quot;style-src 'self'&quot;, &quot;img-src 'self'&quot;,
      &quot;connect-src 'self'&quot;, &quot;base-uri 'none'&quot;, &quot;form-action 'self'&quot;), '; ')"/>

  <xsl:key name="entry" match="tei:person | tei:place | tei:org | tei:bibl | tei:category | tei:calendar | tei:editor" use="@xml:id"/>

  <!-- ============================================================ page shell -->
  <xsl:template name="nk:page" as="element(h:html)">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="head" as="node()*" select="()"/>
    <xsl:param name="content" as="node()*"/>
    <xsl:param name="current" as="xs:string" select="''"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <!-- Only the site's own files: no inline script or style, nothing from elsewhere. A text that smuggles
             markup into a page cannot run. -->
        <meta http-equiv="Content-Security-Policy" content="{$content-security-policy}"/>
        <title><xsl:value-of select="$title"/> — <xsl:value-of select="$site-title"/></title>
        <link rel="stylesheet" href="assets/edition.css"/>
        <link rel="icon" href="assets/favicon.svg" type="image/svg+xml"/>
        <xsl:sequence select="$head"/>
        <script src="assets/edition.js" defer="defer"></script>
      </head>
      <body class="reading">
        <a class="skip-link" href="#main">Skip to the content</a>
        <header class="site-header">
          <p class="site-title"><a href="index.html"><xsl:value-of select="$site-title"/></a></p>
          <nav aria-label="Edition">
            <ul>
              <xsl:for-each select="(['documents.html', 'Documents'], ['persons.html', 'Persons'],
                  ['places.html', 'Places'], ['organisations.html', 'Organisations'], ['calendar.html', 'Calendar'],
                  ['bibliography.html', 'Bibliography'], ['search.html', 'Search'])">
                <li>
                  <a href="{?1}">
                    <xsl:if test="?1 = $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                    <xsl:value-of select="?2"/>
                  </a>
                </li>
              </xsl:for-each>
            </ul>
          </nav>
        </header>
        <main id="main" tabindex="-1">
          <xsl:sequence select="$content"/>
        </main>
        <xsl:call-template name="name-cards">
          <xsl:with-param name="entries" select="distinct-values($content/descendant-or-self::h:a/@data-entry)"/>
        </xsl:call-template>
        <footer class="site-footer">
          <p><xsl:value-of select="$site-title"/>, version <xsl:value-of select="$version"/>
            (<xsl:value-of select="nk:gregorian-words($edition-date)"/>).
            <xsl:value-of select="normalize-space($edition//tei:availability/tei:licence)"/></p>
          <p><a href="bibliography.html">Bibliography</a> · <a href="encoding.html">Editorial principles and encoding</a> · <a href="guidelines.html">Encoding guidelines</a> · <a href="changelog.html">Changes</a></p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ============================================================ dates (written by common.xsl) -->
  <!-- A date with its explanation on hover and on keyboard focus. -->
  <xsl:template name="nk:dual-date-element" as="element(h:span)">
    <xsl:param name="gregorian" as="xs:string"/>
    <xsl:param name="julian" as="xs:string"/>
    <xsl:param name="reason" as="xs:string?" select="()"/>
    <span class="dual-date" tabindex="0">
      <time datetime="{$gregorian}"><xsl:value-of select="nk:dateline($gregorian, $julian)"/></time>
      <span class="explanation" role="tooltip"><xsl:value-of select="string-join((nk:date-explanation($gregorian, $julian),
          $reason ! ('Dated so: ' || .)), ' ')"/></span>
    </span>
  </xsl:template>

  <!-- ============================================================ links into the edition -->
  <xsl:function name="nk:index-page" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="if ($entry/self::tei:person) then 'persons.html'
        else if ($entry/self::tei:place) then 'places.html'
        else if ($entry/self::tei:org) then 'organisations.html' else 'bibliography.html'"/>
  </xsl:function>

  <xsl:function name="nk:entry" as="element()?">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:sequence select="key('entry', substring-after($pointer, '#'), $edition)"/>
  </xsl:function>

  <xsl:function name="nk:entry-label" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="normalize-space(($entry/(tei:persName, tei:placeName, tei:orgName)[@type = 'main'],
        $entry/(tei:persName, tei:placeName, tei:orgName), $entry/tei:title)[1])"/>
  </xsl:function>

  <xsl:function name="nk:kind-label" as="xs:string">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:variable name="category" select="nk:entry($pointer)"/>
    <xsl:sequence select="replace(normalize-space($category/tei:catDesc), ':.*$', '')"/>
  </xsl:function>

  <!-- The side-by-side page of two translations (named by the catalogue, see nk:compare-page). -->
  <xsl:function name="nk:parallel-page" as="xs:string">
    <xsl:param name="parallel" as="element(c:parallel)"/>
    <xsl:sequence select="string($parallel/@page)"/>
  </xsl:function>

  <!-- ============================================================ lists split into pages -->
  <!-- Links to the pages of a list that is split, the current one marked. -->
  <xsl:template name="pager" as="element(h:nav)?">
    <xsl:param name="pages" as="xs:string*"/>
    <xsl:param name="current" as="xs:integer"/>
    <xsl:if test="count($pages) gt 1">
      <nav class="pager" aria-label="Pages of this list">
        <xsl:text>Pages: </xsl:text>
        <xsl:for-each select="$pages">
          <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
          <xsl:choose>
            <xsl:when test="position() = $current"><span aria-current="page"><xsl:value-of select="position()"/></span></xsl:when>
            <xsl:otherwise><a href="{.}"><xsl:value-of select="position()"/></a></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- The name of page $number of a list split into pages: FILE.html, FILE-2.html … -->
  <xsl:function name="nk:list-page" as="xs:string">
    <xsl:param name="file" as="xs:string"/>
    <xsl:param name="number" as="xs:integer"/>
    <xsl:sequence select="$file || (if ($number gt 1) then '-' || $number else '') || '.html'"/>
  </xsl:function>

  <!-- ============================================================ name cards
       A short card for every index entry named on the page, shown by the page script on hover, focus or tap
       beside the name; without the script a name is a plain link to its index entry. -->
  <!-- Only persons, places and bodies have cards: any other entry a name points at gets none. -->
  <xsl:mode name="name-card" on-no-match="deep-skip"/>
  <xsl:template name="name-cards" as="element(h:div)?">
    <xsl:param name="entries" as="xs:string*"/>
    <xsl:if test="exists($entries)">
      <div class="name-cards" hidden="hidden">
        <xsl:for-each select="$entries">
          <xsl:apply-templates select="key('entry', ., $edition)" mode="name-card"/>
        </xsl:for-each>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:person | tei:place | tei:org" mode="name-card" as="element(h:div)">
    <div class="name-card" id="card-{@xml:id}" data-entry="{@xml:id}">
      <p class="card-name"><strong><xsl:value-of select="nk:entry-label(.)"/></strong>
        <xsl:if test="tei:birth or tei:death">
          <xsl:text> (</xsl:text><xsl:value-of select="tei:birth/@when"/>–<xsl:value-of select="tei:death/@when"/>)</xsl:if></p>
      <!-- The card says what the entry is; where its identifiers come from is for the index page. -->
      <xsl:for-each select="(tei:occupation, tei:desc, tei:note[not(@type = 'authority')])[1]">
        <p class="card-line"><xsl:value-of select="normalize-space(string-join(nk:reading(.)))"/></p>
      </xsl:for-each>
      <p class="card-links"><a href="{nk:index-page(.)}#{@xml:id}">Index entry</a>
        <xsl:for-each select="tei:idno[@type = 'wikidata'][matches(., '^Q[0-9]+$')]">
          <xsl:text> · </xsl:text>
          <a href="https://www.wikidata.org/wiki/{.}">Wikidata <xsl:value-of select="."/></a>
        </xsl:for-each></p>
    </div>
  </xsl:template>

  <!-- ============================================================ addresses that may become links
       A pointer is written as a link only if it cannot run code: no javascript:, vbscript: or data: address,
       however it is spelt (browsers ignore case, spaces and control characters before the colon). -->
  <xsl:function name="nk:safe-url" as="xs:boolean">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="squeezed" select="lower-case(replace(string($url), '[\s\p{Cc}]', ''))"/>
    <xsl:sequence select="not(matches($squeezed, '^(javascript|vbscript|data):'))"/>
  </xsl:function>

  <!-- ============================================================ TEI text to HTML -->
  <xsl:mode name="html" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="text()" mode="html" as="text()*">
    <xsl:value-of select="nk:squeeze(.)"/>
  </xsl:template>

  <xsl:template match="tei:div" mode="html" as="element(h:section)">
    <section class="div {@type}">
      <xsl:apply-templates mode="#current"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:div[@type = ('speech', 'declaration', 'remarks')]" mode="html" as="element(h:section)">
    <section class="div {@type}" aria-label="{nk:div-label(.)}">
      <h2 class="div-label"><xsl:value-of select="nk:div-label(.)"/></h2>
      <xsl:apply-templates mode="#current"/>
    </section>
  </xsl:template>

  <xsl:function name="nk:div-label" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:sequence select="map{'speech': 'Speech', 'declaration': 'Written declaration', 'remarks': 'Further remarks'}
      ($div/@type)"/>
  </xsl:function>

  <xsl:template match="tei:head" mode="html" as="element(h:h2)">
    <h2 class="source-head"><xsl:apply-templates mode="#current"/></h2>
  </xsl:template>

  <xsl:template match="tei:p[@n]" mode="html" as="element(h:p)">
    <p id="p{@n}" class="numbered">
      <xsl:call-template name="nk:paragraph-number"/>
      <xsl:apply-templates mode="#current"/>
    </p>
  </xsl:template>

  <!-- A paragraph that quotes a whole document cannot be an HTML p: it holds block quotations. -->
  <xsl:template match="tei:p[@n][.//tei:floatingText]" mode="html" priority="2" as="element(h:div)">
    <div id="p{@n}" class="numbered p">
      <xsl:call-template name="nk:paragraph-number"/>
      <xsl:apply-templates mode="#current"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:p" mode="html" as="element(h:p)">
    <p><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <xsl:template name="nk:paragraph-number" as="element(h:a)">
    <!-- The number is drawn by the stylesheet, so that a copied paragraph holds only its text. -->
    <xsl:variable name="unit" select="nk:unit-number(.)"/>
    <a class="paragraph-number" href="#p{$unit}" data-n="{$unit}" aria-label="Paragraph {$unit}"
      title="Paragraph {$unit}: link to cite"></a>
  </xsl:template>

  <xsl:template match="tei:list[@type = 'ordered']" mode="html" as="element(h:ol)">
    <ol class="source-list"><xsl:apply-templates mode="#current"/></ol>
  </xsl:template>

  <xsl:template match="tei:list" mode="html" as="element(h:ul)">
    <ul class="source-list"><xsl:apply-templates mode="#current"/></ul>
  </xsl:template>

  <!-- An item of a numbered list is a citable unit of its own ("¶ 2.1"). -->
  <xsl:template match="tei:list[@type = 'ordered']/tei:item" mode="html" as="element(h:li)">
    <li value="{@n}" id="{nk:unit-anchor(.)}" class="numbered item">
      <xsl:call-template name="nk:paragraph-number"/>
      <xsl:apply-templates mode="#current"/>
    </li>
  </xsl:template>

  <xsl:template match="tei:item" mode="html" as="element(h:li)">
    <li><xsl:apply-templates mode="#current"/></li>
  </xsl:template>

  <xsl:template match="tei:quote[tei:floatingText]" mode="html" as="node()*">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <xsl:template match="tei:floatingText" mode="html" as="element(h:blockquote)">
    <blockquote class="embedded" id="{@xml:id}">
      <xsl:apply-templates select="tei:body/*" mode="#current"/>
    </blockquote>
  </xsl:template>

  <xsl:template match="tei:closer" mode="html" as="node()*">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <xsl:template match="tei:signed" mode="html" as="element(h:p)">
    <p class="signed"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <xsl:template match="tei:gi" mode="html" as="element(h:code)">
    <code>&lt;<xsl:value-of select="."/>&gt;</code>
  </xsl:template>

  <xsl:template match="tei:att" mode="html" as="element(h:code)">
    <code>@<xsl:value-of select="."/></code>
  </xsl:template>

  <xsl:template match="tei:val" mode="html" as="element(h:code)">
    <code>"<xsl:value-of select="."/>"</code>
  </xsl:template>

  <xsl:template match="tei:q | tei:quote[not(tei:floatingText)]" mode="html" as="element(h:q)">
    <q><xsl:apply-templates mode="#current"/></q>
  </xsl:template>

  <xsl:template match="tei:mentioned" mode="html" as="element(h:em)">
    <em class="mentioned"><xsl:apply-templates mode="#current"/></em>
  </xsl:template>

  <xsl:template match="tei:foreign" mode="html" as="element(h:i)">
    <i lang="{@xml:lang}"><xsl:apply-templates mode="#current"/></i>
  </xsl:template>

  <xsl:template match="tei:title" mode="html" as="element(h:cite)">
    <cite><xsl:apply-templates mode="#current"/></cite>
  </xsl:template>

  <xsl:template match="tei:bibl | tei:biblScope" mode="html" as="node()*">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <xsl:template match="tei:ref[@target]" mode="html" as="node()*">
    <a href="{nk:href(@target)}"><xsl:apply-templates mode="#current"/></a>
    <xsl:call-template name="markers-after-link"/>
  </xsl:template>

  <!-- A pointer that could run code is no link: its words stay, as plain text. -->
  <xsl:template match="tei:ref[@target][not(nk:safe-url(@target))]" mode="html" priority="3" as="node()*">
    <xsl:apply-templates mode="#current"/>
    <xsl:call-template name="markers-after-link"/>
  </xsl:template>

  <!-- Links cannot hold the markers of corrections and notes inside them (a reader could not reach them): the
       markers of everything inside a link follow it. -->
  <xsl:template name="markers-after-link" as="element(h:a)*">
    <xsl:if test="not(nk:in-link(.))">
      <xsl:apply-templates select=".//(tei:choice | tei:supplied | tei:note)[not(ancestor::tei:note)]" mode="marker"/>
    </xsl:if>
  </xsl:template>

  <!-- A pointer in TEI (file.xml#id) as a link in the site (file.html#id); a pointer at a whole document (its
       root id) is a link to its page. -->
  <xsl:function name="nk:href" as="xs:string">
    <xsl:param name="target" as="xs:string"/>
    <xsl:sequence select="if (starts-with($target, '#') and exists(nk:entry($target)))
        then nk:href('edition.xml' || $target)
        else if (starts-with($target, 'edition.xml#'))
        then (nk:entry($target) ! (nk:index-page(.) || '#' || @xml:id), '#')[1]
        else if (substring-after($target, '#') = 'nkid-' || substring-before($target, '.xml#'))
        then substring-before($target, '.xml#') || '.html'
        else replace($target, '\.xml(#|$)', '.html$1')"/>
  </xsl:function>

  <!-- HTML links cannot nest: inside a link, what would be another link is plain text. -->
  <xsl:function name="nk:in-link" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="exists($node/ancestor::*[self::tei:ref[@target]
        or (self::tei:persName | self::tei:placeName | self::tei:orgName | self::tei:rs)[@ref][exists(nk:entry(@ref))]])"/>
  </xsl:function>

  <xsl:template match="tei:ref[@target][nk:in-link(.)]" mode="html" priority="2" as="node()*">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <!-- Names: a name is a link to its entry in the indexes, unless it stands inside a link, or points at no entry (the
       validator refuses that). -->
  <xsl:template match="tei:persName[@ref] | tei:placeName[@ref] | tei:orgName[@ref] | tei:rs[@ref]" mode="html" as="node()*">
    <xsl:variable name="entry" select="nk:entry(@ref)"/>
    <xsl:choose>
      <xsl:when test="empty($entry) or nk:in-link(.)">
        <xsl:apply-templates mode="#current"/>
      </xsl:when>
      <xsl:otherwise>
        <a class="name {local-name($entry)}" href="{nk:index-page($entry)}#{$entry/@xml:id}" data-entry="{$entry/@xml:id}">
          <xsl:if test="@cert = ('medium', 'low')">
            <xsl:attribute name="data-cert" select="'Identification uncertain (' || @cert || ')'"/>
          </xsl:if>
          <xsl:apply-templates mode="#current"/>
        </a>
        <xsl:call-template name="markers-after-link"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Dates: each written date keeps what it says; both calendars are given on hover and focus. -->
  <xsl:template match="tei:date[@type = 'pair']" mode="html" as="element(h:span)">
    <span class="date-pair{if (@subtype = 'discrepant') then ' discrepant' else ''}" id="{nk:date-anchor(.)}">
      <xsl:apply-templates mode="#current"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:date[@when][@when-custom]" mode="html" as="element(h:span)">
    <span class="date" tabindex="0">
      <xsl:if test="not(parent::tei:date)"><xsl:attribute name="id" select="nk:date-anchor(.)"/></xsl:if>
      <time datetime="{@when}"><xsl:apply-templates mode="#current"/></time>
      <span class="explanation" role="tooltip">
        <xsl:value-of select="string-join(('Written in the ' || (if (nk:calendar(.) = 'julian') then 'Old Style (Julian)'
            else 'New Style (Gregorian)') || ' calendar. ' || nk:date-explanation(@when, @when-custom),
            nk:dating-reason(., $edition) ! ('Read so: ' || .)), ' ')"/>
      </span>
    </span>
  </xsl:template>

  <!-- Interventions: the reading text is shown; the source's reading travels with it. -->
  <xsl:template match="tei:choice" mode="html" as="element(h:span)">
    <xsl:variable name="number" select="nk:intervention-number(.)"/>
    <span class="intervention choice" id="i{$number}">
      <span class="corr"><xsl:apply-templates select="tei:corr/node()" mode="#current"/></span>
      <span class="sic"><xsl:apply-templates select="tei:sic/node()" mode="#current"/></span>
      <xsl:call-template name="intervention-ref">
        <xsl:with-param name="number" select="$number"/>
        <xsl:with-param name="what" select="'editorial correction'"/>
      </xsl:call-template>
    </span>
  </xsl:template>

  <xsl:template match="tei:supplied" mode="html" as="element(h:span)">
    <xsl:variable name="number" select="nk:intervention-number(.)"/>
    <span class="intervention supplied" id="i{$number}">
      <span class="corr">⟨<xsl:apply-templates mode="#current"/>⟩</span>
      <xsl:call-template name="intervention-ref">
        <xsl:with-param name="number" select="$number"/>
        <xsl:with-param name="what" select="'editorial addition'"/>
      </xsl:call-template>
    </span>
  </xsl:template>

  <!-- The mark after an intervention: its number, a link to its entry in the apparatus. Inside a link the mark
       follows the link (template markers-after-link). -->
  <xsl:template name="intervention-ref" as="element(h:a)?">
    <xsl:param name="number" as="xs:integer"/>
    <xsl:param name="what" as="xs:string"/>
    <xsl:if test="not(nk:in-link(.))">
      <xsl:apply-templates select="." mode="marker"/>
    </xsl:if>
  </xsl:template>

  <xsl:mode name="marker" on-no-match="deep-skip"/>
  <xsl:template match="tei:choice | tei:supplied" mode="marker" as="element(h:a)">
    <xsl:variable name="number" select="nk:intervention-number(.)"/>
    <a class="intervention-ref" id="iref{$number}" href="#app-i{$number}" data-n="{$number}"
      title="{nk:intervention-summary(.)}"
      aria-label="{if (self::tei:choice) then 'Editorial correction' else 'Editorial addition'} {$number}"></a>
  </xsl:template>

  <xsl:template match="tei:gap" mode="html" as="element(h:span)">
    <span class="gap" title="A passage left out by an earlier editor">...</span>
  </xsl:template>

  <xsl:template match="tei:metamark" mode="html" as="element(h:span)">
    <span class="metamark" title="The transcriber’s own query mark"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:function name="nk:intervention-summary" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="who" select="nk:entry(($element/tei:corr/@resp, $element/@resp)[1])"/>
    <xsl:variable name="certainty" select="($element/tei:corr/@cert, $element/@cert)[1]"/>
    <xsl:sequence select="string-join((
        if ($element/self::tei:choice)
        then 'Source reads “' || normalize-space($element/tei:sic) || '”; corrected (' || $element/tei:corr/@type || ')'
        else 'Not in the source; supplied',
        ' by ' || normalize-space($who) || '.',
        if ($certainty) then ' Certainty: ' || $certainty || '.' else ()), '')"/>
  </xsl:function>

  <!-- Notes: a numbered link in the text, the note itself at the foot of the page. Inside a link the marker
       follows the link (template markers-after-link). -->
  <xsl:template match="tei:note[@type = ('translator', 'editorial')]" mode="html" as="element(h:a)?">
    <xsl:if test="not(nk:in-link(.))">
      <xsl:apply-templates select="." mode="marker"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:note[@type = 'translator']" mode="marker" as="element(h:a)">
    <a class="note-ref translator" id="noteref-t{@n}" href="#note-t{@n}" role="doc-noteref"
      aria-label="Translator’s note {@n}"><sup><xsl:value-of select="@n"/></sup></a>
  </xsl:template>

  <xsl:template match="tei:note[@type = 'editorial']" mode="marker" as="element(h:a)">
    <xsl:variable name="label" select="nk:editorial-note-label(.)"/>
    <a class="note-ref editorial" id="noteref-e{$label}" href="#note-e{$label}" role="doc-noteref"
      aria-label="Editor’s note {$label}"><sup><xsl:value-of select="$label"/></sup></a>
  </xsl:template>

  <xsl:mode name="footnote" on-no-match="shallow-skip"/>
  <xsl:template match="tei:note[@type = 'translator']" mode="footnote" as="element(h:li)">
    <li id="note-t{@n}" class="translator" value="{@n}">
      <span class="note-label"><xsl:value-of select="@n"/>.</span>
      <span class="note-owner">Translator’s note.</span>
      <xsl:text> </xsl:text>
      <xsl:apply-templates mode="html"/>
      <xsl:text> </xsl:text>
      <a class="note-back" href="#noteref-t{@n}" aria-label="Back to the text of note {@n}">↩</a>
    </li>
  </xsl:template>

  <xsl:template match="tei:note[@type = 'editorial']" mode="footnote" as="element(h:li)">
    <xsl:variable name="label" select="nk:editorial-note-label(.)"/>
    <li id="note-e{$label}" class="editorial">
      <span class="note-label"><xsl:value-of select="$label"/>.</span>
      <span class="note-owner">Editor’s note.</span>
      <xsl:text> </xsl:text>
      <xsl:apply-templates mode="html"/>
      <xsl:text> </xsl:text>
      <a class="note-back" href="#noteref-e{$label}" aria-label="Back to the text of note {$label}">↩</a>
    </li>
  </xsl:template>
</xsl:stylesheet>

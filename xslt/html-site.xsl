<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-site.xsl: the pages of the web edition that are not one document's page.
  Input: the catalogue's outline (c:catalogue, every document's entry sorted by date, see build.outline), as
  context item and as $catalogue. Parameter $edition: the edition header. Output: one xsl:result-document per
  page, named relative to the output directory.
  Mode site (the outline without the mentions of names): index.html, documents.html (and documents-2.html … when
  the list is long), calendar.html (and calendar-2.html …), bibliography.html, search.html.
  Mode indexes (of each entry only its title and its mentions of names, given apart so that the two halves of the
  outline are never held at once): persons.html, places.html, organisations.html, and for an index entry
  mentioned in more documents than its index shows, mentions-<id>.html (with -2, -3 … when it is long).
  Mode changelog (input: the edition header, with the outline without the mentions as $catalogue): changelog.html
  (and changelog-2.html … when the changes are many).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:nk="urn:narkomindel" xmlns:c="urn:narkomindel:catalogue" xmlns:cite="urn:narkomindel:cite"
  xmlns="http://www.w3.org/1999/xhtml"
  xmlns:h="http://www.w3.org/1999/xhtml" xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  exclude-result-prefixes="#all">
  <xsl:import href="html.xsl"/>
  <xsl:import href="cite.xsl"/>
  <xsl:output method="xhtml" html-version="5" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>
  <xsl:mode name="site" on-no-match="shallow-skip"/>
  <xsl:mode name="indexes" on-no-match="shallow-skip"/>
  <!-- The modes of single parts of pages: each is applied only to the elements its templates match. -->
  <xsl:mode name="principles" on-no-match="deep-skip"/>
  <xsl:mode name="index-entry" on-no-match="deep-skip"/>
  <xsl:mode name="mentions-of" on-no-match="deep-skip"/>
  <xsl:mode name="documents-row" on-no-match="deep-skip"/>
  <xsl:mode name="from-source" on-no-match="deep-skip"/>
  <xsl:mode name="source-pages" on-no-match="deep-skip"/>
  <xsl:mode name="mentions-pages" on-no-match="deep-skip"/>
  <xsl:mode name="bibliography" on-no-match="deep-skip"/>

  <xsl:key name="mentions" match="c:mention" use="@ref"/>

  <xsl:template match="/" mode="site" as="empty-sequence()">
    <xsl:call-template name="home"/>
    <xsl:call-template name="documents"/>
    <xsl:call-template name="calendar"/>
    <xsl:call-template name="bibliography"/>
    <xsl:call-template name="search"/>
  </xsl:template>

  <xsl:template match="/" mode="indexes" as="empty-sequence()">
    <xsl:call-template name="index-page">
      <xsl:with-param name="file" select="'persons.html'"/>
      <xsl:with-param name="title" select="'Index of persons'"/>
      <xsl:with-param name="entries" select="$edition//tei:listPerson/tei:person"/>
    </xsl:call-template>
    <xsl:call-template name="index-page">
      <xsl:with-param name="file" select="'places.html'"/>
      <xsl:with-param name="title" select="'Index of places'"/>
      <xsl:with-param name="entries" select="$edition//tei:listPlace/tei:place"/>
    </xsl:call-template>
    <xsl:call-template name="index-page">
      <xsl:with-param name="file" select="'organisations.html'"/>
      <xsl:with-param name="title" select="'Index of organisations'"/>
      <xsl:with-param name="entries" select="$edition//tei:listOrg/tei:org"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================ home, for readers -->
  <xsl:template name="home" as="empty-sequence()">
    <xsl:variable name="documents" select="$catalogue//c:document"/>
    <xsl:result-document href="index.html">
      <xsl:call-template name="nk:page">
        <xsl:with-param name="title" select="'Home'"/>
        <xsl:with-param name="content" as="node()*">
          <article class="home">
            <h1><xsl:value-of select="$site-title"/></h1>
            <p class="subtitle"><xsl:value-of select="$edition//tei:titleStmt/tei:title[@type = 'sub']"/></p>
            <p class="lead">The notes, statements, speeches and orders of the Soviet People’s Commissariat for Foreign
              Affairs while Leon Trotsky headed it, from the first weeks after the October Revolution to the spring
              of 1918: <a href="documents.html"><xsl:value-of select="count($documents)"/> documents</a>, from
              <xsl:value-of select="nk:dateline($documents[1]/@when, $documents[1]/@julian)"/> to
              <xsl:value-of select="nk:dateline($documents[last()]/@when, $documents[last()]/@julian)"/>, in English
              translation.</p>
            <section aria-labelledby="read-title">
              <h2 id="read-title">Reading the edition</h2>
              <ul class="ways-in">
                <li><a href="documents.html">The documents</a>, in order of date, with their type, author and
                  addressee.</li>
                <li>The indexes of <a href="persons.html">persons</a>, <a href="places.html">places</a> and
                  <a href="organisations.html">organisations</a>: who and what is named, and where.</li>
                <li><a href="search.html">Search</a> the texts, the notes and every spelling of a name.</li>
                <li>The <a href="calendar.html">calendar concordance</a>: every day named in the documents in both
                  calendars.</li>
              </ul>
              <p>Each document is given as its source prints it. Where the source has a misprint, the text shows
                the correction, marked with a small numbered sign (°1) that leads to the source’s own reading; the
                button “Source text” shows the source’s readings throughout. Names can be pointed at or tapped for a
                short note on the person, place or organisation.</p>
            </section>
            <section aria-labelledby="calendars-title">
              <h2 id="calendars-title">Two calendars</h2>
              <xsl:call-template name="two-calendars"/>
            </section>
            <section aria-labelledby="sources-title">
              <h2 id="sources-title">Sources</h2>
              <ul>
                <xsl:for-each select="$edition//tei:listBibl/tei:bibl[tei:idno[@type = 'file']]">
                  <li><a href="bibliography.html#{@xml:id}"><cite><xsl:value-of select="normalize-space((tei:title[@level = ('m', 'j')])[1])"/></cite></a>:
                    <xsl:apply-templates select="tei:note[@type = 'description']/node()" mode="html"/></li>
                </xsl:for-each>
              </ul>
            </section>
            <section aria-labelledby="howto-title">
              <h2 id="howto-title">How to cite</h2>
              <p>Every document page has a “Cite” button at its top with a ready citation. To cite a paragraph,
                choose its number in the margin first: the citation then points at it, as in <code><xsl:value-of
                  select="$base-url || $documents[1]/@href || '#p1'"/></code>. Page names and paragraph numbers do
                not change once published. The edition as a whole:</p>
              <p class="citation"><xsl:value-of select="$editors"/>, eds., <cite><xsl:value-of select="$site-title"/></cite>,
                version <xsl:value-of select="$version"/> (<xsl:value-of select="nk:gregorian-words($edition-date)"/>),
                <xsl:value-of select="$base-url"/>.</p>
            </section>
            <p class="version">Version <xsl:value-of select="$version"/>,
              <xsl:value-of select="nk:gregorian-words($edition-date)"/>. How the texts are encoded and edited:
              <a href="encoding.html">editorial principles and encoding</a>.</p>
          </article>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
    <xsl:call-template name="encoding"/>
  </xsl:template>

  <xsl:template name="two-calendars" as="element(h:p)">
    <p>Until 31 January 1918 Russia counted by the Julian calendar (“Old Style”), 13 days behind the
                Gregorian calendar (“New Style”) used elsewhere; the next day was 14 February 1918. Dates before the
                change are given in both, Old Style first: “8 (21) November 1917”. Point at or select a date to see
                both calendars; each date keeps the calendar in which the source wrote it.</p>
  </xsl:template>

  <!-- ============================================================ editorial principles and encoding -->
  <xsl:template name="encoding" as="empty-sequence()">
    <xsl:result-document href="encoding.html">
      <xsl:call-template name="nk:page">
        <xsl:with-param name="title" select="'Editorial principles and encoding'"/>
        <xsl:with-param name="content" as="node()*">
          <article class="encoding">
            <h1>Editorial principles and encoding</h1>
            <p>The edition is encoded in TEI P5; every document page links to its TEI source.</p>
            <xsl:apply-templates select="$edition//tei:projectDesc/tei:p" mode="html"/>
            <section aria-labelledby="principles-title" class="principles">
              <h2 id="principles-title">Editorial principles</h2>
              <xsl:apply-templates select="$edition//tei:editorialDecl/*" mode="principles"/>
            </section>
            <section aria-labelledby="calendars-title">
              <h2 id="calendars-title">Calendars</h2>
              <xsl:for-each select="$edition//tei:calendarDesc/tei:calendar">
                <xsl:apply-templates select="tei:p" mode="html"/>
              </xsl:for-each>
            </section>
          </article>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
  </xsl:template>

  <xsl:template match="tei:correction | tei:normalization | tei:quotation | tei:punctuation | tei:segmentation
      | tei:interpretation | tei:stdVals" mode="principles" as="element()*">
    <h3><xsl:value-of select="map{'correction': 'Corrections', 'normalization': 'Normalisation',
        'quotation': 'Quotations', 'punctuation': 'Punctuation and omissions', 'segmentation': 'Paragraphs',
        'interpretation': 'Names and dates', 'stdVals': 'Dates in the encoding'}(local-name())"/></h3>
    <xsl:apply-templates select="tei:p" mode="html"/>
  </xsl:template>

  <xsl:template match="tei:p" mode="principles" as="element()*">
    <xsl:apply-templates select="." mode="html"/>
  </xsl:template>

  <!-- ============================================================ list of documents -->
  <!-- The list of documents in order of date, $documents-per-page to a page: documents.html, documents-2.html … -->
  <xsl:template name="documents" as="empty-sequence()">
    <xsl:variable name="documents" select="$catalogue//c:document"/>
    <xsl:variable name="pages" select="max((1, xs:integer(ceiling(count($documents) div $documents-per-page))))"/>
    <xsl:variable name="names" select="(1 to $pages) ! nk:list-page('documents', .)"/>
    <xsl:for-each select="1 to $pages">
      <xsl:variable name="number" select="."/>
      <xsl:variable name="shown" select="subsequence($documents, ($number - 1) * $documents-per-page + 1, $documents-per-page)"/>
      <xsl:result-document href="{nk:list-page('documents', $number)}">
        <xsl:call-template name="nk:page">
          <xsl:with-param name="title" select="'Documents' || (if ($pages gt 1) then ', page ' || $number || ' of ' || $pages else '')"/>
          <xsl:with-param name="current" select="'documents.html'"/>
          <xsl:with-param name="content" as="node()*">
            <h1>Documents in chronological order</h1>
            <xsl:if test="$pages gt 1">
              <p>The edition has <xsl:value-of select="count($documents)"/> documents; this page lists
                <xsl:value-of select="($number - 1) * $documents-per-page + 1"/>–<xsl:value-of
                select="($number - 1) * $documents-per-page + count($shown)"/>. Sorting and the choice of type apply to
                this page.</p>
              <xsl:call-template name="pager">
                <xsl:with-param name="pages" select="$names"/>
                <xsl:with-param name="current" select="$number"/>
              </xsl:call-template>
            </xsl:if>
            <div class="table-filter" hidden="hidden">
              <label for="type-filter">Show</label>
              <select id="type-filter">
                <option value="">all types</option>
                <xsl:for-each select="$edition//tei:taxonomy/tei:category[@xml:id = $shown/@type]">
                  <option value="{@xml:id}"><xsl:value-of select="nk:kind-label('#' || @xml:id)"/></option>
                </xsl:for-each>
              </select>
            </div>
            <table class="documents sortable stacked">
              <caption>Every document of the edition<xsl:if test="$pages gt 1"> on this page</xsl:if>, with its date in both calendars.</caption>
              <thead>
                <tr>
                  <th scope="col" data-sort="text">New Style</th>
                  <th scope="col" data-sort="text">Old Style</th>
                  <th scope="col" data-sort="text">Title</th>
                  <th scope="col" data-sort="text">Author → addressee</th>
                  <th scope="col" data-sort="text">Type</th>
                  <th scope="col" data-sort="text">Source</th>
                </tr>
              </thead>
              <tbody>
                <xsl:apply-templates select="$shown" mode="documents-row"/>
              </tbody>
            </table>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="c:document" mode="documents-row" as="element(h:tr)">
    <tr data-type="{@type}">
      <td data-sort-key="{@when}" data-label="New Style"><time datetime="{@when}"><xsl:value-of select="nk:gregorian-words(@when)"/></time></td>
      <td data-sort-key="{@julian}" data-label="Old Style"><xsl:value-of select="nk:gregorian-words(@julian)"/></td>
      <td data-label="Title"><a href="{@href}"><xsl:value-of select="c:title"/></a></td>
      <td data-label="Author → addressee"><xsl:value-of select="string-join(c:author, '; ')"/>
        <xsl:if test="c:addressee"> → <xsl:value-of select="string-join(c:addressee, '; ')"/></xsl:if></td>
      <td data-label="Type"><xsl:value-of select="nk:kind-label('#' || @type)"/></td>
      <td data-label="Source"><xsl:value-of select="key('entry', @source, $edition)/tei:title[@type = 'short']"/>
        <xsl:if test="c:citation/@source">; <xsl:value-of select="c:citation"/></xsl:if></td>
    </tr>
  </xsl:template>

  <!-- ============================================================ indexes -->
  <xsl:template name="index-page" as="empty-sequence()">
    <xsl:param name="file" as="xs:string"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="entries" as="element()*"/>
    <xsl:result-document href="{$file}">
      <xsl:call-template name="nk:page">
        <xsl:with-param name="title" select="$title"/>
        <xsl:with-param name="current" select="$file"/>
        <xsl:with-param name="content" as="node()*">
          <h1><xsl:value-of select="$title"/></h1>
          <xsl:apply-templates select="sort($entries, (), function($e) { lower-case(nk:entry-label($e)) })"
            mode="index-entry"/>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
    <xsl:apply-templates select="$entries" mode="mentions-pages">
      <xsl:with-param name="index" select="$file"/>
      <xsl:with-param name="index-title" select="$title"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="tei:person | tei:place | tei:org" mode="index-entry" as="element(h:section)">
    <xsl:variable name="mentions" select="key('mentions', @xml:id, $catalogue)"/>
    <section class="index-entry" id="{@xml:id}" aria-labelledby="{@xml:id}-name">
      <h2 id="{@xml:id}-name"><xsl:value-of select="nk:entry-label(.)"/>
        <xsl:if test="tei:birth or tei:death">
          <span class="life"> (<xsl:value-of select="tei:birth/@when"/>–<xsl:value-of select="tei:death/@when"/>)</span>
        </xsl:if></h2>
      <xsl:for-each select="tei:occupation, tei:desc">
        <p><xsl:apply-templates mode="html"/></p>
      </xsl:for-each>
      <xsl:for-each select="tei:note">
        <p class="entry-note"><xsl:apply-templates mode="html"/></p>
      </xsl:for-each>
      <xsl:variable name="variants" select="(tei:persName, tei:placeName, tei:orgName)[@type = 'variant']"/>
      <xsl:if test="$variants">
        <p class="variants">Also written: <xsl:value-of select="string-join($variants ! normalize-space(), '; ')"/>.</p>
      </xsl:if>
      <xsl:for-each select="tei:idno[@type = 'wikidata']">
        <p class="authority">Wikidata: <a href="https://www.wikidata.org/wiki/{.}"><xsl:value-of select="."/></a></p>
      </xsl:for-each>
      <xsl:for-each select="tei:idno[@type = 'GND'][matches(., '^[0-9X-]+$')]">
        <p class="authority">GND: <a href="https://d-nb.info/gnd/{.}"><xsl:value-of select="."/></a></p>
      </xsl:for-each>
      <xsl:for-each select="tei:idno[@type = 'VIAF'][matches(., '^[0-9]+$')]">
        <p class="authority">VIAF: <a href="https://viaf.org/viaf/{.}"><xsl:value-of select="."/></a></p>
      </xsl:for-each>
      <xsl:for-each select="tei:idno[@type = 'geonames'][matches(., '^[0-9]+$')]">
        <p class="authority">GeoNames: <a href="https://www.geonames.org/{.}"><xsl:value-of select="."/></a></p>
      </xsl:for-each>
      <xsl:variable name="documents" as="element(c:document)*" select="$mentions/.."/>
      <xsl:choose>
        <xsl:when test="$mentions">
          <p class="mentions-title">Mentioned in <xsl:value-of select="nk:count($documents, 'document')"/><xsl:if
              test="count($documents) gt $mentions-shown">; the first <xsl:value-of select="$mentions-shown"/> in order
              of date</xsl:if>:</p>
          <ul class="mentions">
            <xsl:apply-templates select="$documents[position() le $mentions-shown]" mode="mentions-of">
              <xsl:with-param name="ref" select="@xml:id"/>
            </xsl:apply-templates>
          </ul>
          <xsl:if test="count($documents) gt $mentions-shown">
            <p class="all-mentions"><a href="{nk:list-page('mentions-' || @xml:id, 1)}">All <xsl:value-of
                select="count($documents)"/> documents that mention <xsl:value-of select="nk:entry-label(.)"/></a></p>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise><p class="mentions-title">Not mentioned in the texts; named in the edition’s apparatus.</p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- An index page shows each entry's first mentions; the whole list is on pages of the entry's own, so that no
       page grows with the edition beyond $documents-per-page documents. -->
  <xsl:param name="mentions-shown" as="xs:integer" select="12"/>
  <xsl:param name="documents-per-page" as="xs:integer" select="250"/>

  <xsl:function name="nk:count" as="xs:string">
    <xsl:param name="items" as="item()*"/>
    <xsl:param name="noun" as="xs:string"/>
    <xsl:sequence select="count($items) || ' ' || $noun || (if (count($items) = 1) then '' else 's')"/>
  </xsl:function>

  <xsl:template match="c:document" mode="mentions-of" as="element(h:li)">
    <xsl:param name="ref" as="xs:string"/>
    <li>
      <a href="{@href}"><xsl:value-of select="nk:dateline(@when, @julian)"/>:
        <xsl:value-of select="c:title"/></a>
      <xsl:text> — </xsl:text>
      <xsl:for-each-group select="c:mention[@ref = $ref]" group-by="@at">
        <xsl:if test="position() gt 1">, </xsl:if>
        <a href="{../@href}#{@at}"><xsl:value-of select="@where"/></a>
      </xsl:for-each-group>
    </li>
  </xsl:template>

  <!-- The pages of every document that mentions an entry, for an entry mentioned in more than the index shows. -->
  <xsl:template match="tei:person | tei:place | tei:org" mode="mentions-pages" as="empty-sequence()">
    <xsl:param name="index" as="xs:string"/>
    <xsl:param name="index-title" as="xs:string"/>
    <xsl:variable name="documents" as="element(c:document)*" select="key('mentions', @xml:id, $catalogue)/.."/>
    <xsl:if test="count($documents) gt $mentions-shown">
      <xsl:call-template name="list-pages">
        <xsl:with-param name="file" select="'mentions-' || @xml:id"/>
        <xsl:with-param name="title" select="'Mentions of ' || nk:entry-label(.)"/>
        <xsl:with-param name="current" select="$index"/>
        <xsl:with-param name="back" as="node()+">
          <a href="{$index}#{@xml:id}">The entry in the <xsl:value-of select="lower-case($index-title)"/></a>.
          <xsl:value-of select="nk:count($documents, 'document')"/> mention it.</xsl:with-param>
        <xsl:with-param name="items" as="element(h:li)*">
          <xsl:apply-templates select="$documents" mode="mentions-of">
            <xsl:with-param name="ref" select="@xml:id"/>
          </xsl:apply-templates>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- A list too long for one page, on pages of $documents-per-page items: FILE.html, FILE-2.html …, each with
       the title, a sentence that leads back to where the list belongs, which items it holds, and the pager. -->
  <xsl:template name="list-pages" as="empty-sequence()">
    <xsl:param name="file" as="xs:string"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="current" as="xs:string"/>
    <xsl:param name="back" as="node()+"/>
    <xsl:param name="items" as="element(h:li)*"/>
    <xsl:variable name="pages" select="xs:integer(ceiling(count($items) div $documents-per-page))"/>
    <xsl:variable name="names" select="(1 to $pages) ! nk:list-page($file, .)"/>
    <xsl:for-each select="1 to $pages">
      <xsl:variable name="number" select="."/>
      <xsl:result-document href="{nk:list-page($file, $number)}">
        <xsl:call-template name="nk:page">
          <xsl:with-param name="title" select="$title || (if ($pages gt 1) then ', page ' || $number || ' of ' || $pages else '')"/>
          <xsl:with-param name="current" select="$current"/>
          <xsl:with-param name="content" as="node()*">
            <h1><xsl:value-of select="$title"/></h1>
            <p><xsl:sequence select="$back"/><xsl:if test="$pages gt 1"> This page lists <xsl:value-of
                select="($number - 1) * $documents-per-page + 1"/>–<xsl:value-of
                select="min(($number * $documents-per-page, count($items)))"/>, in order of date.</xsl:if></p>
            <xsl:call-template name="pager">
              <xsl:with-param name="pages" select="$names"/>
              <xsl:with-param name="current" select="$number"/>
            </xsl:call-template>
            <ul class="mentions">
              <xsl:sequence select="subsequence($items, ($number - 1) * $documents-per-page + 1, $documents-per-page)"/>
            </ul>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>
  </xsl:template>



  <!-- ============================================================ calendar concordance -->
  <!-- The concordance, one row a day in order, on pages of about $documents-per-page entries (a day is never
       split): calendar.html, calendar-2.html … The first page also explains the calendars and lists the pairs
       that disagree. -->
  <xsl:template name="calendar" as="empty-sequence()">
    <xsl:variable name="days" as="array(element())*">
      <xsl:for-each-group select="$catalogue//(c:document | c:date/c:written)" group-by="string(@when)">
        <xsl:sort select="current-grouping-key()"/>
        <xsl:sequence select="array{current-group()}"/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:variable name="page-of-day" as="xs:integer*">
      <xsl:iterate select="$days">
        <xsl:param name="page" as="xs:integer" select="1"/>
        <xsl:param name="filled" as="xs:integer" select="0"/>
        <xsl:variable name="turn" select="$filled gt 0 and $filled + array:size(.) gt $documents-per-page"/>
        <xsl:sequence select="if ($turn) then $page + 1 else $page"/>
        <xsl:next-iteration>
          <xsl:with-param name="page" select="if ($turn) then $page + 1 else $page"/>
          <xsl:with-param name="filled" select="(if ($turn) then 0 else $filled) + array:size(.)"/>
        </xsl:next-iteration>
      </xsl:iterate>
    </xsl:variable>
    <xsl:variable name="pages" select="max((1, $page-of-day))"/>
    <xsl:variable name="names" select="(1 to $pages) ! nk:list-page('calendar', .)"/>
    <xsl:for-each select="1 to $pages">
      <xsl:variable name="number" select="."/>
      <xsl:variable name="shown" as="array(element())*"
        select="for $day in 1 to count($days) return $days[$day][$page-of-day[$day] = $number]"/>
      <xsl:result-document href="{nk:list-page('calendar', $number)}">
        <xsl:call-template name="nk:page">
          <xsl:with-param name="title" select="'Calendar concordance' || (if ($pages gt 1) then ', page ' || $number || ' of ' || $pages else '')"/>
          <xsl:with-param name="current" select="'calendar.html'"/>
          <xsl:with-param name="content" as="node()*">
            <h1>Calendar concordance</h1>
            <xsl:if test="$number = 1">
              <xsl:call-template name="two-calendars"/>
              <p>How the dates are encoded: <a href="encoding.html#calendars-title">editorial principles and encoding</a>.</p>
              <xsl:call-template name="discrepancies"/>
            </xsl:if>
            <h2 id="all-dates">Every date in the edition</h2>
            <xsl:if test="$pages gt 1">
              <p>This page lists the days from <xsl:value-of select="nk:gregorian-words(string($shown[1](1)/@when))"/> to
                <xsl:value-of select="nk:gregorian-words(string($shown[last()](1)/@when))"/> (New Style).</p>
              <xsl:call-template name="pager">
                <xsl:with-param name="pages" select="$names"/>
                <xsl:with-param name="current" select="$number"/>
              </xsl:call-template>
            </xsl:if>
            <table class="concordance stacked">
              <caption>Every day named in the texts and notes, and every document’s date, once a day, in order.</caption>
              <thead>
                <tr><th scope="col">Old Style</th><th scope="col">New Style</th>
                  <th scope="col">Written there, and where</th></tr>
              </thead>
              <tbody>
                <xsl:for-each select="$shown">
                  <xsl:call-template name="calendar-day">
                    <xsl:with-param name="entries" select="?*"/>
                  </xsl:call-template>
                </xsl:for-each>
              </tbody>
            </table>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="discrepancies" as="element()+">
    <h2 id="discrepancies">Date pairs that do not agree</h2>
    <xsl:variable name="discrepant" select="$catalogue//c:date[@discrepant = 'true']"/>
    <xsl:if test="not($discrepant)"><p>None.</p></xsl:if>
    <xsl:for-each select="$discrepant">
      <div class="discrepancy">
        <p><a href="{../@href}#{@anchor}">“<xsl:value-of select="string-join(c:written, ' … ')"/>”</a> in
          <a href="{../@href}"><xsl:value-of select="../c:title"/></a>, <xsl:value-of select="@where"/>.</p>
        <ul>
          <xsl:for-each select="c:written">
            <li>“<xsl:value-of select="."/>”, written <xsl:value-of select="if (@calendar = 'julian') then 'Old Style' else 'New Style'"/>:
              <xsl:value-of select="nk:dual-date(@when, @julian)"/></li>
          </xsl:for-each>
        </ul>
        <p class="explanation-text"><xsl:value-of select="c:explanation"/></p>
      </div>
    </xsl:for-each>
  </xsl:template>

  <!-- One day of the concordance: the documents dated on it and the places where the texts name it. -->
  <xsl:template name="calendar-day" as="element(h:tr)">
    <xsl:param name="entries" as="element()+"/>
    <xsl:for-each select="$entries[1]">
      <tr id="day-{@when}">
        <th scope="row" data-label="Old Style"><xsl:value-of select="nk:gregorian-words(@julian)"/></th>
        <td data-label="New Style"><time datetime="{@when}"><xsl:value-of select="nk:gregorian-words(@when)"/></time></td>
        <td data-label="Written there">
          <ul class="day-entries">
            <!-- Both halves of a pair fall on one day: the pair is listed once. -->
            <xsl:for-each-group select="$entries" group-by="generate-id((parent::c:date, self::c:document)[1])">
              <xsl:sort select="(ancestor-or-self::c:document/@when)"/>
              <xsl:variable name="document" select="ancestor-or-self::c:document"/>
              <li>
                <xsl:choose>
                  <xsl:when test="self::c:document">
                    <a href="{@href}">Date of <xsl:value-of select="c:title"/></a>
                    (“<xsl:value-of select="c:written"/>”, <xsl:value-of select="nk:calendar-name(@calendar)"/>)
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:text>“</xsl:text><xsl:value-of select="string-join(../c:written, ' … ')"/><xsl:text>” (</xsl:text>
                    <xsl:value-of select="string-join(distinct-values(../c:written/@calendar ! nk:calendar-name(.)), ', ')"/>
                    <xsl:text>) in </xsl:text>
                    <a href="{$document/@href}#{../@at}"><xsl:value-of select="$document/c:title"/>,
                      <xsl:value-of select="../@where"/></a>
                  </xsl:otherwise>
                </xsl:choose>
              </li>
            </xsl:for-each-group>
          </ul>
        </td>
      </tr>
    </xsl:for-each>
  </xsl:template>

  <xsl:function name="nk:calendar-name" as="xs:string">
    <xsl:param name="calendar" as="xs:string"/>
    <xsl:sequence select="if ($calendar = 'julian') then 'Old Style' else 'New Style'"/>
  </xsl:function>

  <!-- ============================================================ bibliography -->
  <xsl:template name="bibliography" as="empty-sequence()">
    <xsl:result-document href="bibliography.html">
      <xsl:call-template name="nk:page">
        <xsl:with-param name="title" select="'Bibliography'"/>
        <xsl:with-param name="current" select="'bibliography.html'"/>
        <xsl:with-param name="content" as="node()*">
          <h1>Bibliography</h1>
          <xsl:apply-templates select="$edition//tei:listBibl[@xml:id = 'sources']/tei:bibl" mode="bibliography"/>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
    <xsl:apply-templates select="$edition//tei:listBibl[@xml:id = 'sources']/tei:bibl" mode="source-pages"/>
  </xsl:template>

  <xsl:template match="tei:bibl" mode="bibliography" as="element(h:section)">
    <xsl:variable name="documents" as="element(c:document)*"
      select="key('taken-from', @xml:id, $catalogue) | key('cited-from', @xml:id, $catalogue)"/>
    <section class="bibl" id="{@xml:id}" aria-labelledby="{@xml:id}-title">
      <h2 id="{@xml:id}-title"><xsl:value-of select="nk:bibl-title(.)"/></h2>
      <p class="record">
        <xsl:value-of select="string-join((
            (tei:author, tei:editor) ! normalize-space(),
            tei:title[@type = 'translated'] ! ('[' || normalize-space() || ']'),
            tei:respStmt ! string-join((tei:resp, tei:persName, tei:name, tei:orgName) ! normalize-space(), ' '),
            tei:title[@level = ('s', 'j')][not(. = current()/tei:title[1])] ! normalize-space(),
            tei:biblScope ! normalize-space(),
            string-join((tei:pubPlace, tei:publisher) ! normalize-space(), ': '),
            tei:date ! normalize-space()
          )[. != ''], '. ')"/>.</p>
      <!-- Where a source is online, its address; an address that could run code is not given. -->
      <xsl:for-each select="(tei:ref/@target, tei:ptr/@target, tei:idno[@type = 'URL'])[nk:safe-url(.)]">
        <p class="online">Online: <a href="{.}"><xsl:value-of select="."/></a></p>
      </xsl:for-each>
      <xsl:for-each select="tei:note[not(@type = 'furniture')]">
        <p><xsl:apply-templates mode="html"/></p>
      </xsl:for-each>
      <xsl:for-each select="tei:note[@type = 'furniture']">
        <details>
          <summary>Words of the source not reproduced in the documents</summary>
          <ul><xsl:for-each select=".//tei:quote"><li><q><xsl:value-of select="."/></q></li></xsl:for-each></ul>
        </details>
      </xsl:for-each>
      <xsl:if test="$documents">
        <p class="mentions-title">Documents <xsl:value-of select="nk:taken-or-cited(.)"/> it<xsl:if
            test="count($documents) gt $mentions-shown"> (<xsl:value-of select="count($documents)"/>; the first
            <xsl:value-of select="$mentions-shown"/> in order of date)</xsl:if>:</p>
        <ul class="mentions">
          <xsl:apply-templates select="$documents[position() le $mentions-shown]" mode="from-source">
            <xsl:with-param name="source" select="@xml:id"/>
          </xsl:apply-templates>
        </ul>
        <xsl:if test="count($documents) gt $mentions-shown">
          <p class="all-mentions"><a href="{nk:list-page('sources-' || @xml:id, 1)}">All <xsl:value-of
              select="count($documents)"/> documents <xsl:value-of select="nk:taken-or-cited(.)"/> it</a></p>
        </xsl:if>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- The pages of every document taken or cited from a source, for a source with more than the bibliography
       shows. -->
  <xsl:template match="tei:bibl" mode="source-pages" as="empty-sequence()">
    <xsl:variable name="documents" as="element(c:document)*"
      select="key('taken-from', @xml:id, $catalogue) | key('cited-from', @xml:id, $catalogue)"/>
    <xsl:if test="count($documents) gt $mentions-shown">
      <xsl:call-template name="list-pages">
        <xsl:with-param name="file" select="'sources-' || @xml:id"/>
        <xsl:with-param name="title" select="'Documents ' || nk:taken-or-cited(.) || ' ' || nk:bibl-title(.)"/>
        <xsl:with-param name="current" select="'bibliography.html'"/>
        <xsl:with-param name="back" as="node()+">
          <a href="bibliography.html#{@xml:id}">The source in the bibliography</a>.</xsl:with-param>
        <xsl:with-param name="items" as="element(h:li)*">
          <xsl:apply-templates select="$documents" mode="from-source">
            <xsl:with-param name="source" select="@xml:id"/>
          </xsl:apply-templates>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:key name="taken-from" match="c:document" use="@source"/>
  <xsl:key name="cited-from" match="c:document" use="c:citation/@source"/>

  <xsl:function name="nk:bibl-title" as="xs:string">
    <xsl:param name="bibl" as="element(tei:bibl)"/>
    <xsl:sequence select="normalize-space(($bibl/tei:title[not(@type)], $bibl/tei:title)[1])"/>
  </xsl:function>

  <xsl:function name="nk:taken-or-cited" as="xs:string">
    <xsl:param name="bibl" as="element(tei:bibl)"/>
    <xsl:sequence select="if (exists(key('taken-from', $bibl/@xml:id, $catalogue))) then 'taken from' else 'cited from'"/>
  </xsl:function>

  <xsl:template match="c:document" mode="from-source" as="element(h:li)">
    <xsl:param name="source" as="xs:string"/>
    <li><a href="{@href}"><xsl:value-of select="nk:dateline(@when, @julian)"/>: <xsl:value-of select="c:title"/></a>
      <xsl:if test="c:citation/@source = $source"> (<xsl:value-of select="c:citation"/>)</xsl:if></li>
  </xsl:template>

  <!-- ============================================================ search -->
  <xsl:template name="search" as="empty-sequence()">
    <xsl:result-document href="search.html">
      <xsl:call-template name="nk:page">
        <xsl:with-param name="title" select="'Search'"/>
        <xsl:with-param name="current" select="'search.html'"/>
        <xsl:with-param name="head" as="node()*">
          <script src="search/manifest.js" defer="defer"></script>
        </xsl:with-param>
        <xsl:with-param name="content" as="node()*">
          <h1>Search the documents</h1>
          <form class="search-form" role="search" action="search.html" method="get">
            <label for="search-input">Words to find</label>
            <input type="search" id="search-input" name="q" autocomplete="off"/>
            <button type="submit">Search</button>
            <div class="search-filters" hidden="hidden">
              <label for="search-type">Type</label>
              <select id="search-type">
                <option value="">all types</option>
                <xsl:for-each select="$edition//tei:taxonomy/tei:category[@xml:id = $catalogue//c:document/@type]">
                  <option value="{@xml:id}"><xsl:value-of select="nk:kind-label('#' || @xml:id)"/></option>
                </xsl:for-each>
              </select>
              <label for="search-year">Year</label>
              <select id="search-year"><option value="">all years</option></select>
            </div>
          </form>
          <p class="hint">Finds words in the texts, the notes and the items of numbered lists, and every form of a
            name that the indexes give, whatever the accents and capitals.</p>
          <!-- Without the page script this says why search does not work; the script replaces it by its results. -->
          <p class="search-status" aria-live="polite">Searching needs JavaScript. Without it, use the
            <a href="documents.html">list of documents</a> and the indexes of <a href="persons.html">persons</a>,
            <a href="places.html">places</a> and <a href="organisations.html">organisations</a>.</p>
          <ol class="search-results"></ol>
          <p><button type="button" class="search-more" hidden="hidden">Show more passages</button></p>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
  </xsl:template>


  <!-- ============================================================ the changelog page
       Applied to the edition header: every change of the edition and of every document, newest first, and the
       list of the edition's data files. -->
  <xsl:mode name="changelog" on-no-match="shallow-skip"/>
  <xsl:param name="changes-per-page" as="xs:integer" select="250"/>
  <xsl:template match="/" mode="changelog">
    <!-- The edition's own changes, then each document's, as its catalogue entry records them: newest first, on a
         day the edition's own first. The first page is the result; the others are changelog-2.html … -->
    <xsl:variable name="changes" as="element()*">
      <xsl:perform-sort select="tei:TEI/tei:teiHeader/tei:revisionDesc/tei:change, $catalogue/c:catalogue/c:document/c:change">
        <xsl:sort select="string(@when)" order="descending"/>
        <xsl:sort select="exists(self::tei:change)" order="descending"/>
        <xsl:sort select="string(../@id)"/>
      </xsl:perform-sort>
    </xsl:variable>
    <xsl:variable name="pages" select="max((1, xs:integer(ceiling(count($changes) div $changes-per-page))))"/>
    <xsl:variable name="names" select="(1 to $pages) ! nk:list-page('changelog', .)"/>
    <xsl:for-each select="2 to $pages">
      <xsl:variable name="number" select="."/>
      <xsl:result-document href="{nk:list-page('changelog', $number)}">
        <xsl:call-template name="nk:page">
          <xsl:with-param name="title" select="'Changelog, page ' || $number || ' of ' || $pages"/>
          <xsl:with-param name="content" as="node()*">
            <h1>Changelog</h1>
            <xsl:call-template name="pager">
              <xsl:with-param name="pages" select="$names"/>
              <xsl:with-param name="current" select="$number"/>
            </xsl:call-template>
            <xsl:call-template name="changes">
              <xsl:with-param name="changes" select="subsequence($changes, ($number - 1) * $changes-per-page + 1, $changes-per-page)"/>
            </xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>
    <xsl:call-template name="nk:page">
      <xsl:with-param name="title" select="'Changelog and data'"/>
      <xsl:with-param name="content" as="node()*">
        <h1>Changelog and data</h1>
        <p>This is version <xsl:value-of select="$cite:version"/> of <xsl:value-of select="$cite:edition-title"/>,
          published <xsl:value-of select="nk:gregorian-words($cite:edition-date)"/>. Every citation names the version
          it cites; the changes below say what changed when, in the edition as a whole and in each document.</p>
        <p class="cite-edition">Cite the edition as: <xsl:value-of select="cite:chicago(cite:edition-record())"/></p>
        <xsl:call-template name="pager">
          <xsl:with-param name="pages" select="$names"/>
          <xsl:with-param name="current" select="1"/>
        </xsl:call-template>
        <xsl:call-template name="changes">
          <xsl:with-param name="changes" select="subsequence($changes, 1, $changes-per-page)"/>
        </xsl:call-template>
        <section class="data" id="data" aria-labelledby="data-title">
          <h2 id="data-title">The edition as data</h2>
          <ul>
            <li><a href="data/narkomindel-1917-1918.xml">The whole edition as one TEI file</a> (<code>teiCorpus</code>)</li>
            <li><a href="data/narkomindel-1917-1918-tei.zip">The TEI files in a zip archive</a></li>
            <li><a href="data/cmif.xml">Correspondence metadata (CMIF)</a> of every document with a sender and an addressee</li>
            <li><a href="data/documents.json">Metadata of every document (JSON)</a> and <a href="data/metadata.schema.json">its JSON Schema</a></li>
            <li>Citations of the whole edition:
              <xsl:for-each select="$cite:downloads">
                <xsl:if test="position() gt 1"> · </xsl:if>
                <a href="cite/{$cite:edition-id}.{?extension}" type="{?type}"><xsl:value-of select="?label"/></a>
              </xsl:for-each>
              <xsl:text>; of each document: on its page.</xsl:text></li>
          </ul>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Changes in order, under the day they were made. -->
  <xsl:template name="changes" as="element()*">
    <xsl:param name="changes" as="element()*"/>
    <xsl:for-each-group select="$changes" group-adjacent="string(@when)">
      <section class="changes-of-day" aria-labelledby="changes-{current-grouping-key()}">
        <h2 id="changes-{current-grouping-key()}"><time datetime="{current-grouping-key()}">
          <xsl:value-of select="nk:gregorian-words(current-grouping-key())"/></time></h2>
        <ul class="changes">
          <xsl:for-each select="current-group()">
            <li>
              <xsl:choose>
                <xsl:when test="self::tei:change">Whole edition</xsl:when>
                <xsl:otherwise><a href="{../@href}#history"><xsl:value-of select="../c:title"/></a></xsl:otherwise>
              </xsl:choose>
              <xsl:text>: </xsl:text><xsl:value-of select="normalize-space(.)"/>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:for-each-group>
  </xsl:template>
</xsl:stylesheet>

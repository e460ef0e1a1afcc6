<?xml version="1.0" encoding="UTF-8"?>
<!--
  print.xsl: the print edition, one HTML file for the whole edition, laid out in pages by WeasyPrint with
  assets/print.css (CSS Paged Media: running heads, footnotes, cross-references by target-counter).
  Input: the edition header (tei/edition.xml), as context item and as $edition.
  Parameters: $documents, every document of the edition in date order (file-name order);
  $pages, optional, an earlier layout's page of every mention (<pages><anchor id="…" page="…"/></pages>): with
  it, the indexes give each page only once; without it, every mention is listed.
  Output: XHTML5 in this order: title page, editorial principles, contents, the documents (each with its
  apparatus of interventions), indexes of persons, places and organisations, calendar concordance, bibliography.
  Every element that a page number is asked for has an id unique in the whole book: the document's id, then
  "-p3" for a paragraph (or "-p2.1" for a list item), "-m12" for the twelfth name, "-d4" for the fourth date.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:nk="urn:narkomindel" xmlns="http://www.w3.org/1999/xhtml" exclude-result-prefixes="#all">
  <!-- html.xsl for the ways dates, names and document kinds are written on the web, so both editions agree. -->
  <xsl:import href="html.xsl"/>
  <xsl:output method="xhtml" html-version="5" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>

  <xsl:param name="documents" as="document-node()*"/>
  <xsl:param name="pages" as="document-node()?" select="()"/>

  <xsl:mode name="print-edition" on-no-match="shallow-skip"/>
  <xsl:mode name="print" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:mode name="print-principles" on-no-match="shallow-skip"/>
  <xsl:mode name="print-index" on-no-match="shallow-skip"/>
  <xsl:mode name="print-bibliography" on-no-match="shallow-skip"/>

  <xsl:key name="mention" match="(tei:persName | tei:placeName | tei:orgName | tei:rs)[@ref][ancestor::tei:text]"
    use="substring-after(@ref, '#')"/>
  <xsl:key name="anchor-page" match="anchor" use="@id"/>

  <xsl:variable name="editors-ref" select="'edition.xml#editors'"/>

  <xsl:template match="/" mode="print-edition">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <title><xsl:value-of select="$site-title"/></title>
        <meta name="author" content="{$editors}"/>
        <meta name="description" content="{normalize-space($edition//tei:titleStmt/tei:title[@type = 'sub'])}"/>
        <meta name="keywords" content="{string-join(('Narkomindel', 'People’s Commissariat for Foreign Affairs',
          'Leon Trotsky', 'Soviet foreign policy', 'Brest-Litovsk', '1917', '1918', 'diplomatic documents',
          'scholarly edition', 'TEI'), ', ')}"/>
        <meta name="generator" content="{$site-title}, print edition {$version}"/>
        <meta name="dcterms.created" content="{$edition-date}"/>
        <meta name="dcterms.modified" content="{$edition-date}"/>
        <link rel="stylesheet" href="print.css"/>
      </head>
      <body>
        <xsl:call-template name="title-page"/>
        <xsl:call-template name="principles"/>
        <xsl:call-template name="contents"/>
        <xsl:apply-templates select="$documents/tei:TEI" mode="print-edition"/>
        <xsl:call-template name="index">
          <xsl:with-param name="id" select="'index-persons'"/>
          <xsl:with-param name="title" select="'Index of persons'"/>
          <xsl:with-param name="entries" select="$edition//tei:listPerson/tei:person"/>
        </xsl:call-template>
        <xsl:call-template name="index">
          <xsl:with-param name="id" select="'index-places'"/>
          <xsl:with-param name="title" select="'Index of places'"/>
          <xsl:with-param name="entries" select="$edition//tei:listPlace/tei:place"/>
        </xsl:call-template>
        <xsl:call-template name="index">
          <xsl:with-param name="id" select="'index-organisations'"/>
          <xsl:with-param name="title" select="'Index of organisations'"/>
          <xsl:with-param name="entries" select="$edition//tei:listOrg/tei:org"/>
        </xsl:call-template>
        <xsl:call-template name="concordance"/>
        <xsl:call-template name="bibliography"/>
      </body>
    </html>
  </xsl:template>

  <!-- ============================================================ title page -->
  <xsl:template name="title-page">
    <section class="title-page" id="title-page">
      <h1 class="book-title"><xsl:value-of select="$site-title"/></h1>
      <p class="book-subtitle"><xsl:value-of select="normalize-space($edition//tei:titleStmt/tei:title[@type = 'sub'])"/></p>
      <p class="book-editors"><xsl:value-of select="$editors"/></p>
      <div class="book-contributors">
        <xsl:for-each select="$edition//tei:titleStmt/tei:respStmt[tei:persName]">
          <p><xsl:value-of select="normalize-space(tei:persName)"/>
            <xsl:text> </xsl:text><xsl:value-of select="normalize-space(tei:resp)"/></p>
        </xsl:for-each>
      </div>
      <div class="book-imprint">
        <p class="book-version">Version <xsl:value-of select="$version"/>,
          <xsl:value-of select="nk:gregorian-words($edition-date)"/></p>
        <p class="book-publisher"><xsl:value-of select="normalize-space($edition//tei:publicationStmt/tei:publisher)"/></p>
        <p class="book-url"><xsl:value-of select="$base-url"/></p>
        <p class="book-licence"><xsl:value-of select="normalize-space($edition//tei:availability/tei:licence)"/></p>
      </div>
    </section>
  </xsl:template>

  <!-- ============================================================ editorial principles -->
  <xsl:template name="principles">
    <section class="front-matter principles" id="principles">
      <h1 class="part-title">Editorial principles</h1>
      <xsl:apply-templates select="$edition//tei:projectDesc/tei:p" mode="print"/>
      <h2>Sources</h2>
      <xsl:for-each select="$edition//tei:listBibl/tei:bibl[tei:idno[@type = 'file']]">
        <p><cite><xsl:value-of select="normalize-space((tei:title[@level = ('m', 'j')])[1])"/></cite>:
          <xsl:apply-templates select="tei:note[@type = 'description']/node()" mode="print"/></p>
      </xsl:for-each>
      <xsl:apply-templates select="$edition//tei:editorialDecl/*" mode="print-principles"/>
      <h2>Calendars</h2>
      <xsl:apply-templates select="$edition//tei:calendarDesc/tei:calendar/tei:p" mode="print"/>
      <h2>This printed edition</h2>
      <p>The reading text is printed: every correction is made in it and every word the source omits is added in
        angle brackets, ⟨thus⟩; an ellipsis, ..., stands where an earlier editor left a passage out. The numbers
        in the margin are the paragraph numbers by which the web edition cites the text; an item of a numbered
        list is cited under the paragraph that introduces it (2.1, 2.2 …).</p>
      <p>Footnotes with numbers are the translator’s, printed where the translator’s markers stand (Tr.);
        footnotes with letters are this edition’s (Ed.).</p>
      <p>After each document, its editorial interventions are listed in the order of the text, each with its
        paragraph, the reading of this edition, a square bracket and the reading of the source:
        <span class="app-example">¶ 3 Rumanian] Rumainian source</span>. A word supplied by the edition is
        given as <span class="app-example">¶ 5 ⟨to⟩] om. source</span> (omitted in the source). Every
        intervention is the editors’; each corrects a misspelt word, characters garbled by a wrong text encoding,
        punctuation or spacing. Where the right reading is not certain, the entry says how certain it is.</p>
      <p>Dates are given in both calendars as long as Russia counted Old Style: the Old Style day first and the
        New Style day in parentheses, as in 8 (21) November 1917. Words of the documents are printed as the
        sources write them, straight and curly quotation marks included. In the indexes, a page number followed
        by “n” refers to a footnote on that page.</p>
    </section>
  </xsl:template>

  <xsl:template match="tei:correction | tei:normalization | tei:quotation | tei:punctuation | tei:segmentation
      | tei:interpretation | tei:stdVals" mode="print-principles">
    <h2><xsl:value-of select="map{'correction': 'Corrections', 'normalization': 'Normalisation',
        'quotation': 'Quotations', 'punctuation': 'Punctuation and omissions', 'segmentation': 'Paragraphs',
        'interpretation': 'Names and dates', 'stdVals': 'Dates in the encoding'}(local-name())"/></h2>
    <xsl:apply-templates select="tei:p" mode="print"/>
  </xsl:template>

  <xsl:template match="tei:editorialDecl/tei:p" mode="print-principles">
    <xsl:apply-templates select="." mode="print"/>
  </xsl:template>

  <!-- ============================================================ contents -->
  <xsl:template name="contents">
    <nav class="front-matter contents" id="contents">
      <h1 class="part-title">Contents</h1>
      <ol class="toc">
        <li class="toc-part"><a href="#principles">Editorial principles</a></li>
        <xsl:for-each select="$documents/tei:TEI">
          <xsl:variable name="date" select="nk:creation-date(.)"/>
          <li class="toc-document">
            <a href="#{@xml:id}"><span class="toc-date"><xsl:value-of select="nk:dateline($date/@when, $date/@when-custom)"/></span>
              <span class="toc-title"><xsl:value-of select="nk:title(.)"/></span></a>
          </li>
        </xsl:for-each>
        <li class="toc-part"><a href="#index-persons">Index of persons</a></li>
        <li class="toc-part"><a href="#index-places">Index of places</a></li>
        <li class="toc-part"><a href="#index-organisations">Index of organisations</a></li>
        <li class="toc-part"><a href="#calendar">Calendar concordance</a></li>
        <li class="toc-part"><a href="#bibliography">Bibliography</a></li>
      </ol>
    </nav>
  </xsl:template>

  <xsl:function name="nk:creation-date" as="element(tei:date)">
    <xsl:param name="document" as="element(tei:TEI)"/>
    <xsl:sequence select="$document/tei:teiHeader/tei:profileDesc/tei:creation/tei:date"/>
  </xsl:function>

  <xsl:function name="nk:title" as="xs:string">
    <xsl:param name="document" as="element(tei:TEI)"/>
    <xsl:sequence select="normalize-space($document/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])"/>
  </xsl:function>

  <!-- A title short enough for the running head: cut at a word boundary, the cut marked. -->
  <xsl:function name="nk:short-title" as="xs:string">
    <xsl:param name="title" as="xs:string"/>
    <xsl:sequence select="nk:short-title($title, 52)"/>
  </xsl:function>

  <xsl:function name="nk:short-title" as="xs:string">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="limit" as="xs:integer"/>
    <xsl:sequence select="if (string-length($title) le $limit) then $title
        else replace(substring($title, 1, $limit), '[\s,;:]+\S*$', '') || ' …'"/>
  </xsl:function>

  <!-- ============================================================ one document -->
  <xsl:template match="tei:TEI" mode="print-edition">
    <xsl:variable name="header" select="tei:teiHeader"/>
    <xsl:variable name="date" select="nk:creation-date(.)"/>
    <xsl:variable name="dateline" select="nk:dateline($date/@when, $date/@when-custom)"/>
    <article class="document" id="{@xml:id}" lang="en">
      <header class="document-header">
        <p class="document-type"><xsl:value-of select="nk:kind-label($header//tei:catRef/@target)"/></p>
        <h1 class="document-title" data-short="{nk:short-title(nk:title(.))}"><xsl:value-of select="nk:title(.)"/></h1>
        <p class="dateline" data-date="{$dateline}"><xsl:value-of select="$dateline"/>
          <xsl:for-each select="$header/tei:profileDesc/tei:creation/tei:placeName">
            <xsl:text> · </xsl:text><xsl:value-of select="normalize-space(.)"/>
            <xsl:value-of select="nk:uncertain(.)"/>
          </xsl:for-each>
        </p>
        <dl class="document-facts">
          <xsl:for-each select="$header/tei:fileDesc/tei:titleStmt/tei:author">
            <dt>Author</dt>
            <dd><xsl:value-of select="normalize-space(.)"/><xsl:value-of select="nk:uncertain(*)"/></dd>
          </xsl:for-each>
          <xsl:variable name="addressees" select="$header//tei:correspAction[@type = 'received']/*"/>
          <xsl:if test="$addressees">
            <dt>Addressed to</dt>
            <dd><xsl:value-of select="string-join($addressees ! (normalize-space(.) || nk:uncertain(.)), '; ')"/></dd>
          </xsl:if>
          <dt>Date in the source</dt>
          <dd><xsl:value-of select="normalize-space($date)"/>
            (<xsl:value-of select="if (nk:calendar($date) = 'julian') then 'Old Style' else 'New Style'"/>)</dd>
          <xsl:for-each select="nk:dating-reason($date, $edition)">
            <dt>Dated so</dt>
            <dd class="dating"><xsl:value-of select="."/></dd>
          </xsl:for-each>
          <dt>Source</dt>
          <dd><xsl:apply-templates select="$header//tei:sourceDesc/tei:bibl" mode="print-source"/></dd>
          <xsl:for-each select="$header//tei:relatedItem[@type = 'parallel-translation']">
            <xsl:variable name="other" select="$documents/tei:TEI[nk:file-name(.) = substring-before(current()/@target || '#', '#')]"/>
            <dt>Other translation</dt>
            <dd><a class="page-ref" href="#{$other/@xml:id}"><xsl:value-of select="nk:title($other)"/></a></dd>
          </xsl:for-each>
          <dt>Cite as</dt>
          <dd class="url"><xsl:value-of select="$base-url || nk:page-name(.)"/></dd>
        </dl>
      </header>
      <xsl:apply-templates select="tei:text/tei:front" mode="print"/>
      <div class="text">
        <xsl:apply-templates select="tei:text/tei:body/*" mode="print"/>
      </div>
      <xsl:call-template name="apparatus"/>
    </article>
  </xsl:template>

  <!-- A word after an inferred identification or date. -->
  <xsl:function name="nk:uncertain" as="xs:string">
    <xsl:param name="element" as="element()?"/>
    <xsl:sequence select="if ($element/@cert = ('medium', 'low')) then ' (inferred)' else ''"/>
  </xsl:function>

  <xsl:mode name="print-source" on-no-match="shallow-skip"/>
  <xsl:template match="tei:bibl[@type = 'copy-text']" mode="print-source">
    <xsl:variable name="source" select="nk:entry(@source)"/>
    <cite><xsl:value-of select="normalize-space(($source/tei:title[@level = ('m', 'a')], $source/tei:title)[1])"/></cite>
    <xsl:if test="$source/tei:title[@level = 'j']">
      <xsl:text>, </xsl:text><cite><xsl:value-of select="normalize-space($source/tei:title[@level = 'j'])"/></cite>
      <xsl:text> </xsl:text><xsl:value-of select="normalize-space($source/tei:biblScope[@unit = 'issue'])"/>
    </xsl:if>
    <xsl:text> (</xsl:text><xsl:value-of select="normalize-space($source/tei:date[1])"/>
    <xsl:text>), text </xsl:text><xsl:value-of select="tei:biblScope[@unit = 'entry']/@n"/>
    <xsl:text>. </xsl:text>
  </xsl:template>
  <xsl:template match="tei:bibl[@type = 'cited-source'][not(@subtype = 'not-given')]" mode="print-source">
    <xsl:text>Cited there from </xsl:text>
    <xsl:value-of select="normalize-space(string-join(nk:header-reading(.)))"/>
    <xsl:text>.</xsl:text>
  </xsl:template>
  <xsl:template match="tei:bibl[@subtype = 'not-given']" mode="print-source">
    <xsl:text>No printed source is cited for it.</xsl:text>
  </xsl:template>

  <!-- ============================================================ apparatus -->
  <xsl:template name="apparatus">
    <xsl:variable name="interventions" select="tei:text//(tei:choice | tei:supplied)"/>
    <xsl:if test="exists($interventions)">
      <section class="apparatus">
        <h2>Editorial interventions</h2>
        <ul class="apparatus-entries">
          <xsl:apply-templates select="$interventions" mode="print-apparatus"/>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:mode name="print-apparatus" on-no-match="shallow-skip"/>
  <xsl:template match="tei:choice" mode="print-apparatus">
    <li>
      <xsl:call-template name="apparatus-place"/>
      <span class="lemma"><xsl:value-of select="normalize-space(string-join(nk:reading(tei:corr)))"/></span>
      <xsl:text>] </xsl:text>
      <span class="source-reading"><xsl:value-of select="normalize-space(string-join(nk:header-reading(tei:sic)))"/></span>
      <xsl:text> </xsl:text>
      <span class="siglum">source</span>
      <xsl:call-template name="apparatus-qualifiers">
        <xsl:with-param name="by" select="(tei:corr/@resp, @resp)[1]"/>
        <xsl:with-param name="cert" select="(tei:corr/@cert, @cert)[1]"/>
      </xsl:call-template>
    </li>
  </xsl:template>

  <xsl:template match="tei:supplied" mode="print-apparatus">
    <li>
      <xsl:call-template name="apparatus-place"/>
      <span class="lemma">⟨<xsl:value-of select="normalize-space(string-join(nk:reading(.)))"/>⟩</span>
      <xsl:text>] </xsl:text>
      <span class="siglum">om. source</span>
      <xsl:call-template name="apparatus-qualifiers">
        <xsl:with-param name="by" select="@resp"/>
        <xsl:with-param name="cert" select="@cert"/>
      </xsl:call-template>
    </li>
  </xsl:template>

  <!-- Where an intervention stands: its paragraph, or the translator's introduction, or a footnote. -->
  <xsl:template name="apparatus-place">
    <xsl:variable name="unit" select="nk:unit-number(.)"/>
    <span class="app-place">
      <xsl:value-of select="if ($unit) then '¶&#160;' || $unit else 'Introduction'"/>
      <xsl:if test="ancestor::tei:note">
        <xsl:text>, note </xsl:text>
        <xsl:value-of select="ancestor::tei:note[1] ! (if (@type = 'translator') then @n else nk:editorial-note-label(.))"/>
      </xsl:if>
    </span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- The principles say once that every intervention is the editors' and certain unless said otherwise. -->
  <xsl:template name="apparatus-qualifiers">
    <xsl:param name="by" as="attribute()?"/>
    <xsl:param name="cert" as="attribute()?"/>
    <xsl:if test="$by and $by != $editors-ref">
      <xsl:text> (by </xsl:text><xsl:value-of select="normalize-space(nk:entry($by))"/><xsl:text>)</xsl:text>
    </xsl:if>
    <xsl:if test="$cert and $cert != 'high'">
      <xsl:text> (certainty: </xsl:text><xsl:value-of select="$cert"/><xsl:text>)</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ TEI text to print HTML -->
  <xsl:template match="text()" mode="print">
    <xsl:value-of select="nk:squeeze(.)"/>
  </xsl:template>

  <xsl:template match="tei:front" mode="print">
    <section class="front">
      <xsl:apply-templates mode="#current"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:docTitle" mode="print">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <xsl:template match="tei:titlePart" mode="print">
    <p class="source-title"><span class="label">Headline in the source: </span><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <xsl:template match="tei:argument" mode="print">
    <div class="argument">
      <p class="label">Translator’s introduction</p>
      <xsl:apply-templates mode="#current"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:div" mode="print">
    <section class="div {@type}">
      <xsl:if test="@type = ('speech', 'declaration', 'remarks')">
        <h2 class="div-label"><xsl:value-of select="nk:div-label(.)"/></h2>
      </xsl:if>
      <xsl:apply-templates mode="#current"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:head" mode="print">
    <h2 class="source-head"><xsl:apply-templates mode="#current"/></h2>
  </xsl:template>

  <!-- A numbered paragraph: its number in the margin. One that quotes a whole document holds block quotations
       and so cannot be an HTML p. -->
  <xsl:template match="tei:p[@n]" mode="print">
    <xsl:element name="{if (.//tei:floatingText) then 'div' else 'p'}">
      <xsl:attribute name="id" select="nk:print-id(., nk:unit-anchor(.))"/>
      <xsl:attribute name="class" select="'numbered p'"/>
      <span class="unit-number"><xsl:value-of select="nk:unit-number(.)"/></span>
      <xsl:apply-templates mode="#current"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:p" mode="print">
    <p><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <xsl:template match="tei:list[@type = 'ordered']" mode="print">
    <ol class="source-list"><xsl:apply-templates mode="#current"/></ol>
  </xsl:template>

  <xsl:template match="tei:list" mode="print">
    <ul><xsl:apply-templates mode="#current"/></ul>
  </xsl:template>

  <xsl:template match="tei:list[@type = 'ordered']/tei:item" mode="print">
    <li id="{nk:print-id(., nk:unit-anchor(.))}" class="numbered">
      <span class="unit-number"><xsl:value-of select="nk:unit-number(.)"/></span>
      <span class="item-label"><xsl:value-of select="@n"/>. </span>
      <xsl:apply-templates mode="#current"/>
    </li>
  </xsl:template>

  <xsl:template match="tei:item" mode="print">
    <li><xsl:apply-templates mode="#current"/></li>
  </xsl:template>

  <xsl:template match="tei:quote[tei:floatingText]" mode="print">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <xsl:template match="tei:floatingText" mode="print">
    <blockquote class="embedded">
      <xsl:apply-templates select="tei:body/*" mode="#current"/>
    </blockquote>
  </xsl:template>

  <xsl:template match="tei:closer" mode="print">
    <div class="closer"><xsl:apply-templates mode="#current"/></div>
  </xsl:template>

  <xsl:template match="tei:signed" mode="print">
    <p class="signed"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <xsl:template match="tei:q | tei:quote[not(tei:floatingText)]" mode="print">
    <q><xsl:apply-templates mode="#current"/></q>
  </xsl:template>

  <xsl:template match="tei:gi" mode="print">
    <code>&lt;<xsl:value-of select="."/>&gt;</code>
  </xsl:template>

  <xsl:template match="tei:att" mode="print">
    <code>@<xsl:value-of select="."/></code>
  </xsl:template>

  <xsl:template match="tei:val" mode="print">
    <code>“<xsl:value-of select="."/>”</code>
  </xsl:template>

  <xsl:template match="tei:mentioned" mode="print">
    <em><xsl:apply-templates mode="#current"/></em>
  </xsl:template>

  <xsl:template match="tei:foreign" mode="print">
    <i lang="{@xml:lang}"><xsl:apply-templates mode="#current"/></i>
  </xsl:template>

  <xsl:template match="tei:title" mode="print">
    <cite><xsl:apply-templates mode="#current"/></cite>
  </xsl:template>

  <xsl:template match="tei:bibl | tei:biblScope" mode="print">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <!-- A pointer at another document of the edition gives its page. -->
  <xsl:template match="tei:ref" mode="print">
    <xsl:variable name="file" select="substring-before(@target || '#', '#')"/>
    <xsl:variable name="other" select="$documents/tei:TEI[nk:file-name(.) = $file]"/>
    <xsl:choose>
      <xsl:when test="$other">
        <a class="page-ref" href="#{$other/@xml:id}"><xsl:apply-templates mode="#current"/></a>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="#current"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Every mention has an id, so that the indexes can ask for its page. -->
  <xsl:template match="(tei:persName | tei:placeName | tei:orgName | tei:rs)[@ref][ancestor::tei:text]" mode="print">
    <span class="name" id="{nk:mention-id(.)}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:rs | tei:name" mode="print">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <xsl:template match="tei:date[not(parent::tei:date)][ancestor::tei:text]" mode="print">
    <span class="date" id="{nk:print-id(., nk:date-anchor(.))}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:template match="tei:date" mode="print">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <xsl:template match="tei:choice" mode="print">
    <xsl:apply-templates select="tei:corr/node()" mode="#current"/>
  </xsl:template>

  <xsl:template match="tei:supplied" mode="print">
    <span class="supplied">⟨<xsl:apply-templates mode="#current"/>⟩</span>
  </xsl:template>

  <xsl:template match="tei:gap" mode="print">
    <xsl:text>...</xsl:text>
  </xsl:template>

  <xsl:template match="tei:metamark" mode="print">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <!-- Notes float to the foot of their page; the call is drawn by the stylesheet from data-label. -->
  <xsl:template match="tei:note[@type = 'translator']" mode="print">
    <span class="footnote translator" data-label="{@n}"><span class="note-owner">Tr.</span>
      <xsl:text> </xsl:text><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:template match="tei:note[@type = 'editorial']" mode="print">
    <span class="footnote editorial" data-label="{nk:editorial-note-label(.)}"><span class="note-owner">Ed.</span>
      <xsl:text> </xsl:text><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:template match="tei:note" mode="print">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <!-- Ids in the one HTML of the whole book: prefixed with the document's id. -->
  <xsl:function name="nk:print-id" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:param name="local" as="xs:string"/>
    <xsl:sequence select="root($node)/tei:TEI/@xml:id || '-' || $local"/>
  </xsl:function>

  <xsl:function name="nk:mention-id" as="xs:string">
    <xsl:param name="mention" as="element()"/>
    <xsl:variable name="number" as="xs:integer">
      <xsl:number select="$mention" level="any" from="tei:text"
        count="(tei:persName | tei:placeName | tei:orgName | tei:rs)[@ref]"/>
    </xsl:variable>
    <xsl:sequence select="nk:print-id($mention, 'm' || $number)"/>
  </xsl:function>

  <!-- ============================================================ indexes -->
  <xsl:template name="index">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="entries" as="element()*"/>
    <section class="back-matter index" id="{$id}">
      <h1 class="part-title"><xsl:value-of select="$title"/></h1>
      <div class="index-entries">
        <xsl:apply-templates select="sort($entries, (), function($e) { lower-case(nk:entry-label($e)) })"
          mode="print-index"/>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="tei:person | tei:place | tei:org" mode="print-index">
    <xsl:variable name="id" select="string(@xml:id)"/>
    <xsl:variable name="mentions" select="$documents ! key('mention', $id, .)"/>
    <p class="index-entry">
      <span class="index-name"><xsl:value-of select="nk:entry-label(.)"/></span>
      <xsl:if test="tei:birth or tei:death">
        <xsl:text> (</xsl:text><xsl:value-of select="tei:birth/@when"/>–<xsl:value-of select="tei:death/@when"/><xsl:text>)</xsl:text>
      </xsl:if>
      <xsl:for-each select="(tei:occupation, tei:desc)[1]">
        <xsl:text>, </xsl:text><span class="index-gloss"><xsl:value-of select="normalize-space(.)"/></span>
      </xsl:for-each>
      <xsl:choose>
        <xsl:when test="$mentions">
          <xsl:text> </xsl:text>
          <xsl:for-each select="nk:one-per-page($mentions)">
            <xsl:if test="position() gt 1">, </xsl:if>
            <a class="{if (ancestor::tei:note) then 'page-ref in-note' else 'page-ref'}" href="#{nk:mention-id(.)}"></a>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>; named only in the edition’s apparatus</xsl:otherwise>
      </xsl:choose>
    </p>
  </xsl:template>

  <!-- With the pages of an earlier layout, the first mention on each page (in the text before the notes);
       without them, every mention. -->
  <xsl:function name="nk:one-per-page" as="element()*">
    <xsl:param name="mentions" as="element()*"/>
    <xsl:choose>
      <xsl:when test="exists($pages)">
        <!-- A mention the earlier layout did not place keeps its own entry rather than being merged away. -->
        <xsl:for-each-group select="$mentions"
          group-by="string((key('anchor-page', nk:mention-id(.), $pages)/@page, nk:mention-id(.))[1])">
          <xsl:sequence select="(current-group()[not(ancestor::tei:note)], current-group())[1]"/>
        </xsl:for-each-group>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="$mentions"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- ============================================================ calendar concordance -->
  <xsl:template name="concordance">
    <section class="back-matter concordance" id="calendar">
      <h1 class="part-title">Calendar concordance</h1>
      <p>Every day named in the documents, their headings and notes, in order of time, in both calendars, with
        the words the source uses and the page where they stand. OS: Old Style (Julian); NS: New Style
        (Gregorian).</p>
      <xsl:variable name="discrepant" select="$documents//tei:text//tei:date[@subtype = 'discrepant']"/>
      <xsl:if test="$discrepant">
        <h2>Date pairs that do not agree</h2>
        <xsl:for-each select="$discrepant">
          <div class="discrepancy">
            <p>“<xsl:value-of select="normalize-space(.)"/>” in <xsl:value-of select="nk:title(root(.)/tei:TEI)"/>,
              <xsl:value-of select="nk:place-words(.)"/>, page <a class="page-number" href="#{nk:print-id(., nk:date-anchor(.))}"></a>:</p>
            <ul>
              <xsl:for-each select="tei:date">
                <li>“<xsl:value-of select="normalize-space(.)"/>”, written
                  <xsl:value-of select="if (nk:calendar(.) = 'julian') then 'Old Style' else 'New Style'"/>:
                  <xsl:value-of select="nk:dual-date(@when, @when-custom)"/></li>
              </xsl:for-each>
            </ul>
            <p class="explanation-text"><xsl:value-of select="normalize-space(string-join(nk:reading(following-sibling::tei:note[1])))"/></p>
          </div>
        </xsl:for-each>
      </xsl:if>
      <h2>Every date in the edition</h2>
      <table class="concordance-table">
        <thead>
          <tr><th scope="col">Old Style</th><th scope="col">New Style</th><th scope="col">As written</th>
            <th scope="col">Where</th><th scope="col" class="page-col">Page</th></tr>
        </thead>
        <tbody>
          <xsl:for-each select="$documents/tei:TEI/(nk:creation-date(.), tei:text//tei:date[not(parent::tei:date)]/(tei:date, .[not(tei:date)]))">
            <xsl:sort select="@when"/>
            <xsl:sort select="nk:creation-date(root(.)/tei:TEI)/@when"/>
            <xsl:variable name="document" select="root(.)/tei:TEI"/>
            <xsl:variable name="top" select="ancestor-or-self::tei:date[last()]"/>
            <tr>
              <td><xsl:value-of select="nk:gregorian-words(@when-custom)"/></td>
              <td><xsl:value-of select="nk:gregorian-words(@when)"/></td>
              <td><xsl:value-of select="normalize-space(.)"/>
                (<xsl:value-of select="if (nk:calendar(.) = 'julian') then 'OS' else 'NS'"/>)</td>
              <xsl:choose>
                <xsl:when test="ancestor::tei:teiHeader">
                  <td>date of <xsl:value-of select="nk:short-title(nk:title($document), 34)"/></td>
                  <td class="page-col"><a class="page-number" href="#{$document/@xml:id}"></a></td>
                </xsl:when>
                <xsl:otherwise>
                  <td><xsl:value-of select="nk:short-title(nk:title($document), 34)"/>
                    <span class="where-place"><xsl:value-of select="nk:place-words(.)"/></span></td>
                  <td class="page-col"><a class="page-number" href="#{nk:print-id(., nk:date-anchor($top))}"></a></td>
                </xsl:otherwise>
              </xsl:choose>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <!-- Where a thing stands in a document, in words: "¶ 3", "note to ¶ 3", "introduction". -->
  <xsl:function name="nk:place-words" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="unit" select="nk:unit-number($node)"/>
    <xsl:sequence select="if ($unit != '' and not($node/ancestor::tei:note)) then '¶&#160;' || $unit
        else if ($unit != '') then 'note to ¶&#160;' || $unit else 'introduction'"/>
  </xsl:function>

  <!-- ============================================================ bibliography -->
  <xsl:template name="bibliography">
    <section class="back-matter bibliography" id="bibliography">
      <h1 class="part-title">Bibliography</h1>
      <xsl:apply-templates select="$edition//tei:listBibl[@xml:id = 'sources']/tei:bibl" mode="print-bibliography"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:bibl" mode="print-bibliography">
    <div class="bibl">
      <p class="record">
        <span class="bibl-title"><xsl:value-of select="normalize-space((tei:title[not(@type)], tei:title)[1])"/></span>
        <xsl:text>. </xsl:text>
        <xsl:value-of select="string-join((
            (tei:author, tei:editor) ! normalize-space(),
            tei:title[@type = 'translated'] ! ('[' || normalize-space() || ']'),
            tei:respStmt ! string-join(* ! normalize-space(), ' '),
            tei:title[@level = ('s', 'j')][not(. = current()/tei:title[1])] ! normalize-space(),
            tei:biblScope ! normalize-space(),
            string-join((tei:pubPlace, tei:publisher) ! normalize-space(), ': '),
            tei:date ! normalize-space()
          )[. != ''], '. ')"/>.</p>
      <xsl:for-each select="tei:note[not(@type = 'furniture')]">
        <p class="bibl-note"><xsl:apply-templates mode="print"/></p>
      </xsl:for-each>
      <xsl:for-each select="tei:note[@type = 'furniture']">
        <p class="bibl-note">Words of the source not reproduced in the documents:
          <xsl:value-of select="string-join(.//tei:quote ! ('“' || normalize-space(.) || '”'), '; ')"/>.</p>
      </xsl:for-each>
    </div>
  </xsl:template>
</xsl:stylesheet>

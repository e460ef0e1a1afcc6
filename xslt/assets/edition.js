/* Narkomindel 1917–1918: the web edition's script. Every page is complete without it; it adds the switch
   between reading and source text, name cards, the switch for name highlighting, the cite box, paragraph
   citations, copy buttons, table sorting and filtering, and search. It writes text only as text (textContent,
   never markup), so that nothing in the edition's data can become part of a page. */
"use strict";

(function () {
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function say(element, message) {
    if (element) element.textContent = message;
  }

  function remember(key, value) {
    try {
      if (value === undefined) return window.localStorage.getItem(key);
      window.localStorage.setItem(key, value);
    } catch (refused) {
      /* Storage may be refused (private windows, pages opened from disk): the switch then lasts one page. */
    }
    return null;
  }

  /* ------------------------------------------------------------ text: accents and case folded for search */
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const words = (text) => fold(text).match(/[\p{L}\p{N}]+/gu) || [];

  /* The ranges of `text` where a word begins with one of the (folded) terms, found in the folded text and
     mapped back to the original characters. */
  function matchRanges(text, terms) {
    if (!terms.length) return [];
    let folded = "";
    const origin = [];
    for (let i = 0; i < text.length; i += 1) {
      const piece = fold(text[i]);
      for (let k = 0; k < piece.length; k += 1) origin.push(i);
      folded += piece;
    }
    origin.push(text.length);
    const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pattern = new RegExp("(?<![\\p{L}\\p{N}])(?:" + escaped.join("|") + ")[\\p{L}\\p{N}]*", "gu");
    const ranges = [];
    for (const match of folded.matchAll(pattern)) {
      const end = match.index + match[0].length;
      ranges.push([origin[match.index], end < origin.length ? origin[end - 1] + 1 : text.length]);
    }
    return ranges;
  }

  function highlighted(text, terms) {
    const fragment = document.createDocumentFragment();
    let last = 0;
    matchRanges(text, terms).forEach(([start, end]) => {
      fragment.appendChild(document.createTextNode(text.slice(last, start)));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      fragment.appendChild(mark);
      last = end;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  /* Marks the terms inside an element of the page (a paragraph one lands on from search). */
  function markInside(element, terms) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement.closest(".sic, .explanation, .paragraph-number, mark")
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    let count = 0;
    nodes.forEach((node) => {
      if (!matchRanges(node.data, terms).length) return;
      const fragment = highlighted(node.data, terms);
      count += fragment.querySelectorAll("mark").length;
      node.replaceWith(fragment);
    });
    return count;
  }

  /* ------------------------------------------------------------ dates */
  /* Old Style from New Style: 13 days behind from 14 March 1900 until Russia changed calendars. */
  function julianOf(gregorian) {
    const day = new Date(gregorian + "T12:00:00Z");
    day.setUTCDate(day.getUTCDate() - 13);
    return day.toISOString().slice(0, 10);
  }

  function dualDate(gregorian, julian) {
    const g = gregorian.split("-").map(Number);
    if (gregorian >= "1918-02-14" || gregorian < "1900-03-14") return `${g[2]} ${MONTHS[g[1] - 1]} ${g[0]}`;
    const j = (julian || julianOf(gregorian)).split("-").map(Number);
    if (g[0] !== j[0]) return `${j[2]} ${MONTHS[j[1] - 1]} ${j[0]} (${g[2]} ${MONTHS[g[1] - 1]} ${g[0]})`;
    if (g[1] !== j[1]) return `${j[2]} ${MONTHS[j[1] - 1]} (${g[2]} ${MONTHS[g[1] - 1]}) ${g[0]}`;
    return `${j[2]} (${g[2]}) ${MONTHS[g[1] - 1]} ${g[0]}`;
  }

  /* Explanations of dates stay inside the window. */
  function setUpExplanations() {
    $$(".date, .dual-date").forEach((date) => {
      const explanation = $(".explanation", date);
      if (!explanation) return;
      const place = () => {
        explanation.style.left = "";
        if (window.matchMedia("(max-width: 48rem)").matches) return;
        const box = explanation.getBoundingClientRect();
        const room = document.documentElement.clientWidth - 8;
        if (box.right > room) explanation.style.left = `${-(box.right - room)}px`;
      };
      date.addEventListener("mouseenter", place);
      date.addEventListener("focus", place);
    });
  }

  /* ------------------------------------------------------------ reading text or source text */
  function setUpTextSwitch() {
    const group = $(".text-switch");
    if (!group) return;
    group.hidden = false;
    const buttons = $$("button[data-view]", group);
    function show(view) {
      document.body.classList.toggle("diplomatic", view === "diplomatic");
      document.body.classList.toggle("reading", view !== "diplomatic");
      buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.view === view)));
    }
    buttons.forEach((button) => button.addEventListener("click", () => show(button.dataset.view)));
  }

  /* ------------------------------------------------------------ names: cards and highlighting */
  function setUpNames() {
    const names = $$("a.name[data-entry]");
    const cards = $(".name-cards");
    if (!names.length || !cards) return;

    /* One Tab stop per name and passage: repeated mentions are reached by pointer only. */
    const seen = new Map();
    names.forEach((name) => {
      const unit = name.closest(".numbered, li, p, blockquote") || document.body;
      if (!seen.has(unit)) seen.set(unit, new Set());
      if (seen.get(unit).has(name.dataset.entry)) name.dataset.repeat = "true";
      seen.get(unit).add(name.dataset.entry);
    });

    const popup = document.createElement("div");
    popup.className = "name-popup";
    popup.hidden = true;
    popup.setAttribute("role", "dialog");
    document.body.appendChild(popup);
    let owner = null;
    let pinned = false;
    let hideTimer = 0;

    function show(name, pin) {
      const card = document.getElementById("card-" + name.dataset.entry);
      if (!card) return;
      window.clearTimeout(hideTimer);
      popup.textContent = "";
      Array.from(card.childNodes).forEach((child) => popup.appendChild(child.cloneNode(true)));
      if (name.dataset.cert) {
        const cert = document.createElement("p");
        cert.className = "card-cert";
        cert.textContent = name.dataset.cert + ".";
        popup.appendChild(cert);
      }
      popup.setAttribute("aria-label", $(".card-name", card).textContent);
      popup.hidden = false;
      owner = name;
      pinned = pin;
      name.setAttribute("aria-expanded", "true");
      place(name);
    }

    function place(name) {
      const box = name.getBoundingClientRect();
      const width = Math.min(320, document.documentElement.clientWidth - 16);
      popup.style.width = width + "px";
      let left = box.left + window.scrollX;
      left = Math.max(8 + window.scrollX,
        Math.min(left, window.scrollX + document.documentElement.clientWidth - width - 8));
      popup.style.left = left + "px";
      popup.style.top = box.bottom + window.scrollY + 4 + "px";
    }

    function hide(returnFocus) {
      if (!owner) return;
      popup.hidden = true;
      owner.setAttribute("aria-expanded", "false");
      if (returnFocus) owner.focus();
      owner = null;
      pinned = false;
    }

    function hideSoon() {
      window.clearTimeout(hideTimer);
      hideTimer = window.setTimeout(() => { if (!pinned) hide(false); }, 250);
    }

    const plain = () => document.body.classList.contains("names-plain");
    names.forEach((name) => {
      name.setAttribute("aria-haspopup", "dialog");
      name.setAttribute("aria-expanded", "false");
      name.addEventListener("mouseenter", () => { if (!plain() && !pinned) show(name, false); });
      name.addEventListener("mouseleave", hideSoon);
      name.addEventListener("focus", () => { if (!plain() && !pinned) show(name, false); });
      name.addEventListener("blur", () => window.setTimeout(() => {
        if (!popup.contains(document.activeElement) && !pinned) hide(false);
      }, 0));
      /* A click or tap (or Enter) opens the card and keeps it open; its links lead on. */
      name.addEventListener("click", (event) => {
        if (plain()) return;
        event.preventDefault();
        if (owner === name && pinned) { hide(false); return; }
        show(name, true);
        const first = $("a", popup);
        if (first && event.detail === 0) first.focus();
      });
    });
    popup.addEventListener("mouseenter", () => window.clearTimeout(hideTimer));
    popup.addEventListener("mouseleave", hideSoon);
    popup.addEventListener("focusout", () => window.setTimeout(() => {
      if (owner && !popup.contains(document.activeElement) && document.activeElement !== owner) hide(false);
    }, 0));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && owner) hide(popup.contains(document.activeElement) || pinned);
    });
    document.addEventListener("click", (event) => {
      if (owner && !popup.contains(event.target) && !event.target.closest("a.name")) hide(false);
    });
    window.addEventListener("resize", () => { if (owner) place(owner); });

    /* The reader's switch: names highlighted (and carded) or shown as plain text; remembered. */
    const toggle = $(".names-switch");
    function highlight(on) {
      document.body.classList.toggle("names-plain", !on);
      names.forEach((name) => {
        if (!on || name.dataset.repeat) name.setAttribute("tabindex", "-1");
        else name.removeAttribute("tabindex");
      });
      if (toggle) toggle.setAttribute("aria-pressed", String(on));
      if (!on) hide(false);
    }
    highlight(remember("narkomindel-names") !== "plain");
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", () => {
        const on = toggle.getAttribute("aria-pressed") !== "true";
        remember("narkomindel-names", on ? "highlight" : "plain");
        highlight(on);
      });
    }
  }

  /* ------------------------------------------------------------ the cite box, opened from the top */
  function setUpCiteBox() {
    const button = $(".cite-button");
    const box = $("section#cite");
    if (!button || !box || typeof HTMLDialogElement !== "function") return;
    const home = document.createComment("cite box");
    box.before(home);
    const dialog = document.createElement("dialog");
    dialog.className = "cite-dialog";
    dialog.setAttribute("aria-labelledby", "cite-title");
    const close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "Close";
    close.addEventListener("click", () => dialog.close());
    document.body.appendChild(dialog);
    button.setAttribute("role", "button");
    button.setAttribute("aria-haspopup", "dialog");
    const open = (event) => {
      event.preventDefault();
      dialog.append(close, box);
      dialog.showModal();
      $("pre.citation", box).focus();
    };
    button.addEventListener("click", open);
    button.addEventListener("keydown", (event) => { if (event.key === " ") open(event); });
    dialog.addEventListener("close", () => {
      home.after(box);
      button.focus();
    });
    dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
  }

  /* ------------------------------------------------------------ citations of a paragraph or list item */
  /* Every citation, of the whole document or of one unit, is written by the build (xslt/cite.xsl); the
     citations of each unit wait in a template. Choosing a unit puts its citations in the box; the script never
     composes a citation itself. */
  function setUpParagraphCitations() {
    const citations = $$("pre.citation");
    const store = document.getElementById("cite-passages");
    if (!citations.length || !store) return;
    const whole = new Map(citations.map((pre) => [pre, pre.textContent]));
    function point(unit) {
      const set = unit ? store.content.querySelector('div[data-unit="' + unit + '"]') : null;
      citations.forEach((pre) => {
        const own = set ? set.querySelector('pre[data-format="' + pre.dataset.format + '"]') : null;
        pre.textContent = own ? own.textContent : whole.get(pre);
      });
      say($(".cite-paragraph-status"), set ? "The citations now point at ¶ " + unit + "." : "");
    }
    function fromHash() {
      const match = /^#p(\d+(?:\.\d+)?)$/.exec(window.location.hash);
      point(match ? match[1] : null);
    }
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  /* ------------------------------------------------------------ copy buttons */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function setUpCopyButtons() {
    $$("button.copy").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => {
        const source = document.getElementById(button.dataset.copy);
        const label = $("#" + button.dataset.copy + "-label");
        copyText(source.textContent).then(
          () => say($(".copy-status"), (label ? label.textContent.trim() : "Citation") + " copied to the clipboard."),
          () => say($(".copy-status"), "Copying is not allowed here: select the citation and copy it by hand.")
        );
      });
    });
  }

  /* ------------------------------------------------------------ the list of documents */
  function setUpTable() {
    const table = $("table.sortable");
    if (!table) return;
    const body = table.tBodies[0];
    $$("th[data-sort]", table).forEach((th, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        $$("th", table).forEach((other) => other.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const key = (row) => {
          const cell = row.cells[column];
          return cell.dataset.sortKey || cell.textContent.trim().toLowerCase();
        };
        $$("tr", body)
          .sort((a, b) => (ascending ? 1 : -1) * key(a).localeCompare(key(b)))
          .forEach((row) => body.appendChild(row));
      });
    });
    const filter = $("#type-filter");
    if (filter) {
      filter.closest(".table-filter").hidden = false;
      filter.addEventListener("change", () => {
        $$("tr", body).forEach((row) => { row.hidden = Boolean(filter.value) && row.dataset.type !== filter.value; });
      });
    }
  }

  /* ------------------------------------------------------------ search */
  /* A record of the index: a paragraph, an item of a numbered list or a note, with its page, the document's
     title, dates (New Style and Old Style) and type, the anchor to land on, and the forms of the names in it. */
  function normalise(record) {
    const kind = record.kind || "paragraph";
    const anchor = record.anchor || "p" + record.p;
    const label = record.label || (kind === "note" ? "note " + record.p : "¶ " + record.p);
    const names = record.names ? String(record.names).split(" | ").filter(Boolean) : [];
    return { ...record, kind, anchor, label, names, year: String(record.date || "").slice(0, 4),
      textWords: words(record.text || ""), nameWords: words(names.join(" ")) };
  }

  function snippet(text, terms) {
    const ranges = matchRanges(text, terms);
    const at = ranges.length ? ranges[0][0] : 0;
    const start = Math.max(0, at - 120);
    const startAtWord = start > 0 ? text.indexOf(" ", start) + 1 || start : 0;
    const end = Math.min(text.length, startAtWord + 320);
    return (startAtWord > 0 ? "…" : "") + text.slice(startAtWord, end) + (end < text.length ? "…" : "");
  }

  /* The search index comes in pieces (see the build's search module): a manifest, the words sharded by their
     first two letters, and the records in chunks. Pieces are scripts, loaded once each, so search works from disk. */
  const loaded = new Map();
  function loadScript(src) {
    if (!loaded.has(src)) {
      loaded.set(src, new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = () => reject(new Error("cannot load " + src));
        document.head.appendChild(script);
      }));
    }
    return loaded.get(src);
  }

  /* The records that hold every word asked for, by number (which is their order of date): only the shards of
     those words are loaded. */
  async function idsFor(terms) {
    const manifest = window.NARKOMINDEL_SEARCH_MANIFEST;
    const keys = Object.keys(manifest.shards);
    // A shard's key is the first letters of its words (two, or more where two would make it large).
    const shardsOf = (term) => keys.filter((k) => term.startsWith(k) || k.startsWith(term));
    await Promise.all([...new Set(terms.flatMap(shardsOf))].map((k) => loadScript("search/" + manifest.shards[k])));
    const all = window.NARKOMINDEL_SEARCH_TERMS || {};
    let ids = null;
    terms.forEach((term) => {
      const hits = new Set();
      shardsOf(term).forEach((k) => Object.entries(all[k] || {}).forEach(([word, postings]) => {
        if (word.startsWith(term)) postings.forEach((id) => hits.add(id));
      }));
      ids = ids === null ? hits : new Set([...ids].filter((id) => hits.has(id)));
    });
    return [...(ids || [])].sort((a, b) => a - b);
  }

  /* The records themselves: only the chunks that hold them are loaded. A record's number is its document's place
     times the stride, plus its place in the document; a chunk holds the records of a few documents. */
  async function recordsAt(ids) {
    const manifest = window.NARKOMINDEL_SEARCH_MANIFEST;
    const documentOf = (id) => Math.floor(id / manifest.stride);
    const chunkOf = (id) => Math.floor(documentOf(id) / manifest.documents);
    await Promise.all([...new Set(ids.map(chunkOf))].map((c) => loadScript("search/records-" + c + ".js")));
    const chunks = window.NARKOMINDEL_SEARCH_RECORDS || {};
    return ids.map((id) => normalise(chunks[chunkOf(id)][documentOf(id) % manifest.documents][id % manifest.stride]));
  }

  /* Results are shown this many at a time, so that a common word does not load the whole index first. */
  const RESULTS_AT_ONCE = 20;

  function setUpSearch() {
    const form = $(".search-form");
    if (!form) return;
    const status = $(".search-status");
    if (!window.NARKOMINDEL_SEARCH_MANIFEST) {
      say(status, "The search index could not be loaded.");
      return;
    }
    $$(".search-filters").forEach((f) => { f.hidden = false; });
    say(status, "");
    const input = $("#search-input");
    const results = $(".search-results");
    const typeFilter = $("#search-type");
    const yearFilter = $("#search-year");
    if (yearFilter) {
      window.NARKOMINDEL_SEARCH_MANIFEST.years.forEach((year) => {
        const option = document.createElement("option");
        option.value = year;
        option.textContent = year;
        yearFilter.appendChild(option);
      });
    }
    const hasPrefix = (list, term) => list.some((w) => w.startsWith(term));
    let latest = 0;

    function render(record, terms) {
      const item = document.createElement("li");
      const heading = document.createElement("p");
      heading.className = "result-title";
      const link = document.createElement("a");
      link.href = record.page + "?hl=" + encodeURIComponent(terms.join(" ")) + "#" + record.anchor;
      link.textContent = record.title;
      const where = document.createElement("span");
      where.className = "result-where";
      where.textContent = " — " + dualDate(record.date, record.julian) + ", " + record.label;
      heading.append(link, where);
      const text = document.createElement("p");
      text.className = "result-text";
      text.appendChild(highlighted(snippet(record.text || "", terms), terms));
      item.append(heading, text);
      const byName = record.names.filter((n) => terms.some((t) => matchRanges(n, [t]).length));
      if (byName.length) {
        const names = document.createElement("p");
        names.className = "result-names";
        names.append("Names here: ");
        byName.forEach((n, i) => {
          if (i) names.append("; ");
          names.appendChild(highlighted(n, terms));
        });
        item.appendChild(names);
      }
      results.appendChild(item);
    }

    const more = $(".search-more");
    let showMore = null;
    if (more) more.addEventListener("click", () => showMore && showMore());

    async function run(query) {
      const terms = words(query);
      const asked = ++latest;
      if (more) more.hidden = true;
      if (!terms.length) { results.textContent = ""; say(status, ""); return; }
      const type = typeFilter ? typeFilter.value : "";
      const year = yearFilter ? yearFilter.value : "";
      const matches = (r) => (!type || r.type === type) && (!year || r.year === year)
        && terms.every((t) => hasPrefix(r.textWords, t) || hasPrefix(r.nameWords, t));
      let ids;
      try {
        ids = await idsFor(terms);
      } catch (error) {
        say(status, "The search index could not be loaded.");
        return;
      }
      if (asked !== latest) return;  // a newer search has started
      results.textContent = "";
      // Every record that holds the words is a hit; a filter by type or year needs the records themselves, so
      // then all of them are read before the count is known.
      const filtered = Boolean(type || year);
      let next = 0;
      let shown = 0;
      async function showNext() {
        const step = filtered ? ids.length : RESULTS_AT_ONCE;
        let records;
        try {
          records = await recordsAt(ids.slice(next, next + step));
        } catch (error) {
          say(status, "The search index could not be loaded.");
          return;
        }
        if (asked !== latest) return;
        next += step;
        records.filter(matches).forEach((record) => { render(record, terms); shown += 1; });
        const total = filtered ? shown : ids.length;
        const count = total + (total === 1 ? " passage found." : " passages found.");
        say(status, next < ids.length ? count + " Showing the first " + shown + ", in order of date." : count);
        if (more) more.hidden = next >= ids.length;
      }
      showMore = showNext;
      await showNext();
    }
    function go() {
      const url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url);
      run(input.value);
    }
    form.addEventListener("submit", (event) => { event.preventDefault(); go(); });
    [typeFilter, yearFilter].forEach((f) => f && f.addEventListener("change", () => run(input.value)));
    const query = new URL(window.location.href).searchParams.get("q");
    if (query) { input.value = query; run(query); }
  }

  /* Landing from search: the passage is the target; the words searched for are marked in it, or, where they
     name a person, place or organisation, the names that match. */
  function markLanding() {
    const terms = words(new URL(window.location.href).searchParams.get("hl") || "");
    if (!terms.length || !window.location.hash) return;
    const target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (!target) return;
    if (markInside(target, terms)) return;
    $$("a.name[data-entry]", target).forEach((name) => {
      const card = document.getElementById("card-" + name.dataset.entry);
      const forms = card ? words($(".card-name", card).textContent) : [];
      if (terms.every((t) => forms.some((w) => w.startsWith(t)))) name.classList.add("search-hit");
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.documentElement.classList.add("js");
    setUpTextSwitch();
    setUpNames();
    setUpExplanations();
    setUpCiteBox();
    setUpParagraphCitations();
    setUpCopyButtons();
    setUpTable();
    setUpSearch();
    markLanding();
  });
})();

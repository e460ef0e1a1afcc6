/* Narkomindel 1917–1918: the web edition's script. Every page is complete without it; it adds the switch
   between reading and source text, paragraph citations, copy buttons, table sorting and filtering, and search. */
"use strict";

(function () {
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  function say(element, message) {
    if (element) element.textContent = message;
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

  /* ------------------------------------------------------------ citations of a paragraph */
  function setUpParagraphCitations() {
    const citations = $$("pre.citation");
    if (!citations.length) return;
    $$(".cite-url").forEach((span) => { span.dataset.base = span.textContent; });
    const json = $("pre.citation[data-format='csl-json']");
    const jsonBase = json ? json.textContent : "";
    function point(paragraph) {
      $$(".cite-url").forEach((span) => {
        span.textContent = span.dataset.base + (paragraph ? "#p" + paragraph : "");
      });
      $$(".cite-para-chicago").forEach((s) => { s.textContent = paragraph ? ", para. " + paragraph : ""; });
      $$(".cite-para-bibtex").forEach((s) => { s.textContent = paragraph ? ", paragraph " + paragraph : ""; });
      if (json) {
        const records = JSON.parse(jsonBase);
        if (paragraph) {
          records[0].URL += "#p" + paragraph;
          records[0].note += ", paragraph " + paragraph;
        }
        json.textContent = JSON.stringify(records, null, 2);
      }
      say($(".cite-paragraph-status"), paragraph ? "The citations now point at paragraph " + paragraph + "." : "");
    }
    function fromHash() {
      const match = /^#p(\d+)$/.exec(window.location.hash);
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
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function setUpCopyButtons() {
    $$("button.copy").forEach((button) => {
      button.addEventListener("click", () => {
        const source = document.getElementById(button.dataset.copy);
        const label = $("#" + button.dataset.copy + "-label");
        copyText(source.textContent).then(
          () => say($(".copy-status"), (label ? label.textContent : "Citation") + " copied to the clipboard."),
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
  const words = (text) => text.toLowerCase().normalize("NFC").match(/[\p{L}\p{N}]+/gu) || [];

  function highlight(text, terms) {
    const fragment = document.createDocumentFragment();
    const pattern = new RegExp("(" + terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|") + ")", "giu");
    let last = 0;
    text.replace(pattern, (match, _group, offset) => {
      fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      const mark = document.createElement("mark");
      mark.textContent = match;
      fragment.appendChild(mark);
      last = offset + match.length;
      return match;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function snippet(text, term) {
    const at = text.toLowerCase().indexOf(term);
    const start = Math.max(0, at - 120);
    return (start > 0 ? "…" : "") + text.slice(start, start + 320) + (start + 320 < text.length ? "…" : "");
  }

  function setUpSearch() {
    const form = $(".search-form");
    if (!form || !window.NARKOMINDEL_SEARCH) return;
    const input = $("#search-input");
    const results = $(".search-results");
    const status = $(".search-status");
    const index = window.NARKOMINDEL_SEARCH.map((record) => ({ record, words: new Set(words(record.text)) }));
    function run(query) {
      const terms = words(query);
      results.textContent = "";
      if (!terms.length) { say(status, ""); return; }
      const found = index.filter((entry) => terms.every((t) => [...entry.words].some((w) => w.startsWith(t))));
      say(status, found.length + (found.length === 1 ? " paragraph" : " paragraphs") + " found.");
      found.forEach(({ record }) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = record.page + "#p" + record.p;
        link.textContent = record.title + ", paragraph " + record.p;
        const text = document.createElement("p");
        text.appendChild(highlight(snippet(record.text, terms[0]), terms));
        item.append(link, text);
        results.appendChild(item);
      });
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url);
      run(input.value);
    });
    const query = new URL(window.location.href).searchParams.get("q");
    if (query) { input.value = query; run(query); }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.documentElement.classList.add("js");
    setUpTextSwitch();
    setUpParagraphCitations();
    setUpCopyButtons();
    setUpTable();
    setUpSearch();
  });
})();

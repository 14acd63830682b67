/* The book's own behaviour, offline and without any library: the phone navigation, the
   ledger's filters, tables and figures that read on a phone, and the search page's order
   and excerpts.  Loaded on every page (Jupyter Book adds every .js file of _static). */
"use strict";

/* -- Search: chapters and the ledger before the API reference ------------------------------
   Sphinx's searchtools.js keeps a `Scorer` defined before it loads (this file loads first on
   the search page).  The values are Sphinx's defaults; `score` moves every result from the
   API reference (its page and the pages autosummary generates) below every other page. */
var Scorer = {
  score: (result) => {
    const [docname, , , , score] = result;
    return /(^|\/)(api|generated)(\/|$)|^book\/api/.test(docname) ? score - 1000 : score;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};

(() => {
  const ready = (callback) => {
    if (document.readyState !== "loading") callback();
    else document.addEventListener("DOMContentLoaded", callback);
  };

  /* -- Search excerpts without TeX ---------------------------------------------------------
     An excerpt is cut from the page's HTML before MathJax typesets it, so formulas would show
     as TeX source (\(x_i^*\)).  Each formula becomes a short plain-text rendering instead. */
  const GREEK = {
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ",
    eta: "η", theta: "θ", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π",
    rho: "ρ", sigma: "σ", tau: "τ", phi: "φ", varphi: "φ", chi: "χ", psi: "ψ", omega: "ω",
    Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Pi: "Π", Sigma: "Σ", Phi: "Φ",
    Omega: "Ω", le: "≤", leq: "≤", ge: "≥", geq: "≥", ne: "≠", neq: "≠", approx: "≈",
    times: "×", cdot: "·", infty: "∞", partial: "∂", sum: "Σ", in: "∈", to: "→",
    rightarrow: "→", Rightarrow: "⇒", pm: "±", ldots: "…", dots: "…", cdots: "…",
  };
  const plainTex = (tex) =>
    tex
      .replace(/\\(?:text|mathrm|textrm|mathbf|mathit|operatorname|mbox|boldsymbol)\s*\{([^{}]*)\}/g, "$1")
      .replace(/\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "($1)/($2)")
      .replace(/\\([A-Za-z]+)/g, (m, name) => GREEK[name] ?? "")
      .replace(/\\[,;:!| ]/g, " ")
      .replace(/\\(.)/g, "$1")
      .replace(/[{}]/g, "")
      .replace(/\s+/g, " ")
      .trim();
  const withoutTex = (text) =>
    text
      .replace(/\\\[([\s\S]*?)\\\]/g, (m, tex) => plainTex(tex))
      .replace(/\$\$([\s\S]*?)\$\$/g, (m, tex) => plainTex(tex))
      .replace(/\\\(([\s\S]*?)\\\)/g, (m, tex) => plainTex(tex))
      .replace(/\\begin\{(\w+\*?)\}([\s\S]*?)\\end\{\1\}/g, (m, env, tex) => plainTex(tex));
  const patchSearch = () => {
    if (typeof Search === "undefined" || !Search.htmlToText || Search.htmlToText.bookPatched) return;
    const original = Search.htmlToText;
    Search.htmlToText = (html, anchor) => withoutTex(original(html, anchor));
    Search.htmlToText.bookPatched = true;
  };

  /* -- Phone navigation -------------------------------------------------------------------
     The theme renders two buttons of each kind (.primary-toggle in the hidden top bar and in
     the article header; the same for .secondary-toggle) and binds its handler to the first
     one only, which is hidden on a phone: a click on the visible one did nothing.  Every
     other copy now passes its click on to the bound one.  Each button also gets a name. */
  const fixToggles = () => {
    const names = { ".primary-toggle": "Site navigation", ".secondary-toggle": "On this page" };
    for (const [selector, name] of Object.entries(names)) {
      const [bound, ...copies] = document.querySelectorAll(selector);
      if (!bound) continue;
      for (const button of [bound, ...copies]) {
        if (!button.getAttribute("aria-label")) button.setAttribute("aria-label", name);
      }
      for (const copy of copies) {
        copy.addEventListener("click", (event) => {
          event.preventDefault();
          event.stopPropagation();
          bound.click();
        });
      }
    }
  };

  /* -- Tables: a label per cell, and a scroll box for wide ones ----------------------------
     Every cell gets its column's heading as data-label, so that a table that reflows into
     blocks on a phone (CSS, below 700 px) still names each value.  A table with no status
     column that is wider than the column scrolls inside its own box (focusable, so it can be
     scrolled from the keyboard). */
  const labelCells = () => {
    for (const table of document.querySelectorAll("article table")) {
      const heads = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
      if (!heads.length) continue;
      for (const row of table.querySelectorAll("tbody tr")) {
        Array.from(row.children).forEach((cell, i) => {
          if (heads[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
        });
      }
      if (table.querySelector(".status-badge")) table.classList.add("has-status");
    }
    for (const box of document.querySelectorAll(".pst-scrollable-table-container, .table-wrapper")) {
      if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
      if (!box.hasAttribute("role")) box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label")) {
        const caption = box.querySelector("caption");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : "table");
      }
    }
  };

  /* -- Figures: a tap opens the full-size image ------------------------------------------
     On a phone a figure is shown at a fraction of its size; its image becomes a link to the
     full-size file, which the reader can zoom. */
  const enlargeFigures = () => {
    for (const img of document.querySelectorAll("article img")) {
      if (img.closest("a")) continue;
      const src = img.getAttribute("src");
      if (!src || src.startsWith("data:")) continue;
      const link = document.createElement("a");
      link.href = src;
      link.className = "figure-full-size";
      link.title = "Open the full-size image";
      img.parentNode.insertBefore(link, img);
      link.appendChild(img);
    }
  };

  /* -- Accessible names and roles the generated markup gets wrong ------------------------
     - The references list (role="list") holds entries with the role doc-biblioentry, which a
       list may not contain: each entry becomes a listitem (it keeps its class and id).
     - The code cells' "Show code cell source" toggles carry aria-label="Toggle hidden
       content" on a <summary>, where a label is not allowed and hides the visible words:
       the visible words name it. */
  const fixRoles = () => {
    for (const entry of document.querySelectorAll('[role="list"] > [role="doc-biblioentry"]')) {
      entry.setAttribute("role", "listitem");
    }
    for (const summary of document.querySelectorAll("details > summary[aria-label]")) {
      if (summary.textContent.trim()) summary.removeAttribute("aria-label");
    }
  };

  /* -- The ledger at a glance: filters by paper, status and kind -------------------------
     Each row of the summary tables gets data-paper, data-status and data-kind (from its
     table's paper and its badges); three selects above the first table hide the rows that do
     not match, and a table with no matching row is hidden with its heading. */
  const slug = (el, prefix) => {
    if (!el) return "";
    const cls = Array.from(el.classList).find((c) => c.startsWith(prefix) && c !== prefix + "badge");
    return cls ? cls.slice(prefix.length) : "";
  };
  const ledgerFilters = () => {
    const glances = Array.from(document.querySelectorAll("div.ledger-glance"));
    if (!glances.length) return;
    const rows = [];
    const options = { paper: new Map(), status: new Map(), kind: new Map() };
    for (const glance of glances) {
      const paper = slug(glance, "ledger-paper-");
      const block = glance.closest(".ledger-glance-block");
      const name = block && block.querySelector("strong");
      options.paper.set(paper, name ? name.textContent.trim() : paper);
      for (const row of glance.querySelectorAll("tbody tr")) {
        const status = row.querySelector(".status-badge");
        const kind = row.querySelector(".kind-badge");
        row.dataset.paper = paper;
        row.dataset.status = slug(status, "status-");
        row.dataset.kind = kind ? slug(kind, "kind-") : "none";
        if (status) options.status.set(row.dataset.status, status.textContent.trim());
        if (kind) options.kind.set(row.dataset.kind, kind.textContent.trim());
        rows.push(row);
      }
    }
    options.kind.set("none", "no failure");
    const form = document.createElement("form");
    form.className = "ledger-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the claims");
    const selects = {};
    for (const [key, label] of [["paper", "Paper"], ["status", "Status"], ["kind", "Kind of failure"]]) {
      const id = `ledger-filter-${key}`;
      const wrap = document.createElement("label");
      wrap.setAttribute("for", id);
      wrap.textContent = label + " ";
      const select = document.createElement("select");
      select.id = id;
      select.name = key;
      select.add(new Option("all", ""));
      for (const [value, text] of options[key]) select.add(new Option(text, value));
      wrap.appendChild(select);
      form.appendChild(wrap);
      selects[key] = select;
    }
    const count = document.createElement("output");
    count.className = "ledger-filter-count";
    count.setAttribute("aria-live", "polite");
    form.appendChild(count);
    const apply = () => {
      let shown = 0;
      for (const row of rows) {
        const match = Object.entries(selects).every(([key, s]) => !s.value || row.dataset[key] === s.value);
        row.hidden = !match;
        if (match) shown += 1;
      }
      for (const glance of glances) {
        const any = glance.querySelector("tbody tr:not([hidden])") !== null;
        (glance.closest(".ledger-glance-block") || glance).hidden = !any;
      }
      count.textContent = `${shown} of ${rows.length} claims shown`;
    };
    form.addEventListener("change", apply);
    form.addEventListener("submit", (event) => event.preventDefault());
    const first = glances[0].closest(".ledger-glance-block") || glances[0];
    first.parentNode.insertBefore(form, first);
    apply();
  };

  ready(() => {
    for (const step of [fixToggles, fixRoles, labelCells, enlargeFigures, ledgerFilters, patchSearch]) {
      try {
        step();
      } catch (error) {
        console.error("book.js:", step.name, error);
      }
    }
  });
})();

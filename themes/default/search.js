// A classic script (not a module), so that a page opened as a file can
// still say why search does not work there.
//
// Search, over the site's Pagefind index (`pagefind/`, written by
// `retrospect build`). The index is split into chunks; Pagefind fetches only
// those a query needs.
//
// Two places use it. The search page (`search/`): results as you type, with
// filters and an order; the query, the filters and the order live in the
// page's URL, so a search can be shared; the form also works as a plain GET
// form. And the box in every page's header: the first results in a panel
// under the box as you type, and Enter for the search page.
//
// Keyboard, in both: from the box, Down moves to the first result; Up and
// Down move through the results; Enter opens one; Escape goes back to the
// box, and in the box clears it (the page) or closes the panel (the header).

(() => {
  const PAGE_SIZE = 10;
  const PANEL_SIZE = 5;
  const DEBOUNCE_MS = 120;
  // Sorts after every word a report is likely to hold (see `engine`).
  const WARM_UP = "zzzzzzzzzzzz";

  let pagefind = null;

  // Pagefind's module, loaded once, from `bundle` (the index's folder).
  async function engine(bundle) {
    if (!pagefind) {
      const url = new URL(bundle + "pagefind.js", document.baseURI);
      try {
        pagefind = await import(url.href);
      } catch (error) {
        throw new Error(
          location.protocol === "file:"
            ? "Search needs the site served over HTTP: browsers do not load its index from a file. Run “retrospect serve”, or put the site on a web server."
            : `The search index could not be loaded (${error.message}).`,
        );
      }
      // Without a worker: one script less to download, and a first query
      // that does not wait for a worker to start.
      await pagefind.options({ excerptLength: 26, noWorker: true });
      // Load the index's metadata and WebAssembly now, then run one search
      // for a word no index chunk can hold, so nothing more is downloaded:
      // it makes Pagefind's word splitter and compiles its search code
      // while a query is typed, which took ~70 ms of the first query.
      pagefind
        .init()
        .then(() => pagefind.search(WARM_UP))
        .catch(() => {});
    }
    return pagefind;
  }

  // ------------------------------------------------ Words that match

  // A query's words as Pagefind reads them: lower case, without diacritics
  // or punctuation (dashes, brackets, quotes and the like).
  const PUNCTUATION = /[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu;
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const wordsOf = (query) => fold(query).replace(PUNCTUATION, "").split(/\s+/).filter(Boolean);

  // The words of a result's text at the places Pagefind matched, folded,
  // whole and in their parts (`pgbouncer.ini` holds `pgbouncer` and `ini`).
  function matchedWords(data) {
    const text = data.raw_content || data.content || "";
    const words = text.split(/[^\S\uFEFF]+/g);
    const out = new Set();
    for (const at of data.locations || []) {
      const word = fold((words[at] || "").replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
      out.add(word.replace(PUNCTUATION, ""));
      for (const part of word.split(PUNCTUATION)) if (part) out.add(part);
    }
    return out;
  }

  // Pagefind's search, keeping only what the words typed match. Pagefind
  // matches a word to every indexed word that starts with it, and a word
  // that no indexed word starts with to the longest indexed word it starts
  // with: "qqqqq" finds a report with "q" (Pagefind issues 599 and 793).
  // Here a word of the query matches only if the index holds it as a whole
  // word (an exact search for it finds a report; stemmed, so "failovers"
  // is "failover") or as the start of a longer word ("pgboun" while
  // "pgbouncer" is typed). A query with a word that matches nothing finds
  // nothing, as all the words must match. And the reports that hold a word
  // whole come before those that only have longer words starting with it
  // (then by Pagefind's score), unless the results are sorted by date.
  //
  // The first result's text (loaded to be shown anyway) settles most
  // words: it holds the word, or a word starting with it. Only the other
  // words cost an exact search, which on a large site means thousands of
  // matches to rank. A query in quotes is Pagefind's exact search, as is.
  async function find(pf, query, options = {}) {
    const search = await pf.search(query || null, options);
    const words = query && !query.includes('"') ? wordsOf(query) : [];
    if (!search || !words.length || !search.results.length) return search;
    const held = [...matchedWords(await search.results[0].data())];
    // Whole: the word itself, or with a plural "s" ("caps" for "cap"; not
    // "fares" for "far": other endings make other words).
    const whole = (word) => held.some((h) => h === word || h === `${word}s`);
    const unsettled = words.filter((word) => !whole(word));
    if (!unsettled.length) return search;
    const exact = await Promise.all(
      unsettled.map((word) => pf.search(`"${word}"`, { filters: options.filters || {} })),
    );
    const holders = exact.map((s) => new Set((s ? s.results : []).map((r) => r.id)));
    if (unsettled.some((word, i) => !holders[i].size && !held.some((h) => h.startsWith(word)))) {
      return { ...search, results: [], unfilteredResultCount: 0 };
    }
    if (options.sort && Object.keys(options.sort).length) return search;
    const count = (r) => holders.reduce((n, ids) => n + (ids.has(r.id) ? 1 : 0), 0);
    const results = search.results
      .map((r, at) => [count(r), at, r])
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .map(([, , r]) => r);
    return { ...search, results };
  }

  function plural(n, one, many) {
    return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
  }

  // Pagefind's excerpts are text with <mark> around the matched words. Only
  // text and <mark> are kept, parsed in an inert template: nothing in a
  // report's text can become markup.
  function excerptNodes(excerpt) {
    const template = document.createElement("template");
    template.innerHTML = excerpt;
    const out = document.createDocumentFragment();
    const copy = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          out.append(child.textContent);
        } else if (child.nodeType === Node.ELEMENT_NODE && child.localName === "mark") {
          const mark = document.createElement("mark");
          mark.textContent = child.textContent;
          out.append(mark);
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          copy(child);
        }
      }
    };
    copy(template.content);
    return out;
  }

  // One result: title, facts and snippet. `root` leads to the site's root.
  function resultItem(data, root, headingLevel) {
    const meta = data.meta || {};
    const item = document.createElement("li");
    item.className = "search-result";
    const heading = document.createElement(headingLevel);
    const link = document.createElement("a");
    link.href = root + data.url.replace(/^\//, "");
    link.textContent = meta.title || data.url;
    heading.append(link);

    const facts = document.createElement("p");
    facts.className = "search-result-meta";
    if (meta.severity) {
      const badge = document.createElement("span");
      badge.className = `sev sev-r${meta.severity_rank || "x"}`;
      if (meta.severity_colour) badge.style.setProperty("--sev", meta.severity_colour);
      const icon = document.createElement("span");
      icon.className = "sev-icon";
      icon.setAttribute("aria-hidden", "true");
      badge.append(icon, meta.severity);
      facts.append(badge);
    }
    const fact = (text, className, element = "span") => {
      if (!text) return null;
      const node = document.createElement(element);
      node.textContent = text;
      if (className) node.className = className;
      facts.append(" ", node);
      return node;
    };
    const time = fact(meta.date, "", "time");
    if (time && meta.datetime) time.dateTime = meta.datetime;
    fact(meta.id, "search-result-id");
    fact(meta.services, "search-result-services");
    if (meta.status !== "Published") fact(meta.status, "badge");

    const excerpt = document.createElement("p");
    excerpt.className = "search-result-excerpt";
    excerpt.append(excerptNodes(data.excerpt || ""));
    item.append(heading, facts, excerpt);
    return item;
  }

  // Up and Down between the links of `list`, Up from the first to `input`,
  // Escape back to `input` (and `onEscape`).
  function arrowKeys(list, input, onEscape) {
    const links = () => Array.from(list.querySelectorAll(".search-result a"));
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") {
        const first = links()[0];
        if (first) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    list.addEventListener("keydown", (event) => {
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (at < 0) return;
      if (event.key === "ArrowDown" && at + 1 < all.length) {
        event.preventDefault();
        all[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (at > 0 ? all[at - 1] : input).focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        input.focus();
        if (onEscape) onEscape();
      }
    });
    return links;
  }

  // ------------------------------------------------------------ The page

  function searchPage(form) {
    const input = document.getElementById("search-q");
    const statusLine = document.getElementById("search-status");
    const list = document.getElementById("search-results");
    const more = document.getElementById("search-more");
    const root = form.dataset.root;
    const bundle = form.dataset.bundle;
    const selects = Array.from(form.querySelectorAll("select[data-filter]"));
    const order = document.getElementById("search-sort");
    const filterBox = document.getElementById("search-filters");
    const filterCount = filterBox && filterBox.querySelector(".search-filters-count");
    let results = [];
    let shown = 0;
    let generation = 0;
    let timer = 0;

    const currentState = () => {
      const filters = {};
      for (const select of selects) {
        if (select.value) filters[select.dataset.filter] = select.value;
      }
      return { query: input.value.trim(), filters, order: order.value };
    };

    // How many filters are set, beside the folded filters' title.
    const countFilters = (state) => {
      const n = Object.keys(state.filters).length;
      if (filterCount) filterCount.textContent = n ? ` (${n} set)` : "";
    };

    const writeUrl = (state) => {
      countFilters(state);
      const params = new URLSearchParams();
      if (state.query) params.set("q", state.query);
      for (const [name, value] of Object.entries(state.filters)) params.set(name, value);
      if (state.order) params.set("sort", state.order);
      const search = params.toString();
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    };

    const readUrl = () => {
      const params = new URLSearchParams(location.search);
      input.value = params.get("q") || "";
      const choose = (select, value) => {
        if (value && Array.from(select.options).some((o) => o.value === value)) select.value = value;
      };
      for (const select of selects) choose(select, params.get(select.dataset.filter));
      choose(order, params.get("sort"));
    };

    // Asks for a page of results at once and shows each as soon as it and
    // the ones before it have loaded: the first result does not wait for
    // the tenth.
    const showMore = async (mine) => {
      const pending = results.slice(shown, shown + PAGE_SIZE).map((r) => r.data());
      for (const next of pending) {
        const data = await next;
        if (mine !== generation) return;
        list.append(resultItem(data, root, "h2"));
        shown += 1;
      }
      more.hidden = shown >= results.length;
    };

    const run = async () => {
      const state = currentState();
      writeUrl(state);
      const mine = ++generation;
      const filtered = Object.keys(state.filters).length > 0;
      if (!state.query && !filtered) {
        results = [];
        shown = 0;
        list.replaceChildren();
        more.hidden = true;
        statusLine.textContent = "";
        return;
      }
      let pf;
      try {
        pf = await engine(bundle);
      } catch (error) {
        statusLine.textContent = error.message;
        return;
      }
      const options = { filters: state.filters };
      if (state.order === "newest") options.sort = { date: "desc" };
      if (state.order === "oldest") options.sort = { date: "asc" };
      const search = await find(pf, state.query, options);
      if (mine !== generation || !search) return;
      results = search.results;
      shown = 0;
      list.replaceChildren();
      if (results.length === 0) {
        const what = state.query ? `“${state.query}”` : "these filters";
        statusLine.textContent = `No report matches ${what}${state.query && filtered ? " with these filters" : ""}.`;
        more.hidden = true;
        return;
      }
      await showMore(mine);
      if (mine !== generation) return;
      statusLine.textContent = `${plural(results.length, "report", "reports")} found.`;
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    for (const select of [...selects, order]) select.addEventListener("change", run);
    const links = arrowKeys(list, input);
    more.addEventListener("click", () => {
      const first = shown;
      showMore(generation).then(() => links()[first]?.focus());
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && input.value) {
        event.preventDefault();
        input.value = "";
        clearTimeout(timer);
        run();
      }
    });

    readUrl();
    // The filters start open on a wide screen, or when one is set.
    if (filterBox && (window.matchMedia("(min-width: 48rem)").matches || selects.some((s) => s.value))) {
      filterBox.open = true;
    }
    countFilters(currentState());
    if (input.value || selects.some((s) => s.value)) {
      run();
    } else {
      // The page opens in its box: load the index's entry while a query is typed.
      engine(bundle).catch(() => {});
    }
    input.focus();
  }

  // ---------------------------------------------------- The header's box

  function headerBox(form) {
    const input = form.querySelector("input[name=q]");
    const root = form.dataset.root;
    const bundle = form.dataset.bundle;
    const panel = document.createElement("div");
    panel.className = "site-search-panel";
    panel.id = "site-search-panel";
    panel.hidden = true;
    const statusLine = document.createElement("p");
    statusLine.className = "site-search-status";
    statusLine.setAttribute("role", "status");
    const list = document.createElement("ol");
    list.className = "site-search-results";
    list.setAttribute("aria-label", "First results");
    const all = document.createElement("a");
    all.className = "site-search-all";
    all.href = `${root}search/`;
    all.textContent = "The search page";
    panel.append(statusLine, list, all);
    form.append(panel);
    input.setAttribute("aria-controls", panel.id);
    let generation = 0;
    let timer = 0;

    const open = (yes) => {
      panel.hidden = !yes;
    };
    const run = async () => {
      const query = input.value.trim();
      const mine = ++generation;
      if (!query) {
        open(false);
        list.replaceChildren();
        return;
      }
      let pf;
      try {
        pf = await engine(bundle);
      } catch (error) {
        list.replaceChildren();
        statusLine.textContent = error.message;
        all.href = `${root}search/`;
        all.textContent = "The search page";
        open(true);
        return;
      }
      const search = await find(pf, query);
      if (mine !== generation || !search) return;
      const data = await Promise.all(search.results.slice(0, PANEL_SIZE).map((r) => r.data()));
      if (mine !== generation) return;
      list.replaceChildren(...data.map((d) => resultItem(d, root, "h3")));
      const n = search.results.length;
      statusLine.textContent = n ? `${plural(n, "report", "reports")} found.` : `No report matches “${query}”.`;
      all.href = `${root}search/?q=${encodeURIComponent(query)}`;
      all.textContent = n > PANEL_SIZE ? `All ${n.toLocaleString("en")} results on the search page` : "Search with filters";
      open(true);
    };

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    input.addEventListener("focus", () => engine(bundle).catch(() => {}), { once: true });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !panel.hidden) {
        event.preventDefault();
        open(false);
      }
    });
    arrowKeys(list, input, () => open(false));
    form.addEventListener("focusout", (event) => {
      if (!form.contains(event.relatedTarget)) open(false);
    });
  }

  const page = document.getElementById("search-form");
  if (page) searchPage(page);
  const box = document.querySelector("form.site-search");
  if (box) headerBox(box);
})();

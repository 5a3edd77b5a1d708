// The search page: queries the site's Pagefind index as you type.
//
// The index (`pagefind/`, written by `retrospect build`) is split into
// chunks; Pagefind fetches only those a query needs. The query, the filters
// and the order live in the page's URL, so a search can be shared; the form
// also works as a plain GET form. Keyboard: from the box, Down moves to the
// first result; Up and Down move through the results; Enter opens one;
// Escape goes back to the box, and in the box clears it.

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 120;

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const root = form.dataset.root;
const selects = Array.from(form.querySelectorAll("select[data-filter]"));
const order = document.getElementById("search-sort");

let pagefind = null;
let results = [];
let shown = 0;
let generation = 0;
let timer = 0;

async function engine() {
  if (!pagefind) {
    const url = new URL(form.dataset.bundle + "pagefind.js", document.baseURI);
    pagefind = await import(url.href);
    // Without a worker: one script less to download, and a first query
    // that does not wait for a worker to start.
    await pagefind.options({ excerptLength: 26, noWorker: true });
    pagefind.init();
  }
  return pagefind;
}

function currentState() {
  const filters = {};
  for (const select of selects) {
    if (select.value) filters[select.dataset.filter] = select.value;
  }
  return { query: input.value.trim(), filters, order: order.value };
}

function writeUrl(state) {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  for (const [name, value] of Object.entries(state.filters)) params.set(name, value);
  if (state.order) params.set("sort", state.order);
  const search = params.toString();
  history.replaceState(null, "", search ? "?" + search : location.pathname);
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const choose = (select, value) => {
    if (value && Array.from(select.options).some((o) => o.value === value)) select.value = value;
  };
  for (const select of selects) choose(select, params.get(select.dataset.filter));
  choose(order, params.get("sort"));
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
  const copy = (node, into) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        into.append(child.textContent);
      } else if (child.nodeType === Node.ELEMENT_NODE && child.localName === "mark") {
        const mark = document.createElement("mark");
        mark.textContent = child.textContent;
        into.append(mark);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        copy(child, into);
      }
    }
  };
  copy(template.content, out);
  return out;
}

function resultItem(data) {
  const meta = data.meta || {};
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
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
  const fact = (text, element = "span") => {
    if (!text) return;
    const node = document.createElement(element);
    node.textContent = text;
    facts.append(" ", node);
    return node;
  };
  const time = fact(meta.date, "time");
  if (time && meta.datetime) time.dateTime = meta.datetime;
  if (meta.id) fact(meta.id).className = "search-result-id";
  if (meta.services) fact(meta.services).className = "search-result-services";
  if (meta.status && meta.status !== "Published") fact(meta.status).className = "badge";

  const excerpt = document.createElement("p");
  excerpt.className = "search-result-excerpt";
  excerpt.append(excerptNodes(data.excerpt || ""));
  item.append(heading, facts, excerpt);
  return item;
}

async function showMore(mine) {
  const batch = results.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(batch.map((r) => r.data()));
  if (mine !== generation) return;
  list.append(...data.map(resultItem));
  shown += batch.length;
  more.hidden = shown >= results.length;
}

async function run() {
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
  const pf = await engine();
  const options = { filters: state.filters };
  if (state.order === "newest") options.sort = { date: "desc" };
  if (state.order === "oldest") options.sort = { date: "asc" };
  const search = await pf.search(state.query || null, options);
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
}

function later() {
  clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
}

function resultLinks() {
  return Array.from(list.querySelectorAll(".search-result h2 a"));
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  run();
});
input.addEventListener("input", later);
for (const select of [...selects, order]) select.addEventListener("change", run);
more.addEventListener("click", () => {
  const first = shown;
  showMore(generation).then(() => resultLinks()[first]?.focus());
});

input.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown") {
    const first = resultLinks()[0];
    if (first) {
      event.preventDefault();
      first.focus();
    }
  } else if (event.key === "Escape" && input.value) {
    event.preventDefault();
    input.value = "";
    clearTimeout(timer);
    run();
  }
});

list.addEventListener("keydown", (event) => {
  const links = resultLinks();
  const at = links.indexOf(document.activeElement);
  if (at < 0) return;
  if (event.key === "ArrowDown" && at + 1 < links.length) {
    event.preventDefault();
    links[at + 1].focus();
  } else if (event.key === "ArrowUp") {
    event.preventDefault();
    (at > 0 ? links[at - 1] : input).focus();
  } else if (event.key === "Escape") {
    event.preventDefault();
    input.focus();
  }
});

readUrl();
if (input.value || selects.some((s) => s.value)) {
  run();
} else {
  // The page opens in its box: load the index's entry while a query is typed.
  engine();
}
input.focus();

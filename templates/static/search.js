// The search page's UI (templates/search.html) on Pagefind's JavaScript API: the page's own
// form, a count read out by screen readers and a list of results, in the page's language
// (Pagefind loads the index of <html lang>). The query lives in the address (?q=), so a
// search can be shared, reloaded and gone back to. No request leaves the site.

const BATCH = 10; // results loaded at a time: each one fetches its own fragment of the index

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const numbers = new Intl.NumberFormat(document.documentElement.lang);

input.value = addressed();
let pagefind = null;
let dropped = new Set(); // entries of older shards that a recent shard holds anew (or of removed pages)
try {
  pagefind = await load(form.dataset.bundle, form.dataset.base);
} catch {
  status.textContent = form.dataset.unavailable;
}

/** Pagefind with every shard of this page's language: the first shard's index, the others merged into it.
 * The index is split in shards so that an edit re-indexes few pages: pagefind/shards.json names them, and the
 * entries to leave out because the language's recent shard (merged last) holds those pages as they are now. */
async function load(bundle, base) {
  const response = await fetch(bundle + "shards.json", { cache: "no-cache" }); // a new build may have new shards
  const manifest = await response.json();
  const lang = document.documentElement.lang;
  const shards = manifest[lang] || [];
  dropped = new Set((manifest.drop || {})[lang] || []);
  if (!shards.length) throw new Error("no search index in this language");
  const found = await import(bundle + shards[0] + "/pagefind.js");
  await found.options({ baseUrl: base }); // result addresses under the site's base path
  found.init(); // starts loading the index now, not at the first keystroke
  await Promise.all(shards.slice(1).map((shard) => found.mergeIndex(bundle + shard + "/", { baseUrl: base })));
  return found;
}

let latest = 0; // the newest search started: an older one that finishes late shows nothing
let shown = 0; // the search whose results are listed
let waiting = []; // the results of the shown search that are not loaded yet
let settled = true; // this history entry's query is finished (loaded, submitted, gone back to): a new one gets its own entry

/** The query in the address, or "". */
function addressed() {
  return (new URLSearchParams(location.search).get("q") || "").trim();
}

/** Put `query` in the address: a new history entry after a finished search, else the same one. */
function remember(query) {
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  if (url.href === location.href) return;
  if (settled && addressed()) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  settled = false;
}

/** Search for `query` and list the first results; `debounce` while the reader is typing. */
async function run(query, debounce) {
  const ticket = ++latest;
  query = query.trim();
  try {
    let found = { results: [] };
    if (query) {
      found = debounce ? await pagefind.debouncedSearch(query) : await pagefind.search(query);
      if (found === null || ticket !== latest) return; // a newer search has started
    }
    const results = current(found.results);
    waiting = results;
    shown = ticket;
    if (!(await show(ticket, { replace: true }))) return;
    remember(query);
    status.textContent = query ? count(results.length, query) : "";
  } catch {
    if (ticket === latest) status.textContent = form.dataset.unavailable; // a part of the index did not load
  }
}

/** The results that show a page as it is now: none that the manifest drops, each entry once (a page whose
 * indexed text did not change has the same id in its own shard and in the recent one). */
function current(results) {
  const seen = new Set();
  return results.filter((result) => !dropped.has(result.id) && !seen.has(result.id) && seen.add(result.id));
}

/** Load the next batch of results and list them (in place of the last search's, when `replace`); whether
 * this search is still the newest. After "More results" (`focus`) the first new result takes the focus. */
async function show(ticket, { replace = false, focus = false } = {}) {
  const batch = waiting.slice(0, BATCH);
  waiting = waiting.slice(BATCH);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (ticket !== latest) return false;
  const items = data.map(item);
  if (replace) list.replaceChildren(...items); // only now: the last results stay until these are ready
  else list.append(...items);
  more.hidden = waiting.length === 0;
  if (focus && items.length) items[0].querySelector("a").focus();
  return true;
}

/** "N results for “query”." in the page's language (the strings come from the catalogs, through the form). */
function count(n, query) {
  const pattern = n === 0 ? form.dataset.none : n === 1 ? form.dataset.one : form.dataset.many;
  return pattern.replace("{count}", numbers.format(n)).replace("{query}", () => query); // a function: "$&" in a query is text
}

/** One result: its headline as a link, then its excerpt. */
function item(data) {
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  if (data.meta.title_lang) link.lang = data.meta.title_lang; // an untranslated story's Indonesian headline on an English page
  const heading = document.createElement("h2");
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.append(...marked(data.excerpt));
  const li = document.createElement("li");
  li.append(heading, excerpt);
  return li;
}

/** An excerpt's text and <mark>s as nodes: Pagefind escapes the text, but nothing else from an index reaches the page. */
function marked(html) {
  const parsed = document.createElement("template");
  parsed.innerHTML = html; // inert: a template's content runs nothing and loads nothing
  return [...parsed.content.childNodes].map((node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}

if (pagefind) {
  input.addEventListener("input", () => run(input.value, true));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await run(input.value, false);
    settled = true;
  });
  more.addEventListener("click", () => show(shown, { focus: true }).catch(() => (status.textContent = form.dataset.unavailable)));
  window.addEventListener("popstate", () => {
    input.value = addressed();
    settled = true;
    run(input.value, false);
  });
  if (input.value.trim()) run(input.value, false); // the address's query, or what was typed while Pagefind loaded
}

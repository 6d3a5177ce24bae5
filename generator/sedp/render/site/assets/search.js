/* Site search for sedp: a search button in the header opens a dialog that
 * queries the Pagefind index built beside the pages (pagefind/, made by
 * `sedp build` and by the mkdocs hook). No network: everything is fetched
 * from this site, and only the index chunks and page fragments a query needs.
 *
 * What a person types is made comparable first: Unicode NFC (some keyboards
 * send decomposed marks), lower case, "ð" as "đ". Pagefind itself folds the
 * tones ("nước" = "nuoc") but not đ (U+0111 has no decomposition), and people
 * who type without marks write "d" for "đ". So every word that starts with d
 * or đ is searched both ways (up to 4 such words: 16 searches of the index
 * chunks already loaded) and the results are joined. Pages are ranked in
 * tiers: if the query has marks, pages with its exact phrase first, then pages
 * with all its words exactly as typed; then pages with the phrase in any form;
 * then the rest. Within a tier, by Pagefind's score for the words as typed
 * (when typed with marks and found so), else in any form. Pagefind matches a
 * word's beginning too ("lo" finds "long"); a Vietnamese syllable is short,
 * so whole words are weighted well above such prefixes (termSimilarity).
 *
 * Every text from the index is put into the page with textContent: excerpts
 * are cut from the page's own text here (Pagefind's ready-made excerpt is
 * HTML with only < and > escaped), and only the matched words are wrapped in
 * <mark> elements made here.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var siteRoot = new URL("../", script ? script.src : window.location.href); // assets/search.js -> the site
  var PAGE = 10; // results shown at a time
  var EXCERPT_WORDS = 30;
  var MAX_D_WORDS = 4; // words starting with d/đ searched both ways (2^4 = 16 searches at most)
  var DEBOUNCE_MS = 180;

  // --- The query --------------------------------------------------------------

  function normalise(text) {
    return String(text || "")
      .normalize("NFC")
      .toLocaleLowerCase("vi")
      .replace(/ð/g, "đ") // U+00F0, the look-alike some fonts and keyboards give for đ
      .replace(/["“”„«»]/g, " ")
      .replace(/\s+/g, " ")
      .trim();
  }

  /* The query with each word-initial d or đ both ways; the typed form first. */
  function variants(typed) {
    var slots = [];
    var wordStart = /(^|[^\p{L}\p{N}])([dđ])/gu;
    var match;
    while ((match = wordStart.exec(typed)) !== null && slots.length < MAX_D_WORDS) {
      slots.push(match.index + match[1].length);
    }
    var forms = [typed];
    slots.forEach(function (at) {
      forms = forms.concat(forms.map(function (form) {
        var other = form[at] === "d" ? "đ" : "d";
        return form.slice(0, at) + other + form.slice(at + 1);
      }));
    });
    return forms;
  }

  // --- Pagefind -----------------------------------------------------------------

  var loading = null;
  function engine() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (pagefind) {
        var options = { baseUrl: siteRoot.pathname, ranking: { termSimilarity: 10 } };
        return pagefind.options(options).then(function () { return pagefind; });
      });
      loading.catch(function () { loading = null; }); // a later query tries again
    }
    return loading;
  }

  // Pagefind's exact-diacritics switch is an option of the whole instance:
  // searches run one after another so that it never changes under one.
  var queue = Promise.resolve();
  function serially(task) {
    var run = queue.then(task);
    queue = run.catch(function () {});
    return run;
  }

  /* All pages matching query, ranked: [{id, tier, score, result, shown}]:
   * result is Pagefind's for the words in any form, shown the one of the best
   * tier (its data() loads the page's fragment with the matched words).
   * outdated(): true once a newer query replaced this one (typing on a slow
   * phone): the searches still queued for it are then skipped. */
  function search(query, outdated) {
    var typed = normalise(query);
    var gone = outdated || function () { return false; };
    if (!typed) return Promise.resolve({ typed: typed, results: [] });
    return serially(async function () {
      if (gone()) return { typed: typed, results: [] };
      var pagefind = await engine();
      var marked = /[^\u0000-\u007f]/.test(typed); // typed with marks: that exact form ranks first
      var phrase = typed.indexOf(" ") > 0;
      var best = new Map(); // page id -> {tier, result} of its best tier
      var exact = new Map(); // page id -> score for the words exactly as typed
      var pages = new Map(); // page id -> {id, score, result} of the searches in any form: the result set
      function take(response, tier) {
        ((response && response.results) || []).forEach(function (result) {
          var known = best.get(result.id);
          if (!known || tier < known.tier) best.set(result.id, { tier: tier, result: result });
          if (tier === 1) exact.set(result.id, result.score);
          var page = pages.get(result.id);
          if (tier === 3 && (!page || result.score > page.score)) {
            pages.set(result.id, { id: result.id, score: result.score, result: result });
          }
        });
      }
      if (marked) {
        await pagefind.options({ exactDiacritics: true });
        try {
          if (phrase) take(await pagefind.search('"' + typed + '"'), 0);
          take(await pagefind.search(typed), 1);
        } finally {
          await pagefind.options({ exactDiacritics: false });
        }
      }
      for (var form of variants(typed)) {
        if (gone()) return { typed: typed, results: [] };
        if (phrase) take(await pagefind.search('"' + form + '"'), 2);
        take(await pagefind.search(form), 3);
      }
      var results = Array.from(pages.values());
      results.forEach(function (entry) {
        entry.tier = best.get(entry.id).tier;
        entry.shown = best.get(entry.id).result;
        if (exact.has(entry.id)) entry.score = exact.get(entry.id);
      });
      results.sort(function (a, b) {
        return a.tier - b.tier || b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      });
      return { typed: typed, results: results };
    });
  }

  /* The window of the page's text with the most matched words (Pagefind's own
   * choice, computed again on the unescaped text). */
  function excerptStart(weighted, length) {
    var words = [];
    weighted.forEach(function (w) { words[w.location] = (words[w.location] || 0) + w.balanced_score; });
    if (words.length <= length) return 0;
    var sum = 0;
    for (var i = 0; i < length; i++) sum += words[i] || 0;
    var densest = sum;
    var at = [0];
    for (var j = 0; j < words.length; j++) {
      sum += (words[j + length] || 0) - (words[j] || 0);
      if (sum > densest) { densest = sum; at = [j + 1]; } else if (sum === densest && at[at.length - 1] === j) at.push(j + 1);
    }
    return at[Math.floor(at.length / 2)];
  }

  /* What one result shows: title, section, link and excerpt, all plain text. */
  function describe(data) {
    var words = data.content.split(/[\r\n\s]+/g); // the word positions Pagefind counts
    var weighted = data.weighted_locations || (data.locations || []).map(function (l) {
      return { location: l, balanced_score: 1 };
    });
    var start = Math.max(0, Math.min(excerptStart(weighted, EXCERPT_WORDS), words.length - EXCERPT_WORDS));
    var end = Math.min(words.length, start + EXCERPT_WORDS);
    var marks = new Set(data.locations || []);
    var excerpt = [];
    for (var i = start; i < end; i++) {
      if (words[i]) excerpt.push({ text: words[i], mark: marks.has(i) });
    }
    var first = (data.locations || []).filter(function (l) { return l >= start; })[0];
    var anchor = null;
    (data.anchors || []).forEach(function (a) {
      if (/^h[2-6]$/i.test(a.element) && a.id && a.location <= (first === undefined ? start : first) &&
          (!anchor || a.location >= anchor.location)) anchor = a;
    });
    return {
      url: anchor ? data.url + "#" + anchor.id : data.url,
      title: (data.meta && data.meta.title) || data.url,
      section: anchor ? anchor.text : "",
      excerpt: excerpt,
      more_before: start > 0,
      more_after: end < words.length,
    };
  }

  /* What to show for one ranked page: the excerpt around the words of its best
   * tier (the exact phrase, say), or around the words in any form when that
   * window has none (Pagefind places a phrase's words loosely). */
  async function view(entry) {
    var shown = describe(await entry.shown.data());
    if (shown.excerpt.some(function (word) { return word.mark; }) || entry.shown === entry.result) return shown;
    return describe(await entry.result.data());
  }

  // --- The dialog -----------------------------------------------------------------

  var SVG = "http://www.w3.org/2000/svg";
  var MAGNIFIER = "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27" +
    "A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5";
  var CROSS = "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z";

  function element(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function icon(path) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var shape = document.createElementNS(SVG, "path");
    shape.setAttribute("d", path);
    svg.appendChild(shape);
    return svg;
  }

  function count(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); } // 1.234, as Vietnamese writes it

  function build() {
    var opener = element("button", {
      type: "button", class: "md-header__button sedp-search-open", "aria-haspopup": "dialog",
      "aria-keyshortcuts": "/", title: "Tìm kiếm (phím /)",
    });
    opener.appendChild(icon(MAGNIFIER));
    opener.appendChild(element("span", { class: "sedp-search-open__label" }, "Tìm kiếm"));

    var dialog = element("dialog", { class: "sedp-search", "aria-label": "Tìm kiếm trên trang" });
    var form = element("form", { class: "sedp-search__form", role: "search" });
    var label = element("label", { class: "sedp-search__label", for: "sedp-search-input" }, "Tìm kiếm");
    var input = element("input", {
      id: "sedp-search-input", class: "sedp-search__input", type: "search", autocomplete: "off",
      autocapitalize: "off", spellcheck: "false", enterkeyhint: "search",
      placeholder: "Tên xã, thôn, hoạt động…", "aria-describedby": "sedp-search-status",
    });
    var close = element("button", { type: "button", class: "sedp-search__close", "aria-label": "Đóng", title: "Đóng (Esc)" });
    close.appendChild(icon(CROSS));
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(close);
    var status = element("p", { id: "sedp-search-status", class: "sedp-search__status", role: "status", "aria-live": "polite" });
    var list = element("ol", { class: "sedp-search__results", "aria-label": "Kết quả tìm kiếm" });
    var more = element("button", { type: "button", class: "sedp-search__more", hidden: "" }, "Xem thêm kết quả");
    var body = element("div", { class: "sedp-search__body" });
    body.appendChild(status);
    body.appendChild(list);
    body.appendChild(more);
    dialog.appendChild(form);
    dialog.appendChild(body);

    var header = document.querySelector(".md-header__inner");
    if (header) {
      var source = header.querySelector(".md-header__source");
      header.insertBefore(opener, source);
    } else {
      opener.classList.add("sedp-search-open--alone");
      document.body.insertBefore(opener, document.body.firstChild);
    }
    document.body.appendChild(dialog);

    var current = { results: [], shown: 0, typed: "" };
    var sequence = 0;
    var timer = null;

    function show(view) {
      var item = element("li", { class: "sedp-search__item" });
      var link = element("a", { class: "sedp-search__link", href: view.url });
      link.appendChild(element("span", { class: "sedp-search__title" }, view.title));
      if (view.section) link.appendChild(element("span", { class: "sedp-search__section" }, view.section));
      var excerpt = element("span", { class: "sedp-search__excerpt" });
      if (view.more_before) excerpt.appendChild(document.createTextNode("… "));
      view.excerpt.forEach(function (word, i) {
        if (i) excerpt.appendChild(document.createTextNode(" "));
        excerpt.appendChild(word.mark ? element("mark", {}, word.text) : document.createTextNode(word.text));
      });
      if (view.more_after) excerpt.appendChild(document.createTextNode(" …"));
      link.appendChild(excerpt);
      item.appendChild(link);
      list.appendChild(item);
    }

    async function showMore(mine) {
      var slice = current.results.slice(current.shown, current.shown + PAGE);
      var loaded = await Promise.all(slice.map(view));
      if (mine !== sequence) return;
      loaded.forEach(show);
      current.shown += slice.length;
      more.hidden = current.shown >= current.results.length;
    }

    async function run(query) {
      var mine = ++sequence;
      var typed = normalise(query);
      if (!typed) {
        list.replaceChildren();
        more.hidden = true;
        status.textContent = "";
        return;
      }
      status.textContent = "Đang tìm…";
      try {
        var found = await search(query, function () { return mine !== sequence; });
        if (mine !== sequence) return;
        current = { results: found.results, shown: 0, typed: typed };
        list.replaceChildren();
        more.hidden = true;
        var shownQuery = String(query).trim();
        status.textContent = found.results.length
          ? count(found.results.length) + " kết quả cho «" + shownQuery + "»"
          : "Không tìm thấy kết quả nào cho «" + shownQuery + "».";
        await showMore(mine);
      } catch (error) {
        if (mine !== sequence) return;
        list.replaceChildren();
        more.hidden = true;
        status.textContent = "Không tải được chỉ mục tìm kiếm. Hãy mở trang qua máy chủ web (không mở thẳng tệp " +
          "HTML) và dựng lại trang bằng sedp build nếu vẫn lỗi.";
        if (window.console) console.error(error);
      }
    }

    function open() {
      if (!dialog.open) dialog.showModal();
      input.focus();
      input.select();
      engine().catch(function () {}); // start loading while the person types
    }

    opener.addEventListener("click", open);
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); }); // the backdrop
    dialog.addEventListener("close", function () { opener.focus(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run(input.value);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); dialog.close(); } // not just clear the field
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, DEBOUNCE_MS);
    });
    more.addEventListener("click", function () {
      var next = list.children.length;
      showMore(sequence).then(function () {
        var link = list.children[next] && list.children[next].querySelector("a");
        if (link) link.focus();
      });
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      if (!links.length) return;
      var at = links.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (at === -1 && event.key === "ArrowDown") next = 0;
      if (next < 0) { input.focus(); event.preventDefault(); return; }
      if (next < links.length) { links[next].focus(); event.preventDefault(); }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
      if (!dialog.open && !typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
          (event.key === "/" || event.key === "s" || event.key === "S")) {
        event.preventDefault();
        open();
      }
    });

    var asked = new URLSearchParams(window.location.search).get("q"); // a link to a search: ...?q=duc+long
    if (asked) {
      open();
      input.value = asked;
      run(asked);
    }
  }

  window.sedpSearch = { normalise: normalise, variants: variants, search: search, describe: describe, view: view };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();

// termgraph search: suggestions as you type (keyboard: arrows, Enter, Escape) and, on a static site,
// the results themselves, from the prebuilt index. The page works without it: the form submits to /search.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!input || !list) { return; }
  var terms = null, loading = null, active = -1, shown = [];
  var termBase = input.getAttribute("data-term-base") || "term/";
  var isStatic = input.getAttribute("data-static") === "true";
  var suffix = isStatic ? ".html" : "";

  function fold(s) { return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, ""); }
  function load() {
    if (!loading) {
      loading = fetch(input.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (data) {
        terms = data.terms.map(function (t) {
          var names = [t[1]].concat(t[2]);
          return { slug: t[0], label: t[1], names: names, folded: names.map(fold), def: t[3], words: fold(t[3]), old: t[4] };
        });
        return terms;
      });
    }
    return loading;
  }
  function near(a, b) {  // at most one edit apart
    if (Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) { return false; }
      if (a.length > b.length) { i++; } else if (a.length < b.length) { j++; }
      else if (a[i + 1] === b[j] && a[i] === b[j + 1]) { i += 2; j += 2; } else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }
  function search(q) {
    q = fold(q).trim();
    if (!q || !terms) { return []; }
    var words = q.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    var hits = [];
    terms.forEach(function (t) {
      var score = 0;
      t.folded.forEach(function (n) {
        if (n === q) { score = Math.max(score, 1000); }
        else if (n.indexOf(q) === 0) { score = Math.max(score, 800 - Math.min(n.length - q.length, 99)); }
      });
      if (!score && words.length) {
        var nameTokens = t.folded.join(" ").split(/[^\p{L}\p{N}]+/u);
        var allTokens = nameTokens.concat(t.words.split(/[^\p{L}\p{N}]+/u));
        var fits = function (tokens) {
          return words.every(function (w, k) {
            return tokens.some(function (tok) {
              return tok === w || (k === words.length - 1 && tok.indexOf(w) === 0) || (w.length >= 4 && near(tok, w));
            });
          });
        };
        // A name that the words fill best ranks first: "transfomer" finds Transformer before Diffusion Transformer.
        t.folded.forEach(function (n) {
          var tokens = n.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
          if (fits(tokens)) { score = Math.max(score, 400 - Math.min(Math.max(tokens.length - words.length, 0), 99)); }
        });
        if (!score) { score = fits(nameTokens) ? 250 : fits(allTokens) ? 150 : 0; }
      }
      if (score) { hits.push({ t: t, score: score - (t.old ? 1 : 0) }); }
    });
    hits.sort(function (a, b) { return b.score - a.score || (a.t.label < b.t.label ? -1 : 1); });
    return hits.map(function (h) { return h.t; });
  }
  function link(t) { return termBase + encodeURIComponent(t.slug) + suffix; }
  function close() {
    list.hidden = true; input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant"); active = -1;
  }
  function mark() {
    Array.prototype.forEach.call(list.children, function (li, k) {
      li.setAttribute("aria-selected", k === active ? "true" : "false");
    });
    if (active >= 0) { input.setAttribute("aria-activedescendant", "sugg-" + active); }
    else { input.removeAttribute("aria-activedescendant"); }
  }
  function suggest() {
    var value = input.value;
    load().then(function () {
      if (value !== input.value) { return; }
      shown = search(value).slice(0, 8);
      list.textContent = "";
      shown.forEach(function (t, k) {
        var li = document.createElement("li");
        li.id = "sugg-" + k; li.setAttribute("role", "option"); li.textContent = t.label;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location.href = link(t); });
        list.appendChild(li);
      });
      active = -1; mark();
      if (shown.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } else { close(); }
    });
  }
  input.addEventListener("input", suggest);
  input.addEventListener("focus", load);
  input.addEventListener("blur", close);
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" && shown.length) { active = (active + 1) % shown.length; mark(); e.preventDefault(); }
    else if (e.key === "ArrowUp" && shown.length) { active = (active <= 0 ? shown.length : active) - 1; mark(); e.preventDefault(); }
    else if (e.key === "Escape" && !list.hidden) { close(); e.preventDefault(); }
    else if (e.key === "Enter" && active >= 0 && !list.hidden) { e.preventDefault(); window.location.href = link(shown[active]); }
  });
  // A static site has no server to search: show the results of ?q= here.
  var params = new URLSearchParams(window.location.search);
  var results = document.getElementById("results");
  if (isStatic && params.get("q") && results) {
    input.value = params.get("q");
    load().then(function () {
      var found = search(params.get("q"));
      results.textContent = "";
      var p = document.createElement("p"); p.className = "meta";
      // the page's own words for the count, in its language's plural form
      var one = new Intl.PluralRules(input.getAttribute("data-lang") || "en").select(found.length) === "one";
      p.textContent = (input.getAttribute(one ? "data-found-one" : "data-found-other") || "{n} results for \u201c{q}\u201d.")
        .replace("{n}", String(found.length)).replace("{q}", params.get("q"));
      results.appendChild(p);
      var ol = document.createElement("ol"); ol.className = "terms results";
      found.slice(0, 100).forEach(function (t) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = link(t); a.textContent = t.label; li.appendChild(a);
        li.appendChild(document.createElement("br"));
        var span = document.createElement("span"); span.className = "def"; span.textContent = t.def; li.appendChild(span);
        ol.appendChild(li);
      });
      results.appendChild(ol);
    });
  }
}());

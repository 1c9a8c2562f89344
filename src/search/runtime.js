/* brochure search runtime (written by brochure as search/runtime.js).
 * A classic script: no fetch, no WebAssembly, no module, so search works from file:// too.
 * The index of a language is search/<code>.js, which calls brochureSearch.index(config, list)
 * (list: each page's url, title and section);
 * its shards (search/<code>/<k>.js) and page blocks (search/<code>/p<k>.js) are loaded on
 * demand by inserting <script> tags; from file://, the blocks' bundles (search/<code>/b<k>.js)
 * after a query is answered. The tokenizer mirrors src/search/tokenize.rs rule for
 * rule, and the stemmer Snowball's English as rust-stemmers has it. */
(function (root) {
  'use strict';

  // ---- tokenizer (src/search/tokenize.rs) ----
  var CJK = /[\u3005\u3007\u3041-\u3096\u309D-\u309F\u30A1-\u30FA\u30FC-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3134F}]/u;
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var ALPHA = /\p{Alphabetic}/u;
  var DIGIT = /[0-9]/;
  var MARKS = /\p{M}/gu;
  // ASCII (most of what English excerpts are made of) is decided without a regex.
  function asciiWord(code) { return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122); }
  function isCjk(c) { return c !== undefined && c.charCodeAt(0) >= 0x3005 && CJK.test(c); }
  function isWord(c) {
    if (c === undefined) return false;
    var code = c.charCodeAt(0);
    return code < 128 ? asciiWord(code) : !isCjk(c) && WORD.test(c);
  }
  function isAlpha(c) {
    if (c === undefined) return false;
    var code = c.charCodeAt(0);
    return code < 128 ? asciiWord(code) && code > 57 : ALPHA.test(c);
  }
  function isDigit(c) { return c !== undefined && DIGIT.test(c); }

  function wordEnd(cs, start) {
    var i = start;
    for (;;) {
      if (isWord(cs[i])) i++;
      else if (i > start && (cs[i] === "'" || cs[i] === '\u2019') && isAlpha(cs[i - 1]) && isWord(cs[i + 1]) && isAlpha(cs[i + 1])) i++;
      else if (i > start && (cs[i] === ',' || cs[i] === '.') && isDigit(cs[i - 1]) && isDigit(cs[i + 1])) i++;
      else break;
    }
    var end = i;
    if (cs[end] === '#') end++;
    else while (cs[end] === '+') end++;
    return end > i && !isWord(cs[end]) ? end : i;
  }

  function fold(raw) {
    return raw.toLowerCase().normalize('NFD').replace(MARKS, '').replace(/,/g, '').replace(/\u2019/g, "'");
  }

  /** Tokens of text: {cjk, text, raw (folded, unstemmed), start, end (UTF-16 offsets in text.normalize('NFKC'))}. */
  function tokenize(text, stemmer) {
    var s = text.normalize('NFKC');
    var cs = Array.from(s);
    var at = [], pos = 0, k;
    for (k = 0; k < cs.length; k++) { at.push(pos); pos += cs[k].length; }
    at.push(pos);
    var out = [], i = 0, start;
    while (i < cs.length) {
      if (isCjk(cs[i])) {
        start = i;
        while (i < cs.length && isCjk(cs[i])) i++;
        var run = cs.slice(start, i).join('');
        out.push({ cjk: true, text: run, raw: run, start: at[start], end: at[i] });
      } else if (isWord(cs[i])) {
        start = i;
        i = wordEnd(cs, i);
        var folded = fold(cs.slice(start, i).join(''));
        if (folded) {
          var stemmed = stemmer === 'english' && /^[a-z']+$/.test(folded) ? stemEnglish(folded) : folded;
          out.push({ cjk: false, text: stemmed, raw: folded, start: at[start], end: at[i] });
        }
      } else i++;
    }
    return out;
  }

  // ---- Snowball English (Porter 2), as rust-stemmers 1.2 ----
  var EXCEPTIONS = { skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl', gently: 'gentl',
    ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky', news: 'news', howe: 'howe', atlas: 'atlas',
    cosmos: 'cosmos', bias: 'bias', andes: 'andes' };
  var INVARIANT = ['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed'];
  function v(c) { return c !== undefined && 'aeiouy'.indexOf(c) >= 0; }
  function longest(w, list) {
    var best = null;
    for (var i = 0; i < list.length; i++) {
      var s = list[i];
      if (w.length >= s.length && w.slice(w.length - s.length) === s && (best === null || s.length > best.length)) best = s;
    }
    return best;
  }
  function shortv(w) {
    var n = w.length;
    if (n >= 3 && 'aeiouywxY'.indexOf(w[n - 1]) < 0 && v(w[n - 2]) && !v(w[n - 3])) return true;
    return n === 2 && !v(w[1]) && v(w[0]);
  }
  function pastVowelConsonant(w, from) {
    var i = from;
    while (i < w.length && !v(w[i])) i++;
    if (i >= w.length) return -1;
    i++;
    while (i < w.length && v(w[i])) i++;
    if (i >= w.length) return -1;
    return i + 1;
  }
  var STEP2 = { tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent', izer: 'ize', ization: 'ize',
    ational: 'ate', ation: 'ate', ator: 'ate', alism: 'al', aliti: 'al', alli: 'al', fulness: 'ful', ousli: 'ous',
    ousness: 'ous', iveness: 'ive', iviti: 'ive', biliti: 'ble', bli: 'ble', ogi: 'og', fulli: 'ful', lessli: 'less', li: '' };
  var STEP3 = { tional: 'tion', ational: 'ate', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic', ful: '', ness: '', ative: '' };
  var STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion'];

  // A text's words repeat: each is stemmed once (the excerpts stem every word they show).
  var STEMS = new Map();
  function stemEnglish(word) {
    var stem = STEMS.get(word);
    if (stem === undefined) {
      if (STEMS.size > 50000) STEMS.clear();
      stem = stemUncached(word);
      STEMS.set(word, stem);
    }
    return stem;
  }

  function stemUncached(word) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    if (Array.from(word).length < 3) return word;
    var w = word;
    if (w[0] === "'") w = w.slice(1);
    if (w[0] === 'y') w = 'Y' + w.slice(1);
    for (var i = 1; i < w.length; i++) if (w[i] === 'y' && v(w[i - 1])) w = w.slice(0, i) + 'Y' + w.slice(i + 1);
    var p1 = w.length, p2 = w.length;
    var pre = /^(gener|commun|arsen)/.exec(w);
    var m = pre ? pre[0].length : pastVowelConsonant(w, 0);
    if (m >= 0) {
      p1 = m;
      var m2 = pastVowelConsonant(w, p1);
      if (m2 >= 0) p2 = m2;
    }
    var cut = function (n) { w = w.slice(0, w.length - n); };
    // Step 1a
    var s = longest(w, ["'", "'s", "'s'"]);
    if (s) cut(s.length);
    s = longest(w, ['sses', 'ied', 'ies', 's', 'ss', 'us']);
    if (s === 'sses') { cut(2); }
    else if (s === 'ied' || s === 'ies') { var before = w.length - 3; cut(3); w += before >= 2 ? 'i' : 'ie'; }
    else if (s === 's') { var b = w.length - 1; if (b >= 1 && /[aeiouy]/.test(w.slice(0, b - 1))) cut(1); }
    if (INVARIANT.indexOf(w) < 0) {
      // Step 1b
      s = longest(w, ['eed', 'eedly', 'ed', 'edly', 'ing', 'ingly']);
      if (s === 'eed' || s === 'eedly') {
        if (w.length - s.length >= p1) { cut(s.length); w += 'ee'; }
      } else if (s && /[aeiouy]/.test(w.slice(0, w.length - s.length))) {
        cut(s.length);
        var t = longest(w, ['at', 'bl', 'iz', 'bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
        if (t === 'at' || t === 'bl' || t === 'iz') w += 'e';
        else if (t) cut(1);
        else if (w.length === p1 && shortv(w)) w += 'e';
      }
      // Step 1c
      var n = w.length;
      if (n >= 3 && (w[n - 1] === 'y' || w[n - 1] === 'Y') && !v(w[n - 2])) w = w.slice(0, n - 1) + 'i';
      // Step 2
      s = longest(w, Object.keys(STEP2));
      if (s && w.length - s.length >= p1) {
        var c = w[w.length - s.length - 1];
        if (s === 'ogi') { if (c === 'l') { cut(3); w += 'og'; } }
        else if (s === 'li') { if (c !== undefined && 'cdeghkmnrt'.indexOf(c) >= 0) cut(2); }
        else { cut(s.length); w += STEP2[s]; }
      }
      // Step 3
      s = longest(w, Object.keys(STEP3));
      if (s && w.length - s.length >= p1) {
        if (s === 'ative') { if (w.length - s.length >= p2) cut(5); }
        else { cut(s.length); w += STEP3[s]; }
      }
      // Step 4
      s = longest(w, STEP4);
      if (s && w.length - s.length >= p2) {
        if (s === 'ion') { var d = w[w.length - 4]; if (d === 's' || d === 't') cut(3); }
        else cut(s.length);
      }
      // Step 5
      s = longest(w, ['e', 'l']);
      if (s === 'e') {
        var at = w.length - 1;
        if (at >= p2 || (at >= p1 && !shortv(w.slice(0, at)))) cut(1);
      } else if (s === 'l') {
        if (w.length - 1 >= p2 && w[w.length - 2] === 'l') cut(1);
      }
    }
    return w.replace(/Y/g, 'y');
  }

  // ---- index ----
  var DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
  // A digit's value by its char code (a typed array: a common term's postings are tens of
  // thousands of digits, decoded while the reader waits).
  var VALUE = new Int8Array(128);
  for (var q = 0; q < 64; q++) VALUE[DIGITS.charCodeAt(q)] = q;

  /** Shard of a term: FNV-1a over the code points of the whole term (CJK) or its first three. */
  function shardOf(term, shards) {
    var cs = Array.from(term);
    var take = isCjk(cs[0]) ? cs.length : 3;
    var h = 2166136261;
    for (var i = 0; i < Math.min(take, cs.length); i++) {
      h ^= cs[i].codePointAt(0);
      h = Math.imul(h, 16777619) >>> 0;
    }
    return h % Math.max(1, shards);
  }

  /** A term's postings string as [pages, scores], typed arrays in page order: numbers of
   *  base-32 digits, a digit of 32 or more saying another follows; pages as gaps. */
  function decode(postings) {
    var max = Math.ceil(postings.length / 2);
    var pages = new Int32Array(max), scores = new Float64Array(max);
    var i = 0, n = 0, page = 0, len = postings.length, acc, d;
    while (i < len) {
      acc = 0;
      do { d = VALUE[postings.charCodeAt(i++)]; acc = acc * 32 + (d & 31); } while (d >= 32);
      page += acc;
      acc = 0;
      do { d = VALUE[postings.charCodeAt(i++)]; acc = acc * 32 + (d & 31); } while (d >= 32);
      pages[n] = page;
      scores[n++] = acc;
    }
    return [pages.subarray(0, n), scores.subarray(0, n)];
  }

  var base = '';
  if (typeof document !== 'undefined' && document.currentScript) {
    base = document.currentScript.src.replace(/[^/]*$/, '');
  }
  var configs = {}, shards = {}, blocks = {}, loading = {}, waiting = {};

  function load(url) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = url;
        s.async = true;
        // Once run, the element is of no more use: a long session would pile them up in <head>.
        s.onload = function () { s.remove(); resolve(); };
        s.onerror = function () { s.remove(); delete loading[url]; reject(new Error('cannot load ' + url)); };
        document.head.appendChild(s);
      });
    }
    return loading[url];
  }

  function ready(code) {
    if (configs[code]) return Promise.resolve(configs[code]);
    return new Promise(function (resolve) {
      (waiting[code] = waiting[code] || []).push(resolve);
      if (typeof document !== 'undefined') load(base + code + '.js');
    });
  }

  function getShard(code, k) {
    var key = code + '/' + k;
    if (shards[key]) return Promise.resolve(shards[key]);
    return load(base + code + '/' + k + '.js').then(function () { return shards[key] || {}; });
  }

  function getBlock(code, k) {
    var key = code + '/' + k;
    if (blocks[key]) return Promise.resolve(blocks[key]);
    return load(base + code + '/p' + k + '.js').then(function () { return blocks[key] || []; });
  }

  /** From file://, where each `<script>` costs a few milliseconds whatever its size, reads
   *  ahead once a query is answered, one file after the other: the language's page blocks in
   *  bundles (later queries then find their excerpts in memory), then its shards when the
   *  build found them small enough to hold (`readShards`). Over http it reads nothing more
   *  (a query loads only what it needs). */
  var readingAhead = {};
  function readAhead(code, cfg) {
    if (readingAhead[code] || typeof location === 'undefined' || location.protocol !== 'file:') return;
    readingAhead[code] = true;
    var blockCount = Math.ceil(cfg.pages / cfg.block);
    // Each step loads one file, or gives null when what it holds is in already.
    var steps = [];
    var bundle = function (b) {
      return function () {
        for (var k = b * cfg.bundle; k < Math.min((b + 1) * cfg.bundle, blockCount); k++) {
          if (!blocks[code + '/' + k]) return load(base + code + '/b' + b + '.js');
        }
        return null;
      };
    };
    var shard = function (k) { return function () { return shards[code + '/' + k] ? null : getShard(code, k); }; };
    for (var b = 0; b < (cfg.bundles || 0); b++) steps.push(bundle(b));
    if (cfg.readShards) for (var k = 0; k < cfg.shards; k++) steps.push(shard(k));
    var next = function (i) {
      if (i >= steps.length) return;
      var done = function () { setTimeout(function () { next(i + 1); }, 0); };
      var loading = steps[i]();
      if (loading) loading.then(done, done);
      else done();
    };
    setTimeout(function () { next(0); }, 0);
  }

  /** What a query looks up: groups (all must match), each a list of lookups {shard, term, prefix}. */
  function plan(tokens, open, cfg) {
    var groups = [], seen = {};
    var add = function (lookups) {
      var id = JSON.stringify(lookups);
      if (!seen[id]) { seen[id] = true; groups.push(lookups); }
    };
    tokens.forEach(function (t, n) {
      if (t.cjk) {
        var cs = Array.from(t.text);
        if (cs.length === 1) add([{ shard: shardOf(cs[0], cfg.shards), term: cs[0], prefix: false }]);
        for (var i = 0; i + 1 < cs.length; i++) {
          var bi = cs[i] + cs[i + 1];
          add([{ shard: shardOf(bi, cfg.shards), term: bi, prefix: false }]);
        }
      } else {
        var lookups = [{ shard: shardOf(t.text, cfg.shards), term: t.text, prefix: false }];
        if (open && n === tokens.length - 1 && Array.from(t.raw).length >= 3) {
          lookups.push({ shard: shardOf(t.text, cfg.shards), term: t.text, prefix: true });
          // A word being typed: the stems it begins, and the stems its beginning is.
          lookups.push({ shard: shardOf(t.raw, cfg.shards), term: t.raw, prefix: true, stub: true });
        }
        add(lookups);
      }
    });
    // One query loads at most maxShards shards: later groups that need more are left out.
    var used = {}, count = 0;
    return groups.filter(function (g) {
      var extra = g.filter(function (l) { return !used[l.shard]; }).map(function (l) { return l.shard; });
      var fresh = extra.filter(function (s, i) { return extra.indexOf(s) === i; });
      if (count + fresh.length > cfg.maxShards) return false;
      fresh.forEach(function (s) { used[s] = true; count++; });
      return true;
    });
  }

  var decoded = {};
  /** A term's postings as [pages, scores], decoded once. */
  function postingsOf(cfg, shard, k, term) {
    var key = cfg.lang + '/' + k + '/' + term;
    if (!decoded[key]) decoded[key] = decode(shard[term]);
    return decoded[key];
  }

  var TERMS = new WeakMap();
  /** A shard's terms, listed once (a word being typed looks them all over at each keystroke). */
  function termsOf(shard) {
    var terms = TERMS.get(shard);
    if (!terms) { terms = Object.keys(shard); TERMS.set(shard, terms); }
    return terms;
  }

  /** A group's score for each page (0: not found), and how many pages it finds. */
  function groupScores(group, loaded, cfg) {
    var scores = new Float64Array(cfg.pages), found = 0;
    group.forEach(function (l) {
      var shard = loaded[l.shard];
      var terms = l.prefix ? termsOf(shard).filter(function (k) { return k.startsWith(l.term) || (l.stub && l.term.startsWith(k) && k.length >= Math.max(3, l.term.length - 4)); }) : (shard[l.term] ? [l.term] : []);
      terms.forEach(function (term) {
        var p = postingsOf(cfg, shard, l.shard, term);
        var pages = p[0], values = p[1];
        var weight = Math.log(1 + cfg.pages / pages.length) * (term === l.term ? 1 : 0.5);
        for (var i = 0; i < pages.length; i++) {
          var s = values[i] * weight, page = pages[i];
          if (scores[page] === 0) found++;
          if (s > scores[page]) scores[page] = s;
        }
      });
    });
    return { scores: scores, found: found };
  }

  /** The pages every group finds, best first (see [`Ranked`]). */
  function rank(groups, loaded, cfg) {
    if (!groups.length) return new Ranked(new Int32Array(0), new Float64Array(0));
    var maps = groups.map(function (g) { return groupScores(g, loaded, cfg); });
    maps.sort(function (a, b) { return a.found - b.found; });
    var first = maps[0].scores, totals = new Float64Array(cfg.pages);
    var hits = new Int32Array(maps[0].found), n = 0;
    for (var page = 0; page < cfg.pages; page++) {
      var total = first[page];
      if (total === 0) continue;
      for (var i = 1; i < maps.length && total > 0; i++) {
        var t = maps[i].scores[page];
        total = t === 0 ? 0 : total + t;
      }
      if (total > 0) { totals[page] = total; hits[n++] = page; }
    }
    return new Ranked(hits.subarray(0, n), totals);
  }

  /** Ranked pages, best first (higher score, then lower page number): `length`, and `at(i)`,
   *  `[page, score]`. A common word finds every page, and a query shows ten: only as many as
   *  are asked for are put in order (a heap picks them), all of them only when many are. */
  function Ranked(hits, totals) {
    this.hits = hits;
    this.totals = totals;
    this.length = hits.length;
    this.order = [];
  }
  Ranked.prototype.before = function (a, b) {
    var ta = this.totals[a], tb = this.totals[b];
    return ta > tb || (ta === tb && a < b);
  };
  Ranked.prototype.at = function (i) {
    if (i >= this.length) return undefined;
    if (i >= this.order.length) this.sortFirst(Math.max(64, 2 * this.order.length, i + 1));
    var page = this.order[i];
    return [page, this.totals[page]];
  };
  Ranked.prototype.slice = function (from, to) {
    var out = [];
    for (var i = from; i < Math.min(to, this.length); i++) out.push(this.at(i));
    return out;
  };
  /** Puts the first k pages in order. */
  Ranked.prototype.sortFirst = function (k) {
    var self = this, hits = this.hits, n = hits.length;
    var order = function (a, b) { return self.before(a, b) ? -1 : self.before(b, a) ? 1 : 0; };
    if (4 * k >= n) {
      this.order = Array.from(hits).sort(order);
      return;
    }
    // heap[0] is the worst of the k best so far
    var heap = [], i, j;
    var worse = function (a, b) { return self.before(b, a); };
    var down = function (at) {
      for (;;) {
        var l = 2 * at + 1, r = l + 1, w = at;
        if (l < heap.length && worse(heap[l], heap[w])) w = l;
        if (r < heap.length && worse(heap[r], heap[w])) w = r;
        if (w === at) return;
        var tmp = heap[at]; heap[at] = heap[w]; heap[w] = tmp; at = w;
      }
    };
    for (i = 0; i < n; i++) {
      var page = hits[i];
      if (heap.length < k) {
        heap.push(page);
        for (j = heap.length - 1; j > 0;) {
          var up = (j - 1) >> 1;
          if (!worse(heap[j], heap[up])) break;
          var t = heap[j]; heap[j] = heap[up]; heap[up] = t; j = up;
        }
      } else if (this.before(page, heap[0])) {
        heap[0] = page;
        down(0);
      }
    }
    this.order = heap.sort(order);
  };

  /** Where the query's tokens are in text (already NFKC): [start, end) ranges, in order. */
  function matches(text, tokens, stemmer, open) {
    var ranges = [];
    var words = tokens.filter(function (t) { return !t.cjk; });
    var last = tokens.length ? tokens[tokens.length - 1] : null;
    tokens.filter(function (t) { return t.cjk; }).forEach(function (t) {
      var from = 0, i, found = false;
      while ((i = text.indexOf(t.text, from)) >= 0) { ranges.push([i, i + t.text.length]); from = i + t.text.length; found = true; }
      if (!found) {
        var cs = Array.from(t.text);
        for (var k = 0; k + 1 < cs.length; k++) {
          var bi = cs[k] + cs[k + 1];
          from = 0;
          while ((i = text.indexOf(bi, from)) >= 0) { ranges.push([i, i + bi.length]); from = i + bi.length; }
        }
      }
    });
    if (words.length) {
      tokenize(text, stemmer).forEach(function (tok) {
        if (tok.cjk) return;
        var hit = words.some(function (w) {
          if (tok.text === w.text) return true;
          return open && w === last && Array.from(w.raw).length >= 3 && (tok.raw.startsWith(w.raw) || tok.text.startsWith(w.text));
        });
        if (hit) ranges.push([tok.start, tok.end]);
      });
    }
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var m = merged[merged.length - 1];
      if (m && r[0] <= m[1]) m[1] = Math.max(m[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /** The excerpt of a result: the matches are looked for near the first place where a query
   *  token's beginning appears (tokenizing a whole stored text for each result costs more
   *  than the rest of a query), else in the whole text. */
  function excerptOf(text, tokens, stemmer, open) {
    var lower = text.toLowerCase(), first = -1;
    tokens.forEach(function (t) {
      var key = Array.from(t.cjk ? t.text : t.raw).slice(0, t.cjk ? 2 : 3).join('');
      var i = lower.indexOf(key);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    });
    var from = 0, to = text.length;
    if (first >= 0) {
      from = Math.max(0, first - 80);
      var stop = Math.max(0, from - 20);
      while (from > stop && /\S/.test(text[from - 1])) from--;
      to = Math.min(text.length, first + 320);
    }
    var ranges = matches(text.slice(from, to), tokens, stemmer, open).map(function (r) { return [r[0] + from, r[1] + from]; });
    if (!ranges.length && from > 0) ranges = matches(text, tokens, stemmer, open);
    return excerpt(text, ranges, 120);
  }

  /** An excerpt of text around its first match: [[text, marked], …]. */
  function excerpt(text, ranges, size) {
    var first = ranges.length ? ranges[0][0] : 0;
    var start = Math.max(0, first - Math.floor(size / 4));
    if (start > 0) {
      var space = text.lastIndexOf(' ', first);
      if (space >= start - 12 && space < first) start = space + 1;
    }
    var end = Math.min(text.length, start + size);
    var parts = [], at = start;
    if (start > 0) parts.push(['\u2026', false]);
    ranges.forEach(function (r) {
      if (r[1] <= at || r[0] >= end) return;
      var s = Math.max(r[0], at), e = Math.min(r[1], end);
      if (s > at) parts.push([text.slice(at, s), false]);
      parts.push([text.slice(s, e), true]);
      at = e;
    });
    if (at < end) parts.push([text.slice(at, end), false]);
    if (end < text.length) parts.push(['\u2026', false]);
    return parts.map(function (p) { return [p[0].replace(/\s+/g, ' '), p[1]]; });
  }

  /** The query as looked up: its tokens, folded, one space apart. */
  function queryText(tokens) {
    return tokens.map(function (t) { return t.raw; }).join(' ');
  }

  /** Searches language `code` for `query`: {query, total, results: [{url, title, section, excerpt}]}.
   *  `early`, when given, is called first with the results as ranked, `excerpt: null` (from the
   *  language's list, before the page blocks that hold the excerpts are loaded), whenever some
   *  of those blocks are not loaded yet: each `<script>` costs a few milliseconds from
   *  `file://`, and a query's results are spread over up to `limit` blocks. With a Chinese
   *  phrase of three characters or more, the final results may be fewer or in another order. */
  function search(code, query, limit, early) {
    limit = limit || 10;
    return ready(code).then(function (cfg) {
      var tokens = tokenize(query, cfg.stemmer);
      var open = !/\s$/.test(query);
      var groups = plan(tokens, open, cfg);
      var needed = {};
      groups.forEach(function (g) { g.forEach(function (l) { needed[l.shard] = true; }); });
      var ks = Object.keys(needed).map(Number);
      return Promise.all(ks.map(function (k) { return getShard(code, k); })).then(function (list) {
        var loaded = {};
        ks.forEach(function (k, i) { loaded[k] = list[i]; });
        var ranked = rank(groups, loaded, cfg);
        var listed = early && listEarly(code, cfg, ranked, tokens, limit, early);
        var phrases = tokens.filter(function (t) { return t.cjk && Array.from(t.text).length > 2; });
        var rest = function () { return collect(code, cfg, ranked, tokens, phrases, open, limit, ks.length); };
        // After an early list, the block loads start in a task of their own, so that the
        // browser can show the list first (starting ten loads takes a few milliseconds).
        var answered = listed ? new Promise(function (resolve) { setTimeout(resolve, 0); }).then(rest) : rest();
        return answered.then(function (found) { readAhead(code, cfg); return found; });
      });
    });
  }

  /** Calls `early` with the first `limit` ranked pages as the list shows them, when the
   *  blocks of some of them are still to be loaded; whether it did. */
  function listEarly(code, cfg, ranked, tokens, limit, early) {
    var top = ranked.slice(0, limit).filter(function (r) { return cfg.list[r[0]]; });
    var waits = top.some(function (r) { return !blocks[code + '/' + Math.floor(r[0] / cfg.block)]; });
    if (!waits) return false;
    early({
      query: queryText(tokens),
      total: ranked.length,
      partial: true,
      results: top.map(function (r) {
        var row = cfg.list[r[0]];
        return { url: row[0], title: row[1], section: row[2], excerpt: null };
      })
    });
    return true;
  }

  /** The first `limit` ranked pages, with their excerpts; loads page blocks round by round.
   *  With a Chinese phrase of three or more characters (which bigrams alone cannot place),
   *  pages whose stored text holds it as typed come first, pages whose whole text lacks it
   *  are dropped, and more candidates are looked at, as far as the query's budget goes:
   *  `budget` bytes in all, the shards it loaded counted at `largestShard` each. */
  function collect(code, cfg, ranked, tokens, phrases, open, limit, shardsLoaded) {
    var sure = [], unsure = [], dropped = 0, next = 0, blocksUsed = {}, used = 0;
    var maxBlocks = Math.max(cfg.minBlocks, Math.floor((cfg.budget - shardsLoaded * cfg.largestShard) / Math.max(1, cfg.largestBlock)));
    var round = function () {
      if (sure.length >= limit || next >= ranked.length) return Promise.resolve();
      // The next candidates, as long as their blocks fit: at most `limit` new blocks a round.
      var batch = [], fresh = [];
      while (next < ranked.length && batch.length < 4 * limit) {
        var k = Math.floor(ranked.at(next)[0] / cfg.block);
        if (!blocksUsed[k] && fresh.indexOf(k) < 0) {
          if (used + fresh.length >= maxBlocks || fresh.length >= limit) break;
          fresh.push(k);
        }
        batch.push(ranked.at(next++));
      }
      if (!batch.length) return Promise.resolve();
      fresh.forEach(function (k) { blocksUsed[k] = true; });
      used += fresh.length;
      return Promise.all(batch.map(function (r) { return getBlock(code, Math.floor(r[0] / cfg.block)); })).then(function (rows) {
        batch.forEach(function (r, i) {
          var row = rows[i][r[0] % cfg.block], listed = cfg.list[r[0]];
          if (!row || !listed) return;
          var text = row[0], whole = row[1] === 1;
          var all = listed[1] + '\n' + text;
          var holds = phrases.every(function (p) { return all.indexOf(p.text) >= 0; });
          if (!holds && whole) { dropped++; return; }
          (holds ? sure : unsure).push([listed, text]);
        });
        return round();
      });
    };
    return round().then(function () {
      // Excerpts only for the results shown: finding the matches is most of a query's work.
      var results = sure.concat(unsure).slice(0, limit).map(function (found) {
        var row = found[0];
        return { url: row[0], title: row[1], section: row[2], excerpt: excerptOf(found[1], tokens, cfg.stemmer, open) };
      });
      return { query: queryText(tokens), total: Math.max(results.length, ranked.length - dropped), results: results };
    });
  }

  root.brochureSearch = {
    tokenize: tokenize,
    stem: stemEnglish,
    shardOf: shardOf,
    decode: function (postings) { var d = decode(postings); return Array.from(d[0], function (p, i) { return [p, d[1][i]]; }); },
    search: search,
    index: function (cfg, list) {
      cfg.list = list || [];
      configs[cfg.lang] = cfg;
      (waiting[cfg.lang] || []).forEach(function (f) { f(cfg); });
      delete waiting[cfg.lang];
    },
    shard: function (code, k, terms) { shards[code + '/' + k] = terms; },
    block: function (code, k, rows) { blocks[code + '/' + k] = rows; }
  };
})(typeof window !== 'undefined' ? window : globalThis);

/* The theme's search box: an ARIA combobox (type, arrows, Enter, Escape) over the results of
 * brochureSearch (search/runtime.js and search/<code>.js, written by the build). A classic
 * script, so it works from file:// as over http. Without JavaScript the box stays hidden. */
(function () {
  'use strict';
  var box = document.querySelector('[data-search-lang]');
  if (!box || !window.brochureSearch) return;
  var input = box.querySelector('input');
  var panel = box.querySelector('.site-search-panel');
  var status = box.querySelector('.site-search-status');
  var list = box.querySelector('[role="listbox"]');
  var lang = box.getAttribute('data-search-lang');
  var root = box.getAttribute('data-search-root');
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(box.getAttribute('data-search-locale')) : null;
  var active = -1, options = [], latest = 0, listed = null;

  box.hidden = false;

  function text(tag, cls, content) {
    var el = document.createElement(tag);
    el.className = cls;
    if (content) el.textContent = content;
    return el;
  }

  function open(isOpen) {
    panel.hidden = !isOpen;
    input.setAttribute('aria-expanded', isOpen && options.length ? 'true' : 'false');
    if (!isOpen) setActive(-1);
  }

  function setActive(i) {
    if (options[active]) {
      options[active].setAttribute('aria-selected', 'false');
    }
    active = i;
    if (options[i]) {
      options[i].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function go(i) {
    if (options[i]) window.location.href = options[i].getAttribute('data-href');
  }

  function countText(n) {
    var form = plural && plural.select(n) === 'one' ? 'data-count-one' : 'data-count-other';
    return box.getAttribute(form).replace('#', n.toLocaleString(box.getAttribute('data-search-locale')));
  }

  /** Shows `found`; a partial result (excerpts still loading) first, then the whole one,
   *  which keeps the option the reader has moved to when it is still there. */
  function show(found) {
    var kept = listed === input.value && options[active] ? options[active].getAttribute('data-href') : null;
    list.textContent = '';
    options = found.results.map(function (r, i) {
      var li = text('li', 'site-search-result');
      li.id = 'site-search-option-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.setAttribute('data-href', root + r.url);
      li.appendChild(text('span', 'site-search-title', r.title));
      if (r.section && r.section !== r.title) li.appendChild(text('span', 'site-search-section', r.section));
      var ex = text('span', 'site-search-excerpt');
      (r.excerpt || []).forEach(function (part) {
        ex.appendChild(part[1] ? text('mark', '', part[0]) : document.createTextNode(part[0]));
      });
      li.appendChild(ex);
      li.addEventListener('click', function () { go(i); });
      li.addEventListener('mousemove', function () { if (active !== i) setActive(i); });
      list.appendChild(li);
      return li;
    });
    list.hidden = options.length === 0;
    status.textContent = options.length ? countText(found.total) : box.getAttribute('data-no-results');
    active = -1;
    input.removeAttribute('aria-activedescendant');
    open(true);
    options.forEach(function (li, i) { if (li.getAttribute('data-href') === kept) setActive(i); });
    listed = input.value;
    box.setAttribute('data-listed', input.value);
    if (!found.partial) box.setAttribute('data-shown', input.value);
  }

  function run() {
    var query = input.value;
    var ticket = ++latest;
    if (!query.trim()) { options = []; list.textContent = ''; open(false); return; }
    var shows = function (found) { if (ticket === latest) show(found); };
    window.brochureSearch.search(lang, query, 10, shows).then(shows, function () {
      if (ticket !== latest) return;
      options = [];
      list.textContent = '';
      list.hidden = true;
      status.textContent = box.getAttribute('data-error');
      open(true);
    });
  }

  input.addEventListener('input', function (e) { if (!e.isComposing) run(); });
  input.addEventListener('compositionend', run);
  input.addEventListener('focus', function () { if (input.value.trim() && (options.length || status.textContent)) open(true); });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!options.length) return;
      e.preventDefault();
      if (panel.hidden) open(true);
      var step = e.key === 'ArrowDown' ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : options.length - 1) : (active + step + options.length) % options.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (e.isComposing) return;
      go(active >= 0 ? active : 0);
    } else if (e.key === 'Escape') {
      if (!panel.hidden) { e.preventDefault(); open(false); }
      else if (input.value) { e.preventDefault(); input.value = ''; run(); }
    }
  });
  box.querySelector('form').addEventListener('submit', function (e) { e.preventDefault(); });
  document.addEventListener('click', function (e) { if (!box.contains(e.target)) open(false); });
  box.addEventListener('focusout', function (e) { if (!box.contains(e.relatedTarget)) open(false); });
})();

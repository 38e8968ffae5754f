// The console's shell: the key form, the hash router, and the page frame. Each page module exports
// render(main, params) and returns an optional cleanup function (timers, audio).

import {getKey, setKey} from './api.js';
import {h, clear, errorBox} from './dom.js';
import * as personalities from './personalities.js';
import * as voice from './voice.js';
import * as samples from './samples.js';
import * as tryit from './tryit.js';
import * as dashboard from './dashboard.js';

const ROUTES = [
  [/^#\/personalities$/, personalities.render, 'nav-personalities'],
  [/^#\/p\/([^/]+)\/voice$/, voice.render, 'nav-personalities'],
  [/^#\/p\/([^/]+)\/samples$/, samples.render, 'nav-personalities'],
  [/^#\/p\/([^/]+)\/try$/, tryit.render, 'nav-personalities'],
  [/^#\/dashboard$/, dashboard.render, 'nav-dashboard'],
];

let cleanup = null;

async function route() {
  const hash = location.hash || '#/personalities';
  if (!hash.startsWith('#/')) return; // in-page anchors (the skip link) are not routes
  const main = document.getElementById('main');
  if (cleanup) { try { cleanup(); } catch { /* a page's cleanup must not block the next page */ } }
  cleanup = null;
  const match = ROUTES.map(([re, fn, nav]) => [hash.match(re), fn, nav]).find(([m]) => m);
  for (const a of document.querySelectorAll('nav a')) a.removeAttribute('aria-current');
  clear(main);
  if (!match) {
    main.append(h('h1', {tabindex: '-1'}, 'Not found'), h('p', {}, h('a', {href: '#/personalities'}, 'Back to the personalities')));
    focusHeading(main);
    return;
  }
  const [m, render, nav] = match;
  document.getElementById(nav).setAttribute('aria-current', 'page');
  if (!getKey()) {
    main.append(h('h1', {tabindex: '-1'}, 'Enter the admin key'),
      h('p', {}, 'The console uses the server\'s admin API. Type an admin key in the field at the top ',
        '(the key printed when the server first started, or $VOICEROUTER_API_KEY).'));
    focusHeading(main);
    return;
  }
  try {
    const params = m.slice(1).map(decodeURIComponent);
    cleanup = await render(main, ...params) || null;
    focusHeading(main);
  } catch (e) {
    clear(main);
    main.append(h('h1', {tabindex: '-1'}, 'Could not load this page'), errorBox(e));
    focusHeading(main);
  }
}

/** After a page change, focus moves to its heading so screen readers announce the new page. */
function focusHeading(main) {
  const heading = main.querySelector('h1');
  if (heading) {
    document.title = `${heading.textContent} · voicerouter console`;
    heading.focus({preventScroll: true});
  }
}

function keyForm() {
  const form = document.getElementById('key-form');
  const input = document.getElementById('admin-key');
  const status = document.getElementById('key-status');
  const show = () => { status.textContent = getKey() ? 'Key set for this tab.' : 'No key yet.'; };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    setKey(input.value.trim());
    input.value = '';
    show();
    route();
  });
  document.getElementById('key-forget').addEventListener('click', () => { setKey(''); show(); route(); });
  window.addEventListener('voicerouter:unauthorized', () => { status.textContent = 'The server refused this key.'; });
  show();
}

document.getElementById('skip').addEventListener('click', (ev) => {
  ev.preventDefault();
  document.getElementById('main').focus();
});
keyForm();
window.addEventListener('hashchange', route);
if (!location.hash) history.replaceState(null, '', '#/personalities');
route();

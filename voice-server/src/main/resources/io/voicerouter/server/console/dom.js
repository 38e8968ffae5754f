// Small DOM helpers: h() builds elements, so no page ever assigns untrusted text as HTML.

import {ApiError} from './api.js';

/**
 * h('button', {type: 'button', onclick: fn, 'aria-label': 'x'}, 'text', child...)
 * Attributes starting with "on" become listeners; null/false attributes and children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

const integer = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});
const decimal = new Intl.NumberFormat('en-US', {maximumFractionDigits: 1});

/** 12345 -> "12,345" */
export const fmtInt = (n) => integer.format(n ?? 0);
/** 0.995 -> "99.5%" */
export const fmtPct = (x) => `${decimal.format((x ?? 0) * 100)}%`;
/** milliseconds as "14 ms" or "2.3 s" */
export function fmtMs(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  return ms < 1000 ? `${integer.format(ms)} ms` : `${decimal.format(ms / 1000)} s`;
}
export const fmtNum = (x, digits = 1) =>
  new Intl.NumberFormat('en-US', {maximumFractionDigits: digits}).format(x);

/** Says something to screen readers (and shows it briefly) through the page's live region. */
export function announce(text) {
  const toast = document.getElementById('toast');
  if (!toast) return;
  toast.textContent = text;
  toast.classList.add('shown');
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => toast.classList.remove('shown'), 4000);
}

/** A failed call, said plainly (role=alert, so it is announced). */
export function errorBox(e) {
  const text = e instanceof ApiError
    ? (e.status === 401 ? 'The admin key is missing or not valid: enter it at the top of the page.'
      : e.status === 403 ? 'This key is not an admin key: the console needs the admin scope.'
        : `${e.message} (HTTP ${e.status})`)
    : `${e.message || e}`;
  return h('p', {class: 'error', role: 'alert'}, text);
}

/**
 * What a form shows when its save was refused because the personality changed elsewhere (another
 * tab, person or server) since the form was built: the edits stay in the form, unsaved, and the
 * reload button builds the form again from the newest version.
 */
export function changedElsewhereBox(what, reload, id = 'changed-elsewhere') {
  const button = h('button', {type: 'button', id: `${id}-reload`}, 'Reload the newest version');
  const box = h('div', {id, class: 'error', role: 'alert'},
    h('p', {}, `${what} was changed elsewhere (another tab, person or server) since this page loaded, so it was not saved. `
      + 'Your edits are kept in the form. Reload to see the newest version (this replaces your edits), then make them again.'),
    button);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await reload();
    } catch (e) {
      button.disabled = false;
      box.append(errorBox(e));
    }
  });
  return box;
}

// The server's JSON API with the admin key. The key lives in sessionStorage only (gone when the
// tab closes), goes out only in the Authorization header, and never into a URL or the console log.

const KEY = 'voicerouter.adminKey';

export const getKey = () => sessionStorage.getItem(KEY) || '';
export function setKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

/** A failed call: the HTTP status and the server's OpenAI-shaped error body. */
export class ApiError extends Error {
  constructor(status, body, headers) {
    const err = (body && body.error) || {};
    super(err.message || `The server answered ${status}`);
    this.status = status;
    this.code = err.code || null;
    this.param = err.param || null;
    this.problems = err.problems || [];
    this.trace = err.trace || null;
    this.headers = headers;
  }
}

function headers(extra = {}) {
  const h = {...extra};
  const key = getKey();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

/** fetch with the key; resolves to the raw Response when it is 2xx, else throws ApiError. */
export async function request(method, path, body, extraHeaders = {}, signal = undefined) {
  const init = {method, headers: headers(extraHeaders), cache: 'no-store', signal};
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const r = await fetch(path, init);
  if (!r.ok) {
    let json = null;
    try { json = await r.json(); } catch { /* not JSON: the status says enough */ }
    const e = new ApiError(r.status, json, r.headers);
    if (r.status === 401) window.dispatchEvent(new CustomEvent('voicerouter:unauthorized'));
    throw e;
  }
  return r;
}

/** A JSON call: the parsed answer, or null for 204. */
export async function api(method, path, body) {
  const r = await request(method, path, body);
  if (r.status === 204) return null;
  return r.json();
}

export const enc = encodeURIComponent;

/**
 * A personality for editing: its voice_config and the ETag of that revision. A save sends the ETag
 * back as If-Match, so it replaces only what the form was built from (412 when it changed meanwhile).
 */
export async function getTagged(path) {
  const r = await request('GET', path);
  return {body: await r.json(), etag: r.headers.get('ETag')};
}

/** PUT with If-Match (when there is a tag): what the server stored and its new ETag. */
export async function putIfMatch(path, body, etag) {
  const r = await request('PUT', path, body, etag ? {'If-Match': etag} : {});
  return {body: await r.json(), etag: r.headers.get('ETag')};
}

/** True for the answer to a save based on a revision that is no longer the stored one. */
export const changedElsewhere = (e) => e instanceof ApiError && e.status === 412;

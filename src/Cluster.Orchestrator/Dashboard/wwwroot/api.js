// The orchestrator's JSON API as the page uses it. The token lives in this tab's sessionStorage only:
// the server never writes it into a page, and it is sent only as an Authorization header.

const TOKEN_KEY = 'cluster.token';

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail ? `${status} ${title}: ${detail}` : `${status} ${title}`);
    this.status = status;
    this.detail = detail;
  }
}

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => { sessionStorage.setItem(TOKEN_KEY, value); dispatchEvent(new Event('cluster-token')); },
  clear: () => { sessionStorage.removeItem(TOKEN_KEY); dispatchEvent(new Event('cluster-token')); },
};

/** True once a read was refused for want of a token: from then on images are fetched with the token too. */
let readsNeedToken = false;
export const readsProtected = () => readsNeedToken;

/** Milliseconds to add to Date.now() to get the server's clock (ages and ETAs are about server times). */
let clockOffset = 0;
export const serverNow = () => Date.now() + clockOffset;
export function observeServerTime(iso) {
  clockOffset = Date.parse(iso) - Date.now();
}

export function headers(extra = {}) {
  const value = token.get();
  return value ? { ...extra, Authorization: `Bearer ${value}` } : extra;
}

async function request(method, path, signal) {
  const response = await fetch(path, { method, headers: headers({ Accept: 'application/json' }), signal, cache: 'no-store' });
  if (!response.ok) {
    let title = response.statusText;
    let detail = '';
    try {
      const problem = await response.json();
      title = problem.title ?? title;
      detail = problem.detail ?? '';
    } catch {
      // Not a problem document (a proxy's error page): the status says enough.
    }
    if (response.status === 401 && method === 'GET') {
      readsNeedToken = true;
      dispatchEvent(new Event('cluster-unauthorized'));
    }
    throw new ApiError(response.status, title, detail);
  }
  return response.status === 204 ? null : response.json();
}

export const getJson = (path, signal) => request('GET', path, signal);
export const post = (path) => request('POST', path);

/** '/api/runs/NAME' with the name escaped. */
export const runPath = (name, rest = '') => `/api/runs/${encodeURIComponent(name)}${rest}`;

export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const objectUrls = new Map();

/**
 * A URL an <img> or a download link can use for an API content path. With open reads that is the path itself
 * (the browser caches it); when reads need a token the bytes are fetched with it and shown from a blob: URL.
 */
export async function contentUrl(path) {
  if (!readsNeedToken) return path;
  if (objectUrls.has(path)) return objectUrls.get(path);
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) throw new ApiError(response.status, response.statusText, `cannot load ${path}`);
  const url = URL.createObjectURL(await response.blob());
  objectUrls.set(path, url);
  return url;
}

/** Frees blob: URLs when leaving a page. */
export function releaseContentUrls() {
  for (const url of objectUrls.values()) URL.revokeObjectURL(url);
  objectUrls.clear();
}

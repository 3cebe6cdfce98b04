// The dashboard shell: hash routes (#/runs, #/runs/NAME, #/watches, #/workers), colour scheme, token dialog,
// wall-display mode (?wall=1, optionally ?rotate=SECONDS to cycle runs, watches and workers) and the live indicator.

import { replace } from './dom.js';
import { token, releaseContentUrls } from './api.js';
import { live } from './live.js';
import * as runsPage from './runs-page.js';
import * as runPage from './run-page.js';
import * as watchesPage from './watches-page.js';
import * as workersPage from './workers-page.js';

const view = document.getElementById('view');
const parameters = new URLSearchParams(location.search);
let unmount = null;

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [page, ...rest] = hash.split('/');
  const argument = rest.length ? decodeURIComponent(rest.join('/')) : null;
  if (page === 'runs' && argument !== null) return { page: 'runs', module: runPage, argument };
  if (page === 'watches') return { page: 'watches', module: watchesPage, argument };
  if (page === 'workers') return { page: 'workers', module: workersPage, argument };
  return { page: 'runs', module: runsPage, argument: null };
}

function show() {
  unmount?.();
  releaseContentUrls();
  const { page, module, argument } = route();
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.page === page);
  replace(view);
  unmount = module.mount(view, argument) ?? null;
}

// ---- colour scheme: auto (the system's), light, dark; remembered in localStorage ----

const themes = ['auto', 'light', 'dark'];
const themeButton = document.getElementById('theme-button');
function applyTheme(theme) {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  themeButton.textContent = theme[0].toUpperCase() + theme.slice(1);
  themeButton.title = `Colour scheme: ${theme} (click to change)`;
}
applyTheme(localStorage.getItem('cluster.theme') ?? 'auto');
themeButton.addEventListener('click', () => {
  const current = localStorage.getItem('cluster.theme') ?? 'auto';
  const next = themes[(themes.indexOf(current) + 1) % themes.length];
  localStorage.setItem('cluster.theme', next);
  applyTheme(next);
});

// ---- token ----

const dialog = document.getElementById('token-dialog');
const tokenInput = document.getElementById('token-input');
const tokenButton = document.getElementById('token-button');
function showTokenState() {
  tokenButton.textContent = token.get() ? 'Token ✓' : 'Token';
  tokenButton.title = token.get() ? 'A token is set for this tab' : 'Enter an API token';
  document.documentElement.classList.toggle('has-token', Boolean(token.get()));
}
tokenButton.addEventListener('click', () => dialog.showModal());
dialog.addEventListener('close', () => {
  if (dialog.returnValue === 'save' && tokenInput.value.trim()) token.set(tokenInput.value.trim());
  if (dialog.returnValue === 'forget') token.clear();
  // The field never keeps the token: nothing of it stays in the document.
  tokenInput.value = '';
});
addEventListener('cluster-token', () => {
  showTokenState();
  live.restart();
  show();
});
addEventListener('cluster-unauthorized', () => {
  if (!token.get() && !dialog.open) dialog.showModal();
});
showTokenState();

// ---- live indicator ----

const indicator = document.getElementById('live');
live.addEventListener('state', (event) => {
  indicator.textContent = event.detail.state;
  indicator.className = `live live-${event.detail.state.replace(' ', '-')}`;
  indicator.title = event.detail.detail || 'Live updates from /api/events';
});

// ---- wall display ----

if (parameters.has('wall')) {
  document.documentElement.classList.add('wall');
  const seconds = Number(parameters.get('rotate'));
  if (seconds > 0) {
    const pages = ['#/runs', '#/watches', '#/workers'];
    setInterval(() => {
      const next = pages[(pages.indexOf(`#/${route().page}`) + 1) % pages.length];
      location.hash = next;
    }, seconds * 1000);
  }
}

addEventListener('hashchange', show);
live.start();
show();

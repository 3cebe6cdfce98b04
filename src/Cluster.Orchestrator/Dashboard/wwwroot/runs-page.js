// Runs: state, kind, sample, progress, rate, ETA, started; filters by state, kind and text. Live from the 'runs' event.

import { el, replace, stateBadge, progressBar } from './dom.js';
import { getJson, serverNow } from './api.js';
import { live } from './live.js';
import { ago, dateTime, duration, rate } from './format.js';

const STATES = ['pending', 'running', 'succeeded', 'completed_with_errors', 'failed', 'cancelled'];

export function mount(view) {
  let runs = live.latest.runs?.runs ?? null;
  const stateFilter = el('select', { id: 'filter-state', 'aria-label': 'State' },
    el('option', { value: '' }, 'every state'), STATES.map((s) => el('option', { value: s }, s.replaceAll('_', ' '))));
  const kindFilter = el('select', { id: 'filter-kind', 'aria-label': 'Kind' }, el('option', { value: '' }, 'every kind'));
  const textFilter = el('input', { id: 'filter-text', type: 'search', placeholder: 'name or sample', 'aria-label': 'Name or sample' });
  const summary = el('p', { class: 'muted summary' });
  const body = el('tbody');
  const table = el('table', { class: 'runs' },
    el('thead', {}, el('tr', {}, ['Run', 'State', 'Kind', 'Sample', 'Progress', 'Rate', 'ETA', 'Started'].map((h) => el('th', {}, h)))),
    body);
  replace(view,
    el('div', { class: 'page-head' }, el('h1', {}, 'Runs'), el('div', { class: 'filters' }, stateFilter, kindFilter, textFilter)),
    summary,
    el('div', { class: 'table-wrap' }, table));

  function render() {
    if (!runs) return;
    const kinds = [...new Set(runs.map((r) => r.kind))].sort();
    const chosenKind = kindFilter.value;
    replace(kindFilter, el('option', { value: '' }, 'every kind'), kinds.map((k) => el('option', { value: k }, k)));
    kindFilter.value = kinds.includes(chosenKind) ? chosenKind : '';
    const text = textFilter.value.trim().toLowerCase();
    const shown = runs.filter((r) =>
      (!stateFilter.value || r.state === stateFilter.value) &&
      (!kindFilter.value || r.kind === kindFilter.value) &&
      (!text || r.name.toLowerCase().includes(text) || (r.sample ?? '').toLowerCase().includes(text)));
    const active = runs.filter((r) => r.state === 'running' || r.state === 'pending').length;
    summary.textContent = `${shown.length} of ${runs.length} runs shown, ${active} pending or running`;
    const now = serverNow();
    replace(body, shown.length === 0
      ? el('tr', {}, el('td', { colspan: 8, class: 'muted empty' }, runs.length ? 'No run matches the filters.' : 'No runs yet.'))
      : shown.map((r) => el('tr', { dataset: { run: r.name } },
        el('td', { class: 'name' }, el('a', { href: `#/runs/${encodeURIComponent(r.name)}` }, r.name)),
        el('td', {}, stateBadge(r.state)),
        el('td', {}, r.kind),
        el('td', {}, r.sample ?? ''),
        el('td', { class: 'progress-col' }, progressBar(r.counts, r.total)),
        el('td', { class: 'num' }, rate(r.rate)),
        el('td', { class: 'num' }, r.state === 'running' ? duration(r.eta_seconds) : '–'),
        el('td', { title: dateTime(r.started_at ?? r.created_at) }, ago(r.started_at ?? r.created_at, now)))));
  }

  for (const control of [stateFilter, kindFilter]) control.addEventListener('change', render);
  textFilter.addEventListener('input', render);
  const onRuns = (event) => { runs = event.detail.runs; render(); };
  live.addEventListener('runs', onRuns);
  const timer = setInterval(render, 5000);
  if (!runs) {
    getJson('/api/runs?limit=200').then((list) => { runs ??= list; render(); })
      .catch((error) => { summary.textContent = String(error.message); });
  }
  render();
  return () => { live.removeEventListener('runs', onRuns); clearInterval(timer); };
}

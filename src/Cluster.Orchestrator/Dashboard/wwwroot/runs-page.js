// Runs: state, kind, sample, progress (with a legend), done / no data / error counts, rate, ETA, started; filters by
// state, kind and text. Live from the 'runs' event; the runs of watches read "watching" (from the 'watches' event).

import { el, replace, stateBadge, progressBar, progressLegend, watchingBadge } from './dom.js';
import { getJson, serverNow } from './api.js';
import { live } from './live.js';
import { ago, dateTime, duration, rate } from './format.js';

const STATES = ['pending', 'running', 'succeeded', 'completed_with_errors', 'failed', 'cancelled'];

export function mount(view) {
  let runs = live.latest.runs?.runs ?? null;
  let watches = live.latest.watches?.watches ?? null;
  const stateFilter = el('select', { id: 'filter-state', 'aria-label': 'State' },
    el('option', { value: '' }, 'every state'), STATES.map((s) => el('option', { value: s }, s.replaceAll('_', ' '))));
  const kindFilter = el('select', { id: 'filter-kind', 'aria-label': 'Kind' }, el('option', { value: '' }, 'every kind'));
  const textFilter = el('input', { id: 'filter-text', type: 'search', placeholder: 'name or sample', 'aria-label': 'Name or sample' });
  const summary = el('p', { class: 'muted summary' });
  const body = el('tbody');
  const table = el('table', { class: 'runs' },
    el('thead', {}, el('tr', {}, ['Run', 'State', 'Kind', 'Sample', 'Progress', 'Done', 'No data', 'Errors', 'Rate', 'ETA', 'Started']
      .map((h) => el('th', {}, h)))),
    body);
  replace(view,
    el('div', { class: 'page-head' }, el('h1', {}, 'Runs'), el('div', { class: 'filters' }, stateFilter, kindFilter, textFilter)),
    el('div', { class: 'summary-line' }, summary, progressLegend()),
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
    const watched = new Map((watches ?? []).map((w) => [w.watch.name, w]));
    replace(body, shown.length === 0
      ? el('tr', {}, el('td', { colspan: 11, class: 'muted empty' }, runs.length ? 'No run matches the filters.' : 'No runs yet.'))
      : shown.map((r) => el('tr', { dataset: { run: r.name } },
        el('td', { class: 'name' }, el('a', { href: `#/runs/${encodeURIComponent(r.name)}` }, r.name)),
        el('td', {}, watching(r, watched) ? watchingBadge() : stateBadge(r.state)),
        el('td', {}, r.kind),
        el('td', {}, r.sample ?? ''),
        el('td', { class: 'progress-col' }, progressBar(r.counts, r.total)),
        el('td', { class: 'num count-done' }, r.counts.done),
        el('td', { class: 'num count-no_data' }, r.counts.no_data),
        el('td', { class: `num count-error${r.counts.error > 0 ? ' has-errors' : ''}` }, r.counts.error),
        el('td', { class: 'num' }, rate(r.rate)),
        el('td', { class: 'num eta' }, watching(r, watched) ? lastFile(watched.get(r.name), now)
          : r.state === 'running' ? duration(r.eta_seconds) : '–'),
        el('td', { title: dateTime(r.started_at ?? r.created_at) }, ago(r.started_at ?? r.created_at, now)))));
  }

  for (const control of [stateFilter, kindFilter]) control.addEventListener('change', render);
  textFilter.addEventListener('input', render);
  const onRuns = (event) => { runs = event.detail.runs; render(); };
  const onWatches = (event) => { watches = event.detail.watches; render(); };
  live.addEventListener('runs', onRuns);
  live.addEventListener('watches', onWatches);
  const timer = setInterval(render, 5000);
  if (!runs) {
    getJson('/api/runs?limit=200').then((list) => { runs ??= list; render(); })
      .catch((error) => { summary.textContent = String(error.message); });
  }
  if (!watches) getJson('/api/watches/quicklooks').then((list) => { watches ??= list; render(); }, () => {});
  render();
  return () => { live.removeEventListener('runs', onRuns); live.removeEventListener('watches', onWatches); clearInterval(timer); };
}

/** A run that belongs to a live watch and is still open: more files may come, so there is no end to estimate. */
export function watching(run, watched) {
  return watched.has(run.name) && (run.state === 'running' || run.state === 'pending');
}

/** "last file 3 min ago" (when the watch's newest item finished), or "no file yet". */
export function lastFile(watch, now) {
  return watch?.last_finished_at ? `last file ${ago(watch.last_finished_at, now)}` : 'no file yet';
}

// Workers: the live ones (heartbeat within 30 s), their slots in use and heartbeat age, from the 'workers' event.

import { el, replace } from './dom.js';
import { getJson, serverNow } from './api.js';
import { live } from './live.js';
import { ago, dateTime, duration } from './format.js';

/** A heartbeat older than this is shown as late: workers beat every few seconds. */
const LATE_SECONDS = 15;

export function mount(view) {
  const summary = el('p', { class: 'muted summary' });
  const body = el('tbody');
  replace(view,
    el('div', { class: 'page-head' }, el('h1', {}, 'Workers')),
    summary,
    el('div', { class: 'table-wrap' }, el('table', { class: 'workers' },
      el('thead', {}, el('tr', {}, ['Worker', 'Host', 'PID', 'Slots in use', 'Heartbeat', 'Started'].map((h) => el('th', {}, h)))),
      body)));
  let workers = live.latest.workers?.workers ?? null;

  function render() {
    if (!workers) return;
    const slots = workers.reduce((sum, w) => sum + w.slots, 0);
    const used = workers.reduce((sum, w) => sum + w.leased, 0);
    summary.textContent = `${workers.length} live ${workers.length === 1 ? 'worker' : 'workers'}, ${used} of ${slots} slots in use`;
    const now = serverNow();
    replace(body, workers.length === 0
      ? el('tr', {}, el('td', { colspan: 6, class: 'muted empty' }, 'No worker sent a heartbeat in the last 30 s.'))
      : workers.map((w) => {
        const age = (now - Date.parse(w.heartbeat_at)) / 1000;
        return el('tr', { dataset: { worker: w.id } },
          el('td', { class: 'key' }, w.id),
          el('td', {}, w.host),
          el('td', { class: 'num' }, w.process_id),
          el('td', {}, el('div', { class: 'progress-cell' },
            el('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': w.slots, 'aria-valuenow': w.leased },
              el('span', { class: 'seg seg-leased', style: { width: `${w.slots ? (100 * w.leased) / w.slots : 0}%` } })),
            el('span', { class: 'progress-text num' }, `${w.leased} / ${w.slots}`))),
          el('td', { class: `num heartbeat${age > LATE_SECONDS ? ' late' : ''}`, title: dateTime(w.heartbeat_at) }, `${duration(age)} ago`),
          el('td', { title: dateTime(w.started_at) }, ago(w.started_at, now)));
      }));
  }

  const onWorkers = (event) => { workers = event.detail.workers; render(); };
  live.addEventListener('workers', onWorkers);
  const timer = setInterval(render, 1000);
  if (!workers) {
    getJson('/api/workers').then((list) => { workers ??= list; render(); })
      .catch((error) => { summary.textContent = error.message; });
  }
  render();
  return () => { live.removeEventListener('workers', onWorkers); clearInterval(timer); };
}

// Workers: those with a heartbeat within 30 s, their slots in use and heartbeat age, from the 'workers' event; a worker
// whose heartbeat is late is shown as not answering, not as live. Below, the cluster's silos as the Orleans membership
// sees them (GET /api/silos, every 3 s): role, status (dead silos stay listed for 15 minutes), slots, activations.

import { el, replace } from './dom.js';
import { getJson, serverNow } from './api.js';
import { live } from './live.js';
import { ago, dateTime, duration } from './format.js';

/** A heartbeat older than this is shown as late: workers beat every few seconds. */
const LATE_SECONDS = 15;

export function mount(view) {
  const summary = el('p', { class: 'muted summary' });
  const body = el('tbody');
  const siloBody = el('tbody');
  replace(view,
    el('div', { class: 'page-head' }, el('h1', {}, 'Workers')),
    summary,
    el('div', { class: 'table-wrap' }, el('table', { class: 'workers' },
      el('thead', {}, el('tr', {}, ['Worker', 'Host', 'PID', 'Slots in use', 'Heartbeat', 'Started'].map((h) => el('th', {}, h)))),
      body)),
    el('h2', {}, 'Silos'),
    el('div', { class: 'table-wrap' }, el('table', { class: 'silos' },
      el('thead', {}, el('tr', {}, ['Silo', 'Address', 'Role', 'Status', 'Slots in use', 'Activations', 'Last alive'].map((h) => el('th', {}, h)))),
      siloBody)));
  let workers = live.latest.workers?.workers ?? null;

  function render() {
    if (!workers) return;
    const now = serverNow();
    const late = (w) => (now - Date.parse(w.heartbeat_at)) / 1000 > LATE_SECONDS;
    const answering = workers.filter((w) => !late(w));
    const silent = workers.length - answering.length;
    const slots = answering.reduce((sum, w) => sum + w.slots, 0);
    const used = answering.reduce((sum, w) => sum + w.leased, 0);
    summary.textContent = `${answering.length} live ${answering.length === 1 ? 'worker' : 'workers'}, ${used} of ${slots} slots in use`
      + (silent > 0 ? `; ${silent} not answering (their items return when the membership declares them dead, or at lease expiry)` : '');
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
          el('td', { class: `num heartbeat${age > LATE_SECONDS ? ' late' : ''}`, title: dateTime(w.heartbeat_at) },
            age > LATE_SECONDS ? `not answering for ${duration(age)}` : `${duration(age)} ago`),
          el('td', { title: dateTime(w.started_at) }, ago(w.started_at, now)));
      }));
  }

  async function renderSilos() {
    try {
      const silos = await getJson('/api/silos');
      const now = serverNow();
      replace(siloBody, silos.length === 0
        ? el('tr', {}, el('td', { colspan: 7, class: 'muted empty' }, 'No silo in the membership.'))
        : silos.map((s) => el('tr', { dataset: { silo: s.address } },
          el('td', { class: 'key' }, s.name),
          el('td', {}, s.address),
          el('td', {}, s.role),
          el('td', { class: s.status === 'active' ? '' : 'state-error' }, s.status),
          el('td', { class: 'num' }, s.slots == null ? '-' : `${s.busy} / ${s.slots}`),
          el('td', { class: 'num' }, s.activations ?? '-'),
          el('td', { title: dateTime(s.last_alive_at) }, ago(s.last_alive_at, now)))));
    } catch (error) {
      replace(siloBody, el('tr', {}, el('td', { colspan: 7, class: 'muted empty' }, error.message)));
    }
  }

  const onWorkers = (event) => { workers = event.detail.workers; render(); };
  live.addEventListener('workers', onWorkers);
  const timer = setInterval(render, 1000);
  const siloTimer = setInterval(renderSilos, 3000);
  renderSilos();
  if (!workers) {
    getJson('/api/workers').then((list) => { workers ??= list; render(); })
      .catch((error) => { summary.textContent = error.message; });
  }
  render();
  return () => { live.removeEventListener('workers', onWorkers); clearInterval(timer); clearInterval(siloTimer); };
}

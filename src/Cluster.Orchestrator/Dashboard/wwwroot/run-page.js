// One run: counts per state, progress, items (paged, filter by state, search by key) with their artifacts and
// thumbnails (click: full size), the first line of each error's or no-data item's reason, each error with its log, run-level artifacts, the progress document, and cancel / resume / retry for
// users with a token. Refreshed when the 'runs' event shows the run changed.

import { el, replace, stateBadge, progressBar, progressLegend, watchingBadge, showFullSize } from './dom.js';
import { watching, lastFile } from './runs-page.js';
import { getJson, post, runPath, query, contentUrl, token, serverNow, ApiError } from './api.js';
import { live } from './live.js';
import { ago, bytes, dateTime, duration, rate } from './format.js';

const ITEM_STATES = ['pending', 'leased', 'done', 'error', 'no_data', 'cancelled'];
const PAGE_SIZES = [25, 50, 100, 200];
const ERRORS_SHOWN = 20;

export function mount(view, name) {
  const state = { offset: 0, limit: 50, itemState: '', search: '', run: null, lastSeen: null };
  const artifactCache = new Map(); // item key -> {finishedAt, artifacts}
  const logCache = new Map(); // item key + attempts -> log lines
  let stopped = false;
  let loading = null;
  let again = false;

  const title = el('h1', {}, name);
  const badge = el('span');
  const actions = el('div', { class: 'actions' });
  const message = el('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const facts = el('dl', { class: 'facts' });
  const bar = el('div', { class: 'run-progress' });
  const chips = el('div', { class: 'chips', 'aria-label': 'Items per state' });

  const stateSelect = el('select', { id: 'item-state', 'aria-label': 'Item state' },
    el('option', { value: '' }, 'every state'), ITEM_STATES.map((s) => el('option', { value: s }, s.replace('_', ' '))));
  const search = el('input', { id: 'item-search', type: 'search', placeholder: 'search keys', 'aria-label': 'Search item keys' });
  const pageSize = el('select', { 'aria-label': 'Items per page' }, PAGE_SIZES.map((n) => el('option', { value: n, selected: n === state.limit }, `${n} per page`)));
  const previous = el('button', { type: 'button', class: 'ghost' }, '← previous');
  const next = el('button', { type: 'button', class: 'ghost' }, 'next →');
  const pageInfo = el('span', { class: 'muted' });
  const itemsBody = el('tbody');
  const errorsList = el('div', { class: 'errors' });
  const runArtifacts = el('ul', { class: 'artifacts' });
  const stalledNote = el('div', { class: 'stalled' });
  const progressDocument = el('pre', { class: 'json' });
  const spec = el('pre', { class: 'json' });

  replace(view,
    el('p', { class: 'crumbs' }, el('a', { href: '#/runs' }, '← Runs')),
    el('div', { class: 'page-head' }, el('div', { class: 'title' }, title, badge), actions),
    message,
    stalledNote,
    bar,
    progressLegend(),
    chips,
    facts,
    el('section', {},
      el('div', { class: 'section-head' }, el('h2', {}, 'Items'),
        el('div', { class: 'filters' }, stateSelect, search, pageSize, previous, pageInfo, next)),
      el('div', { class: 'table-wrap' }, el('table', { class: 'items' },
        el('thead', {}, el('tr', {}, ['#', 'Key', 'State', 'Attempts', 'Worker', 'Finished', 'Reason', 'Artifacts'].map((h) => el('th', {}, h)))),
        itemsBody))),
    el('section', { id: 'errors' }, el('h2', {}, 'Errors'), errorsList),
    el('section', {}, el('h2', {}, 'Run artifacts'), runArtifacts),
    el('section', {}, el('details', {}, el('summary', {}, 'Progress document'), progressDocument)),
    el('section', {}, el('details', {}, el('summary', {}, 'Job spec'), spec)));

  // ---- loading ----

  async function refresh() {
    if (loading) { again = true; return loading; }
    loading = (async () => {
      try {
        do {
          again = false;
          await load();
        } while (again && !stopped);
      } catch (error) {
        showMessage(error instanceof ApiError && error.status === 404 ? `No run named '${name}'.` : error.message, 'error');
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  async function load() {
    const [run, page, errors, artifacts, progress] = await Promise.all([
      getJson(runPath(name)),
      getJson(runPath(name, `/items${query({ state: state.itemState, search: state.search, offset: state.offset, limit: state.limit })}`)),
      getJson(runPath(name, `/items${query({ state: 'error', limit: ERRORS_SHOWN })}`)),
      getJson(runPath(name, '/artifacts?item=')),
      getJson(runPath(name, '/progress')),
    ]);
    if (stopped) return;
    state.run = run;
    renderRun(run);
    renderItems(page.items);
    renderRunArtifacts(artifacts);
    progressDocument.textContent = JSON.stringify(progress, null, 2);
    spec.textContent = JSON.stringify(run.spec, null, 2);
    await Promise.all([loadItemArtifacts(page.items), renderErrors(errors.items)]);
  }

  // ---- rendering ----

  function renderRun(run) {
    const watches = new Map((live.latest.watches?.watches ?? []).map((w) => [w.watch.name, w]));
    const isWatch = watching(run, watches);
    replace(badge, isWatch ? watchingBadge() : stateBadge(run.state));
    replace(bar, progressBar(run.counts, run.total));
    replace(chips, ITEM_STATES.map((s) => el('button', {
      type: 'button', class: `chip state-${s}${state.itemState === s ? ' active' : ''}`, dataset: { state: s },
      onclick: () => { stateSelect.value = state.itemState === s ? '' : s; changeFilter(); },
    }, el('span', { class: 'chip-count num' }, run.counts[s]), ` ${s.replace('_', ' ')}`)));
    const now = serverNow();
    const fact = (label, value, tip) => el('div', { class: 'fact' }, el('dt', {}, label), el('dd', { title: tip ?? null }, value));
    replace(facts,
      fact('Kind', run.kind),
      fact('Sample', run.sample ?? '–'),
      fact('Items', String(run.total)),
      fact('Rate', rate(run.rate)),
      isWatch ? fact('Watching', lastFile(watches.get(run.name), now))
        : fact('ETA', run.stalled?.length ? 'waiting on a worker' : run.state === 'running' ? duration(run.eta_seconds) : '–'),
      fact('Created', ago(run.created_at, now), dateTime(run.created_at)),
      fact('Started', ago(run.started_at, now), dateTime(run.started_at)),
      fact('Finished', run.finished_at ? ago(run.finished_at, now) : '–', dateTime(run.finished_at)),
      fact('Priority', String(run.priority)),
      fact('Attempts', `at most ${run.max_attempts}`));
    replace(stalledNote, (run.stalled ?? []).map((s) => el('p', { class: 'message error stalled-worker', dataset: { worker: s.worker } },
      `${s.items} ${s.items === 1 ? 'item waits' : 'items wait'} on worker ${s.worker}, `
      + (s.silent_since ? `not answering since ${dateTime(s.silent_since)}` : 'not registered')
      + `; back in the queue by ${dateTime(s.returns_by)} (lease expiry), sooner if its silo is declared dead.`)));
    renderActions(run);
  }

  function renderActions(run) {
    if (!token.get()) {
      replace(actions, el('span', { class: 'muted small' }, 'Cancel, resume and retry need a token.'));
      return;
    }
    const buttons = [];
    if (run.state === 'pending' || run.state === 'running') buttons.push(actionButton('cancel', 'Cancel run', true));
    if (run.state === 'cancelled') buttons.push(actionButton('resume', 'Resume', false));
    if (run.counts.error > 0) buttons.push(actionButton('retry', `Retry ${run.counts.error} failed`, false));
    replace(actions, buttons);
  }

  /**
   * Destructive actions ask again on the button itself (no modal: works on touch screens and in tests alike). The
   * question outlives the button: live updates redraw the actions, and a redraw between the two clicks used to drop
   * the first one, so the second only asked again.
   */
  const armedUntil = new Map();

  function actionButton(action, label, confirmFirst) {
    const armed = () => (armedUntil.get(action) ?? 0) > Date.now();
    const question = `Really ${label.toLowerCase()}?`;
    const button = el('button', { type: 'button', id: `action-${action}`, class: confirmFirst ? 'danger' : '' },
      confirmFirst && armed() ? question : label);
    button.addEventListener('click', async () => {
      if (confirmFirst && !armed()) {
        armedUntil.set(action, Date.now() + 5000);
        button.textContent = question;
        setTimeout(() => { if (!armed()) button.textContent = label; }, 5000);
        return;
      }
      armedUntil.delete(action);
      button.disabled = true;
      try {
        await post(runPath(name, `/${action}`));
        showMessage(`${label}: done.`, 'ok');
      } catch (error) {
        showMessage(`${label} refused: ${error.message}`, 'error');
      } finally {
        button.disabled = false;
        await refresh();
      }
    });
    return button;
  }

  function renderItems(items) {
    const now = serverNow();
    pageInfo.textContent = items.length ? `${state.offset + 1}–${state.offset + items.length}` : 'none';
    previous.disabled = state.offset === 0;
    next.disabled = items.length < state.limit;
    replace(itemsBody, items.length === 0
      ? el('tr', {}, el('td', { colspan: 8, class: 'muted empty' }, 'No items match.'))
      : items.map((item) => el('tr', { dataset: { key: item.key } },
        el('td', { class: 'num' }, item.index),
        el('td', { class: 'key' }, item.key),
        el('td', {}, stateBadge(item.state)),
        el('td', { class: 'num' }, item.attempts),
        el('td', { class: 'small' }, item.lease_owner ?? ''),
        el('td', { title: dateTime(item.finished_at) }, item.finished_at ? ago(item.finished_at, now) : ''),
        el('td', { class: `reason reason-${item.state}`, title: item.reason ?? null }, item.reason ?? ''),
        el('td', {}, el('div', { class: 'item-artifacts' }, artifactCache.get(item.key)?.nodes ?? '')))));
  }

  async function loadItemArtifacts(items) {
    const wanted = items.filter((i) => (i.state === 'done' || i.state === 'no_data') &&
      artifactCache.get(i.key)?.finishedAt !== i.finished_at);
    // A few at a time: a page of a hundred items must not open a hundred connections at once.
    for (let start = 0; start < wanted.length && !stopped; start += 4) {
      await Promise.all(wanted.slice(start, start + 4).map(async (item) => {
        const artifacts = await getJson(runPath(name, `/artifacts${query({ item: item.key })}`));
        artifactCache.set(item.key, { finishedAt: item.finished_at, nodes: artifactNodes(artifacts) });
        const cell = [...itemsBody.querySelectorAll('tr')].find((row) => row.dataset.key === item.key)?.querySelector('.item-artifacts');
        if (cell) replace(cell, artifactCache.get(item.key).nodes);
      }));
    }
  }

  /** Thumbnails for PNGs, a download link for every artifact. */
  function artifactNodes(artifacts) {
    return artifacts.map((a) => {
      const link = el('a', { class: 'artifact', download: a.name, title: `${a.name}, ${a.media_type}, ${bytes(a.size)}, sha256 ${a.sha256}` });
      if (a.media_type === 'image/png') {
        // A click shows the figure at full size over the page; the download stays one right-click away.
        const image = el('img', { class: 'thumb', alt: a.name, loading: 'lazy', decoding: 'async' });
        link.append(image);
        link.removeAttribute('download');
        link.addEventListener('click', (event) => {
          if (event.ctrlKey || event.metaKey || event.shiftKey || !link.href) return;
          event.preventDefault();
          showFullSize(link.href, a.name);
        });
        contentUrl(a.content_path).then((url) => { image.src = url; link.href = url; }, (error) => { link.title = error.message; });
      } else {
        link.append(a.name);
        contentUrl(a.content_path).then((url) => { link.href = url; }, (error) => { link.title = error.message; });
      }
      return link;
    });
  }

  function renderRunArtifacts(artifacts) {
    replace(runArtifacts, artifacts.length === 0
      ? el('li', { class: 'muted' }, 'None yet (the progress document is written when the run ends).')
      : artifacts.map((a) => el('li', {}, artifactNodes([a]), el('span', { class: 'muted small' }, ` ${bytes(a.size)}`))));
  }

  async function renderErrors(items) {
    if (items.length === 0) {
      replace(errorsList, el('p', { class: 'muted' }, 'No item failed.'));
      return;
    }
    const blocks = await Promise.all(items.map(async (item) => {
      const cacheKey = `${item.key}\u0000${item.attempts}`;
      if (!logCache.has(cacheKey)) logCache.set(cacheKey, await getJson(runPath(name, `/log${query({ key: item.key })}`)));
      const log = logCache.get(cacheKey);
      return el('article', { class: 'error-item', dataset: { key: item.key } },
        el('h3', {}, el('span', { class: 'key' }, item.key), ' ', el('span', { class: 'muted small' }, `attempt ${item.attempts}`)),
        el('p', { class: 'error-summary' }, item.error ?? ''),
        el('details', {}, el('summary', {}, `Log (${log.length} ${log.length === 1 ? 'line' : 'lines'})`),
          el('pre', { class: 'log' }, log.map((line) =>
            `${new Date(line.at).toLocaleTimeString()}  #${line.attempt}  ${line.level.padEnd(7)} ${line.worker ? `[${line.worker}] ` : ''}${line.message}\n`).join(''))));
    }));
    if (stopped) return;
    const more = state.run && state.run.counts.error > items.length
      ? el('p', { class: 'muted' }, `${state.run.counts.error - items.length} more: filter the items by state 'error'.`) : null;
    replace(errorsList, blocks, more);
  }

  function showMessage(text, kind) {
    message.textContent = text;
    message.className = `message message-${kind}`;
  }

  // ---- controls ----

  function changeFilter() {
    state.itemState = stateSelect.value;
    state.search = search.value.trim();
    state.offset = 0;
    refresh();
  }
  stateSelect.addEventListener('change', changeFilter);
  let searchTimer = null;
  search.addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(changeFilter, 250); });
  pageSize.addEventListener('change', () => { state.limit = Number(pageSize.value); state.offset = 0; refresh(); });
  previous.addEventListener('click', () => { state.offset = Math.max(0, state.offset - state.limit); refresh(); });
  next.addEventListener('click', () => { state.offset += state.limit; refresh(); });

  // ---- live ----

  const onRuns = (event) => {
    const entry = event.detail.runs.find((r) => r.name === name);
    const seen = entry ? JSON.stringify([entry.state, entry.counts, entry.finished_at]) : null;
    if (entry && seen !== state.lastSeen) {
      state.lastSeen = seen;
      refresh();
    }
  };
  live.addEventListener('runs', onRuns);
  const onWatches = () => { if (state.run) renderRun(state.run); };
  live.addEventListener('watches', onWatches);
  // A run older than the newest 200 is not in the live feed: look at it now and then instead.
  const timer = setInterval(() => {
    const inFeed = live.latest.runs?.runs.some((r) => r.name === name);
    // Leased items may be waiting on a silent worker, which changes no count: look again while any are leased.
    if (state.run && !state.run.finished_at && (!inFeed || state.run.counts.leased > 0)) refresh();
    else if (state.run) renderRun(state.run);
  }, 3000);
  refresh();
  return () => { stopped = true; live.removeEventListener('runs', onRuns); live.removeEventListener('watches', onWatches); clearInterval(timer); clearTimeout(searchTimer); };
}

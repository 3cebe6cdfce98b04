// Watches: one tile per watch with its newest quick-look figure and when it landed, live from the 'watches' event.
// A new figure is loaded off-screen first and swapped in when complete, so a wall display never shows half an image.
// When the newest file gave no figure (error or no data), the tile says so over the older figure, with the reason.

import { el, replace, stateBadge, watchingBadge } from './dom.js';
import { getJson, contentUrl, serverNow } from './api.js';
import { live } from './live.js';
import { ago, dateTime } from './format.js';

export function mount(view) {
  const grid = el('div', { class: 'tiles' });
  const summary = el('p', { class: 'muted summary' });
  replace(view, el('div', { class: 'page-head' }, el('h1', {}, 'Watches')), summary, grid);
  const tiles = new Map(); // watch name -> {node, figure, parts}
  let watches = live.latest.watches?.watches ?? null;

  function tileFor(name) {
    if (tiles.has(name)) return tiles.get(name);
    const image = el('img', { class: 'figure', alt: `newest figure of ${name}` });
    const parts = {
      title: el('a', { class: 'tile-title', href: `#/runs/${encodeURIComponent(name)}` }, name),
      state: el('span'),
      figure: el('div', { class: 'figure-box' }, el('p', { class: 'muted no-figure' }, 'No figure yet')),
      image,
      item: el('span', { class: 'tile-item key' }),
      landed: el('time', { class: 'tile-landed' }),
      details: el('p', { class: 'muted small tile-details' }),
      failure: el('div', { class: 'tile-failure', role: 'status' }),
    };
    const node = el('article', { class: 'tile', dataset: { watch: name } },
      el('header', {}, parts.title, parts.state),
      parts.failure,
      parts.figure,
      el('footer', {}, el('div', { class: 'tile-line' }, parts.item, parts.landed), parts.details));
    const tile = { node, parts, contentPath: null, landedAt: null };
    tiles.set(name, tile);
    return tile;
  }

  function render() {
    if (!watches) return;
    summary.textContent = watches.length === 0
      ? 'No watches. Add one with: cluster watch add DIR --pattern "*.tiq" --spec SPEC.yaml'
      : `${watches.length} ${watches.length === 1 ? 'watch' : 'watches'}`;
    const now = serverNow();
    const names = new Set(watches.map((w) => w.watch.name));
    for (const [name, tile] of tiles) if (!names.has(name)) { tile.node.remove(); tiles.delete(name); }
    for (const w of watches) {
      const tile = tileFor(w.watch.name);
      const { parts } = tile;
      replace(parts.state, w.run_state === 'running' || w.run_state === 'pending' ? watchingBadge() : w.run_state ? stateBadge(w.run_state) : '');
      renderFailure(tile, w.newest_failure, now);
      const counts = w.counts;
      parts.details.textContent = `${w.watch.source}  ·  ${w.watch.pattern}  ·  ${w.watch.files_seen} files, ` +
        `${w.watch.versions_enqueued} versions` + (counts ? `  ·  ${counts.done} done, ${counts.error} error, ${counts.pending + counts.leased} waiting` : '');
      if (w.figure) {
        parts.item.textContent = w.figure.item;
        parts.landed.textContent = `landed ${ago(w.figure.landed_at, now)}`;
        parts.landed.dateTime = w.figure.landed_at;
        parts.landed.title = dateTime(w.figure.landed_at);
        if (w.figure.content_path !== tile.contentPath) {
          tile.contentPath = w.figure.content_path;
          swapImage(tile, w.figure);
        }
      } else {
        parts.item.textContent = '';
        parts.landed.textContent = w.last_finished_at ? `last item ${ago(w.last_finished_at, now)}, no figure` : 'waiting for the first file';
      }
      grid.append(tile.node); // keeps the server's order (by name)
    }
  }

  /** The newest file's failure, above the figure (which is then an older file's, and dimmed). */
  function renderFailure(tile, failure, now) {
    const { parts } = tile;
    tile.node.classList.toggle('has-failure', Boolean(failure));
    if (!failure) { replace(parts.failure); return; }
    parts.failure.dataset.item = failure.item;
    replace(parts.failure,
      el('div', { class: 'tile-failure-head' },
        el('span', { class: `badge state-${failure.state}` }, failure.state.replace('_', ' ')), ' ',
        el('span', { class: 'key' }, failure.item), ' ',
        el('time', { class: 'muted small', datetime: failure.finished_at, title: dateTime(failure.finished_at) }, ago(failure.finished_at, now))),
      el('p', { class: 'tile-failure-reason' }, failure.reason ?? '(no reason recorded: see the item log)'),
      tile.contentPath ? el('p', { class: 'muted small' }, 'The figure below is of an older file.') : null);
  }

  async function swapImage(tile, figure) {
    const url = await contentUrl(figure.content_path);
    const next = new Image();
    next.className = 'figure';
    next.alt = `${figure.item}: ${figure.name}`;
    next.dataset.item = figure.item;
    next.src = url;
    try {
      await next.decode();
    } catch {
      // A broken image still replaces the old one: its alt text says which item it was.
    }
    if (tile.contentPath === figure.content_path) replace(tile.parts.figure, next);
  }

  const onWatches = (event) => { watches = event.detail.watches; render(); };
  live.addEventListener('watches', onWatches);
  const timer = setInterval(render, 1000);
  if (!watches) {
    getJson('/api/watches/quicklooks').then((list) => { watches ??= list; render(); })
      .catch((error) => { summary.textContent = error.message; });
  }
  render();
  return () => { live.removeEventListener('watches', onWatches); clearInterval(timer); };
}

// Building DOM nodes from API data. Text is always set as text (textContent), never parsed as HTML,
// so a file name or an error message from the API cannot inject markup or script.

/**
 * el('a', {href: url, class: 'x', onclick: fn}, 'text', childNode, [more, children])
 * Attributes: 'class', 'dataset' (object), 'style' (object), 'on<event>' (listener), boolean true (present), null/false (absent).
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    // Through the CSSOM: the page's Content-Security-Policy forbids style attributes, not style properties.
    else if (name === 'style') Object.assign(node.style, value);
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of node. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A state badge: the state's text, coloured by its class. */
export function stateBadge(state) {
  return el('span', { class: `badge state-${state}` }, state.replaceAll('_', ' '));
}

/** The segments of a progress bar, in the order they are drawn, with the words the legend uses. */
export const SEGMENTS = [['done', 'done'], ['no_data', 'no data'], ['error', 'error'], ['leased', 'in progress'], ['cancelled', 'cancelled']];

/** What the colours of the progress bars mean: one swatch per segment, plus the track for pending items. */
export function progressLegend() {
  return el('div', { class: 'legend small', 'aria-label': 'Progress bar colours' },
    SEGMENTS.map(([kind, label]) => el('span', { class: 'legend-entry', dataset: { segment: kind } }, el('span', { class: `swatch seg-${kind}` }), label)),
    el('span', { class: 'legend-entry', dataset: { segment: 'pending' } }, el('span', { class: 'swatch swatch-pending' }), 'pending'));
}

/**
 * A progress bar over a run's or watch's item counts: done, no data, error, in progress and cancelled segments.
 * role=progressbar with aria-valuenow = finished percentage (done + error + no data over total). The text beside it
 * is "finished / total" and the per cent, except when items failed: then it says how many failed instead, so a run
 * with errors never reads as a plain 100 %.
 */
export function progressBar(counts, total) {
  const finished = counts.done + counts.error + counts.no_data;
  const percent = total > 0 ? Math.floor((100 * finished) / total) : 0;
  const segment = (kind, n) => n > 0 ? el('span', { class: `seg seg-${kind}`, style: { width: `${(100 * n) / total}%` } }) : null;
  const bar = el('div', {
    class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent,
    title: `${finished} of ${total} finished (${counts.done} done, ${counts.error} error, ${counts.no_data} no data, ` +
      `${counts.leased} in progress, ${counts.pending} pending, ${counts.cancelled} cancelled)`,
  },
  total > 0 ? SEGMENTS.map(([kind]) => segment(kind, counts[kind])) : []);
  const tail = counts.error > 0
    ? el('span', { class: 'progress-errors' }, ` ${counts.error} failed`)
    : el('span', { class: 'muted' }, ` ${percent} %`);
  return el('div', { class: 'progress-cell' }, bar, el('span', { class: 'progress-text num' }, `${finished} / ${total}`, tail));
}

/** A watch's run is never done: it reads "watching" (with when its last file finished), not "running, ETA < 1 s". */
export function watchingBadge() {
  return el('span', { class: 'badge state-watching' }, 'watching');
}

/** Shows an image at full size in a dialog over the page (Esc or a click closes it), with a link to open it alone. */
export function showFullSize(url, caption) {
  let dialog = document.getElementById('full-size');
  if (!dialog) {
    dialog = el('dialog', { id: 'full-size', class: 'full-size', onclick: () => dialog.close() });
    document.body.append(dialog);
  }
  replace(dialog,
    el('div', { class: 'full-size-head' }, el('span', { class: 'key' }, caption),
      el('a', { href: url, target: '_blank', rel: 'noopener', onclick: (event) => event.stopPropagation() }, 'open alone'),
      el('button', { type: 'button', class: 'ghost' }, 'close')),
    el('img', { class: 'full', src: url, alt: caption }));
  dialog.showModal();
}

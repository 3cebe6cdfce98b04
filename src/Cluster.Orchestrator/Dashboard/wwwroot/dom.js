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

/**
 * A progress bar over a run's or watch's item counts: done, no data, error and cancelled segments.
 * role=progressbar with aria-valuenow = finished percentage (done + error + no data over total).
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
  total > 0 ? [segment('done', counts.done), segment('no_data', counts.no_data), segment('error', counts.error),
    segment('leased', counts.leased), segment('cancelled', counts.cancelled)] : []);
  return el('div', { class: 'progress-cell' }, bar, el('span', { class: 'progress-text num' }, `${finished} / ${total}`, el('span', { class: 'muted' }, ` ${percent} %`)));
}

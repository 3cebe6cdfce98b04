// Live updates: the server-sent event stream /api/events read with fetch (not EventSource, which cannot send the
// Authorization header a token-protected server needs). Reconnects after a pause whenever the stream breaks.

import { headers, observeServerTime } from './api.js';

class LiveFeed extends EventTarget {
  constructor() {
    super();
    /** The newest payload of each event: runs, workers, watches. */
    this.latest = {};
    this.state = 'connecting';
    this.controller = null;
  }

  start() {
    if (this.controller) return;
    this.controller = new AbortController();
    this.loop(this.controller.signal);
  }

  /** Called when the token changes: a protected server may now accept the stream. */
  restart() {
    this.controller?.abort();
    this.controller = null;
    this.start();
  }

  setState(state, detail = '') {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, detail } }));
  }

  async loop(signal) {
    let pause = 1000;
    while (!signal.aborted) {
      try {
        const response = await fetch('/api/events', { headers: headers({ Accept: 'text/event-stream' }), signal, cache: 'no-store' });
        if (response.status === 401) {
          this.setState('no access', 'this server needs a token to read');
          dispatchEvent(new Event('cluster-unauthorized'));
          return; // restart() tries again once a token is given
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        this.setState('live');
        pause = 1000;
        await this.read(response.body, signal);
        this.setState('reconnecting', 'the stream ended');
      } catch (error) {
        if (signal.aborted) return;
        this.setState('reconnecting', String(error));
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 15000);
    }
  }

  async read(body, signal) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      // Events are separated by a blank line.
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.handle(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  handle(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // comment (keep-alive)
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    const payload = JSON.parse(data.join('\n'));
    if (payload.at) observeServerTime(payload.at);
    this.latest[name] = payload;
    this.dispatchEvent(new CustomEvent(name, { detail: payload }));
  }
}

export const live = new LiveFeed();

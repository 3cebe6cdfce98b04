// Numbers and times as people read them on a busy screen.

/** "12 s", "4 min", "2.5 h", "3 d" for a number of seconds. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, seconds);
  if (s < 1) return '< 1 s';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${(s / 3600).toFixed(1)} h`;
  return `${Math.round(s / 86400)} d`;
}

/** "12 s ago" relative to now (ms since epoch, already corrected to the server's clock). */
export function ago(iso, now) {
  if (!iso) return '–';
  const seconds = (now - Date.parse(iso)) / 1000;
  return seconds < 1 ? 'just now' : `${duration(seconds)} ago`;
}

/** A full local date and time, for tooltips. */
export function dateTime(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) : '';
}

/** Items per second. */
export function rate(perSecond) {
  if (perSecond === null || perSecond === undefined) return '–';
  if (perSecond === 0) return '0/s';
  if (perSecond >= 10) return `${perSecond.toFixed(0)}/s`;
  if (perSecond >= 0.1) return `${perSecond.toFixed(2)}/s`;
  return `${(perSecond * 60).toFixed(2)}/min`;
}

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

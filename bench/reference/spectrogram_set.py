#!/usr/bin/python3
"""Clean-room matplotlib reference for the spectrogram-set benchmark (Debian numpy, matplotlib, Agg).

Draws what a careful batch-plotting script draws for one item: three stacked rows (electrons, ions, electron burst),
each read from its own NPZ (time_unix, energy, eflux[time, pitch, energy]), collapsed with nansum over pitch angle,
energies ascending, log colour between the 1st and 99th percentiles of the finite values with the floor
max(p1, smallest positive, 1e-10), log energy axis, UTC time axis, an event pair as vertical lines, and a zoom column
centred between the events, max(zoom_minutes, 1.5 x gap) wide. PNG at the same pixel size as ours, zlib level 1.

    spectrogram_set.py --dir DIR --item ITEM --events T0,T1 [--repeat 5] [--width 1600] [--height 900] [--out PNG]

Prints one JSON line: {"seconds": [...], "median_s": ...}; the first figure is a warm-up and is not counted.
"""
import argparse
import json
import os
import statistics
import time
from datetime import datetime, timezone

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

ROWS = [("ees", "Electrons (EES)"), ("ies", "Ions (IES)"), ("eeb", "Electrons burst (EEB)")]


def panel(path):
    z = np.load(path)
    t, energy, cube = z["time_unix"], z["energy"], z["eflux"].astype(np.float64)
    matrix = np.nansum(cube, axis=1)
    if energy[0] > energy[-1]:
        energy, matrix = energy[::-1], matrix[:, ::-1]
    keep = energy > 0
    energy, matrix = energy[keep], matrix[:, keep].T
    finite = matrix[np.isfinite(matrix)]
    lo, hi = np.percentile(finite, 1), np.percentile(finite, 99)
    positive = finite[finite > 0]
    lo = max(lo, positive.min() if positive.size else 1e-10, 1e-10)
    if not hi > lo:
        hi = 10 * lo
    matrix = np.where(~np.isfinite(matrix) | (matrix <= 0), lo, matrix)
    return t, energy, matrix, lo, hi


def edges(centres, log):
    c = np.log10(centres) if log else centres
    mid = (c[1:] + c[:-1]) / 2
    e = np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])
    return 10 ** e if log else e


def to_num(unix):
    return mdates.date2num(np.array([datetime.fromtimestamp(u, tz=timezone.utc) for u in np.atleast_1d(unix)]))


def draw(directory, item, events, zoom_minutes, width, height, out):
    centre = 0.5 * (events[0] + events[1])
    duration = max(zoom_minutes * 60, 1.5 * abs(events[1] - events[0]))
    left, right = centre - duration / 2, centre + duration / 2
    fig = Figure(figsize=(width / 100, height / 100), dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(ROWS), 2, gridspec_kw={"width_ratios": [3, 1]}, squeeze=False)
    fig.suptitle(item)
    for r, (instrument, label) in enumerate(ROWS):
        t, energy, matrix, lo, hi = panel(os.path.join(directory, instrument, item + ".npz"))
        x = to_num(edges(t, False))
        y = edges(energy, True)
        for c, ax in enumerate(axes[r]):
            if c == 1:
                cols = np.nonzero((t >= left) & (t <= right))[0]
                mesh = ax.pcolormesh(x[cols[0]:cols[-1] + 2], y, matrix[:, cols[0]:cols[-1] + 1], norm=LogNorm(lo, hi),
                                     cmap="viridis", shading="flat", rasterized=True)
                ax.set_xlim(to_num(left)[0], to_num(right)[0])
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M:%S", tz=timezone.utc))
            else:
                mesh = ax.pcolormesh(x, y, matrix, norm=LogNorm(lo, hi), cmap="viridis", shading="flat", rasterized=True)
                ax.set_xlim(x[0], x[-1])
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=timezone.utc))
                ax.set_ylabel(f"{label}\nEnergy (eV)")
            ax.set_yscale("log")
            for e in to_num(np.asarray(events)):
                ax.axvline(e, color="red", linewidth=1)
            if r == len(ROWS) - 1:
                ax.set_xlabel("Time (UTC)")
            fig.colorbar(mesh, ax=ax, label="Counts")
    fig.savefig(out, format="png", pil_kwargs={"compress_level": 1})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--item", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--zoom-minutes", type=float, default=6.25)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--out", default="/tmp/reference-set.png")
    args = parser.parse_args()
    events = [float(e) for e in args.events.split(",")]
    seconds = []
    for run in range(args.repeat + 1):
        t0 = time.perf_counter()
        draw(args.dir, args.item, events, args.zoom_minutes, args.width, args.height, args.out)
        if run > 0:
            seconds.append(time.perf_counter() - t0)
    print(json.dumps({"seconds": seconds, "median_s": statistics.median(seconds)}))


if __name__ == "__main__":
    main()

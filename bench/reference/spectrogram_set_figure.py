"""Clean-room matplotlib reference of the spectrogram-set benchmark figure (bench/Cluster.Bench set-figure): the same
synthetic 3 rows of 1440 x 32 (log y/z on two rows), a one-hour zoom column and 2 events, 1800x840 px PNG at zlib
level 1 (as our encoder). Usage: /usr/bin/python3 spectrogram_set_figure.py [N] [OUT.png]; prints the median ms of N renders."""
import io, sys, time, datetime as dt
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.dates as mdates
from matplotlib.colors import LogNorm, Normalize

def data():
    times, bins = 1440, 32
    start = dt.datetime(1996, 12, 31, tzinfo=dt.timezone.utc).timestamp()
    t = start + 60.0 * np.arange(times) + 30
    e = 10 * 3000 ** (np.arange(bins) / (bins - 1))
    a = (np.arange(bins) + 0.5) * 180 / bins
    rng = np.random.default_rng(7)
    i = np.arange(times)[None, :]
    def cube(v):
        v = v * (0.5 + rng.random((bins, times)))
        v[:, 600:630] = np.nan
        return v
    el = cube(1e7 * (e[:, None] / 10) ** -1.5 * (1 + np.sin(i / 90)))
    io_ = cube(1e5 * np.exp(-(np.log10(e)[:, None] - 3 - 0.5 * np.sin(i / 200)) ** 2 / 0.2))
    pa = cube(1 + np.cos(a[:, None] * np.pi / 90) * np.sin(i / 120))
    rows = [(e, el, (10, 30000), "log", LogNorm(1e2, 1e7), "Electrons", "Energy (eV)"),
            (e, io_, (10, 30000), "log", LogNorm(1, 1e5), "Ions", "Energy (eV)"),
            (a, pa, (0, 180), "linear", Normalize(0, 2), "Electron pitch angle", "Pitch angle (°)")]
    return start, t, rows

def render(start, t, rows):
    dates = mdates.date2num(np.array(t, dtype="datetime64[s]").astype("datetime64[ms]").astype(dt.datetime))
    zs, ze = start + 5 * 3600, start + 6 * 3600
    events = [start + 5 * 3600 + 900, start + 5 * 3600 + 2100]
    num = lambda s: mdates.date2num(dt.datetime.fromtimestamp(s, dt.timezone.utc))
    fig = plt.figure(figsize=(18, 8.4), dpi=100)
    gs = fig.add_gridspec(len(rows), 3, width_ratios=[3, 1, 0.06], wspace=0.08, hspace=0.25)
    fig.suptitle("FAST orbit 1234 (synthetic)", weight="bold")
    for r, (y, v, ylim, yscale, norm, label, ylabel) in enumerate(rows):
        ax = fig.add_subplot(gs[r, 0])
        zx = fig.add_subplot(gs[r, 1], sharey=ax)
        cax = fig.add_subplot(gs[r, 2])
        for a_, lim in ((ax, (num(start), num(start + 86400))), (zx, (num(zs), num(ze)))):
            m = a_.pcolormesh(dates, y, np.ma.masked_invalid(v), shading="nearest", norm=norm, cmap="viridis")
            a_.set_xlim(*lim)
            a_.set_yscale(yscale)
            a_.set_ylim(*ylim)
            for ev in events:
                a_.axvline(num(ev), color="tab:red", ls="--", lw=1.5)
            a_.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
            if r < len(rows) - 1:
                a_.tick_params(labelbottom=False)
        ax.axvline(num(zs), color="k"); ax.axvline(num(ze), color="k")
        zx.tick_params(labelleft=False)
        ax.set_ylabel(ylabel)
        ax.set_title(label, loc="left", weight="bold")
        fig.colorbar(m, cax=cax, label="Counts")
    ax.set_xlabel("Time (UTC) from 1996-12-31 00:00:00")
    zx.set_xlabel("Zoom (UTC) from 1996-12-31 05:00:00")
    out = io.BytesIO()
    fig.savefig(out, format="png", pil_kwargs={"compress_level": 1})
    plt.close(fig)
    return out.getvalue()

if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    args = data()
    png = render(*args)
    if len(sys.argv) > 2:
        open(sys.argv[2], "wb").write(png)
    ms = []
    for _ in range(n):
        c = time.perf_counter(); render(*args); ms.append(1000 * (time.perf_counter() - c))
    print({"matplotlib_set_figure_png_ms": float(np.median(ms)), "png_bytes": len(png)})

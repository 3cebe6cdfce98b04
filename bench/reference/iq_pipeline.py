#!/usr/bin/python3
"""Clean-room Python reference for the iq-spectrogram benchmark (Debian numpy, matplotlib).

Does what an iqtools-style script does for one recording: read a Tektronix .tiq (XML header, int32 I/Q
times Scaling), frame it, |fftshift(fft(frame))|^2 (iqtools compat), average n_avg frames, save an NPZ
(frequency_hz, time_s, power as float64) and two PNG figures (full band and a zoom).

    iq_pipeline.py INPUT.tiq OUTDIR --lframes 1024 --n-avg 64 --zoom-center HZ --zoom-span HZ
    iq_pipeline.py --stft INPUT.tiq --lframes 1024 --repeat 5 [--engine numpy|scipy]   # STFT only, prints JSON
"""
import argparse
import json
import os
import re
import sys
import time

import numpy as np


def read_tiq(path):
    with open(path, "rb") as f:
        head = f.read(256).decode("latin-1")
    offset = int(re.search(r'offset="(\d+)"', head).group(1))
    with open(path, "rb") as f:
        header = f.read(offset).decode("utf-8", errors="replace")

    def value(tag):
        return float(re.search(r"<%s[^>]*>([^<]+)</%s>" % (tag, tag), header).group(1))

    fs, fc, scaling = value("SamplingFrequency"), value("Frequency"), value("Scaling")
    n = int(value("NumberSamples"))
    raw = np.memmap(path, dtype="<i4", mode="r", offset=offset, shape=(2 * n,))
    return fs, fc, scaling, raw


BLOCK_FRAMES = 4096  # frames per block: keeps temporaries in cache-friendly tens of MB, as a careful script would


def power_spectrogram(raw, scaling, lframes, n_avg, fft=np.fft.fft, out=None):
    """|fftshift(fft(frame))|^2 of every frame, averaged over n_avg frames, computed block by block."""
    nframes = raw.size // 2 // lframes
    rows = nframes // n_avg
    power = out if out is not None else np.empty((rows, lframes), dtype=np.float64 if n_avg > 1 else np.float32)
    step = max(1, BLOCK_FRAMES // n_avg) * n_avg
    for first in range(0, rows * n_avg, step):
        last = min(first + step, rows * n_avg)
        iq = np.asarray(raw[2 * first * lframes: 2 * last * lframes], dtype=np.float32) * np.float32(scaling)
        frames = iq.view(np.complex64).reshape(last - first, lframes)
        spectrum = np.fft.fftshift(fft(frames, axis=1), axes=1)
        p = spectrum.real ** 2 + spectrum.imag ** 2
        if n_avg > 1:
            p = p.reshape(-1, n_avg, lframes).mean(axis=1)
        power[first // n_avg: last // n_avg] = p
    return power


def stft_benchmark(args):
    fs, fc, scaling, raw = read_tiq(args.input)
    if args.engine == "scipy":
        import scipy.fft
        fft = lambda x, axis: scipy.fft.fft(x, axis=axis, workers=1)  # complex64 in, complex64 out
    else:
        fft = np.fft.fft  # computes in complex128
    # Warm-up: page cache and imports; the output array is reused so its memory is warm, as on the C# side.
    out = power_spectrogram(raw, scaling, args.lframes, 1, fft)
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        power_spectrogram(raw, scaling, args.lframes, 1, fft, out=out)
        times.append(time.perf_counter() - t0)
    samples = raw.size // 2 // args.lframes * args.lframes
    print(json.dumps({"engine": args.engine, "samples": samples, "seconds": times, "msps": [samples / t / 1e6 for t in times]}))


def figure(path, freq_offset_hz, time_s, power, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(12, 8), dpi=100)
    db = 10 * np.log10(np.maximum(power, 1e-30))
    mesh = ax.pcolormesh(freq_offset_hz / 1e3, time_s, db, shading="auto", cmap="viridis")
    ax.set_xlabel("Frequency offset (kHz)")
    ax.set_ylabel("Time (s)")
    ax.set_title(title)
    fig.colorbar(mesh, ax=ax, label="Power (dB)")
    tmp = path + ".tmp"
    fig.savefig(tmp, format="png", pil_kwargs={"compress_level": 1})
    os.replace(tmp, path)
    plt.close(fig)


def pipeline(args):
    fs, fc, scaling, raw = read_tiq(args.input)
    power = power_spectrogram(raw, scaling, args.lframes, args.n_avg)
    k = np.arange(args.lframes)
    freq = (k - (args.lframes - 1) / 2) * fs / args.lframes
    frames_per_row = args.n_avg
    t = (np.arange(power.shape[0]) * frames_per_row + (frames_per_row - 1) / 2) * args.lframes / fs
    stem = os.path.splitext(os.path.basename(args.input))[0]
    os.makedirs(args.output, exist_ok=True)
    npz = os.path.join(args.output, stem + ".npz")
    with open(npz + ".tmp", "wb") as f:
        np.savez(f, frequency_hz=freq.astype(np.float64), time_s=t.astype(np.float64), power=power.astype(np.float64))
    os.replace(npz + ".tmp", npz)
    figure(os.path.join(args.output, stem + ".png"), freq, t, power, stem)
    centre = (args.zoom_center - fc) if args.zoom_center is not None else 0.0
    sel = np.abs(freq - centre) <= args.zoom_span / 2
    figure(os.path.join(args.output, stem + "_zoom.png"), freq[sel], t, power[:, sel], stem + " (zoom)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output", nargs="?")
    parser.add_argument("--stft", action="store_true")
    parser.add_argument("--lframes", type=int, default=1024)
    parser.add_argument("--n-avg", type=int, default=64)
    parser.add_argument("--zoom-center", type=float)
    parser.add_argument("--zoom-span", type=float, default=20000.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engine", choices=["numpy", "scipy"], default="numpy")
    args = parser.parse_args()
    if args.stft:
        stft_benchmark(args)
    else:
        pipeline(args)


if __name__ == "__main__":
    sys.exit(main())

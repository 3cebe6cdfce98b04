#!/usr/bin/python3
"""iq-spectrogram benchmark: Cluster (C#) against the Python reference, measured in the same run, alternating.

Writes bench/results/iq.json and prints a Markdown table for docs/benchmarks.md. Run through ./bench/run.
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
PY = "/usr/bin/python3"
REFERENCE = os.path.join(ROOT, "bench", "reference", "iq_pipeline.py")
CLI = ["dotnet", os.path.join(ROOT, ".build", "cli", "cluster.dll")]
BENCH = ["dotnet", os.path.join(ROOT, ".build", "bench", "Cluster.Bench.dll")]
FS, FC = 390625.0, 244778900.0


def write_tiq(path, samples, seed=7):
    """A synthetic recording: white noise plus tones, int32 I/Q with a Tektronix-style header."""
    rng = np.random.default_rng(seed)
    scaling = 1e-9
    header_body = (
        '<DataSetsCollection xmlns="http://www.tektronix.com"><DataSets><DataDescription>'
        f'<SamplingFrequency units="Hz">{FS:.0f}</SamplingFrequency><NumberSamples>{samples}</NumberSamples>'
        '<SamplesType>IQ</SamplesType><NumberFormat>Int32</NumberFormat><Endian>Little</Endian>'
        f'<Scaling>{scaling!r}</Scaling><DateTime>2026-11-21T12:00:00.0000000+00:00</DateTime>'
        '</DataDescription><ProductSpecific name="bench">'
        f'<Frequency units="Hz">{FC:.0f}</Frequency></ProductSpecific></DataSets></DataSetsCollection></DataFile>\r\n'
    )
    first = '<DataFile offset="{:09d}" version="0.3">\r\n'
    offset = len(first.format(0)) + len(header_body)
    with open(path + ".tmp", "wb") as f:
        f.write((first.format(offset) + header_body).encode("ascii"))
        block = 1 << 22
        t0 = 0
        while t0 < samples:
            n = min(block, samples - t0)
            t = np.arange(t0, t0 + n) / FS
            x = 3e-5 * (rng.standard_normal(n) + 1j * rng.standard_normal(n))
            x += 2e-3 * np.exp(2j * np.pi * 50e3 * t) + 5e-4 * np.exp(-2j * np.pi * 150e3 * t)
            iq = np.empty(2 * n, dtype="<i4")
            iq[0::2] = np.round(x.real / scaling)
            iq[1::2] = np.round(x.imag / scaling)
            f.write(iq.tobytes())
            t0 += n
    os.replace(path + ".tmp", path)


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def timed(cmd):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t0


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "numpy": np.__version__}


def main():
    os.makedirs(os.path.join(RESULTS, "data"), exist_ok=True)
    big = os.path.join(RESULTS, "data", "bench_2p26.tiq")
    if not os.path.exists(big):
        print("generating a 2^26-sample recording (512 MiB)...", file=sys.stderr)
        write_tiq(big, 1 << 26)
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))

    # STFT throughput, compat mode, lframes 1024; each program repeats in-process and reports its runs.
    stft = {"numpy": [], "scipy": [], "cluster_1": [], "cluster_2": [], "cluster_psd_1": []}
    for _ in range(rounds):
        stft["numpy"] += run_json([PY, REFERENCE, "--stft", big, "--lframes", "1024", "--repeat", "2"])["msps"]
        stft["scipy"] += run_json([PY, REFERENCE, "--stft", big, "--lframes", "1024", "--repeat", "2", "--engine", "scipy"])["msps"]
        stft["cluster_1"] += run_json(BENCH + ["stft", big, "--threads", "1", "--repeat", "3"])["msps"]
        stft["cluster_2"] += run_json(BENCH + ["stft", big, "--threads", "2", "--repeat", "3"])["msps"]
        stft["cluster_psd_1"] += run_json(BENCH + ["stft", big, "--threads", "1", "--repeat", "3", "--mode", "psd"])["msps"]

    # End to end, fresh processes: file -> NPZ + PNG + zoom PNG, same parameters and PNG zlib level 1.
    zoom = ["--zoom-center", str(FC + 50e3), "--zoom-span", "20000"]
    e2e = {"python": [], "cluster": []}
    out = os.path.join(RESULTS, "e2e")
    for _ in range(rounds):
        e2e["python"].append(timed([PY, REFERENCE, big, os.path.join(out, "python"), "--lframes", "1024", "--n-avg", "64"] + zoom))
        e2e["cluster"].append(timed(CLI + ["spectrogram", big, "-o", os.path.join(out, "cluster"), "--mode", "compat",
                                           "--lframes", "1024", "--n-avg", "64", "--format", "png,npz"] + zoom))

    figure = run_json(BENCH + ["figure", "--repeat", "7"])

    med = {k: statistics.median(v) for k, v in list(stft.items()) + list(e2e.items())}
    result = {"machine": machine(), "stft_msps": stft, "e2e_seconds": e2e, "figure_ms": figure, "median": med,
              "ratios": {"stft_1thread_vs_numpy": med["cluster_1"] / med["numpy"],
                         "stft_1thread_vs_scipy": med["cluster_1"] / med["scipy"],
                         "stft_2threads_vs_numpy": med["cluster_2"] / med["numpy"],
                         "e2e_vs_python": med["python"] / med["cluster"]}}
    with open(os.path.join(RESULTS, "iq.json"), "w") as f:
        json.dump(result, f, indent=2)

    m = result["machine"]
    print(f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}, numpy {m['numpy']}; {rounds} alternating rounds, medians.\n")
    print("| measurement | Python reference | Cluster | ratio |")
    print("| --- | --- | --- | --- |")
    print(f"| STFT 2^26 samples, lframes 1024, compat, 1 thread (Msamples/s) | {med['numpy']:.0f} | {med['cluster_1']:.0f} | {med['cluster_1'] / med['numpy']:.1f}x |")
    print(f"| STFT, same, scipy.fft complex64 as the reference (Msamples/s) | {med['scipy']:.0f} | {med['cluster_1']:.0f} | {med['cluster_1'] / med['scipy']:.1f}x |")
    print(f"| STFT, 2 threads (Msamples/s) | {med['numpy']:.0f} (numpy is single-threaded) | {med['cluster_2']:.0f} | {med['cluster_2'] / med['numpy']:.1f}x |")
    print(f"| STFT, psd mode (Hann, dBm/Hz), 1 thread (Msamples/s) | - | {med['cluster_psd_1']:.0f} | - |")
    print(f"| 1200x800 figure from a 4096x1024 grid: draw / draw + PNG (ms) | - | {figure['draw_ms']:.0f} / {figure['draw_png_ms']:.0f} | - |")
    print(f"| PNG encode (Skia), noisy 1200x800: zlib 1 vs zlib 6 (ms) | - | {figure['png_noise_zlib1_ms']:.0f} vs {figure['png_noise_zlib6_ms']:.0f} | {figure['png_noise_zlib6_ms'] / figure['png_noise_zlib1_ms']:.1f}x |")
    print(f"| end to end .tiq -> NPZ + PNG + zoom PNG, fresh process (s) | {med['python']:.2f} | {med['cluster']:.2f} | {med['python'] / med['cluster']:.1f}x |")


if __name__ == "__main__":
    main()

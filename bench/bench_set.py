#!/usr/bin/python3
"""spectrogram-set benchmark: figures per second, Cluster (in process, Cluster.Bench set) against the matplotlib
reference (in process, bench/reference/spectrogram_set.py), same NPZ cubes, same figure, same pixel size, PNG zlib
level 1, alternating rounds in the same run.

The figure: 3 rows (1440 x 64 x 32 float32 cubes: time x pitch angle x energy, 10 % NaN), log colour and energy axes,
an event pair, a zoom column. Writes bench/results/set.json and prints a Markdown table. Run through ./bench/run.
"""
import json
import os
import statistics
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
PY = "/usr/bin/python3"
REFERENCE = os.path.join(ROOT, "bench", "reference", "spectrogram_set.py")
BENCH = ["dotnet", os.path.join(ROOT, ".build", "bench", "Cluster.Bench.dll")]
ITEM = "orbit_0001"
START = 946_700_000.0
TIMES, PITCHES, ENERGIES = 1440, 64, 32
EVENTS = (START + 2000.0, START + 2400.0)


def write_campaign(directory, seed=11):
    rng = np.random.default_rng(seed)
    t = START + 2.5 * np.arange(TIMES)
    energy = np.geomspace(30000, 4, ENERGIES)
    for instrument, scale in (("ees", 1e6), ("ies", 1e5), ("eeb", 3e6)):
        os.makedirs(os.path.join(directory, instrument), exist_ok=True)
        base = scale * (energy / 100) ** -1.2
        cube = (base[None, None, :] * rng.lognormal(0, 0.5, (TIMES, PITCHES, ENERGIES))).astype(np.float32)
        cube[rng.random(cube.shape) < 0.1] = np.nan
        path = os.path.join(directory, instrument, ITEM + ".npz")
        np.savez(path + ".tmp.npz", time_unix=t, energy=energy, eflux=cube)
        os.replace(path + ".tmp.npz", path)


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    data = os.path.join(RESULTS, "data", "set")
    write_campaign(data)
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    repeat = os.environ.get("BENCH_SET_REPEAT", "5")
    common = ["--dir", data, "--item", ITEM, "--events", ",".join(repr(e) for e in EVENTS), "--repeat", repeat,
              "--width", "1600", "--height", "900"]
    seconds = {"matplotlib": [], "cluster": []}
    for _ in range(rounds):
        seconds["cluster"] += run_json(BENCH + ["set"] + common + ["--out", os.path.join(RESULTS, "set_cluster.png")])["seconds"]
        seconds["matplotlib"] += run_json([PY, REFERENCE] + common + ["--out", os.path.join(RESULTS, "set_matplotlib.png")])["seconds"]
    med = {k: statistics.median(v) for k, v in seconds.items()}
    fps = {k: 1 / v for k, v in med.items()}
    result = {"seconds": seconds, "median_s": med, "figures_per_s": fps, "ratio": fps["cluster"] / fps["matplotlib"],
              "figure": {"rows": 3, "cube": [TIMES, PITCHES, ENERGIES], "pixels": [1600, 900], "png_zlib_level": 1}}
    with open(os.path.join(RESULTS, "set.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(f"{rounds} alternating rounds x {repeat} figures each, medians; 3 rows of {TIMES}x{PITCHES}x{ENERGIES} cubes, zoom column, 1600x900 PNG (zlib 1).\n")
    print("| measurement | matplotlib reference | Cluster | ratio |")
    print("| --- | --- | --- | --- |")
    print(f"| spectrogram-set figure: read + data path + PNG (figures/s) | {fps['matplotlib']:.2f} | {fps['cluster']:.2f} | {result['ratio']:.1f}x |")
    if result["ratio"] < 10:
        print(f"\nbelow the 10x goal ({result['ratio']:.1f}x)", file=sys.stderr)


if __name__ == "__main__":
    main()

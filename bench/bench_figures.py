#!/usr/bin/python3
"""Figure benchmarks before and after a change of the drawing layer, in one session, sides alternating.

Compares two builds of the project: "before" (a worktree of the older commit, e.g.
`git worktree add /tmp/skia-before 831cf5b`) and "after" (this checkout), on
  1. the 1200x800 figure from a 4096x1024 grid: draw, and draw + PNG (zlib 1) (`Cluster.Bench figure`);
  2. the spectrogram-set item against the matplotlib reference (`Cluster.Bench set` vs bench/reference/spectrogram_set.py);
  3. `.tiq` -> NPZ + PNG + zoom PNG as a fresh process against the Python reference (bench/reference/iq_pipeline.py).
Each round runs every side once, in alternation; medians over the rounds. Builds both sides' CLI and bench harness
into <root>/.build/bench-figures/{cli,bench}. Writes bench/results/figures.json and prints Markdown tables.

  /usr/bin/python3 bench/bench_figures.py --before /tmp/skia-before [--rounds 3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_iq import FC, PY, RESULTS, ROOT, machine, run_json, timed, write_tiq  # noqa: E402
from bench_set import EVENTS, ITEM, write_campaign  # noqa: E402

IQ_REFERENCE = os.path.join(ROOT, "bench", "reference", "iq_pipeline.py")
SET_REFERENCE = os.path.join(ROOT, "bench", "reference", "spectrogram_set.py")


def build(root):
    out = os.path.join(root, ".build", "bench-figures")
    for project, name in (("src/Cluster.Cli/Cluster.Cli.csproj", "cli"), ("bench/Cluster.Bench/Cluster.Bench.csproj", "bench")):
        subprocess.run(["dotnet", "build", os.path.join(root, project), "-c", "Release", "--nologo", "-v", "quiet",
                        "-o", os.path.join(out, name)], check=True, stdout=subprocess.DEVNULL)
    return {"cli": ["dotnet", os.path.join(out, "cli", "cluster.dll")],
            "bench": ["dotnet", os.path.join(out, "bench", "Cluster.Bench.dll")]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="root of a checkout of the older commit")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    args = parser.parse_args()

    sides = {"before": build(os.path.abspath(args.before)), "after": build(ROOT)}
    os.makedirs(os.path.join(RESULTS, "data"), exist_ok=True)
    tiq = os.path.join(RESULTS, "data", "bench_2p26.tiq")
    if not os.path.exists(tiq):
        print("generating a 2^26-sample recording (512 MiB)...", file=sys.stderr)
        write_tiq(tiq, 1 << 26)
    set_data = os.path.join(RESULTS, "data", "set")
    write_campaign(set_data)
    set_args = ["--dir", set_data, "--item", ITEM, "--events", ",".join(repr(e) for e in EVENTS), "--repeat", "5",
                "--width", "1600", "--height", "900"]
    zoom = ["--zoom-center", str(FC + 50e3), "--zoom-span", "20000"]
    out = os.path.join(RESULTS, "figures")

    figure = {s: {"draw_ms": [], "draw_png_ms": []} for s in sides}
    set_seconds = {"before": [], "after": [], "matplotlib": []}
    e2e = {"before": [], "after": [], "python": []}
    for _ in range(args.rounds):
        for side, tools in sides.items():
            f = run_json(tools["bench"] + ["figure", "--repeat", "7"])
            figure[side]["draw_ms"].append(f["draw_ms"])
            figure[side]["draw_png_ms"].append(f["draw_png_ms"])
        for side, tools in sides.items():
            set_seconds[side] += run_json(tools["bench"] + ["set"] + set_args + ["--out", os.path.join(out, f"set_{side}.png")])["seconds"]
        set_seconds["matplotlib"] += run_json([PY, SET_REFERENCE] + set_args + ["--out", os.path.join(out, "set_matplotlib.png")])["seconds"]
        for side, tools in sides.items():
            e2e[side].append(timed(tools["cli"] + ["spectrogram", tiq, "-o", os.path.join(out, side), "--mode", "compat",
                                                   "--lframes", "1024", "--n-avg", "64", "--format", "png,npz"] + zoom))
        e2e["python"].append(timed([PY, IQ_REFERENCE, tiq, os.path.join(out, "python"), "--lframes", "1024", "--n-avg", "64"] + zoom))

    med_figure = {s: {k: statistics.median(v) for k, v in d.items()} for s, d in figure.items()}
    med_set = {k: statistics.median(v) for k, v in set_seconds.items()}
    med_e2e = {k: statistics.median(v) for k, v in e2e.items()}
    result = {"machine": machine(), "rounds": args.rounds, "figure_ms": figure, "set_seconds": set_seconds,
              "e2e_seconds": e2e, "median": {"figure_ms": med_figure, "set_s": med_set, "e2e_s": med_e2e},
              "ratios": {"set_vs_matplotlib": {s: med_set["matplotlib"] / med_set[s] for s in sides},
                         "e2e_vs_python": {s: med_e2e["python"] / med_e2e[s] for s in sides}}}
    with open(os.path.join(RESULTS, "figures.json"), "w") as f:
        json.dump(result, f, indent=2)

    m = result["machine"]
    print(f"Machine: {m['cpu']}, {m['cores']} cores; load average {os.getloadavg()[0]:.1f} at the end; "
          f"{args.rounds} alternating rounds, medians.\n")
    print("| measurement | before | after | reference |")
    print("| --- | --- | --- | --- |")
    b, a = med_figure["before"], med_figure["after"]
    print(f"| 1200x800 figure from a 4096x1024 grid: draw (ms) | {b['draw_ms']:.0f} | {a['draw_ms']:.0f} | - |")
    print(f"| same, draw + PNG zlib 1 (ms) | {b['draw_png_ms']:.0f} | {a['draw_png_ms']:.0f} | - |")
    r = result["ratios"]
    print(f"| spectrogram-set item, 1600x900 PNG (figures/s; ratio to matplotlib) | {1 / med_set['before']:.2f} "
          f"({r['set_vs_matplotlib']['before']:.1f}x) | {1 / med_set['after']:.2f} ({r['set_vs_matplotlib']['after']:.1f}x) | "
          f"matplotlib {1 / med_set['matplotlib']:.2f} |")
    print(f"| `.tiq` 2^26 -> NPZ + PNG + zoom PNG, fresh process (s; ratio to Python) | {med_e2e['before']:.2f} "
          f"({r['e2e_vs_python']['before']:.1f}x) | {med_e2e['after']:.2f} ({r['e2e_vs_python']['after']:.1f}x) | "
          f"Python {med_e2e['python']:.2f} |")


if __name__ == "__main__":
    main()

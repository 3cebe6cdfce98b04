#!/usr/bin/python3
"""nxstxm benchmark: the kind's processor (C#, in process) against a clean-room h5py reference, same run, alternating.

Input: a synthetic STXM stack as bluesky JSON Lines (50 energies, 256 x 256 pixels, two polarizations: 100 runs,
25,600 events, ~39 MB), written by Cluster.Bench nxstxm-generate. Both sides read the same file and write the same
NXstxm layout (two entries; data and control (nE, nY, nX) float64; five flat nP-long arrays per entry; shuffle +
gzip 1, one frame per chunk), each in its own process with one untimed warm-up conversion, then timed conversions
(read + interpret + write + fsync + rename). Throughput = bytes of detector data as stored (float64: 50 x 256 x 256
x 2 x 8 = 52.4 MB) / median time. Writes bench/results/nxstxm.json and prints a Markdown table.
"""
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
PY = "/usr/bin/python3"
REFERENCE = os.path.join(ROOT, "bench", "reference", "nxstxm_h5py.py")
BENCH = ["dotnet", os.path.join(ROOT, ".build", "bench", "Cluster.Bench.dll")]
ENERGIES, SIZE, POLARIZATIONS = 50, 256, 2
ROUNDS, REPEAT = int(os.environ.get("NXSTXM_ROUNDS", "3")), int(os.environ.get("NXSTXM_REPEAT", "3"))


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    data = os.path.join(RESULTS, "data")
    os.makedirs(data, exist_ok=True)
    src = os.path.join(data, "stxm_stack_50x256x256x2.jsonl")
    if not os.path.exists(src):
        run_json(BENCH + ["nxstxm-generate", src, "--energies", str(ENERGIES), "--size", str(SIZE)])
    ours_dir, ref_dir = os.path.join(data, "nxstxm_ours"), os.path.join(data, "nxstxm_h5py")
    ours, ref, ours_runs, ref_runs = [], [], [], []
    for _ in range(ROUNDS):
        o = run_json(BENCH + ["nxstxm", src, ours_dir, "--repeat", str(REPEAT), "--compression", "1"])
        r = run_json([PY, REFERENCE, src, ref_dir, "--repeat", str(REPEAT), "--compression", "1"])
        ours += o["seconds"]
        ref += r["seconds"]
        ours_runs.append(o)
        ref_runs.append(r)
    detector_mb = ENERGIES * SIZE * SIZE * POLARIZATIONS * 8 / 1e6
    result = {
        "input_bytes": os.path.getsize(src),
        "detector_mb_float64": detector_mb,
        "ours_median_s": statistics.median(ours), "h5py_median_s": statistics.median(ref),
        "ours_mb_s": detector_mb / statistics.median(ours), "h5py_mb_s": detector_mb / statistics.median(ref),
        "ratio_h5py_time_over_ours": statistics.median(ref) / statistics.median(ours),
        "ours_output_bytes": ours_runs[-1]["output_bytes"], "h5py_output_bytes": ref_runs[-1]["output_bytes"],
        "ours_peak_working_set_bytes": max(o["peak_working_set_bytes"] for o in ours_runs),
        "h5py_peak_rss_bytes": max(r["peak_rss_bytes"] for r in ref_runs),
        "ours_phases_s": {k: statistics.median(o[k] for o in ours_runs) for k in ("parse_s", "interpret_s", "build_s", "write_s")},
        "ours_seconds": ours, "h5py_seconds": ref,
        "load_average": os.getloadavg(),
    }
    with open(os.path.join(RESULTS, "nxstxm.json"), "w") as f:
        json.dump(result, f, indent=2)
    print("| side | median s | MB/s (detector data, float64) | output bytes | peak memory |")
    print("| --- | --- | --- | --- | --- |")
    print("| Cluster nxstxm (C#, in process) | %.2f | %.1f | %d | %.0f MB |" % (
        result["ours_median_s"], result["ours_mb_s"], result["ours_output_bytes"], result["ours_peak_working_set_bytes"] / 1e6))
    print("| h5py reference | %.2f | %.1f | %d | %.0f MB |" % (
        result["h5py_median_s"], result["h5py_mb_s"], result["h5py_output_bytes"], result["h5py_peak_rss_bytes"] / 1e6))
    print("ratio (h5py time / ours): %.2f; load average %s" % (result["ratio_h5py_time_over_ours"], result["load_average"]))


if __name__ == "__main__":
    sys.exit(main())

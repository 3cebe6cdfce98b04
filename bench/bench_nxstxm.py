#!/usr/bin/python3
"""nxstxm benchmark: the kind's processor (C#, in process) against a clean-room h5py reference, same run, alternating.

Input: a synthetic STXM stack as bluesky JSON Lines (50 energies, 256 x 256 pixels, two polarizations: 100 runs,
25,600 events, ~39 MB), written by Cluster.Bench nxstxm-generate. Both sides read the same file and write the same
NXstxm layout (two entries; data and control (nE, nY, nX) float64; five flat nP-long arrays per entry; shuffle +
gzip 1, one frame per chunk), each in its own process with one untimed warm-up conversion, then timed conversions
(read + interpret + write + fsync + rename). Throughput = bytes of detector data as stored (float64: 50 x 256 x 256
x 2 x 8 = 52.4 MB) / median time. Peak memory: our process's peak working set over all its conversions, h5py's peak
RSS; the harness also prints where our memory goes (bytes allocated and still reachable after each phase).

Then the HDF5 layers on the same tree (docs/hdf5.md): the libhdf5 binding against PureHDF 2.2.0, alternating, same
chunks, shuffle + gzip level; both files go through the NXDL validator (--strict --profile mantis) and are compared
with h5py (values, dtypes, chunks, filters, string types). Writes bench/results/nxstxm.json, prints Markdown tables.
"""
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
PY = "/usr/bin/python3"
VALIDATOR = os.path.join(os.path.dirname(ROOT), "shared", "nexus", "validate_nxdl.py")
REFERENCE = os.path.join(ROOT, "bench", "reference", "nxstxm_h5py.py")
BENCH = ["dotnet", os.path.join(ROOT, ".build", "bench", "Cluster.Bench.dll")]
ENERGIES, SIZE, POLARIZATIONS = 50, 256, 2
# Optional: the harness of an earlier commit (its Cluster.Bench.dll), run as a third side in the same rounds.
BEFORE = os.environ.get("NXSTXM_BEFORE")
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
    ours, ref, ours_runs, ref_runs, before, before_runs = [], [], [], [], [], []
    for _ in range(ROUNDS):
        o = run_json(BENCH + ["nxstxm", src, ours_dir, "--repeat", str(REPEAT), "--compression", "1"])
        r = run_json([PY, REFERENCE, src, ref_dir, "--repeat", str(REPEAT), "--compression", "1"])
        ours += o["seconds"]
        ref += r["seconds"]
        ours_runs.append(o)
        ref_runs.append(r)
        if BEFORE:
            b = run_json(["dotnet", BEFORE, "nxstxm", src, os.path.join(data, "nxstxm_before"), "--repeat", str(REPEAT), "--compression", "1"])
            before += b["seconds"]
            before_runs.append(b)
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
        "ours_release_collection_s": statistics.median(o["release_collection_s"] for o in ours_runs),
        "ours_allocated_bytes": ours_runs[-1]["allocated_bytes"], "ours_live_bytes_after": ours_runs[-1]["live_bytes_after"],
        "ours_first_conversion_peak_bytes": max(o["peak_working_set_first_conversion_bytes"] for o in ours_runs),
        "ours_seconds": ours, "h5py_seconds": ref,
        "load_average": os.getloadavg(),
    }
    if BEFORE:
        result.update({
            "before_median_s": statistics.median(before), "before_seconds": before, "before_output_bytes": before_runs[-1]["output_bytes"],
            "before_peak_working_set_bytes": max(b["peak_working_set_bytes"] for b in before_runs),
            "ratio_h5py_time_over_before": statistics.median(ref) / statistics.median(before),
        })
    result["hdf5_layers"] = layers(src, os.path.join(data, "hdf5_layers"))
    with open(os.path.join(RESULTS, "nxstxm.json"), "w") as f:
        json.dump(result, f, indent=2)
    print("| side | median s | MB/s (detector data, float64) | output bytes | peak memory |")
    print("| --- | --- | --- | --- | --- |")
    print("| Cluster nxstxm (C#, in process) | %.2f | %.1f | %d | %.0f MB |" % (
        result["ours_median_s"], result["ours_mb_s"], result["ours_output_bytes"], result["ours_peak_working_set_bytes"] / 1e6))
    print("| h5py reference | %.2f | %.1f | %d | %.0f MB |" % (
        result["h5py_median_s"], result["h5py_mb_s"], result["h5py_output_bytes"], result["h5py_peak_rss_bytes"] / 1e6))
    if BEFORE:
        print("| Cluster nxstxm before (%s) | %.2f | %.1f | %d | %.0f MB |" % (
            BEFORE, result["before_median_s"], detector_mb / result["before_median_s"], result["before_output_bytes"],
            result["before_peak_working_set_bytes"] / 1e6))
        print("ratio (h5py time / before): %.2f" % result["ratio_h5py_time_over_before"])
    print("ratio (h5py time / ours): %.2f; load average %s" % (result["ratio_h5py_time_over_ours"], result["load_average"]))
    print("our memory by phase (MB allocated / MB reachable after):", ", ".join(
        "%s %.0f / %.0f" % (k, result["ours_allocated_bytes"][k] / 1e6, result["ours_live_bytes_after"][k] / 1e6) for k in result["ours_allocated_bytes"]))
    print("first conversion's peak working set: %.0f MB; the full collection that frees a converted scan: %.3f s" % (
        result["ours_first_conversion_peak_bytes"] / 1e6, result["ours_release_collection_s"]))
    lay = result["hdf5_layers"]
    print()
    print("| HDF5 layer (same tree, shuffle + gzip 1) | median write s | file bytes | validator --strict --profile mantis |")
    print("| --- | --- | --- | --- |")
    for side in ("libhdf5", "purehdf"):
        print("| %s | %.2f | %d | %s |" % (side, lay[side + "_median_s"], lay[side + "_bytes"], lay[side + "_validator"]))
    print("h5py: numeric datasets equal in values, dtypes, chunks and filters: %s; string type differences: %d (%s)" % (
        lay["numeric_equal"], len(lay["string_differences"]), "; ".join(lay["string_differences"][:3])))


COMPARE = """
import sys, json, h5py, numpy as np
a, b = h5py.File(sys.argv[1], 'r'), h5py.File(sys.argv[2], 'r')
numeric, strings = True, []
def kind(v):
    return getattr(v, 'dtype', type(v).__name__)
def visit(name, x):
    global numeric
    y = b[name]
    if isinstance(x, h5py.Dataset):
        if x.dtype.kind in 'fiu':
            numeric &= (x.dtype == y.dtype and x.shape == y.shape and x.chunks == y.chunks and x.compression == y.compression
                        and x.compression_opts == y.compression_opts and x.shuffle == y.shuffle
                        and np.array_equal(x[()], y[()], equal_nan=x.dtype.kind == 'f'))
        elif x.dtype != y.dtype:
            strings.append('%s: %s vs %s' % (name, x.dtype, y.dtype))
    for k, v in x.attrs.items():
        w = y.attrs[k]
        if str(kind(v)) != str(kind(w)):
            strings.append('%s@%s: %s vs %s' % (name, k, kind(v), kind(w)))
a.visititems(visit)
print(json.dumps({'numeric_equal': bool(numeric), 'string_differences': strings}))
"""


def layers(src, out):
    lay = run_json(BENCH + ["hdf5-layers", src, out, "--repeat", os.environ.get("LAYERS_REPEAT", "5"), "--compression", "1"])
    for side in ("libhdf5", "purehdf"):
        v = subprocess.run([PY, VALIDATOR, lay[side + "_path"], "--strict", "--profile", "mantis"], capture_output=True, text=True)
        last = v.stdout.strip().splitlines()[-1] if v.stdout.strip() else v.stderr.strip()
        lay[side + "_validator"] = last
        lay[side + "_validator_warnings"] = [l for l in v.stdout.splitlines() if l.startswith(("WARNING", "ERROR"))]
    lay.update(run_json([PY, "-c", COMPARE, lay["libhdf5_path"], lay["purehdf_path"]]))
    return lay


if __name__ == "__main__":
    sys.exit(main())

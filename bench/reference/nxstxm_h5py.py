#!/usr/bin/python3
"""Clean-room h5py reference for the nxstxm benchmark (Debian python3-h5py, numpy, the json module).

Converts a bluesky JSON Lines file holding an STXM image stack (one run per energy and polarization, one
waveform per image line, pyStxm metadata double-encoded as in the suitcase examples) into an NXstxm file with
the layout docs/nxstxm.md describes: one NXentry per polarization; counter0 (NXdata) with data (nE, nY, nX)
float64; control (NXmonitor) with the ring current shaped like the signal; flat chronological nP-long
instrument arrays (counts, count time, energy, sample x/y); arrays of 4096 values or more chunked one frame
per chunk (1-D arrays: the whole array, halved while above 1 MiB), shuffle + gzip at the given level.
Written by reading the documentation, not the C# code.

    nxstxm_h5py.py INPUT.jsonl OUTPUT.hdf5 [--compression 1]                # one conversion
    nxstxm_h5py.py INPUT.jsonl OUTDIR --repeat 3 [--compression 1]          # warm-up + timed loop, prints JSON
"""
import argparse
import json
import os
import statistics
import sys
import time

import h5py
import numpy as np

CHUNKED_ABOVE = 4096
MIB = 1 << 20


def read_runs(path):
    """{run uid: {'start': doc, 'descriptors': {uid: doc}, 'events': {stream: [data]}, 'stop': doc}} in start order."""
    runs, order, stream_of = {}, [], {}
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            name, doc = json.loads(line)
            if name == "start":
                runs[doc["uid"]] = {"start": doc, "events": {}, "stop": None}
                order.append(doc["uid"])
            elif name == "descriptor":
                stream_of[doc["uid"]] = (doc["run_start"], doc.get("name", "primary"))
            elif name == "event":
                run, stream = stream_of[doc["descriptor"]]
                runs[run]["events"].setdefault(stream, []).append(doc["data"])
            elif name == "stop":
                runs[doc["run_start"]]["stop"] = doc
    return [runs[u] for u in sorted(order, key=lambda u: runs[u]["start"]["time"])]


def decode(v):
    return json.loads(v) if isinstance(v, str) else v


def chunks_for(shape, itemsize):
    if len(shape) == 1:
        c = [shape[0]]
    else:
        c = [1] * (len(shape) - 2) + list(shape[-2:])
    while int(np.prod(c)) * itemsize > MIB:
        i = int(np.argmax(c))
        c[i] = (c[i] + 1) // 2
    return tuple(c)


def quantity(group, name, value, units, level):
    value = np.asarray(value)
    if value.size >= CHUNKED_ABOVE:
        kw = dict(chunks=chunks_for(value.shape, value.itemsize))
        if level > 0:
            kw.update(shuffle=True, compression="gzip", compression_opts=level)
        ds = group.create_dataset(name, data=value, **kw)
    else:
        ds = group.create_dataset(name, data=value)
    if units is not None:
        ds.attrs["units"] = units
    return ds


def nx_group(parent, name, cls):
    g = parent.create_group(name)
    g.attrs["NX_class"] = np.bytes_(cls)
    return g


def build_entries(runs):
    """Entry name -> arrays, placing each run's image at e_idx of img_idx_map.entry."""
    entries = {}
    scan_ring = None
    for r in runs:
        base = r["events"].get("baseline")
        md = decode(r["start"]["metadata"])
        pv = md["rev_lu_dct"]["StorageRingCurrent"]
        if base and scan_ring is None:
            scan_ring = base[0].get(pv, base[0].get(pv + "_val"))
    for r in runs:
        md = decode(r["start"]["metadata"])
        idx = decode(md["img_idx_map"])
        roi = md["rois"][str(idx["sp_id"])]
        x = np.array(roi["X"]["SETPOINTS"], dtype=float)
        y = np.array(roi["Y"]["SETPOINTS"], dtype=float)
        energies = np.array([e for ev in roi["EV_ROIS"] for e in ev["SETPOINTS"]], dtype=float)
        pols = roi["EV_ROIS"][0].get("EPU_POL_PNTS", [float("nan")])
        nx, ny, ne = len(x), len(y), len(energies)
        name = idx["entry"]
        e = entries.get(name)
        if e is None:
            n = ne * ny * nx
            e = entries[name] = {
                "shape": (ne, ny, nx), "data": np.full(n, np.nan), "energy": np.full(n, np.nan),
                "px": np.full(n, np.nan), "py": np.full(n, np.nan), "ring": np.full(n, np.nan),
                "energies": energies, "x": x, "y": y, "dwell": md["dwell"] * 1e-3, "md": md,
                "pol": pols[idx["pol_idx"]], "pol_idx": idx["pol_idx"], "sp_id": idx["sp_id"],
                "uids": [], "start": r["start"]["time"], "end": 0.0, "zp": md.get("zp_def"), "recorded": 0,
            }
        key = next(k for k in r["events"]["primary"][0] if k.startswith(md["primary_det"]))
        values = np.array([ev[key] for ev in r["events"]["primary"]], dtype=float).ravel()
        plane = nx * ny
        off = idx["e_idx"] * plane
        k = values.size
        e["data"][off:off + k] = values
        e["energy"][off:off + k] = energies[idx["e_idx"]]
        e["px"][off:off + k] = np.tile(x, ny)[:k]
        e["py"][off:off + k] = np.repeat(y, nx)[:k]
        base = r["events"].get("baseline")
        pv = md["rev_lu_dct"]["StorageRingCurrent"]
        if base:
            a = base[0].get(pv, base[0].get(pv + "_val"))
            b = base[-1].get(pv, base[-1].get(pv + "_val"))
            ring = a + (b - a) * np.arange(k) / (k - 1) if k > 1 else np.full(k, a)
        else:
            ring = np.full(k, scan_ring if scan_ring is not None else np.nan)
        e["ring"][off:off + k] = ring
        e["uids"].append(r["start"]["uid"])
        e["end"] = max(e["end"], r["stop"]["time"] if r["stop"] else r["start"]["time"])
        e["recorded"] += k
    return entries


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03d+00:00" % int(round((t % 1) * 1000))


def write(entries, path, level):
    tmp = os.path.join(os.path.dirname(os.path.abspath(path)), "." + os.path.basename(path) + ".tmp")
    with h5py.File(tmp, "w") as f:
        f.attrs["NX_class"] = np.bytes_("NXroot")
        f.attrs["file_name"] = os.path.basename(path)
        f.attrs["file_time"] = iso(time.time())
        f.attrs["creator"] = "h5py reference"
        f.attrs["NeXus_version"] = "v2026.01"
        names = sorted(entries)
        f.attrs["default"] = names[0]
        for name in names:
            e = entries[name]
            ne, ny, nx = e["shape"]
            n = ne * ny * nx
            g = nx_group(f, name, "NXentry")
            g.attrs["default"] = "counter0"
            g["title"] = "SAMPLE_IMAGE_STACK scan (%s)" % name
            g["start_time"] = iso(e["start"])
            g["end_time"] = iso(e["end"])
            g["definition"] = np.array([b"NXstxm"])
            g["program_name"] = "h5py reference"
            g["scan_aborted"] = np.uint8(e["recorded"] < n)
            ins = nx_group(g, "instrument", "NXinstrument")
            src = nx_group(ins, "source", "NXsource")
            src["type"] = "Synchrotron X-ray Source"
            src["name"] = "unknown"
            src["probe"] = "x-ray"
            quantity(src, "current", np.nanmean(e["ring"]), "mA", level)
            mono = nx_group(ins, "monochromator", "NXmonochromator")
            quantity(mono, "energy", e["energy"], "eV", level)
            if e["zp"]:
                zp = nx_group(ins, "zoneplate", "NXfresnel_zone_plate")
                quantity(zp, "outer_diameter", float(e["zp"]["zpD"]), "um", level)
                quantity(zp, "central_stop_diameter", float(e["zp"]["zpCStop"]), "um", level)
                quantity(zp, "outermost_zone_width", float(e["zp"]["zpOZone"]), "nm", level)
                zp["focus_parameters"] = np.array([0.0, e["zp"]["zpA1"]])
                zp["fabrication"] = "etched"
                zp["zone_plate_index"] = np.int32(e["zp"]["zp_idx"])
            det = nx_group(ins, "counter0", "NXdetector")
            quantity(det, "data", e["data"], "counts", level)
            quantity(det, "count_time", np.full(n, e["dwell"]), "s", level)
            for axis, values in (("sample_x", e["px"]), ("sample_y", e["py"])):
                quantity(nx_group(ins, axis, "NXdetector"), "data", values, "um", level)
            epu = nx_group(ins, "epu", "NXinsertion_device")
            epu["type"] = "undulator"
            epu["polarization"] = float(e["pol"])
            epu["polarization_index"] = np.int32(e["pol_idx"])
            quantity(nx_group(g, "sample", "NXsample"), "rotation_angle", 0.0, "deg", level)
            axes = np.array([b"energy", b"sample_y", b"sample_x"])
            for group_name, cls, signal, units in (("counter0", "NXdata", e["data"], "counts"), ("control", "NXmonitor", e["ring"], "mA")):
                d = nx_group(g, group_name, cls)
                d.attrs["signal"] = "data"
                d.attrs["axes"] = axes
                for i, a in enumerate(("energy", "sample_y", "sample_x")):
                    d.attrs[a + "_indices"] = np.int32(i)
                ds = quantity(d, "data", signal.reshape(ne, ny, nx), units, level)
                if group_name == "counter0":
                    ds.attrs["signal"] = np.int32(1)
                    d["stxm_scan_type"] = np.array([b"sample image stack"])
                    quantity(d, "energy", e["energies"], "eV", level)
                    quantity(d, "sample_y", e["y"], "um", level)
                    quantity(d, "sample_x", e["x"], "um", level)
                    quantity(d, "count_time", np.full(ne, e["dwell"]), "s", level)
                else:
                    for a in ("energy", "sample_y", "sample_x"):
                        d[a] = h5py.SoftLink("/%s/counter0/%s" % (name, a))
            c = nx_group(g, "collection", "NXcollection")
            c["scan_request"] = json.dumps(e["md"])
            c["seed_scan_type"] = "SAMPLE_IMAGE_STACK"
            c["region_id"] = np.int32(e["sp_id"])
            c["polarization_index"] = np.int32(e["pol_idx"])
            c["points_declared"] = np.int64(n)
            c["points_recorded"] = np.int64(e["recorded"])
            c["run_uids"] = np.array([u.encode() for u in e["uids"]])
            nx_group(c, "baseline", "NXcollection")
    with open(tmp, "rb+") as fd:
        os.fsync(fd.fileno())
    os.replace(tmp, path)


def convert(src, dst, level):
    write(build_entries(read_runs(src)), dst, level)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--compression", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=0)
    a = ap.parse_args()
    if a.repeat == 0:
        convert(a.input, a.output, a.compression)
        return
    os.makedirs(a.output, exist_ok=True)
    dst = os.path.join(a.output, os.path.splitext(os.path.basename(a.input))[0] + ".hdf5")
    seconds = []
    for run in range(a.repeat + 1):  # run 0 warms up
        t0 = time.perf_counter()
        convert(a.input, dst, a.compression)
        if run > 0:
            seconds.append(time.perf_counter() - t0)
    import resource
    print(json.dumps({"seconds": seconds, "median_s": statistics.median(seconds), "output_bytes": os.path.getsize(dst),
                      "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))


if __name__ == "__main__":
    sys.exit(main())

"""An independent SigMF writer for the reader tests, written from the SigMF 1.x specification (core namespace):
it quantises a multi-tone signal to the requested core:datatype with numpy dtypes ('>i2', '<u4', ...), lays out
channels, captures with header bytes, core:offset, optional core:sha512 and .sigmf archives, and prints what a reader
must decode (first samples, strongest bins) using the spec's normalisation (signed: / 2^(bits-1); unsigned: centred on
(2^bits - 1) / 2 and divided by it).

usage: sigmf_writer.py DIR CASE_JSON LFRAMES POWER_NPY -> JSON {path, count, first, argmax}
"""
import hashlib
import io
import json
import os
import sys
import tarfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from iq_reference import summary  # noqa: E402

directory, case, lframes, power_npy = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
datatype = case["datatype"]
channels = case.get("num_channels", 1)
channel = case.get("channel", 0)
n = case.get("samples", 4096)
fs = 1.0e6
is_complex = datatype[0] == "c"
kind = datatype[1:].split("_")[0]
endian = ">" if datatype.endswith("_be") else "<"
dtype = np.dtype(endian + {"f64": "f8", "f32": "f4", "i32": "i4", "i16": "i2", "i8": "i1",
                           "u32": "u4", "u16": "u2", "u8": "u1"}[kind])
bits = dtype.itemsize * 8

rng = np.random.default_rng(7)
t = np.arange(n) / fs
frames = []
for c in range(channels):
    # Each channel has its own tone, so reading the wrong channel moves the strongest bin.
    f = (c + 1) * fs / 16 + 1234.0
    signal = 0.5 * np.exp(2j * np.pi * f * t) + 0.01 * (rng.standard_normal(n) + 1j * rng.standard_normal(n))
    parts = [signal.real, signal.imag] if is_complex else [signal.real]
    frames.extend(parts)
components = np.stack(frames, axis=1)  # (n, channels * comps)

if kind.startswith("f"):
    stored = components.astype(dtype)
    decoded = stored.astype(np.float64)
elif kind.startswith("i"):
    full = 2.0 ** (bits - 1)
    stored = np.clip(np.round(components * full), -full, full - 1).astype(dtype)
    decoded = stored.astype(np.float64) / full
else:
    half = (2.0 ** bits - 1) / 2
    stored = np.clip(np.round(components * half + half), 0, 2.0 ** bits - 1).astype(dtype)
    decoded = (stored.astype(np.float64) - half) / half

comps = 2 if is_complex else 1
mine = decoded[:, channel * comps:(channel + 1) * comps]
x = mine[:, 0] + (1j * mine[:, 1] if is_complex else 0)

offset = case.get("offset", 0)
captures = case.get("captures", [{"sample_start": 0, "frequency": 433.92e6}])
data = io.BytesIO()
for i, capture in enumerate(captures):
    start = capture["sample_start"]
    end = captures[i + 1]["sample_start"] if i + 1 < len(captures) else n
    data.write(bytes(range(256))[: capture.get("header_bytes", 0)] * 1)
    data.write(stored[start:end].tobytes())
blob = data.getvalue()
if case.get("truncate"):
    blob = blob[: -case["truncate"]]

meta_global = {"core:datatype": datatype, "core:version": "1.0.0"}
if case.get("sample_rate", True):
    meta_global["core:sample_rate"] = fs
if channels != 1:
    meta_global["core:num_channels"] = channels
if offset:
    meta_global["core:offset"] = offset
if case.get("sha512"):
    digest = hashlib.sha512(blob).hexdigest()
    meta_global["core:sha512"] = digest if case["sha512"] == "good" else digest[::-1]
meta_captures = []
for capture in captures:
    entry = {"core:sample_start": capture["sample_start"] + offset}
    if "frequency" in capture and not case.get("global_frequency"):
        entry["core:frequency"] = capture["frequency"]
    if capture.get("header_bytes"):
        entry["core:header_bytes"] = capture["header_bytes"]
    meta_captures.append(entry)
if case.get("global_frequency"):
    meta_global["core:frequency"] = captures[0]["frequency"]
meta = json.dumps({"global": meta_global, "captures": meta_captures, "annotations": []}, indent=2).encode()

name = case.get("name", "rec")
if case.get("archive"):
    path = os.path.join(directory, name + ".sigmf")
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for member, content in ((f"{name}/{name}.sigmf-meta", meta), (f"{name}/{name}.sigmf-data", blob)):
            info = tarfile.TarInfo(member)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
else:
    path = os.path.join(directory, name + ".sigmf-meta")
    open(path, "wb").write(meta)
    open(os.path.join(directory, name + ".sigmf-data"), "wb").write(blob)

result = summary(x, lframes, power_npy)
result["path"] = path
print(json.dumps(result))

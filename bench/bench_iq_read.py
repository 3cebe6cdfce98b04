#!/usr/bin/python3
"""IQ reader benchmark: Msamples/s decoded from a warm file, Cluster's readers (Cluster.Bench iq-read: every sample to
float32 volts, one thread, 2^20-sample blocks into one buffer) against numpy.fromfile plus the same conversion to
interleaved float32 volts, measured in the same run, the two sides alternating.

Writes bench/results/iq_read.json and prints the Markdown table of docs/benchmarks.md. Run through ./bench/run.
"""
import io
import json
import os
import statistics
import struct
import subprocess
import sys
import tarfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
DATA = os.path.join(RESULTS, "data", "iq-read")
BENCH = ["dotnet", os.path.join(ROOT, ".build", "bench", "Cluster.Bench.dll")]
N = 1 << 23
ROUNDS = 3
REPEAT = 5


def components(n, comps, rng):
    return (0.3 * rng.standard_normal(n * comps)).clip(-0.99, 0.99)


def quantise(x, dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return x.astype(dtype)
    bits = dtype.itemsize * 8
    if dtype.kind == "i":
        return np.round(x * 2.0 ** (bits - 1)).astype(dtype)
    half = (2.0 ** bits - 1) / 2
    return np.round(x * half + half).astype(dtype)


def write_sigmf(path, datatype, data, channels=1):
    data.tofile(path + ".sigmf-data")
    meta = {"global": {"core:datatype": datatype, "core:sample_rate": 1e6, "core:version": "1.0.0", "core:num_channels": channels},
            "captures": [{"core:sample_start": 0, "core:frequency": 1e8}], "annotations": []}
    with open(path + ".sigmf-meta", "w") as f:
        json.dump(meta, f)
    return path + ".sigmf-meta"


def write_wav(path, data, tag, bits):
    raw = data.tobytes()
    fmt = struct.pack("<HHIIHH", tag, 2, 1000000, 1000000 * 2 * bits // 8, 2 * bits // 8, bits)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(raw)) + b"WAVE")
        f.write(b"fmt " + struct.pack("<I", len(fmt)) + fmt)
        f.write(b"data" + struct.pack("<I", len(raw)) + raw)
    return path, 44


def write_iq_tar(path, data, scaling):
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><RS_IQ_TAR_FileFormat fileFormatVersion="2"><Name>bench</Name>'
           f'<Samples>{len(data) // 2}</Samples><Clock unit="Hz">1000000</Clock><Format>complex</Format><DataType>float32</DataType>'
           f'<ScalingFactor unit="V">{scaling}</ScalingFactor><NumberOfChannels>1</NumberOfChannels>'
           f'<DataFilename>bench.complex.1ch.float32</DataFilename></RS_IQ_TAR_FileFormat>').encode()
    with tarfile.open(path, "w", format=tarfile.USTAR_FORMAT) as tar:
        for name, content in (("bench.xml", xml), ("bench.complex.1ch.float32", data.tobytes())):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    with tarfile.open(path) as tar:
        return path, tar.getmember("bench.complex.1ch.float32").offset_data


def tdms_string(s):
    b = s.encode()
    return struct.pack("<I", len(b)) + b


def write_tdms(path, data):
    """One segment, NI's published layout: lead-in, metadata (root, group, one float32 channel of I,Q), raw data."""
    objects = [("/", b"\xff\xff\xff\xff", []), ("/'waveforms'", b"\xff\xff\xff\xff", []),
               ("/'waveforms'/'Channel 0'", struct.pack("<IIIQ", 20, 9, 1, len(data)), [("NI_RF_IQRate", 10, struct.pack("<d", 1e6))])]
    meta = struct.pack("<I", len(objects))
    for name, index, props in objects:
        meta += tdms_string(name) + index + struct.pack("<I", len(props))
        for key, kind, value in props:
            meta += tdms_string(key) + struct.pack("<I", kind) + value
    raw = data.tobytes()
    toc = (1 << 1) | (1 << 2) | (1 << 3)
    with open(path, "wb") as f:
        f.write(b"TDSm" + struct.pack("<IIQQ", toc, 4713, len(meta) + len(raw), len(meta)) + meta + raw)
    return path, 28 + len(meta)


def cases(rng):
    """(name, cluster file, cluster options, numpy decoder) per format."""
    os.makedirs(DATA, exist_ok=True)
    out = []

    def add(name, path, options, decode):
        out.append((name, path, options, decode))

    x = components(N, 2, rng)
    for ext, dtype, fmt in ((".cf32", "<f4", None), (".cs16", "<i2", None), (".cs8", "i1", None), (".cu8", "u1", None)):
        path = os.path.join(DATA, "raw" + ext)
        if not os.path.exists(path):
            quantise(x, dtype).tofile(path)
        add(f"raw {ext}", path, [], {"<f4": lambda p: np.fromfile(p, "<f4"),
                                    "<i2": lambda p: np.fromfile(p, "<i2").astype(np.float32) * np.float32(1 / 32768),
                                    "i1": lambda p: np.fromfile(p, "i1").astype(np.float32) * np.float32(1 / 128),
                                    "u1": lambda p: (np.fromfile(p, "u1").astype(np.float32) - np.float32(127.5)) * np.float32(1 / 127.5)}[dtype])
    meta = write_sigmf(os.path.join(DATA, "be"), "ci16_be", quantise(x, ">i2"))
    add("SigMF ci16_be", meta, [], lambda p: np.fromfile(p[:-5] + "-data", ">i2").astype(np.float32) * np.float32(1 / 32768))
    meta = write_sigmf(os.path.join(DATA, "f64"), "cf64_le", quantise(x, "<f8"))
    add("SigMF cf64_le", meta, [], lambda p: np.fromfile(p[:-5] + "-data", "<f8").astype(np.float32))
    meta = write_sigmf(os.path.join(DATA, "real"), "ri16_le", quantise(x[:N], "<i2"))

    def real(p):
        out = np.zeros(2 * N, np.float32)
        out[0::2] = np.fromfile(p[:-5] + "-data", "<i2").astype(np.float32) * np.float32(1 / 32768)
        return out
    add("SigMF ri16_le (real)", meta, [], real)
    x4 = components(N, 8, rng)
    meta = write_sigmf(os.path.join(DATA, "four"), "ci16_le", quantise(x4, "<i2"), channels=4)
    add("SigMF ci16_le, channel 2 of 4", meta, ["--channel", "2"],
        lambda p: np.ascontiguousarray(np.fromfile(p[:-5] + "-data", "<i2").reshape(N, 8)[:, 4:6]).astype(np.float32).ravel() * np.float32(1 / 32768))
    path, offset = write_wav(os.path.join(DATA, "s16.wav"), quantise(x, "<i2"), 1, 16)
    add("WAV int16 stereo", path, [], lambda p, o=offset: np.fromfile(p, "<i2", offset=o).astype(np.float32) * np.float32(1 / 32768))
    path, offset = write_wav(os.path.join(DATA, "u8.wav"), np.round(x * 128 + 128).clip(0, 255).astype("u1"), 1, 8)
    add("WAV uint8 stereo", path, [], lambda p, o=offset: (np.fromfile(p, "u1", offset=o).astype(np.float32) - np.float32(128)) * np.float32(1 / 128))
    path, offset = write_iq_tar(os.path.join(DATA, "bench.iq.tar"), quantise(x, "<f4"), 2.0)
    add("IQ-TAR float32 x ScalingFactor", path, [], lambda p, o=offset: np.fromfile(p, "<f4", offset=o, count=2 * N) * np.float32(2.0))
    path, offset = write_tdms(os.path.join(DATA, "bench.tdms"), quantise(x, "<f4"))
    add("TDMS float32 (NI-RFmx layout)", path, [], lambda p, o=offset: np.fromfile(p, "<f4", offset=o))

    # TCAP: blocks of an 88-byte header and 32768 big-endian int16 I,Q samples, scaled by data_scale.
    path = os.path.join(DATA, "20260101_tcap.dat")
    blocks = N // 32768
    with open(path, "wb") as f:
        q16 = quantise(x, ">i2").reshape(blocks, 65536)
        for b in range(blocks):
            f.write(bytes(88) + q16[b].tobytes())
    with open(os.path.join(DATA, "20260101_tcap.hdr"), "w") as f:
        f.write("version 1\ncenter_freq 160000\nadc_range 1\ndata_scale 3e-6\nblock_count 1\nblock_size 1\n"
                "frame_size 131160\ndecimation 5\ntrigger_time 0\nsegment_blocks 1\n")
    add("TCAP int16_be blocks", path, [], lambda p: (np.fromfile(p, "u1").reshape(-1, 131160)[:, 88:].copy().view(">i2")
                                                     .astype(np.float32) * np.float32(3e-6)).ravel())

    # IQT: a text header, then frames of a 24-byte header and 1024 x (Q, I) int16.
    path = os.path.join(DATA, "bench.iqt")
    header = (f"FFTPoints=1024\nFrameLength=40.96u\nCenterFrequency=245M\nValidFrames={N // 1024}\n"
              "MaxInputLevel=0\nLevelOffset=0\nGainOffset=0\n").encode()
    length = str(len(header)).encode()
    frames = quantise(x, "<i2").reshape(N // 1024, 2048)
    with open(path, "wb") as f:
        f.write(str(len(length)).encode() + length + header)
        for frame in frames:
            swapped = np.empty_like(frame)
            swapped[0::2], swapped[1::2] = frame[1::2], frame[0::2]
            f.write(bytes(24) + swapped.tobytes())
    start = 1 + len(length) + len(header)
    scale = np.float32(np.sqrt(10 ** 0 / 20 * 2))

    def iqt(p, o=start):
        v = np.fromfile(p, "u1", offset=o).reshape(-1, 24 + 4096)[:, 24:].copy().view("<i2").reshape(-1, 2)
        out = np.empty((len(v), 2), np.float32)
        out[:, 0], out[:, 1] = v[:, 1], v[:, 0]
        return out.ravel() * scale
    add("IQT int16 Q,I frames", path, [], iqt)

    # XDAT: int16 I,Q body with an XML .xhdr.
    path = os.path.join(DATA, "bench.xdat")
    quantise(x, "<i2").tofile(path)
    with open(os.path.join(DATA, "bench.xhdr"), "w") as f:
        f.write(f'<h><recording center_frequency="1e9" sample_rate="1e6" acq_scale_factor="2e-5"/><data samples="{N}"/></h>')
    add("XDAT int16", path, [], lambda p: np.fromfile(p, "<i2").astype(np.float32) * np.float32(2e-5))
    return out


def cluster(path, options):
    out = subprocess.run(BENCH + ["iq-read", path, "--repeat", str(REPEAT)] + options, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def numpy_side(path, decode):
    decode(path)  # warm
    seconds = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        v = decode(path)
        seconds.append(time.perf_counter() - t0)
    assert v.dtype == np.float32 and v.size == 2 * N, (v.dtype, v.size)
    return statistics.median(seconds), float(v[0::2 * (1 << 20)].sum())


def main():
    rng = np.random.default_rng(3)
    rows = []
    for name, path, options, decode in cases(rng):
        ours, theirs = [], []
        for _ in range(ROUNDS):
            result = cluster(path, options)
            ours.append(result["msps"])
            seconds, checksum = numpy_side(path, decode)
            theirs.append(N / seconds / 1e6)
            assert abs(result["checksum"] - checksum) <= 1e-4 * max(1.0, abs(checksum)), (name, result["checksum"], checksum)
        rows.append({"format": name, "cluster_msps": statistics.median(ours), "numpy_msps": statistics.median(theirs),
                     "ratio": statistics.median(ours) / statistics.median(theirs), "cluster_format": result["format"]})
        print(f"{name}: {rows[-1]['cluster_msps']:.0f} vs {rows[-1]['numpy_msps']:.0f} Ms/s", file=sys.stderr)
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "iq_read.json"), "w") as f:
        json.dump({"samples": N, "rounds": ROUNDS, "repeat": REPEAT, "rows": rows}, f, indent=2)
    print("| format | Cluster (Ms/s) | numpy.fromfile + conversion (Ms/s) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['format']} | {r['cluster_msps']:.0f} | {r['numpy_msps']:.0f} | {r['ratio']:.2f} |")


if __name__ == "__main__":
    main()

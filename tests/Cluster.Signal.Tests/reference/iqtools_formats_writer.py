"""Independent writers for the iqtools formats with no redistributable real file (IQT, XDAT, TCAP, iqtools CSV),
written from the conventions in ../shared/fixtures/iq-formats/SOURCES.md (last section), with numpy. Each writes a
tone plus noise and prints what a reader must decode (iqtools' scaling).

usage: iqtools_formats_writer.py KIND DIR LFRAMES POWER_NPY -> JSON {path, count, first, argmax, fs, centre}
"""
import json
import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from iq_reference import summary  # noqa: E402

kind, directory, lframes, power_npy = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rng = np.random.default_rng(11)


def tone(n, fs, f):
    t = np.arange(n) / fs
    return 0.4 * np.exp(2j * np.pi * f * t) + 0.02 * (rng.standard_normal(n) + 1j * rng.standard_normal(n))


def ints(x, full=30000):
    return np.round(x.real * full).astype(np.int16), np.round(x.imag * full).astype(np.int16)


if kind == "iqt":
    points, frames = 1024, 6
    header = ("FFTPoints=1024\nFrameLength=40.96u\nCenterFrequency=245M\nSpan=20M\nValidFrames=6\n"
              "MaxInputLevel=-10\nLevelOffset=0\nGainOffset=3.5\nDateTime=2015/08/01 10:33:15 AM\n").encode()
    fs, centre = 1024 / 40.96e-6, 245e6
    i, q = ints(tone(points * frames, fs, 3.1e6))
    path = os.path.join(directory, "rsa.iqt")
    with open(path, "wb") as f:
        length = str(len(header)).encode()
        f.write(str(len(length)).encode() + length + header)
        for k in range(frames):
            f.write(struct.pack("<10hi", *([0] * 10), k))
            frame = np.empty(2 * points, "<i2")
            frame[0::2], frame[1::2] = q[k * points:(k + 1) * points], i[k * points:(k + 1) * points]
            f.write(frame.tobytes())
    scale = np.sqrt(10 ** ((3.5 - 10 + 0) / 10) / 20 * 2)
    x = (i.astype(np.float64) + 1j * q.astype(np.float64)) * scale
elif kind == "xdat":
    n, fs, centre, scale = 8192, 2e6, 1.2e9, 1.5e-5
    i, q = ints(tone(n, fs, -0.3e6))
    body = np.empty(2 * n, "<i2")
    body[0::2], body[1::2] = i, q
    path = os.path.join(directory, "xcom.xdat")
    body.tofile(path)
    with open(os.path.join(directory, "xcom.xhdr"), "w") as f:
        f.write(f'<?xml version="1.0"?><xcom_header><captures><capture><recording center_frequency="{centre}" '
                f'sample_rate="{fs}" acq_scale_factor="{scale}" acquisition_bandwidth="1.6e6" creation_time="2020-07-01T12:00:00"/>'
                f'<data samples="{n}"/></capture></captures></xcom_header>')
    x = (i.astype(np.float64) + 1j * q.astype(np.float64)) * scale
elif kind == "tcap":
    blocks, scale, decimation, centre = 2, 2.5e-6, 5, 1.6e5
    fs = 10e6 / 2 ** decimation
    per_block = 131072 // 4
    i, q = ints(tone(blocks * per_block, fs, 40e3))
    path = os.path.join(directory, "20141231_tcap.dat")
    with open(path, "wb") as f:
        for b in range(blocks):
            f.write(bytes(88))
            block = np.empty(2 * per_block, ">i2")
            block[0::2], block[1::2] = i[b * per_block:(b + 1) * per_block], q[b * per_block:(b + 1) * per_block]
            f.write(block.tobytes())
    with open(os.path.join(directory, "20141231_tcap.hdr"), "w") as f:
        f.write(f"version 1.0\ncenter_freq {centre}\nadc_range 1.0\ndata_scale {scale}\nblock_count {blocks}\n"
                f"block_size 131160\nframe_size 131160\ndecimation {decimation}\ntrigger_time 0\nsegment_blocks {blocks}\n")
    x = (i.astype(np.float64) + 1j * q.astype(np.float64)) * scale
elif kind == "r3f":
    # RSA306 IF stream: header block (centre f64 at 1032, fs f64 at 2084), then blocks of 8178 int16 + 28-byte footer.
    blocks, fs, centre = 3, 112e6, 28e6
    n = blocks * 8178
    t = np.arange(n) / fs
    adc = np.round(8000 * np.cos(2 * np.pi * 30.1e6 * t) + 40 * rng.standard_normal(n)).astype("<i2")
    header = bytearray(16384)
    header[1024:1032] = struct.pack("<d", -10.0)
    header[1032:1040] = struct.pack("<d", centre)
    header[2084:2092] = struct.pack("<d", fs)
    header[2092:2100] = struct.pack("<d", 40e6)
    path = os.path.join(directory, "rsa306.r3f")
    with open(path, "wb") as f:
        f.write(bytes(header))
        for b in range(blocks):
            f.write(adc[b * 8178:(b + 1) * 8178].tobytes() + bytes(28))
    # iqtools mixes the real ADC values with an LO at the centre over numpy's linspace time axis.
    axis = np.linspace(0, n / fs, n)
    x = adc.astype(np.float64) * np.sin(2 * np.pi * centre * axis) + 1j * adc.astype(np.float64) * np.cos(2 * np.pi * centre * axis)
elif kind == "tdms-iqtools":
    # iqtools' TDMS layout (GSI/NI PXI recorder) in NI's segment format: segment 1 (new object list) holds two chunks
    # of raw data; segment 2 keeps the object list and reuses the raw data indexes (index length 0).
    fs, centre, gain, per_chunk = 2e6, 245e6, 3.0517578125e-05 * 2, 1024
    n = 3 * per_chunk
    i, q = ints(tone(n, fs, 0.2e6))

    def string(text):
        b = text.encode()
        return struct.pack("<I", len(b)) + b

    def prop(name, kind_code, value):
        return string(name) + struct.pack("<I", kind_code) + value

    def index(type_code, count):
        return struct.pack("<IIIQ", 20, type_code, 1, count)

    none = struct.pack("<I", 0xFFFFFFFF)
    meta1 = struct.pack("<I", 6)
    meta1 += string("/") + none + struct.pack("<I", 3) + prop("IQRate", 10, struct.pack("<d", fs)) \
        + prop("IQCarrierFrequency", 10, struct.pack("<d", centre)) + prop("RFAttentuation", 10, struct.pack("<d", 10.0))
    meta1 += string("/'RecordHeader'") + none + struct.pack("<I", 0)
    meta1 += string("/'RecordHeader'/'gain'") + index(10, 1) + struct.pack("<I", 0)
    meta1 += string("/'RecordData'") + none + struct.pack("<I", 0)
    meta1 += string("/'RecordData'/'I'") + index(2, per_chunk) + struct.pack("<I", 0)
    meta1 += string("/'RecordData'/'Q'") + index(2, per_chunk) + struct.pack("<I", 0)
    meta2 = struct.pack("<I", 2) + string("/'RecordData'/'I'") + struct.pack("<II", 0, 0) + string("/'RecordData'/'Q'") + struct.pack("<II", 0, 0)

    def chunk(c):
        return struct.pack("<d", gain) + i[c * per_chunk:(c + 1) * per_chunk].astype("<i2").tobytes() \
            + q[c * per_chunk:(c + 1) * per_chunk].astype("<i2").tobytes()

    raw1 = chunk(0) + chunk(1)
    raw2 = chunk(2)
    path = os.path.join(directory, "schottky.tdms")
    with open(path, "wb") as f:
        f.write(b"TDSm" + struct.pack("<IIQQ", 0b1110, 4713, len(meta1) + len(raw1), len(meta1)) + meta1 + raw1)
        f.write(b"TDSm" + struct.pack("<IIQQ", 0b1010, 4713, len(meta2) + len(raw2), len(meta2)) + meta2 + raw2)
    x = (i.astype(np.float64) + 1j * q.astype(np.float64)) * gain
elif kind == "csv":
    n, fs, centre = 1500, 50e3, 7e6
    x = tone(n, fs, 11e3).astype(np.complex64)
    path = os.path.join(directory, "iqtools.csv")
    with open(path, "w") as f:
        f.write(f"{fs}|{centre}\n")
        for v in x:
            f.write(f"{float(v.real)!r}|{float(v.imag)!r}\n")
else:
    raise SystemExit(f"unknown kind {kind}")

result = summary(x, lframes, power_npy)
result.update(path=path, fs=fs, centre=centre)
print(json.dumps(result))

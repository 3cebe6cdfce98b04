"""Independent numpy decoding of IQ files, written from each format's published description (not from the project's
readers), and the strongest bin of every frame of an unwindowed, fftshifted FFT of the decoded samples.

usage: iq_reference.py KIND PATH LFRAMES POWER_NPY -> JSON {count, first: [[re, im] x 8], argmax: [...]}; the power
spectrogram (frames x LFRAMES, float32) goes to POWER_NPY.
"""
import json
import struct
import sys
import tarfile

import numpy as np


def iq_tar(path):
    with tarfile.open(path) as tar:
        names = tar.getnames()
        xml_name = next(n for n in names if n.endswith(".xml"))
        xml = tar.extractfile(xml_name).read().decode("utf-8")
        data_name = next(n for n in names if not n.endswith((".xml", ".xslt")))
        raw = np.frombuffer(tar.extractfile(data_name).read(), dtype="<f4")
    import xml.etree.ElementTree as ET
    root = ET.fromstring(xml)
    scale = float(root.findtext("ScalingFactor") or 1)
    return (raw[0::2] + 1j * raw[1::2]) * scale


def tdms_rfmx(path):
    b = open(path, "rb").read()
    assert b[:4] == b"TDSm"
    next_offset, raw_offset = struct.unpack("<QQ", b[12:28])
    raw = np.frombuffer(b[28 + raw_offset:28 + next_offset], dtype="<f4")
    return raw[0::2] + 1j * raw[1::2]


def wav(path):
    b = open(path, "rb").read()
    assert b[:4] == b"RIFF" and b[8:12] == b"WAVE"
    pos, fmt, data = 12, None, None
    while pos + 8 <= len(b):
        cid, size = b[pos:pos + 4], struct.unpack("<I", b[pos + 4:pos + 8])[0]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", b[pos + 8:pos + 24])
        elif cid == b"data":
            data = b[pos + 8:pos + 8 + size]
        pos += 8 + size + (size & 1)
    tag, channels, rate, _, _, bits = fmt
    assert channels == 2
    if tag == 3:
        v = np.frombuffer(data, dtype="<f4" if bits == 32 else "<f8").astype(np.float64)
    elif bits == 8:
        v = (np.frombuffer(data, dtype=np.uint8).astype(np.float64) - 128) / 128
    elif bits == 16:
        v = np.frombuffer(data, dtype="<i2").astype(np.float64) / 32768
    else:
        raise SystemExit(f"unhandled wav {tag} {bits}")
    return v[0::2] + 1j * v[1::2]


def cu8(path):
    v = (np.fromfile(path, dtype=np.uint8).astype(np.float64) - 127.5) / 127.5
    return v[0::2] + 1j * v[1::2]


def cs16(path):
    v = np.fromfile(path, dtype="<i2").astype(np.float64) / 32768
    return v[0::2] + 1j * v[1::2]


KINDS = {"iqtar": iq_tar, "tdms-rfmx": tdms_rfmx, "wav": wav, "cu8": cu8, "cs16": cs16}


def summary(x, lframes, power_npy):
    x = np.asarray(x, dtype=np.complex64)
    frames = len(x) // lframes
    spectra = np.abs(np.fft.fftshift(np.fft.fft(x[:frames * lframes].reshape(frames, lframes), axis=1), axes=1)) ** 2
    result = {
        "count": int(len(x)),
        "first": [[float(v.real), float(v.imag)] for v in x[:8]],
        "argmax": [int(k) for k in spectra.argmax(axis=1)],
    }
    np.save(power_npy, spectra.astype(np.float32))
    return result


if __name__ == "__main__":
    kind, path, lframes, power_npy = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    print(json.dumps(summary(KINDS[kind](path), lframes, power_npy)))

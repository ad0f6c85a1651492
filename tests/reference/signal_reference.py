#!/usr/bin/python3
"""Reference values for Lamae.Signal, computed with SciPy (an independent implementation).

Run once, from anywhere, with the system Python that has SciPy (Debian: apt-get install -y python3-scipy python3-numpy):

    /usr/bin/python3 tests/reference/signal_reference.py

It writes tests/Lamae.Tests/Signal/Reference/signal_reference.json, which is committed and embedded in the test
assembly; the tests never run Python. Everything here is deterministic (fixed formulas and a seeded generator),
so re-running it with the same SciPy gives the same file.

Contents:
  inputs     named test signals (the values themselves, so the C# side needs no generator of its own)
  butter     scipy.signal.butter(order, Wn, btype, fs=fs, output='sos') for several orders, bands and rates,
             and scipy.signal.sosfiltfilt(sos, x) of one input with each design (default padding)
  resample   scipy.signal.resample_poly(x, up, down) for the rate pairs Lamae must handle
"""
import json
import pathlib

import numpy as np
import scipy
import scipy.signal as signal

OUT = pathlib.Path(__file__).resolve().parent.parent / "Lamae.Tests" / "Signal" / "Reference" / "signal_reference.json"


def ecg_like(n, fs, seed):
    """Sines inside and outside the ECG band, a 0.2 Hz baseline wander, a DC offset, a step, seeded noise (mV)."""
    t = np.arange(n) / fs
    rng = np.random.default_rng(seed)
    x = (1.5                                        # DC offset
         + 0.6 * np.sin(2 * np.pi * 0.2 * t)        # baseline wander
         + 1.0 * np.sin(2 * np.pi * 1.3 * t + 0.3)  # heart-rate fundamental
         + 0.4 * np.sin(2 * np.pi * 7.0 * t + 1.1)
         + 0.2 * np.sin(2 * np.pi * 17.0 * t + 2.0)
         + 0.1 * np.sin(2 * np.pi * 60.0 * t)       # mains
         + 0.8 * (np.arange(n) >= n // 2)           # a step, as from a lead-off or electrode shift
         + 0.05 * rng.standard_normal(n))
    return x


def main():
    inputs = {
        "long": ecg_like(1000, 500.0, seed=1),
        "short": ecg_like(40, 100.0, seed=2),  # just above the padding of an order-4 band-pass (27)
        "tiny": ecg_like(7, 100.0, seed=3),    # shorter than the resampling filters
    }

    # (order, btype, Wn, fs, input)
    designs = [
        (4, "bandpass", [0.5, 40.0], 100.0, "long"),
        (4, "bandpass", [0.5, 40.0], 100.0, "short"),
        (4, "bandpass", [0.5, 100.0], 250.0, "long"),
        (4, "bandpass", [0.5, 100.0], 500.0, "long"),
        (3, "bandpass", [0.5, 40.0], 257.0, "long"),
        (2, "bandpass", [1.0, 45.0], 360.0, "long"),
        (1, "bandpass", [0.5, 40.0], 500.0, "long"),
        (5, "bandpass", [0.67, 150.0], 1000.0, "long"),
        (8, "bandpass", [0.5, 40.0], 500.0, "long"),
        (4, "lowpass", 40.0, 500.0, "long"),
        (5, "lowpass", 30.0, 360.0, "long"),
        (1, "lowpass", 25.0, 100.0, "long"),
        (2, "highpass", 0.5, 100.0, "long"),
        (3, "highpass", 0.5, 257.0, "long"),
        (1, "highpass", 0.67, 500.0, "long"),
    ]
    butter = []
    for order, btype, wn, fs, name in designs:
        sos = signal.butter(order, wn, btype=btype, fs=fs, output="sos")
        y = signal.sosfiltfilt(sos, inputs[name])
        butter.append({
            "order": order, "btype": btype, "wn": wn if isinstance(wn, list) else [wn], "fs": fs,
            "sos": sos.ravel().tolist(), "input": name, "filtfilt": y.tolist(),
        })

    # (from Hz, to Hz, input): resample_poly(x, up=to, down=from) reduces the pair by its gcd itself.
    pairs = [
        (500, 100, "long"), (500, 250, "long"), (1000, 500, "long"), (360, 100, "long"),
        (257, 100, "long"), (100, 500, "long"), (257, 100, "tiny"), (100, 500, "tiny"), (100, 257, "short"),
    ]
    resample = []
    for src, dst, name in pairs:
        y = signal.resample_poly(inputs[name], dst, src)
        resample.append({"from": src, "to": dst, "input": name, "output": y.tolist()})

    document = {
        "made_by": f"tests/reference/signal_reference.py with SciPy {scipy.__version__}, NumPy {np.__version__}",
        "inputs": {k: v.tolist() for k, v in inputs.items()},
        "butter": butter,
        "resample": resample,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

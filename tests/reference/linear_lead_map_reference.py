#!/usr/bin/python3
"""Reference values for Lamae.Reconstruction's linear lead map, computed with NumPy's least squares (an independent
implementation: SVD-based numpy.linalg.lstsq on the stacked samples, where Lamae sums normal equations and uses Cholesky).

Run once, from anywhere, with the system Python that has NumPy (Debian 12: apt-get install -y python3-numpy):

    /usr/bin/python3 tests/reference/linear_lead_map_reference.py

It writes tests/Lamae.Tests/Reconstruction/Reference/linear_lead_map_reference.json, which is committed and embedded in
the test assembly; the tests never run Python. Everything is deterministic (a seeded generator), so re-running it with
the same NumPy gives the same file.

The fixture: 6 training ECGs and 1 held-out ECG of 12 leads x 40 samples, each lead a mix of three shared sources
(as the leads of a real ECG are views of one heart vector) plus lead-specific noise, rounded to float32 so the C# side
reads exactly the same values. Training ECG 3 lacks V1 (zeros, present false) and ECG 4 lacks II, so the map must use,
for each missing lead j, only the ECGs that have every kept lead and lead j.

Contents: train (signals [6][12][40], present [6][12]), held (signals [12][40]), and per kept set: kept, training_records
(ECGs with every kept lead), targets (per missing lead: lead, weights per kept lead, intercept, records, samples) and
predictions ([12][40]: the held-out ECG with the missing leads predicted, kept leads copied).
"""
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "Lamae.Tests" / "Reconstruction" / "Reference" / "linear_lead_map_reference.json"
LEADS = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]
SETS = [["I", "II", "V2"], ["I"], ["II", "V5"]]
T = 40


def ecg(rng, mixing):
    sources = np.stack([np.sin(np.linspace(0, 2 * np.pi * f, T) + rng.uniform(0, 2 * np.pi)) for f in (1.0, 2.5, 4.0)])
    signals = mixing @ sources + 0.3 * rng.standard_normal((12, T))
    return signals.astype(np.float32)


def main():
    rng = np.random.default_rng(2026)
    mixing = rng.standard_normal((12, 3))
    train = np.stack([ecg(rng, mixing) for _ in range(6)])
    present = np.ones((6, 12), dtype=bool)
    present[3, LEADS.index("V1")] = False
    present[4, LEADS.index("II")] = False
    train[~present] = 0.0
    held = ecg(rng, mixing)

    sets = []
    for kept in SETS:
        ki = [LEADS.index(name) for name in kept]
        with_kept = present[:, ki].all(axis=1)
        prediction = held.astype(np.float64).copy()
        targets = []
        for j, name in enumerate(LEADS):
            if name in kept:
                continue
            use = with_kept & present[:, j]
            x = np.concatenate([np.concatenate([train[b, ki, :].T.astype(np.float64), np.ones((T, 1))], axis=1) for b in np.flatnonzero(use)])
            y = np.concatenate([train[b, j, :].astype(np.float64) for b in np.flatnonzero(use)])
            beta, *_ = np.linalg.lstsq(x, y, rcond=None)
            targets.append({"lead": name, "weights": beta[:-1].tolist(), "intercept": float(beta[-1]), "records": int(use.sum()), "samples": int(use.sum()) * T})
            prediction[j] = held[ki, :].T.astype(np.float64) @ beta[:-1] + beta[-1]
        sets.append({"kept": kept, "training_records": int(with_kept.sum()), "targets": targets, "predictions": prediction.astype(np.float32).tolist()})

    document = {
        "numpy": np.__version__,
        "samples": T,
        "train": {"signals": train.tolist(), "present": present.tolist()},
        "held": held.tolist(),
        "sets": sets,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Reference values for Lamae.Evaluation, computed with scikit-learn and NumPy (an independent implementation).

Run once, from anywhere, with the system Python that has scikit-learn (Debian 12: apt-get install -y python3-sklearn):

    /usr/bin/python3 tests/reference/evaluation_reference.py

It writes tests/Lamae.Tests/Evaluation/Reference/evaluation_reference.json, which is committed and embedded in the test
assembly; the tests never run Python. Everything here is deterministic (fixed values, numpy's seeded generator only to
make the inputs, which are stored), so re-running it with the same libraries gives the same file.

The bootstrap here is written from the definitions in src/Lamae/Evaluation/ (BootstrapRandom, PatientBootstrap,
BootstrapStatistics), not from the C# code's structure: it materialises every resample as a list of records and hands
it to scikit-learn, where Lamae sweeps weighted counts.

  generator    SplitMix64: s0 = seed as a 64-bit two's-complement integer, gamma = 0x9E3779B97F4A7C15; output k
               (k = 1, 2, ...) is mix(s0 + k gamma mod 2^64); an output x gives the index ((x >> 32) * n) >> 32 in [0, n).
  resamples    P patients, indexed in the order they first appear in the record list; resample b (from 0) draws P
               patient indices with outputs b P + 1 ... b P + P; its records are each drawn patient's records in
               ascending order, patient after patient.
  metrics      sklearn.metrics.roc_auc_score and average_precision_score on the resampled records; a resample where
               a code (for a macro: any code that has both classes on the full set) has a single class is skipped.
  interval     numpy.percentile(kept replicates, [2.5, 97.5]) (default method 'linear').
  p-value      of the paired differences d = A - B over kept resamples: min(1, 2 min(mean(d <= t), mean(d >= -t))),
               t = 1e-12 (rounding-level differences count as ties on both sides).

Contents:
  generator    the first outputs of SplitMix64 for a few seeds (as decimal strings: JSON numbers lose 64-bit integers)
               and index draws
  metrics      AUROC and average precision of named cases: ties, all-equal scores, one positive, one negative,
               signed zeros, scores an ulp apart, random cases of several sizes, scores with many exact ties
  bootstrap    a grouped problem (60 records of 25 patients, 4 codes of which one has no positive, 2 models,
               200 resamples): the drawn patients, every per-resample value, the intervals, differences and p-values,
               per code and for the macro averages
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, roc_auc_score

OUT = pathlib.Path(__file__).resolve().parent.parent / "Lamae.Tests" / "Evaluation" / "Reference" / "evaluation_reference.json"

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
TIE_TOLERANCE = 1e-12
METRICS = {"auroc": roc_auc_score, "average_precision": average_precision_score}


class SplitMix64:
    """Steele, Lea and Flood (2014), drawn sequentially (Lamae jumps to output k directly; the two must agree)."""

    def __init__(self, seed):
        self.state = seed & MASK  # a negative seed as its 64-bit two's complement

    def next(self):
        self.state = (self.state + GAMMA) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next_index(self, n):
        return ((self.next() >> 32) * n) >> 32


def generator_cases():
    cases = []
    for seed in [0, 1, 42, -7, 2147483647, -2147483648]:
        g = SplitMix64(seed)
        outputs = [str(g.next()) for _ in range(6)]
        g = SplitMix64(seed)
        indices = [g.next_index(25) for _ in range(40)]
        cases.append({"seed": seed, "outputs": outputs, "n": 25, "indices": indices})
    return cases


def metric_cases():
    rng = np.random.default_rng(16)
    named = [
        ("ties_across_classes", [0.9, 0.8, 0.8, 0.8, 0.7, 0.6, 0.6, 0.5, 0.4, 0.4], [1, 1, 0, 1, 0, 1, 0, 0, 1, 0]),
        ("all_equal", [0.3] * 8, [1, 0, 0, 1, 0, 1, 0, 0]),
        ("all_equal_one_positive", [-2.0] * 5, [0, 0, 1, 0, 0]),
        ("one_positive", rng.random(12).tolist(), [0] * 7 + [1] + [0] * 4),
        ("one_negative", rng.random(12).tolist(), [1] * 3 + [0] + [1] * 8),
        ("one_of_each", [0.2, 0.7], [1, 0]),
        ("signed_zeros", [-0.0, 0.0, 0.1, 0.0, -0.0, 0.2, -0.1], [1, 0, 1, 0, 0, 1, 1]),
        ("perfect", [0.1, 0.2, 0.3, 0.8, 0.9], [0, 0, 0, 1, 1]),
        ("inverted", [0.1, 0.2, 0.3, 0.8, 0.9], [1, 1, 1, 0, 0]),
        # Probabilities an ulp apart are different scores, not ties.
        ("ulps_apart", [1.0 - k * 2.0 ** -53 for k in range(10)], [1, 0, 1, 1, 0, 0, 1, 0, 0, 0]),
        ("huge_and_tiny", [1e300, -1e300, 1e-300, -1e-300, 5e-324, 0.0, 1e300], [1, 0, 1, 0, 1, 0, 0]),
    ]
    for n, prevalence in [(3, 0.5), (5, 0.4), (17, 0.3), (100, 0.1), (1000, 0.25), (3000, 0.05)]:
        y = (rng.random(n) < prevalence).astype(int)
        y[0], y[1] = 1, 0  # both classes present
        s = rng.standard_normal(n) + 0.8 * y
        named.append((f"random_{n}", s.tolist(), y.tolist()))
    for n, decimals, prevalence in [(500, 1, 0.3), (2000, 2, 0.02)]:
        y = (rng.random(n) < prevalence).astype(int)
        y[0], y[1] = 1, 0
        s = np.round(1 / (1 + np.exp(-(rng.standard_normal(n) + 1.2 * y - 1))), decimals)
        named.append((f"rounded_{decimals}_decimals_{n}", s.tolist(), y.tolist()))
    y = (rng.random(300) < 0.4).astype(int)
    y[0], y[1] = 1, 0
    named.append(("three_levels_300", rng.integers(0, 3, 300).astype(float).tolist(), y.tolist()))

    cases = []
    for name, s, y in named:
        cases.append({
            "name": name, "scores": [float(v) for v in s], "labels": [int(v) for v in y],
            "auroc": float(roc_auc_score(y, s)), "average_precision": float(average_precision_score(y, s)),
        })
    return cases


def grouped_problem():
    """60 records of 25 patients in interleaved order; 4 codes (one rare, one with no positive); models A and B."""
    rng = np.random.default_rng(2026)
    patients = [f"P{p:02d}" for p in range(25)]
    owner = np.concatenate([np.arange(25), rng.integers(0, 25, 35)])
    owner = owner[rng.permutation(60)]
    patient_ids = [patients[p] for p in owner]
    # Labels mostly follow the patient (a patient's records share a diagnosis), as in real test sets.
    risk = rng.random(25)
    labels = {
        "common": ((risk[owner] + 0.3 * rng.random(60)) > 0.75).astype(int),
        "moderate": ((risk[owner] * rng.random(60)) > 0.45).astype(int),
        "rare": np.isin(owner, [3, 17]).astype(int),  # two patients: many resamples lose every positive
        "absent": np.zeros(60, dtype=int),
    }
    scores_a, scores_b = {}, {}
    for code, y in labels.items():
        noise = rng.standard_normal(60)
        scores_a[code] = np.round(1.5 * y + noise, 2)                         # ties from rounding
        scores_b[code] = np.round(0.6 * y + noise + 0.8 * rng.standard_normal(60), 1)  # many ties
    return patient_ids, labels, scores_a, scores_b


def resample_records(patient_ids, resamples, seed):
    order = list(dict.fromkeys(patient_ids))  # first-seen order
    index = {p: i for i, p in enumerate(order)}
    records_of = [[] for _ in order]
    for r, p in enumerate(patient_ids):
        records_of[index[p]].append(r)
    g = SplitMix64(seed)
    drawn = [[g.next_index(len(order)) for _ in order] for _ in range(resamples)]
    records = [np.array([r for p in d for r in records_of[p]]) for d in drawn]
    return drawn, records


def macro(metric, codes, labels, scores, idx):
    """The mean over codes of the metric on records idx; None if any code has a single class there."""
    values = []
    for code in codes:
        y = labels[code][idx]
        if y.min() == y.max():
            return None
        values.append(METRICS[metric](y, scores[code][idx]))
    return float(np.mean(values))


def interval(values):
    lower, upper = np.percentile(np.array(values), [2.5, 97.5])
    return [float(lower), float(upper)]


def p_value(differences):
    d = np.array(differences)
    return float(min(1.0, 2 * min(np.mean(d <= TIE_TOLERANCE), np.mean(d >= -TIE_TOLERANCE))))


def bootstrap_case():
    patient_ids, labels, scores_a, scores_b = grouped_problem()
    seed, resamples = 20261216, 200
    drawn, records = resample_records(patient_ids, resamples, seed)
    everything = np.arange(len(patient_ids))
    evaluable = [c for c, y in labels.items() if 0 < y.sum() < len(y)]

    targets = [(c, [c]) for c in evaluable] + [("macro", evaluable)]
    results = []
    near_ties = 0
    for metric in METRICS:
        for name, codes in targets:
            a = [macro(metric, codes, labels, scores_a, idx) for idx in records]
            b = [macro(metric, codes, labels, scores_b, idx) for idx in records]
            assert all((x is None) == (y is None) for x, y in zip(a, b)), "labels alone decide a skip"
            kept_a = [x for x in a if x is not None]
            kept_b = [y for y in b if y is not None]
            differences = [x - y for x, y in zip(a, b) if x is not None]
            # A rounding-level difference must be a true tie, never a real difference near the tolerance.
            assert not any(TIE_TOLERANCE < abs(d) < 1e-9 for d in differences)
            near_ties += sum(abs(d) <= TIE_TOLERANCE for d in differences)
            point_a = macro(metric, codes, labels, scores_a, everything)
            point_b = macro(metric, codes, labels, scores_b, everything)
            results.append({
                "metric": metric, "target": name, "codes": codes,
                "value_a": point_a, "value_b": point_b, "difference": point_a - point_b,
                "replicates_a": a, "replicates_b": b, "skipped": resamples - len(kept_a),
                "interval_a": interval(kept_a), "interval_b": interval(kept_b),
                "difference_interval": interval(differences), "p_value": p_value(differences),
            })
    print(f"bootstrap: {len(results)} targets, skipped per target {[r['skipped'] for r in results]}, {near_ties} exact ties")
    return {
        "seed": seed, "resamples": resamples, "patient_ids": patient_ids,
        "codes": list(labels), "labels": {c: y.tolist() for c, y in labels.items()},
        "scores_a": {c: s.tolist() for c, s in scores_a.items()}, "scores_b": {c: s.tolist() for c, s in scores_b.items()},
        "drawn_patients": drawn, "results": results,
    }


def main():
    document = {
        "made_by": f"tests/reference/evaluation_reference.py with scikit-learn {sklearn.__version__}, NumPy {np.__version__}",
        "tie_tolerance": TIE_TOLERANCE,
        "generator": generator_cases(),
        "metrics": metric_cases(),
        "bootstrap": bootstrap_case(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

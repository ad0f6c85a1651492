#!/usr/bin/python3
"""Reference values for the SPH layout of Lamae's hdf5 dataset kind, decoded with h5py (libhdf5), not PureHDF.

Run once, from anywhere, with the system Python that has h5py (Debian 12: apt-get install -y python3-h5py):

    /usr/bin/python3 tests/reference/sph_reference.py [SPH_FOLDER]

SPH_FOLDER defaults to ../shared/data/ecg/sph beside the repository (the ten SPH files of the shared corpus). It
writes tests/Lamae.Tests/Io/Datasets/Reference/sph_reference.json, which is committed and embedded in the test
assembly; the tests never run Python. Nothing here is random, so re-running it gives the same file.

Per file (SPHxxxxx.h5, dataset 'ecg', 12 x N, leads I, II, III, aVR, aVL, aVF, V1-V6 in mV at 500 Hz):
  dtype, shape, chunks, compression   how the dataset is stored
  samples        ecg[lead, t] as float32 for every lead at t in SAMPLE_INDICES (and the last sample)
  min, max, mean per lead, from float64 copies of the stored values
  einthoven      max and RMS over t of |III - (II - I)| (Einthoven's law), and of |aVR + aVL + aVF| (Goldberger's)
  lead_ii_range  max - min of lead II (mV): a plausibility check of the unit
"""
import hashlib
import json
import pathlib
import sys

import h5py
import numpy as np

SAMPLE_INDICES = [0, 1, 2, 1000, 2500, 4999]
LEADS = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]

repo = pathlib.Path(__file__).resolve().parents[2]
folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else repo.parent / "shared" / "data" / "ecg" / "sph"
out = repo / "tests" / "Lamae.Tests" / "Io" / "Datasets" / "Reference" / "sph_reference.json"

files = {}
for path in sorted(folder.glob("*.h5")):
    with h5py.File(path, "r") as f:
        ds = f["ecg"]
        ecg = ds[()]
        x = ecg.astype(np.float64)
        n = ecg.shape[1]
        idx = SAMPLE_INDICES + [n - 1]
        einthoven = x[2] - (x[1] - x[0])
        goldberger = x[3] + x[4] + x[5]
        files[path.name] = {
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "dtype": str(ds.dtype),
            "shape": list(ds.shape),
            "chunks": list(ds.chunks) if ds.chunks else None,
            "compression": ds.compression,
            "sample_indices": idx,
            "samples": {LEADS[l]: [float(np.float32(ecg[l, t])) for t in idx] for l in range(12)},
            "min": {LEADS[l]: float(x[l].min()) for l in range(12)},
            "max": {LEADS[l]: float(x[l].max()) for l in range(12)},
            "mean": {LEADS[l]: float(x[l].mean()) for l in range(12)},
            "einthoven_max_abs": float(np.abs(einthoven).max()),
            "einthoven_rms": float(np.sqrt((einthoven ** 2).mean())),
            "goldberger_max_abs": float(np.abs(goldberger).max()),
            "goldberger_rms": float(np.sqrt((goldberger ** 2).mean())),
            "lead_ii_range": float(x[1].max() - x[1].min()),
        }

doc = {
    "source": "h5py " + h5py.__version__ + " (libhdf5 " + h5py.version.hdf5_version + "), numpy " + np.__version__,
    "files": files,
}
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text(json.dumps(doc, indent=1) + "\n")
print(f"wrote {out}: {len(files)} files")
for name, v in files.items():
    print(f"{name} {v['dtype']} {v['shape']} {v['compression']} II range {v['lead_ii_range']:.3f} mV, "
          f"Einthoven max {v['einthoven_max_abs']:.4f} rms {v['einthoven_rms']:.5f}, Goldberger max {v['goldberger_max_abs']:.4f}")

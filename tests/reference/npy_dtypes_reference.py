#!/usr/bin/python3
"""Reference .npy files for Lamae.Io.Npy.NpyArray, written by NumPy itself (an independent implementation).

Run once with the system Python that has NumPy (Debian: apt-get install -y python3-numpy):

    /usr/bin/python3 tests/reference/npy_dtypes_reference.py

It writes tests/Lamae.Tests/Io/Npy/Reference/*.npy, committed: a [5, 3] array whose value at (i, j) is
(3 i + j) * 0.5 - 3 (float types) or (3 i + j) * 100 - 700 (int16), saved as float16, float32, float64 and int16 in
C order, and the same values as big-endian float32 and int16, Fortran-ordered float64, and a format version 2.0
float16 file. NpyArrayTests checks that Lamae reads these values back. The tests never run Python.
"""
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "Lamae.Tests" / "Io" / "Npy" / "Reference"
OUT.mkdir(parents=True, exist_ok=True)

k = np.arange(15, dtype=np.float64).reshape(5, 3)
floats = k * 0.5 - 3
ints = k * 100 - 700

files = {
    "f2_c.npy": floats.astype("<f2"),
    "f4_c.npy": floats.astype("<f4"),
    "f8_c.npy": floats.astype("<f8"),
    "i2_c.npy": ints.astype("<i2"),
    "f4_big.npy": floats.astype(">f4"),
    "i2_big.npy": ints.astype(">i2"),
    "f8_fortran.npy": np.asfortranarray(floats.astype("<f8")),
}
for name, a in files.items():
    np.save(OUT / name, a)

with open(OUT / "f2_v2.npy", "wb") as f:
    np.lib.format.write_array(f, floats.astype("<f2"), version=(2, 0))

for p in sorted(OUT.glob("*.npy")):
    b = np.load(p)
    print(p.name, b.dtype.str, b.shape, np.isfortran(b), p.stat().st_size)
print(f"numpy {np.__version__}")

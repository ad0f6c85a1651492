#!/usr/bin/python3
"""Reference .npy files for Lamae.Evaluation.NpyFile, written by NumPy itself (an independent implementation).

Run once with the system Python that has NumPy (Debian: apt-get install -y python3-numpy):

    /usr/bin/python3 tests/reference/npy_reference.py

It writes tests/Lamae.Tests/Evaluation/Reference/numpy_float32_3x5.npy: numpy.save of a float32 [3, 5] array whose
value at (i, j) is i * 10 + j + 0.25 (and -1.5 at (2, 4)), committed; NpyFileTests checks that Lamae writes the same
bytes and reads these values. The tests never run Python.
"""
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "Lamae.Tests" / "Evaluation" / "Reference" / "numpy_float32_3x5.npy"

a = np.array([[i * 10 + j + 0.25 for j in range(5)] for i in range(3)], dtype=np.float32)
a[2, 4] = -1.5
np.save(OUT, a)
print(f"wrote {OUT} with numpy {np.__version__}")

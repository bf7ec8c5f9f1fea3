#!/usr/bin/env python3
"""A JetNet/energyflow-style HDF5 file of N jets padded to M particles with F = 4 features (pt, eta, phi, E as float32,
contiguous), multiplicities uniform in 1..M, plus a label: the input of bench/jagged/run.sh. Needs numpy and h5py.
Usage: make_padded.py FILE N M"""
import sys
import numpy as np
import h5py

path, n, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(1)
counts = rng.integers(1, m + 1, n)
with h5py.File(path, "w") as f:
    d = f.create_dataset("particles", (n, m, 4), dtype=np.float32)
    d.attrs["features"] = np.array([b"pt", b"eta", b"phi", b"e"])
    step = 50_000
    for a in range(0, n, step):
        b = min(n, a + step)
        block = rng.uniform(0.5, 100.0, (b - a, m, 4)).astype(np.float32)
        block[np.arange(m)[None, :] >= counts[a:b, None]] = 0.0  # zero padding
        d[a:b] = block
    f.create_dataset("label", data=(rng.random(n) < 0.5).astype(np.int64))
print(int(counts.sum()))

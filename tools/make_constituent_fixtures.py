#!/usr/bin/env python3
"""Small HDF5 files in the layouts public jet datasets use, for hepml's constituent-loading tests.

Needs pandas with PyTables (tables) and h5py; they are not part of hepml's own venv:
    python3 -m venv /tmp/h5 && /tmp/h5/bin/pip install pandas tables h5py
    /tmp/h5/bin/python tools/make_constituent_fixtures.py engine/src/test/resources/org/hepml/engine/events/io/constituents

Writes, with a fixed seed:
  landscape.h5  the top-tagging landscape layout (Kasieczka et al., arXiv:1902.09914): a pandas DataFrame under the key
                'table' with columns E_i, PX_i, PY_i, PZ_i for i < 200 (interleaved per constituent, pT-ordered, zero
                padded), truthE, truthPX, truthPY, truthPZ, ttv and is_signal_new; written in PyTables 'table' format
  landscape_fixed.h5  the same frame in pandas' 'fixed' format
  jetnet.h5     the JetNet/energyflow padded layout: 'particle_features' [N, 30, 4] (etarel, phirel, ptrel, mask) with
                the feature names in an attribute, 'mask' [N, 30], 'jet_features' [N, 4] and 'label' [N]
  constituents.csv  the true constituents of both, one row per constituent: file, jet, k, then the features
"""
import sys
import numpy as np
import pandas as pd
import h5py

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = np.random.default_rng(18)
rows = []

# --- landscape: 7 jets with 0..200 constituents (one empty, one full) ---
n_jets, m = 7, 200
counts = [3, 0, 200, 1, 57, 12, 199]
cols = {}
data = np.zeros((n_jets, 4 * m), dtype=np.float32)
for j, c in enumerate(counts):
    pt = np.sort(rng.exponential(20.0, c))[::-1] + 0.5
    eta = rng.normal(0, 0.3, c)
    phi = rng.normal(0, 0.3, c)
    px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    e = np.sqrt(px ** 2 + py ** 2 + pz ** 2)
    four = np.stack([e, px, py, pz], axis=1).astype(np.float32)
    data[j, :4 * c] = four.reshape(-1)
    for k in range(c):
        rows.append(("landscape", j, k, *[float(v) for v in four[k]]))
names = [f"{v}_{i}" for i in range(m) for v in ("E", "PX", "PY", "PZ")]
frame = pd.DataFrame(data, columns=names)
truth = rng.normal(0, 1, (n_jets, 4)).astype(np.float32)
for k, v in enumerate(("truthE", "truthPX", "truthPY", "truthPZ")):
    frame[v] = truth[:, k]
frame["ttv"] = np.array([0, 0, 1, 2, 0, 1, 0], dtype=np.int64)
frame["is_signal_new"] = np.array([1, 0, 1, 0, 0, 1, 1], dtype=np.int64)
frame.to_hdf(f"{out}/landscape.h5", key="table", format="table", mode="w", index=False)
frame.to_hdf(f"{out}/landscape_fixed.h5", key="table", format="fixed", mode="w")

# --- JetNet-like: 5 jets, up to 30 particles, features etarel, phirel, ptrel and a mask ---
n_jets, m = 5, 30
counts = [30, 4, 0, 17, 1]
pf = np.zeros((n_jets, m, 4), dtype=np.float32)
mask = np.zeros((n_jets, m), dtype=bool)
for j, c in enumerate(counts):
    feats = np.stack([rng.normal(0, 0.2, c), rng.normal(0, 0.2, c), np.sort(rng.dirichlet(np.ones(c)))[::-1] if c else np.zeros(0)], axis=1)
    if c > 1:
        feats[1, 0] = 0.0  # a real particle at eta = 0 exactly: the mask, not zero values, says it is real
    pf[j, :c, :3] = feats
    pf[j, :c, 3] = 1.0
    mask[j, :c] = True
    for k in range(c):
        rows.append(("jetnet", j, k, *[float(v) for v in pf[j, k, :3]], 0.0))
with h5py.File(f"{out}/jetnet.h5", "w") as f:
    d = f.create_dataset("particle_features", data=pf)
    d.attrs["features"] = np.array([b"etarel", b"phirel", b"ptrel", b"mask"])
    f.create_dataset("mask", data=mask)
    f.create_dataset("jet_features", data=rng.normal(0, 1, (n_jets, 4)).astype(np.float32))
    f.create_dataset("label", data=np.array([1, 0, 1, 1, 0], dtype=np.int64))

pd.DataFrame(rows, columns=["file", "jet", "k", "f0", "f1", "f2", "f3"]).to_csv(f"{out}/constituents.csv", index=False, float_format="%.9g")

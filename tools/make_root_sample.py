"""Writes notebooks/data/ee_mumu_nano.root: the muons of notebooks/data/ee_mumu.lhe.gz as a NanoAOD-like TTree.

Tree "Events": nMuon, Muon_pt, Muon_eta, Muon_phi (float32, as NanoAOD stores them), Muon_charge (int32) and
genWeight (float32), one entry per LHE event; written by uproot, so notebook 01 can show a ROOT file's jagged
branches next to the same events read from the LHE file. Run with the project's Python: .venv/bin/python tools/make_root_sample.py
"""
import gzip
import math
import os

import awkward as ak
import numpy as np
import uproot

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "notebooks", "data")

pts, etas, phis, charges, weights = [], [], [], [], []
with gzip.open(os.path.join(DATA, "ee_mumu.lhe.gz"), "rt") as f:
    lines = iter(f)
    for line in lines:
        if not line.lstrip().startswith("<event"):
            continue
        header = next(lines).split()
        n, weight = int(header[0]), float(header[2])
        pt, eta, phi, q = [], [], [], []
        for _ in range(n):
            p = next(lines).split()
            pid, status = int(p[0]), int(p[1])
            if status != 1 or abs(pid) != 13:
                continue
            px, py, pz = float(p[6]), float(p[7]), float(p[8])
            t = math.hypot(px, py)
            pt.append(t)
            eta.append(math.asinh(pz / t))
            phi.append(math.atan2(py, px))
            q.append(-1 if pid == 13 else 1)   # PDG 13 is the mu-
        order = np.argsort(pt)[::-1]           # NanoAOD orders objects by pT
        pts.append([pt[i] for i in order]); etas.append([eta[i] for i in order])
        phis.append([phi[i] for i in order]); charges.append([q[i] for i in order])
        weights.append(weight)

muon = ak.zip({"pt": ak.values_astype(ak.Array(pts), np.float32), "eta": ak.values_astype(ak.Array(etas), np.float32),
               "phi": ak.values_astype(ak.Array(phis), np.float32), "charge": ak.values_astype(ak.Array(charges), np.int32)})
out = os.path.join(DATA, "ee_mumu_nano.root")
with uproot.recreate(out) as f:
    f.mktree("Events", {"Muon": muon.type.content, "genWeight": "float32"}, counter_name=lambda name: "n" + name)
    f["Events"].extend({"Muon": muon, "genWeight": np.array(weights, np.float32)})
print(f"wrote {out}: {len(weights)} events, {os.path.getsize(out)} bytes")

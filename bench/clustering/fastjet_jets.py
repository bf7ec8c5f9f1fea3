#!/usr/bin/env python3
"""Events with several hundred particles, and FastJet's jets of them, in files the Java side reads.

    fastjet_jets.py make DIR EVENTS SEED        writes DIR/particles.f64 and DIR/offsets.i32
    fastjet_jets.py jets DIR                    writes DIR/jets_<alg>_<R>.txt with FastJet's inclusive jets
    fastjet_jets.py time DIR REPEATS            prints one JSON line: FastJet's events per CPU-second and per second (awkward interface: the loop over events in C++)

Events: three to five hard sprays of particles (pT 30-600 GeV, |y| < 2.5, Gaussian angular widths 0.05-0.3 around
their axis, pT fractions from an exponential) and 150-250 soft particles spread uniformly in |y| < 4 (pT ~ Exp(1 GeV)),
half massless, half with the charged-pion mass: about 350 particles per event. particles.f64 holds px, py, pz, E per
particle (little-endian doubles), offsets.i32 the event offsets (little-endian int32, events + 1 of them).
Jets file: one line per jet, all inclusive jets (pT > 0, no rapidity cut) hardest first:
    event px py pz E i1 i2 ...      (four-momentum with 17 significant digits, constituents' indices within the event)
Needs the `fastjet` package from PyPI (and numpy, awkward); nothing in the project's CI runs it.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np

DEFINITIONS = [("antikt", 0.4), ("kt", 0.6), ("ca", 0.8), ("antikt", 1.0)]
PION = 0.13957


def make(directory, events, seed):
    rng = np.random.default_rng(seed)
    parts, offsets = [], [0]
    for _ in range(events):
        rows = []
        for _ in range(rng.integers(3, 6)):
            pt_core = rng.uniform(30, 600)
            y0, phi0 = rng.uniform(-2.5, 2.5), rng.uniform(-np.pi, np.pi)
            width = rng.uniform(0.05, 0.3)
            k = rng.integers(20, 60)
            z = rng.exponential(1.0, k)
            pts = pt_core * z / z.sum()
            ys = y0 + width * rng.normal(size=k)
            phis = phi0 + width * rng.normal(size=k)
            rows.append((pts, ys, phis))
        k = rng.integers(150, 250)
        rows.append((rng.exponential(1.0, k), rng.uniform(-4, 4, k), rng.uniform(-np.pi, np.pi, k)))
        pt = np.concatenate([r[0] for r in rows])
        y = np.concatenate([r[1] for r in rows])
        phi = np.concatenate([r[2] for r in rows])
        order = rng.permutation(len(pt))
        pt, y, phi = pt[order], y[order], phi[order]
        m = np.where(rng.random(len(pt)) < 0.5, 0.0, PION)
        mt = np.sqrt(pt ** 2 + m ** 2)
        parts.append(np.stack([pt * np.cos(phi), pt * np.sin(phi), mt * np.sinh(y), mt * np.cosh(y)], axis=1))
        offsets.append(offsets[-1] + len(pt))
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    np.concatenate(parts).astype("<f8").tofile(d / "particles.f64")
    np.asarray(offsets, dtype="<i4").tofile(d / "offsets.i32")


def read(directory):
    d = Path(directory)
    p = np.fromfile(d / "particles.f64", dtype="<f8").reshape(-1, 4)
    o = np.fromfile(d / "offsets.i32", dtype="<i4")
    return p, o


def algorithm(name):
    import fastjet
    return {"antikt": fastjet.antikt_algorithm, "kt": fastjet.kt_algorithm, "ca": fastjet.cambridge_algorithm}[name]


def jets(directory):
    import fastjet
    p, o = read(directory)
    for name, r in DEFINITIONS:
        jd = fastjet.JetDefinition(algorithm(name), r)
        lines = []
        for ev in range(len(o) - 1):
            pjs = []
            for i, row in enumerate(p[o[ev]:o[ev + 1]]):
                pj = fastjet.PseudoJet(*map(float, row))
                pj.set_user_index(i)
                pjs.append(pj)
            cs = fastjet.ClusterSequence(pjs, jd)
            for j in fastjet.sorted_by_pt(cs.inclusive_jets(0.0)):
                idx = sorted(c.user_index() for c in j.constituents())
                lines.append(f"{ev} {j.px():.17g} {j.py():.17g} {j.pz():.17g} {j.e():.17g} " + " ".join(map(str, idx)))
        (Path(directory) / f"jets_{name}_{r}.txt").write_text("\n".join(lines) + "\n")


def timing(directory, repeats):
    import awkward as ak
    import fastjet
    p, o = read(directory)
    counts = np.diff(o)
    records = ak.zip({"px": p[:, 0], "py": p[:, 1], "pz": p[:, 2], "E": p[:, 3]}, with_name="Momentum4D")
    events = ak.unflatten(records, counts)
    out = {}
    for name, r in DEFINITIONS:
        jd = fastjet.JetDefinition(algorithm(name), r)
        cpu, wall = [], []
        for _ in range(repeats + 1):
            c0, t0 = time.process_time(), time.perf_counter()
            cs = fastjet.ClusterSequence(events, jd)
            js = cs.inclusive_jets()
            cons = cs.constituent_index()  # the same output as hepml's: jets and their constituents
            _ = ak.num(js), ak.num(cons, axis=2)
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - t0)
        # the first pass is not counted (as hepml's JIT warm-up is not)
        out[f"{name}_{r}"] = {"events_per_cpu_s": round(len(counts) / float(np.median(cpu[1:])), 1),
                              "events_per_s": round(len(counts) / float(np.median(wall[1:])), 1)}
    print(json.dumps(out))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == "jets":
        jets(sys.argv[2])
    elif cmd == "time":
        timing(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(__doc__)

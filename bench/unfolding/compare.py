"""Compares the unfolded weights of hepml and the omnifold package (files written by run.sh) with each other and
with the truth. Usage: compare.py DIR  (DIR holds sim.csv, data.csv, w_<peer>_<seed>.txt and times.txt)

Histograms: 30 bins over [-3, 3] of the simulation's generator-level values with the unfolded weights, scaled
to the number of data events. Uncertainty of a peer's bin: the seed-to-seed standard deviation of its bin
content (network initialisation, shuffling: the only thing that differs between seeds; the inputs are fixed)
divided by sqrt(seeds), for the mean over seeds. chi2(hepml, package) uses the two such errors in quadrature;
chi2(peer, truth) adds the statistical errors of the truth histogram (sqrt n) and of the weighted simulation
(sqrt sum w^2), the stat floor that the two peers share.
"""
import glob
import json
import os
import re
import statistics
import sys

import numpy as np

d = sys.argv[1]
sim = np.loadtxt(os.path.join(d, "sim.csv"), delimiter=",", skiprows=1)
data = np.loadtxt(os.path.join(d, "data.csv"), delimiter=",", skiprows=1)
edges = np.linspace(-3, 3, 31)
centers = 0.5 * (edges[1:] + edges[:-1])
n_data = len(data)
truth, _ = np.histogram(data[:, 0], edges)
peers = {}
for f in sorted(glob.glob(os.path.join(d, "w_*_*.txt"))):
    peer, seed = re.match(r"w_(\w+?)_(\d+)\.txt", os.path.basename(f)).groups()
    w = np.loadtxt(f)
    w = w * n_data / w.sum()
    h, _ = np.histogram(sim[:, 0], edges, weights=w)
    h2, _ = np.histogram(sim[:, 0], edges, weights=w * w)
    m = np.average(sim[:, 0], weights=w)
    s = np.sqrt(np.average((sim[:, 0] - m) ** 2, weights=w))
    ess = w.sum() ** 2 / (w * w).sum()
    peers.setdefault(peer, []).append({"seed": int(seed), "h": h, "h2": h2, "mean": m, "std": s, "ess": ess})
times = {}
for line in open(os.path.join(d, "times.txt")):
    peer, seed, secs = line.split()
    times.setdefault(peer, []).append(float(secs))

stats = {}
for peer, runs in peers.items():
    hs = np.array([r["h"] for r in runs])
    k = len(runs)
    spread = hs.std(0, ddof=1) if k > 1 else np.zeros(hs.shape[1])
    stats[peer] = {"k": k, "h": hs.mean(0), "err": spread / np.sqrt(k), "stat2": np.mean([r["h2"] for r in runs], 0),
                   "mean": [r["mean"] for r in runs], "std": [r["std"] for r in runs], "ess": [r["ess"] for r in runs]}

ours, peer = stats["hepml"], stats["omnifold"]
use = truth >= 10  # bins with enough truth events for a Gaussian error
def chi2(a, b, var):
    return float(np.sum(((a - b) ** 2 / var)[use & (var > 0)])), int(np.sum(use & (var > 0)))

c_ab, ndf = chi2(ours["h"], peer["h"], ours["err"] ** 2 + peer["err"] ** 2)
def vs_truth(s):
    return chi2(s["h"], truth, truth + s["stat2"] + s["err"] ** 2)
c_ht, ndf_t = vs_truth(ours)
c_pt, _ = vs_truth(peer)
def tri(h):  # triangular discriminator x 1e3 on normalised histograms
    p, q = h / h.sum(), truth / truth.sum()
    ok = (p + q) > 0
    return 1e3 * 0.5 * np.sum((p - q)[ok] ** 2 / (p + q)[ok])

print(f"{'bin':>6s} {'truth':>8s} {'hepml':>16s} {'omnifold':>16s}   (mean over seeds +- error of that mean)")
for i in range(len(centers)):
    print(f"{centers[i]:6.2f} {truth[i]:8d} {ours['h'][i]:9.1f} +-{ours['err'][i]:5.1f} {peer['h'][i]:9.1f} +-{peer['err'][i]:5.1f}")
dm, ds = np.mean(data[:, 0]), np.std(data[:, 0])
sm, ss = np.mean(sim[:, 0]), np.std(sim[:, 0])
print(f"truth (data gen): mean {dm:.4f} std {ds:.4f}; prior (sim gen): mean {sm:.4f} std {ss:.4f}")
for name, s in (("hepml", ours), ("omnifold", peer)):
    sd = lambda v: statistics.stdev(v) if len(v) > 1 else 0.0  # noqa: E731
    print(f"{name:9s} unfolded: mean {np.mean(s['mean']):.4f} +- {sd(s['mean']):.4f}  std {np.mean(s['std']):.4f} +- {sd(s['std']):.4f}"
          f"  (spread over {s['k']} seeds)  ESS {np.mean(s['ess']):.0f}  triangular discriminator vs truth {tri(s['h']):.3f}e-3")
print(f"chi2(hepml vs omnifold) = {c_ab:.1f} / {ndf} bins (seed-to-seed errors of both means)")
print(f"chi2 vs truth: hepml {c_ht:.1f} / {ndf_t}, omnifold {c_pt:.1f} / {ndf_t} (truth and simulation stat errors + seed spread)")
t_ours, t_peer = statistics.median(times["hepml"]), statistics.median(times["omnifold"])
print(f"wall time per unfolding (median of {len(times['hepml'])}): hepml {t_ours:.1f} s, omnifold package {t_peer:.1f} s, "
      f"ratio package/hepml {t_peer / t_ours:.2f} (>1: hepml faster)")
print(f"omnifold-gaussian: ratio={t_peer / t_ours:.2f} ours={t_ours:.1f}s peer={t_peer:.1f}s chi2={c_ab:.1f}/{ndf}")
print(json.dumps({"name": "omnifold-gaussian", "ours_s": round(t_ours, 2), "peer_s": round(t_peer, 2), "ratio": round(t_peer / t_ours, 3),
                  "ours_times": times["hepml"], "peer_times": times["omnifold"],
                  "chi2_between": round(c_ab, 2), "ndf": ndf, "chi2_hepml_truth": round(c_ht, 2), "chi2_omnifold_truth": round(c_pt, 2),
                  "hepml_mean": round(float(np.mean(ours["mean"])), 4), "hepml_std": round(float(np.mean(ours["std"])), 4),
                  "omnifold_mean": round(float(np.mean(peer["mean"])), 4), "omnifold_std": round(float(np.mean(peer["std"])), 4),
                  "truth_mean": round(float(dm), 4), "truth_std": round(float(ds), 4), "seeds": ours["k"]}))

#!/usr/bin/env python3
"""Writes the small EMD reference file the engine's tests compare against (so CI needs no energyflow):
engine/src/test/resources/org/hepml/engine/jets/emd/emd-reference.txt, 40 random jet pairs of 10-40 particles with the
EMD of energyflow.emd (Wasserstein's network simplex) and energyflow.emd_pot (POT's ot.emd). The full comparison
(>= 100 pairs of 20-100 particles, and the speed) is bench/emd/run.sh.

Usage (a venv with energyflow, POT and wasserstein, as bench/emd/run.sh makes it):
  ~/.cache/hepml/venv-emd/bin/python tools/make_emd_reference.py
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench", "emd"))
import jets  # noqa: E402


def main():
    import energyflow
    import ot
    import wasserstein
    pairs = jets.random_pairs(seed=18, pairs=40, min_particles=10, max_particles=40)
    emds = [jets.peer_emd(p) for p in pairs]
    out = os.path.join(ROOT, "engine/src/test/resources/org/hepml/engine/jets/emd/emd-reference.txt")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    jets.write_pairs(out, pairs, emds, header=(
        "EMD reference for EnergyMoversDistanceTest, written by tools/make_emd_reference.py: do not edit",
        f"energyflow {energyflow.__version__}, wasserstein {wasserstein.__version__}, POT {ot.__version__}; periodic phi",
        "P R beta norm emd(energyflow.emd) emd(energyflow.emd_pot), then a J line per jet: pt y phi for each particle"))
    print(f"wrote {len(pairs)} pairs to {os.path.relpath(out, ROOT)}")


if __name__ == "__main__":
    main()

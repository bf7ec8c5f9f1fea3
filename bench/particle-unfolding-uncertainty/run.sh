#!/usr/bin/env bash
# Is particle-level OmniFold's bootstrap error the spread it actually has? One TwoTuneJets simulation and K
# independent nature sets (Poisson(N) events), each unfolded as ParticleOmniFoldTest does (PFN classifiers on the
# particles, 3 iterations) with B bootstrap replicas. Prints, for the leading-jet mass (no classifier saw it) -- mean,
# width, bin contents, the triangular discriminator to the set's own truth and its improvement over the prior -- the
# actual sd over the K sets against the rms bootstrap error, with the ratio's standard error.
# Usage: bench/particle-unfolding-uncertainty/run.sh | python3 bench/record.py particle-unfolding-uncertainty
# env: N (4000), K (20), FIRST (0: the first set's index; runs with other FIRSTs add independent sets), B (4), ITER (3), EPOCHS (6), PAD (32), LATENT (32), HIDDEN (32), BATCH (256), LR (2e-3), BINS (6),
#      THREADS (1)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/engine-java.sh
engine_java bench/out/particle-unfolding-uncertainty bench/particle-unfolding-uncertainty/ParticleUncertaintyBench.java -Xmx3g

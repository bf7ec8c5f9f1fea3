#!/usr/bin/env bash
# Is OmniFold's bootstrap error the spread it actually has? One simulation of the paper's Gaussian toy (N(0,1),
# smearing 0.5) and K independent pseudo-data sets (N(0.2,0.8)), each unfolded like notebook 04 (32x32 MLP, 5
# iterations, warm-started classifiers) with B bootstrap replicas of its data and S extra classifier seeds. Prints,
# for the unfolded mean, width and eight bins, the actual standard deviation over the K sets against the rms
# bootstrap error (each with its relative precision), the seed spread (classifier training) and the data part, then
# the width closure against each set's own truth and against binned IBU after the same iterations.
# Usage: bench/unfolding-uncertainty/run.sh | python3 bench/record.py unfolding-uncertainty
# env: N (events in the simulation and in each data set), K (data sets), B (bootstrap replicas), S (extra seeds),
#      EPOCHS, BATCH, LR, HIDDEN, ITER, REWEIGHTER (mlp | histogram), THREADS (intra-op threads, default 1)
# Default size (3,000 + 3,000 events on average, K = 20 data sets, B = 4, S = 1, batch 500) takes 10-30 minutes on
# 2 cores shared with other trainings (load 10-17); notebook 04's small size is N=20000 BATCH=1000 (7 times longer).
# PATIENCE=5 FINAL_LR=5e-3 runs the classifiers as they were before (early stopping, constant learning rate).
set -euo pipefail
cd "$(dirname "$0")/../.."
export N=${N:-3000} K=${K:-20} B=${B:-4} S=${S:-1} EPOCHS=${EPOCHS:-20} BATCH=${BATCH:-500} LR=${LR:-5e-3} HIDDEN=${HIDDEN:-32} ITER=${ITER:-5}
THREADS=${THREADS:-1}
source bench/engine-java.sh
engine_java bench/out/unfolding-uncertainty bench/unfolding-uncertainty/UncertaintyBench.java -Xmx2g

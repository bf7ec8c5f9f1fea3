#!/usr/bin/env bash
# Is the error on CATHODE's AUC the spread it actually has? K independent dijet-toy data sets, each through CATHODE as
# CathodeTest / notebook 08 run it (40,000 events, signal 2% of the SR background, 2 folds, flow 20 epochs), SEEDS
# training seeds per set. Prints the actual sd of the AUC over the sets against Hanley-McNeil's and DeLong's errors,
# and the training-seed spread on fixed data.
# Usage: bench/cathode-auc-error/run.sh | python3 bench/record.py cathode-auc-error
# env: K (data sets, 14), N (events, 40000), S_OVER_B (0.02), FLOW_EPOCHS (20), SEEDS (2) on the first SEED_SETS (5) sets,
#      THREADS (1). The default (19 CATHODE runs) takes ~45 minutes on 2 cores at load ~14.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/engine-java.sh
engine_java bench/out/cathode-auc-error bench/cathode-auc-error/CathodeAucErrorBench.java -Xmx3g

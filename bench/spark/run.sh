#!/usr/bin/env bash
# 16 OmniFold bootstrap replicas as Spark tasks on a localhost standalone cluster (a master and two workers of one core
# each, started here): wall time with one executor and with two, alternating round by round, and the speed-up; the
# two sides' weight columns must be identical. Only the replicas' job is timed.
# Usage: bench/spark/run.sh | python3 bench/record.py spark
# env: EVENTS (per sample, default 10000), REPLICAS (16), ROUNDS (2), EPOCHS (5), ITERATIONS (3).
# Default size: about 10 minutes on 2 shared cores. Each side warms its executors up (one small replica each) untimed.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p bench/out/spark
mvn -q -B -ntp -pl engine,spark compile dependency:build-classpath -Dmdep.outputFile="$PWD/bench/out/spark/cp.txt" >/dev/null
# absolute paths: the executors start in their workers' folders
CP="$PWD/engine/target/classes:$PWD/spark/target/classes:$(cat bench/out/spark/cp.txt)"
# compiled to a folder, not run as a source file: the executors load its classes (the unfolding set-up) from there
javac -d bench/out/spark/classes -cp "$CP" bench/spark/SparkBench.java
CP="$PWD/bench/out/spark/classes:$CP"
# Spark's --add-opens on Java 17 (the spark module's pom, spark.argLine)
OPENS=$(sed -n 's:.*<spark.argLine>\(.*\)</spark.argLine>.*:\1:p' spark/pom.xml)
echo "load at the start $(cut -d' ' -f1-3 /proc/loadavg)"
MKL_DYNAMIC=FALSE OMP_DYNAMIC=FALSE java -Xmx2g $OPENS -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" \
     -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.apache.spark=error \
     -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -Dai.djl.pytorch.num_interop_threads=1 \
     -Dai.djl.pytorch.num_threads=1 -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
     -Devents="${EVENTS:-10000}" -Dreplicas="${REPLICAS:-16}" -Drounds="${ROUNDS:-2}" -Depochs="${EPOCHS:-5}" \
     -Diterations="${ITERATIONS:-3}" -cp "$CP" SparkBench

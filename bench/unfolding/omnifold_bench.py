"""The `omnifold` PyPI package (MultiFold, TensorFlow/Keras) on the inputs UnfoldBench.java wrote.

Usage: omnifold_bench.py DIR ITERATIONS EPOCHS BATCH SEED OUT THREADS   (THREADS 0: TensorFlow's default)
Writes the final generator-level weights to OUT, one a line; prints "info ..." and "time SECONDS".
Settings as hepml's run: MLP 50-50-50 relu, Adam 1e-3, 25% validation (train_frac 0.75), no early stopping
(early_stop > epochs), prior weights 1. The package warm-starts each iteration's networks from the previous
iteration's; hepml trains fresh ones. Both train the same number of epochs on the same number of events.
"""
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def main():
    d, iterations, epochs, batch, seed, out, threads = sys.argv[1], *map(int, sys.argv[2:6]), sys.argv[6], int(sys.argv[7])
    if threads > 0:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    import omnifold  # after the thread settings: it touches TensorFlow on import
    tf.keras.utils.set_random_seed(seed)
    sim = np.loadtxt(os.path.join(d, "sim.csv"), delimiter=",", skiprows=1, dtype=np.float32)
    data = np.loadtxt(os.path.join(d, "data.csv"), delimiter=",", skiprows=1, dtype=np.float32)
    work = os.path.join(os.path.dirname(os.path.abspath(out)), f"omnifold_work_{seed}")
    os.makedirs(work, exist_ok=True)
    t0 = time.perf_counter()
    mc = omnifold.DataLoader(reco=sim[:, 1:2], gen=sim[:, 0:1])
    measured = omnifold.DataLoader(reco=data[:, 1:2])
    mf = omnifold.MultiFold("bench", omnifold.MLP(1, layer_sizes=[50, 50, 50], activation="relu"),
                            omnifold.MLP(1, layer_sizes=[50, 50, 50], activation="relu"), measured, mc,
                            weights_folder=os.path.join(work, "weights"), log_folder=work, niter=iterations,
                            batch_size=batch, epochs=epochs, lr=1e-3, early_stop=epochs + 1, train_frac=0.75, verbose=False)
    # omnifold 0.1.36 clones compiled models; Keras 3 then looks its custom loss up by name and fails ("Could not
    # locate function 'weighted_binary_crossentropy'"). Keras's documented custom-object scope supplies it.
    with tf.keras.utils.custom_object_scope({"weighted_binary_crossentropy": omnifold.net.weighted_binary_crossentropy}):
        mf.Unfold()
    w = mf.weights_push * mc.weight
    secs = time.perf_counter() - t0
    np.savetxt(out, w, fmt="%.8g")
    intra = tf.config.threading.get_intra_op_parallelism_threads()
    print(f"BENCH info tensorflow {tf.__version__} omnifold {omnifold_version()} intra-op {intra or 'default'} "
          f"events {len(sim)}/{len(data)}", flush=True)
    print(f"BENCH time {secs:.3f}", flush=True)


def omnifold_version():
    try:
        from importlib.metadata import version
        return version("omnifold")
    except Exception:  # noqa: BLE001
        return "?"


if __name__ == "__main__":
    main()

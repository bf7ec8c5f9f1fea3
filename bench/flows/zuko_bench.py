"""The flow-training benchmark's PyTorch side (bench/flows/run.sh): zuko's masked autoregressive flow with monotonic
rational-quadratic splines -- for one observable the same model as hepml's (each transform's spline set by a network
of the context alone) -- with the same transforms, bins, bound, hidden layers (tanh), batch, epochs, Adam at 1e-3 and
the same standardisation of x and the context. Prints "zuko samples/s <rate> nll <mean -log p on the file>".
Usage: zuko_bench.py FILE EPOCHS BATCH TRANSFORMS BINS BOUND HIDDEN THREADS"""
import sys
import time
from functools import partial

import numpy as np
import torch
import zuko
from zuko.flows.autoregressive import MAF
from zuko.transforms import MonotonicRQSTransform

path, epochs, batch, transforms, bins, bound, hidden, threads = sys.argv[1:9]
epochs, batch, transforms, bins, hidden, threads = map(int, (epochs, batch, transforms, bins, hidden, threads))
bound = float(bound)
if threads > 0:
    torch.set_num_threads(threads)
torch.manual_seed(1)
data = np.fromfile(path, dtype="<f4").reshape(-1, 2)
x, c = data[:, :1], data[:, 1:]
mx, sx, mc, sc = x.mean(0), x.std(0), c.mean(0), c.std(0)
xs = torch.from_numpy((x - mx) / sx)
cs = torch.from_numpy((c - mc) / sc)
flow = MAF(features=1, context=1, transforms=transforms, hidden_features=(hidden, hidden), activation=torch.nn.Tanh,
           univariate=partial(MonotonicRQSTransform, bound=bound, slope=1e-3), shapes=[(bins,), (bins,), (bins - 1,)])
opt = torch.optim.Adam(flow.parameters(), lr=1e-3)
n = len(xs)
log_std = float(np.log(sx).sum())
t0 = time.perf_counter()
samples = 0
for epoch in range(epochs):
    perm = torch.randperm(n)
    for start in range(0, n, batch):
        idx = perm[start:start + batch]
        loss = -flow(cs[idx]).log_prob(xs[idx]).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(flow.parameters(), 5.0)  # as hepml's flow training
        opt.step()
        samples += len(idx)
secs = time.perf_counter() - t0
with torch.no_grad():
    nll = -(flow(cs).log_prob(xs).mean().item() - log_std)
print(f"zuko samples/s {samples / secs:.1f} nll {nll:.5f}")

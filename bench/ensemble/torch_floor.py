"""The floor of fusing by batched matrix products, in PyTorch itself: one training step (forward, backward, no optimizer)
of K = 5 stacked MLPs (torch.bmm) against 5 steps of one MLP, thread CPU time, 1 intra-op thread. Where this ratio is
above 0.4, per-op overhead is not what stands between a fused ensemble and 0.4x: the arithmetic is.
Usage: ~/.cache/hepml/venv-torch/bin/python bench/ensemble/torch_floor.py   (chrt -f 1 in front for a quiet machine)
"""
import torch, time
torch.set_num_threads(1)
K, B = 5, 256
def run(widths, act, fused, steps=200):
    torch.manual_seed(0)
    if fused:
        Ws = [torch.randn(K, a, b, requires_grad=True) for a, b in zip(widths[:-1], widths[1:])]
        bs = [torch.randn(K, 1, b, requires_grad=True) for b in widths[1:]]
        x = torch.randn(K, B, widths[0]); y = torch.rand(K, B, 1)
    else:
        Ws = [torch.randn(a, b, requires_grad=True) for a, b in zip(widths[:-1], widths[1:])]
        bs = [torch.randn(b, requires_grad=True) for b in widths[1:]]
        x = torch.randn(B, widths[0]); y = torch.rand(B, 1)
    def step():
        h = x
        for i, (W, b) in enumerate(zip(Ws, bs)):
            h = (torch.bmm(h, W) if fused else h @ W) + b
            if i < len(Ws) - 1: h = act(h)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(h, y)
        loss.backward()
        for p in Ws + bs: p.grad = None
    for _ in range(20): step()
    t = time.thread_time()
    for _ in range(steps): step()
    return (time.thread_time() - t) / steps
for name, widths, act in [("64x3 tanh", [4, 64, 64, 64, 1], torch.tanh), ("64x3 relu", [4, 64, 64, 64, 1], torch.relu), ("32x2 tanh", [4, 32, 32, 1], torch.tanh), ("100x2 tanh", [5, 100, 100, 1], torch.tanh)]:
    f = run(widths, act, True); s = run(widths, act, False)
    print(f"{name}: fused K={K} step {f*1e6:.0f} us, single {s*1e6:.0f} us, fused / {K} singles = {f / (K * s):.3f}")

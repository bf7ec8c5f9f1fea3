"""The GPU check's verdict (gpu/check/compare.py): rounding-sized loss differences pass, a real difference fails.

Needs neither torch nor a GPU (the peers' outputs are written here); well under a second. The GPU path itself is
proven by gpu/test-here.sh (not part of this suite: it compiles C++ for minutes) and on a GPU by bench/gpu/run.sh.
"""
import json
import pathlib
import subprocess
import sys

COMPARE = pathlib.Path(__file__).resolve().parents[1] / "gpu" / "check" / "compare.py"


def peer(path, losses, rates):
    lines = ["info test peer"] + [f"epoch {e} wall 1.0 loss {l!r} samples/s {r}" for e, (l, r) in enumerate(zip(losses, rates))]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def compare(tmp_path, hepml, torch, control, rates=((100, 200, 200), (100, 100, 100))):
    h = peer(tmp_path / "h.txt", hepml, rates[0])
    t = peer(tmp_path / "t.txt", torch, rates[1])
    c = peer(tmp_path / "c.txt", control, rates[1])
    out = subprocess.run([sys.executable, str(COMPARE), "--device", "cpu", "--batch", "256", h, t, c],
                         capture_output=True, text=True)
    return out.returncode, json.loads(out.stdout.strip().splitlines()[-1])


def test_rounding_sized_differences_agree_and_the_ratio_skips_the_first_epoch(tmp_path):
    torch = [0.61027618, 0.59713065, 0.59198135]
    code, f = compare(tmp_path, [l + 6e-9 for l in torch], torch, [l - 5e-9 for l in torch])
    assert code == 0 and f["losses_agree"]
    assert f["ratio_hepml_over_torch"] == 2.0  # epochs 1 and 2: 200 vs 100 samples/s; epoch 0 (start-up) left out
    assert f["batch"] == 256 and f["device"] == "cpu"


def test_a_difference_of_a_wrong_batch_order_or_optimizer_fails(tmp_path):
    # 7e-4 is what restarting Adam between epochs did to epoch 2 (docs/GPU.md); the control says rounding moves 1e-9
    torch = [0.61027618, 0.59713065, 0.59198135]
    code, f = compare(tmp_path, [torch[0], torch[1] - 7e-4, torch[2]], torch, [l + 1e-9 for l in torch])
    assert code == 1 and not f["losses_agree"]


def test_a_device_whose_rounding_is_amplified_gets_a_wider_tolerance(tmp_path):
    # where the rounding control itself moves the loss by 1e-6, a difference of 5e-6 is still rounding (10x room)
    torch = [0.61027618, 0.59713065]
    code, f = compare(tmp_path, [l + 5e-6 for l in torch], torch, [l + 1e-6 for l in torch])
    assert code == 0 and f["tolerance"][1] >= 1e-5 - 1e-12

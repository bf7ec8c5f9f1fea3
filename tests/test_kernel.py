"""The hepml kernel as a user meets it: bad options, help, interrupts, and the kernel staying alive.

Every test runs twice: on the pinned JJava release (binder/requirements.txt) and on the newest on PyPI, whose API
may differ from the one hepml is compiled against (the interrupt test's long magic shows the live progress display).
"""
import os
import time

import jupyter_client
import pytest

import jjava_releases


@pytest.fixture(scope="module", params=["pinned", "newest"])
def kernel(request):
    env = dict(os.environ)
    if request.param == "newest":
        version, jar = jjava_releases.newest_jar()
        env["HEPML_JJAVA_JAR"] = str(jar)
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name="hepml", startup_timeout=180, env=env)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def execute(kc, code, timeout=300):
    """Runs a cell; returns (reply status, outputs as (type, text) pairs)."""
    msg_id = kc.execute(code)
    outs = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            break
        if kind == "stream":
            outs.append((content["name"], content["text"]))
        elif kind in ("display_data", "execute_result", "update_display_data"):
            outs.append((kind, content["data"].get("text/plain", "")))
        elif kind == "error":
            outs.append(("error", content["ename"] + ": " + content["evalue"]))
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]["status"], outs


def text(outs):
    return "\n".join(t for _, t in outs)


def test_help_prints_usage(kernel):
    _, kc = kernel
    status, outs = execute(kc, "%events --help")
    assert status == "ok"
    assert "Usage: %events" in text(outs) and "simulate" in text(outs)


def test_unknown_option_is_named_and_kernel_keeps_working(kernel):
    _, kc = kernel
    status, outs = execute(kc, "%events simulate gaussian --nn 10")
    assert status == "error"
    assert "--nn" in text(outs)
    assert "Usage: %events simulate gaussian" in text(outs)
    status, outs = execute(kc, "1 + 1")
    assert status == "ok" and ("execute_result", "2") in outs


def test_bad_value_is_named(kernel):
    _, kc = kernel
    status, outs = execute(kc, "%events simulate gaussian --n many")
    assert status == "error"
    assert "--n" in text(outs) and "many" in text(outs)


def test_java_cells_see_the_magics_workspace(kernel):
    _, kc = kernel
    status, _ = execute(kc, "%events simulate gaussian --n 2000 --mu 0.5 --seed 3 --as shared")
    assert status == "ok"
    status, outs = execute(kc, 'hep.dataset("shared").size()')
    assert status == "ok" and ("execute_result", "2000") in outs


def test_interrupt_stops_a_long_magic_promptly_and_stores_nothing(kernel):
    km, kc = kernel
    # 200 million events: several seconds of generation. The progress display appears once the
    # generation loop has run for a moment; the interrupt is sent then, so it lands mid-way.
    msg_id = kc.execute("%events simulate gaussian --n 200000000 --as big")
    deadline = time.time() + 120
    while True:
        msg = kc.get_iopub_msg(timeout=max(1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "display_data" and "Gaussian toy 'big'" in msg["content"]["data"].get("text/plain", ""):
            break
        assert msg["msg_type"] != "error", msg["content"]
    sent = time.time()
    km.interrupt_kernel()
    while True:
        msg = kc.get_shell_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = time.time() - sent
    assert elapsed < 2.0, f"the kernel took {elapsed:.1f} s to return after the interrupt"
    assert msg["content"]["status"] == "error"
    time.sleep(0.5)  # let the cancelled work wind down before asking
    status, outs = execute(kc, 'hep.workspace().contains("big")')
    assert status == "ok" and ("execute_result", "false") in outs
    status, outs = execute(kc, "%events list")
    assert status == "ok" and "big" not in text(outs)


def test_a_dataset_goes_to_pandas_and_back_through_parquet(kernel, tmp_path):
    """%events save writes what pandas reads; what pandas writes %events load reads, with every value and role."""
    import numpy as np
    import pandas as pd
    _, kc = kernel
    ours, theirs = tmp_path / "toy.parquet", tmp_path / "edited.parquet"
    status, outs = execute(kc, "%events simulate gaussian --n 3000 --efficiency 0.9 --seed 4 --as toy")
    assert status == "ok", text(outs)
    status, outs = execute(kc, f"%events save toy {ours}")
    assert status == "ok" and f"saved toy to {ours}" in text(outs), text(outs)
    df = pd.read_parquet(ours)
    assert list(df.columns) == ["x.gen", "x.reco", "pass_reco"], list(df.columns)
    df["weight"] = np.random.default_rng(4).exponential(size=len(df))   # a weight made in pandas, e.g. a reweighting
    df.to_parquet(theirs)
    status, outs = execute(kc, f"%events load {theirs} --as edited")
    assert status == "ok", text(outs)
    status, outs = execute(kc, 'java.util.Arrays.stream(hep.dataset("edited").column("weight")).sum() + " " '
                               '+ hep.dataset("edited").columnNames()')
    assert status == "ok", text(outs)
    total, columns = text(outs).strip().strip('"').split(" ", 1)
    assert float(total) == pytest.approx(df["weight"].sum(), rel=1e-12)
    assert columns == "[" + ", ".join(df.columns) + "]"
    # a NaN (an event not reconstructed) is still NaN after the round trip
    status, outs = execute(kc, 'java.util.Arrays.stream(hep.dataset("edited").column("x.reco")).filter(Double::isNaN).count()')
    assert status == "ok" and ("execute_result", str(int(np.isnan(df["x.reco"]).sum()))) in outs, text(outs)

"""The hepml kernel as a user meets it: bad options, help, interrupts, and the kernel staying alive.

Every test runs twice: on the pinned JJava release (binder/requirements.txt) and on the newest on PyPI, whose API
may differ from the one hepml is compiled against (the interrupt test's long magic shows the live progress display).
"""
import os
import re
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
            outs.append(("traceback", plain("\n".join(content["traceback"]))))
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]["status"], outs


def text(outs):
    return "\n".join(t for _, t in outs)


def plain(s):
    """Without terminal colour codes, as the notebook shows it."""
    return re.sub(r"\x1b\[[0-9;]*m", "", s)


def traceback(outs):
    """What the notebook shows for a cell's error (JupyterLab renders the traceback, not ename/evalue)."""
    return "\n".join(t for kind, t in outs if kind == "traceback")


def start_and_wait_for(kc, code, seen, timeout=300):
    """Starts a cell and waits for a display of it whose text satisfies seen(text); returns its msg_id."""
    msg_id = kc.execute(code)
    deadline = time.time() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        assert msg["msg_type"] != "error", msg["content"]
        if msg["msg_type"] in ("display_data", "update_display_data") and seen(msg["content"]["data"].get("text/plain", "")):
            return msg_id


def interrupt_and_collect(km, kc, msg_id, timeout=60):
    """Interrupts the kernel; returns (seconds until the cell's reply, the cell's outputs after the interrupt)."""
    sent = time.time()
    km.interrupt_kernel()
    outs = []
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = time.time() - sent
    while True:  # the cell's outputs, up to its idle status
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            break
        if kind == "error":
            outs.append(("traceback", plain("\n".join(content["traceback"]))))
        elif kind in ("display_data", "update_display_data"):
            outs.append((kind, content["data"].get("text/plain", "")))
    return elapsed, outs


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


JAVA_TRACE = ("\tat ", "java.lang.RuntimeException", "Exception occurred", "EvalException", "Caused by")


def test_a_magic_error_is_one_message_without_a_java_stack_trace(kernel):
    _, kc = kernel
    status, outs = execute(kc, '%infer scan --observed nowhere --theta "grid(0,1,3)"')
    assert status == "error"
    shown = traceback(outs)
    assert shown.strip().startswith("Nothing is stored under 'nowhere'.") and len(shown.strip().splitlines()) == 1, shown
    for noise in JAVA_TRACE:
        assert noise not in shown, f"the error shows {noise!r}:\n{shown}"
    # the usage of a bad option follows its one-line headline
    status, outs = execute(kc, "%events simulate gaussian --sigma 1 --nn 10")
    shown = traceback(outs)
    assert shown.splitlines()[0] == "%events simulate gaussian: Unknown options: '--nn', '10'", shown
    assert "Usage: %events simulate gaussian" in shown and not any(n in shown for n in JAVA_TRACE), shown
    # the stack trace on request
    status, outs = execute(kc, "%hepml trace")
    assert status == "ok"
    assert "The last error, from %events simulate gaussian --sigma 1 --nn 10" in text(outs) and "at org.hepml" in text(outs)


def test_an_interrupted_training_says_what_was_kept_and_nothing_reaches_the_next_cell(kernel):
    km, kc = kernel
    status, outs = execute(kc, '%events simulate galton --theta "uniform(0,2)" --reference 1 --n 2000 --seed 5 --as small')
    assert status == "ok", text(outs)
    # interrupted once two epochs have finished (the progress status names the epoch under way)
    msg_id = start_and_wait_for(kc, "%train ratio --data small --method carl --epochs 500 --batch-size 64 --as kept",
                                lambda t: re.search(r"epoch ([3-9]|\d\d+)/500", t) is not None)
    elapsed, outs = interrupt_and_collect(km, kc, msg_id)
    shown = traceback(outs)
    assert elapsed < 15, f"the cell took {elapsed:.1f} s to end after the interrupt"
    assert shown.splitlines()[0] == "Interrupted: %train ratio --data small --method carl --epochs 500 --batch-size 64 --as kept", shown
    assert re.search(r"kept the network after epoch \d+, the best of the \d+ epochs that finished \(validation loss [0-9.]+\)"
                     r", stored as 'kept'", shown), shown
    assert not any(n in shown for n in JAVA_TRACE + ("Base64", "lineMagic")), shown
    # the progress display ended in this cell, saying it stopped
    final = [t for kind, t in outs if kind == "update_display_data"]
    assert final and "kept epoch" in final[-1], final
    # the next cell shows its own result only, however long the interrupted training takes to wind down
    status, outs = execute(kc, "1 + 1")
    assert outs == [("execute_result", "2")], outs
    status, outs = execute(kc, 'hep.workspace().contains("kept")')
    assert outs == [("execute_result", "true")], outs


def test_a_training_interrupted_in_its_first_epoch_stores_nothing(kernel):
    km, kc = kernel
    status, outs = execute(kc, '%events simulate galton --theta "uniform(0,2)" --reference 1 --n 20000 --seed 6 --as big_sample')
    assert status == "ok", text(outs)
    # batches of 16: an epoch of ~1000 batches; the display appears after 0.3 s, well inside the first epoch
    msg_id = start_and_wait_for(kc, "%train ratio --data big_sample --method carl --epochs 5 --batch-size 16 --as early",
                                lambda t: "epoch 1/5" in t)
    elapsed, outs = interrupt_and_collect(km, kc, msg_id)
    shown = traceback(outs)
    assert shown.splitlines()[1:] == ["Training carl was interrupted in epoch 1 of 5, before any epoch finished; nothing was stored."], shown
    status, outs = execute(kc, 'hep.workspace().contains("early")')
    assert outs == [("execute_result", "false")], outs

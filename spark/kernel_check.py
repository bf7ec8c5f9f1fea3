"""The kernel with Spark, end to end (docs/SPARK.md): a JJava kernel started by ./hepml with HEPML_SPARK=1 runs
%%unfold omnifold --bootstrap 4 here and --on spark (a localhost cluster of two workers that hepml starts), and the two
results must be identical column by column. Needs the jars built (mvn -pl engine,spark,magics,kernel-ext package
-DskipTests) and the project's .venv. Usage: .venv/bin/python spark/kernel_check.py   (about 3 minutes)"""
import json, os, tempfile, time, sys
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
kdir = tempfile.mkdtemp()
os.makedirs(kdir + "/kernels/hepml-spark")
json.dump({"argv": [os.path.join(ROOT, "hepml"), "kernel", "{connection_file}"], "display_name": "hepml spark", "language": "java",
           "interrupt_mode": "message", "env": {"HEPML_SPARK": "1", "HEPML_JVM_OPTS": "-Dhepml.spark.workers=2 -Dspark.executor.memory=768m"}},
          open(kdir + "/kernels/hepml-spark/kernel.json", "w"))
os.environ["JUPYTER_PATH"] = kdir
import jupyter_client
km, kc = jupyter_client.manager.start_new_kernel(kernel_name="hepml-spark", startup_timeout=300)

LAST = [""]


def run(code, timeout=600):
    t0 = time.time()
    msg_id = kc.execute(code)
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id: continue
        t = m["msg_type"]
        if t == "stream": out.append(m["content"]["text"])
        elif t in ("execute_result", "display_data"): out.append(m["content"]["data"].get("text/plain", ""))
        elif t == "error": out.append("ERROR " + m["content"]["ename"] + ": " + m["content"]["evalue"] + "\n".join(m["content"]["traceback"])[-3000:])
        elif t == "status" and m["content"]["execution_state"] == "idle": break
    LAST[0] = "".join(out)
    print(f"--- {code.splitlines()[0]} ({time.time()-t0:.1f} s)\n" + "".join(out)[-1500:], flush=True)

try:
    run("%events simulate gaussian --n 2000 --mu 0 --sigma 1 --seed 1 --as sim")
    run("%events simulate gaussian --n 2000 --mu 0.2 --sigma 0.8 --seed 2 --as data")
    base = "%%unfold omnifold\n--sim sim --data data --gen x.gen --reco x.reco --iterations 2 --bootstrap 4 --epochs 2"
    run(base + " --as here")
    run(base + " --on spark --as there")
    run("%hepml trace")
    run("var a = org.hepml.engine.api.Hep.hep.workspace().dataset(\"here\"); var b = org.hepml.engine.api.Hep.hep.workspace().dataset(\"there\");\n"
        "boolean same = a.columnNames().equals(b.columnNames());\nfor (String c : a.columnNames()) same &= java.util.Arrays.equals(a.column(c), b.column(c));\n"
        "System.out.println(\"identical: \" + same + \" \" + b.metadata().get(\"replicas ran on\"));")
    if "identical: true" not in LAST[0]:
        sys.exit("the Spark run differs from the local one")
    # an interrupt in the middle of a long Spark job: control must come back within seconds, no task left running
    t0 = time.time()
    msg_id = kc.execute(base.replace("--bootstrap 4 --epochs 2", "--bootstrap 40 --epochs 10") + " --on spark --as long")
    # wait for the replicas' job: the progress display then counts tasks "done on Spark ..."
    while "on Spark" not in json.dumps(kc.get_iopub_msg(timeout=600)["content"]):
        pass
    time.sleep(10)
    t1 = time.time()
    km.interrupt_kernel()
    report = []
    while True:
        m = kc.get_iopub_msg(timeout=120)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "stream":
            report.append(m["content"]["text"])
        elif m["msg_type"] == "error":
            report.append("\n".join(m["content"]["traceback"]))
        elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    print("".join(report)[-800:])
    print(f"--- interrupt after {t1 - t0:.0f} s: control back in {time.time() - t1:.1f} s", flush=True)
    run("var sc = org.apache.spark.SparkContext.getOrCreate();\nint running = 0;\n"
        "for (var e : sc.statusTracker().getExecutorInfos()) running += e.numRunningTasks();\n"
        "System.out.println(\"running tasks: \" + running);")
    if "running tasks: 0" not in LAST[0] or time.time() - t1 > 30:
        sys.exit("the interrupted Spark job left tasks running, or took too long to stop")
    # as with replicas run here, the interrupt flag stays set, so the workspace refuses to store the partial result
    # ("Storing 'long' was interrupted; nothing was stored."): the kernel's rule, the same with or without Spark
finally:
    kc.stop_channels(); km.shutdown_kernel(now=False)

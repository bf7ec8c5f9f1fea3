"""Ensembles and coverage through the kernel with Spark (docs/SPARK.md): a JJava kernel started by ./hepml with
HEPML_SPARK=1 trains %train ratio --ensemble 2 --on spark (a localhost cluster of two workers that hepml starts): each
member must equal the member trained alone here (--ensemble 1 with its seed) bit for bit; then %infer coverage with
that model and --exact, here and --on spark, must give the same log L per experiment and the same counts. Needs the jars built (mvn -pl
engine,spark,magics,kernel-ext package -DskipTests) and the project's .venv.
Usage: .venv/bin/python spark/kernel_ensemble_check.py   (about 2 minutes)"""
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
    run("%events simulate galton --n 2000 --theta uniform(-1,-0.4) --reference -0.6 --augment --seed 4 --as train")
    base = "%train ratio --data train --method alices --epochs 10 --hidden 16,16 --batch-size 64"
    run(base + " --ensemble 2 --seed 5 --on spark --as there")
    run(base + " --seed 5 --as alone0")
    run(base + " --seed 1005 --as alone1")
    run("var ws = org.hepml.engine.api.Hep.hep.workspace();\n"
        "var t = ws.get(\"there\", org.hepml.engine.sbi.RatioEstimator.class, \"ratio\");\n"
        "double[][] x = new double[21][1]; for (int i = 0; i < 21; i++) x[i][0] = i - 10;\n"
        "double[][] m = t.rawMemberLogRatios(x, new double[]{-0.7});\nboolean same = m.length == 2;\n"
        "for (int k = 0; k < 2; k++) same &= java.util.Arrays.equals(m[k], ws.get(\"alone\" + k, org.hepml.engine.sbi.RatioEstimator.class, \"ratio\")"
        ".rawMemberLogRatios(x, new double[]{-0.7})[0]);\nSystem.out.println(\"members identical: \" + same);")
    if "members identical: true" not in LAST[0]:
        sys.exit("the Spark ensemble's members differ from the members trained alone")
    study = "%infer coverage --simulator galton --truth -0.7 --experiments 20 --events 200 --theta grid(-0.95,-0.45,41) --model there --exact"
    run(study + " --as covHere")
    run(study + " --on spark --as covThere")
    run("var ws2 = org.hepml.engine.api.Hep.hep.workspace();\n"
        "var a = ws2.get(\"covHere\", org.hepml.engine.sbi.CoverageResult.class, \"coverage\"); var b = ws2.get(\"covThere\", org.hepml.engine.sbi.CoverageResult.class, \"coverage\");\n"
        "boolean same = a.labels().equals(b.labels());\nfor (String l : a.labels()) same &= java.util.Arrays.equals(a.curve(l).covered(), b.curve(l).covered())"
        " && java.util.Arrays.equals(a.curve(l).open(), b.curve(l).open());\n"
        "for (String l : a.labels()) for (int e = 0; e < 20; e++) same &= java.util.Arrays.equals(a.curve(l).scans().get(e).logLikelihood(), b.curve(l).scans().get(e).logLikelihood());\nSystem.out.println(\"scans and counts identical: \" + same);")
    if "scans and counts identical: true" not in LAST[0]:
        sys.exit("the Spark coverage study differs from the local one")
    print("ensemble and coverage on Spark through the kernel: identical to here", flush=True)
finally:
    kc.stop_channels(); km.shutdown_kernel(now=False)

"""%events load 'glob' --on spark in the kernel, end to end (docs/SPARK.md): a JJava kernel started by ./hepml with
HEPML_SPARK=1 writes 20 small LHE files (one cut in an event), loads them with one glob here and --on spark (a localhost
cluster of two workers that hepml starts), and the two datasets must be identical column by column, with the bad file
named in both. Needs the jars built (mvn -pl engine,spark,magics,kernel-ext -am package -DskipTests) and the project's
.venv. Usage: .venv/bin/python spark/kernel_load_check.py   (about 2 minutes, not part of ./hepml test)"""
import json, os, tempfile, time, sys
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
kdir, data = tempfile.mkdtemp(), tempfile.mkdtemp()
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
    return LAST[0]

try:
    # the files: e+e- -> mu+mu- with a reweighting weight, 1..20 events each, every other one gzipped; run_007 cut in an event
    run(f"""var dir = java.nio.file.Path.of("{data}");
var rng = new java.util.SplittableRandom(19);
for (int f = 0; f < 20; f++) {{
    var p = dir.resolve(String.format("run_%03d.lhe%s", f, f % 2 == 0 ? ".gz" : ""));
    try (var w = org.hepml.engine.events.io.LheWriter.create(p)) {{
        w.beams(11, -11, 45.6, 45.6).process(1, 1500.0 + f, 3.0, 1.0).weight("rw0001", "b = -0.5", "afb");
        int n = 1 + rng.nextInt(20);
        for (int i = 0; i < n; i++) {{
            double c = rng.nextDouble(-1, 1), s = Math.sqrt(1 - c * c), phi = rng.nextDouble(2 * Math.PI);
            double px = 45.6 * s * Math.cos(phi), py = 45.6 * s * Math.sin(phi), pz = 45.6 * c;
            w.event(1, rng.nextDouble(0.5, 1.5), 91.2, 0.0078, 0.118).particle(11, -1, 0, 0, 0, 0, 0, 0, 45.6, 45.6, 0)
             .particle(-11, -1, 0, 0, 0, 0, 0, 0, -45.6, 45.6, 0).particle(13, 1, 1, 2, 0, 0, px, py, pz, 45.6, 0)
             .particle(-13, 1, 1, 2, 0, 0, -px, -py, -pz, 45.6, 0).namedWeight("rw0001", rng.nextDouble(0.2, 2)).endEvent();
        }}
    }}
    if (f == 7) {{ java.nio.file.Files.delete(p); java.nio.file.Files.writeString(dir.resolve("run_007.lhe"), "<LesHouchesEvents version=\\"3.0\\">\\n<init>\\n11 -11 45.6 45.6 0 0 0 0 3 1\\n1500 3 1 1\\n</init>\\n<event>\\n  4 1 1.0 91.2 0.0078 0.118\\n"); }}
}}
System.out.println("written");""")
    if "written" not in LAST[0]: sys.exit("could not write the files")
    line = f"%events load '{data}/run_*' --observables \"pt(mu1), eta(mu1), m(mu1,mu2)\""
    here = run(line + " --as here")
    there = run(line + " --on spark --as there")
    run("var a = org.hepml.engine.api.Hep.hep.workspace().dataset(\"here\"); var b = org.hepml.engine.api.Hep.hep.workspace().dataset(\"there\");\n"
        "boolean same = a.columnNames().equals(b.columnNames()) && a.size() == b.size();\nfor (String c : a.columnNames()) same &= java.util.Arrays.equals(a.column(c), b.column(c));\n"
        "System.out.println(\"identical: \" + same + \", \" + b.size() + \" events, read on \" + b.metadata().get(\"read on\"));")
    if "identical: true" not in LAST[0] or "read on Spark" not in LAST[0]:
        sys.exit("the Spark load differs from the local one")
    if "run_007.lhe" not in here or "run_007.lhe" not in there or "19 file(s)" not in there:
        sys.exit("the bad file is not named")
    print("kernel load check passed")
finally:
    kc.stop_channels(); km.shutdown_kernel(now=False)

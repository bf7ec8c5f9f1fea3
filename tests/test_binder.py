"""Binder's sequence on a fresh Python environment, as repo2docker runs it: pip install -r binder/requirements.txt
into the environment whose Jupyter serves the notebooks, then binder/postBuild; that Jupyter must list the hepml
kernel and run a notebook through it. (./hepml setup alone installs the kernelspec into .venv, where such a server
does not look.)"""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]

RUN_QUICKSTART = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, kernel_name="hepml", timeout=600, startup_timeout=180).execute()
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
print("errors:", len(errors))
"""


def test_binder_sets_up_a_kernel_that_binders_jupyter_sees(tmp_path):
    env_dir = tmp_path / "server-env"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    py, jupyter = env_dir / "bin" / "python", env_dir / "bin" / "jupyter"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "-r", str(ROOT / "binder" / "requirements.txt")],
                   check=True, stdout=subprocess.DEVNULL)
    # a fresh user (HOME) whose PATH starts with the server's environment, as in the Binder image
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_") and k not in ("VIRTUAL_ENV", "HEPML_JJAVA_JAR")}
    env.update(HOME=str(home), PATH=f"{env_dir / 'bin'}:{os.environ['PATH']}")
    subprocess.run(["bash", str(ROOT / "binder" / "postBuild")], env=env, check=True, stdout=subprocess.DEVNULL)
    listed = subprocess.run([str(jupyter), "kernelspec", "list"], env=env, check=True, capture_output=True, text=True).stdout
    assert any(line.split()[:1] == ["hepml"] for line in listed.splitlines()), listed
    env["HEPML_SIZE"] = "small"
    ran = subprocess.run([str(py), "-c", RUN_QUICKSTART, str(ROOT / "notebooks" / "00-quickstart.ipynb")], env=env,
                         capture_output=True, text=True, timeout=900)
    assert ran.returncode == 0 and "errors: 0" in ran.stdout, ran.stdout + ran.stderr[-3000:]

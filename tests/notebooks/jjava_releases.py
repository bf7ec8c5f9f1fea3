"""The newest JJava release on PyPI, for running the kernel tests against it beside the pinned one.

The kernel script (./hepml kernel) starts whichever jar HEPML_JJAVA_JAR names; this module fetches the newest
jjava wheel (pip download, pre-releases included: every JJava release so far is one) into .cache/jjava and
unpacks its jar once per version.
"""
import pathlib
import subprocess
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "jjava"
JAR_IN_WHEEL = "share/jupyter/kernels/java/jjava.jar"


def newest_jar():
    """(version, path of its jjava.jar) for the newest jjava on PyPI."""
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--pre", "--only-binary", ":all:",
                    "-d", str(CACHE), "jjava"], check=True, stdout=subprocess.DEVNULL)
    wheels = sorted(CACHE.glob("jjava-*.whl"), key=lambda w: _version_key(w.name.split("-")[1]))
    wheel = wheels[-1]
    version = wheel.name.split("-")[1]
    jar = CACHE / version / "jjava.jar"
    if not jar.exists():
        with zipfile.ZipFile(wheel) as z:
            member = next(n for n in z.namelist() if n.endswith(JAR_IN_WHEEL))
            jar.parent.mkdir(parents=True, exist_ok=True)
            jar.write_bytes(z.read(member))
    return version, jar


def _version_key(v):
    from packaging.version import Version
    return Version(v)

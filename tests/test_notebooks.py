"""Every tutorial runs top to bottom through the installed 'hepml' kernel, as a browser would drive it."""
import os

import pytest

import jjava_releases
import run_notebooks

NOTEBOOKS = run_notebooks.notebooks()


def outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield from cell.get("outputs", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_without_errors(path):
    nb = run_notebooks.execute(path, size="small")
    errors = [o for o in outputs(nb) if o.output_type == "error"]
    assert not errors, f"{path.name}: {errors[0].ename}: {errors[0].evalue}"


def test_quickstart_shows_a_histogram_with_a_ratio_panel():
    nb = run_notebooks.execute(run_notebooks.NOTEBOOKS / "00-quickstart.ipynb", size="small")
    figures = [o for o in outputs(nb) if "image/png" in o.get("data", {})]
    assert figures, "the quickstart shows no PNG figure"
    two_panels = [o for o in figures if "2 panel(s)" in o["data"].get("text/plain", "")]
    assert two_panels, "no figure with a ratio panel (main plot + ratio below)"


def test_there_is_a_quickstart():
    assert any(p.name == "00-quickstart.ipynb" for p in NOTEBOOKS)


def test_the_quickstart_runs_on_the_newest_jjava():
    """The pinned JJava runs every notebook above; the newest on PyPI runs the quickstart (and tests/test_kernel.py)."""
    version, jar = jjava_releases.newest_jar()
    os.environ["HEPML_JJAVA_JAR"] = str(jar)  # the kernel inherits it
    try:
        nb = run_notebooks.execute(run_notebooks.NOTEBOOKS / "00-quickstart.ipynb", size="small")
    finally:
        del os.environ["HEPML_JJAVA_JAR"]
    errors = [o for o in outputs(nb) if o.output_type == "error"]
    assert not errors, f"jjava {version}: {errors[0].ename}: {errors[0].evalue}"
    assert any("image/png" in o.get("data", {}) for o in outputs(nb)), f"jjava {version}: the quickstart shows no figure"

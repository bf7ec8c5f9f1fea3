"""What a user sees in JupyterLab itself: the hepml kernel driven from headless Chromium through JupyterLab's own UI.

A JupyterLab server (the project's .venv, the 'hepml' kernel) starts on a free port with a token, Chromium opens a
small notebook, and the test types and clicks as a user would: run a cell (Shift+Enter), press the toolbar's interrupt
button. It checks that a long magic's progress display updates in place (one output whose text changes, not a scroll
of lines), that a figure is rendered as an image, that an error reads as one message without a Java stack trace, that
the interrupt button stops a training within seconds and says what was kept, and that nothing of the interrupted cell
lands in the next one. Screenshots go to build/test-artifacts/browser/ (with the server's log).

Browser and driver are Debian's chromium and chromium-driver (./hepml test installs them); Selenium is pointed at
/usr/bin/chromedriver, so Selenium Manager never runs and nothing is downloaded.
"""
import json
import os
import pathlib
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
ARTIFACTS = ROOT / "build" / "test-artifacts" / "browser"
CHROMIUM, CHROMEDRIVER = pathlib.Path("/usr/bin/chromium"), pathlib.Path("/usr/bin/chromedriver")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is installed by ./hepml test (tests/requirements.txt)")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CELLS = [
    # 0: a training sample (quick)
    '%events simulate galton --theta "uniform(0,2)" --reference 1 --augment --n 4000 --seed 1 --as train',
    # 1: a figure
    "%plot hist train --column x.position --bins 20",
    # 2: a user error
    "%events simulate gaussian --nn 10",
    # 3: a long magic: minutes of training, with a live progress display, to be interrupted
    # (--patience 0: no early stop, so it runs until interrupted even on a fast, quiet machine)
    "%train ratio --data train --method carl --epochs 2000 --batch-size 64 --patience 0 --as lr",
    # 4: the next cell
    "%events list",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a free port with a token, serving a folder with the test notebook."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("Chromium is missing: ./hepml test installs Debian's chromium and chromium-driver")
    home = tmp_path_factory.mktemp("lab")
    notebooks = home / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nb.metadata["kernelspec"] = {"name": "hepml", "display_name": "Java (hepml)", "language": "java"}
    nbformat.write(nb, notebooks / "browser-check.ipynb")
    # no announcement or update toasts over the notebook
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port, token = free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_") and k != "HEPML_JJAVA_JAR"}
    env.update(JUPYTER_PATH=str(VENV / "share" / "jupyter"), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_DATA_DIR=str(home / "data"), HEPML_SIZE="small")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [str(VENV / "bin" / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebooks}", "--LabApp.expose_app_in_browser=True",
         f"--LabApp.user_settings_dir={home / 'settings'}", f"--LabApp.workspaces_dir={home / 'workspaces'}"]
        + (["--allow-root"] if os.geteuid() == 0 else []),  # CI containers run as root
        env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.time() > deadline:
                log.close()
                pytest.fail("JupyterLab did not start:\n" + (ARTIFACTS / "jupyterlab.log").read_text()[-3000:])
            time.sleep(0.5)
    yield url, token
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1300",
                "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def shot(driver, name):
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def code_cells(driver):
    return driver.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel .jp-CodeCell")


def progress_text(driver, i):
    """The text of cell i's progress display, read again while JupyterLab re-renders it (an updated display is a new
    element: one found a moment before can be gone when its text is read)."""
    for _ in range(50):
        try:
            return code_cells(driver)[i].find_element(By.CSS_SELECTOR, ".hepml-progress").text
        except (StaleElementReferenceException, NoSuchElementException):
            time.sleep(0.05)
    raise AssertionError(f"cell {i} shows no progress display that stays long enough to be read")


def prompt(cell):
    return cell.find_element(By.CSS_SELECTOR, ".jp-InputArea-prompt").text.strip()


def outputs(cell):
    return cell.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-child")


def run_cell(driver, index):
    """Clicks into the cell's editor and presses Shift+Enter, as a user runs a cell."""
    cell = code_cells(driver)[index]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    cell.find_element(By.CSS_SELECTOR, ".jp-InputArea-editor").click()
    webdriver.ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
    return cell


def wait_done(driver, index, timeout):
    """Waits until the cell's prompt shows an execution count ([n]), not [*]; returns the cell."""
    WebDriverWait(driver, timeout, poll_frequency=0.2).until(
        lambda d: (lambda p: p.startswith("[") and "*" not in p and p != "[ ]:")(prompt(code_cells(d)[index])))
    return code_cells(driver)[index]


def kernel_status(driver):
    """The notebook's kernel as JupyterLab sees it: 'connected/idle', 'connected/busy', ... (JJava announces no status
    before its first execution, so a fresh kernel reads 'connected/unknown')."""
    return driver.execute_script(
        "const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        "const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;"
        "return k ? k.connectionStatus + '/' + k.status : null;")


def test_jupyterlab_shows_progress_in_place_a_figure_a_readable_error_and_stops_on_interrupt(lab, browser):
    url, token = lab
    driver = browser
    driver.get(f"{url}/lab/tree/browser-check.ipynb?token={token}")
    WebDriverWait(driver, 90).until(lambda d: len(code_cells(d)) == len(CELLS))
    WebDriverWait(driver, 120, poll_frequency=0.5).until(
        lambda d: kernel_status(d) in ("connected/idle", "connected/unknown"))
    shot(driver, "0-opened")

    run_cell(driver, 0)
    wait_done(driver, 0, 120)

    # a figure: an image the browser decoded
    run_cell(driver, 1)
    cell = wait_done(driver, 1, 120)
    images = cell.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output img")
    assert images, "the %plot cell shows no image"
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", images[0]) > 100
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    shot(driver, "1-figure")

    # an error: one readable message, the usage, and no Java stack trace
    run_cell(driver, 2)
    cell = wait_done(driver, 2, 60)
    error = "\n".join(o.text for o in outputs(cell))
    assert "Unknown options: '--nn'" in error and "Usage: %events simulate gaussian" in error, error
    for noise in ("\tat ", "at org.", "java.lang.RuntimeException", "Exception occurred", "EvalException"):
        assert noise not in error, f"the error shows {noise!r}:\n{error}"
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    shot(driver, "2-error")

    # a long magic: one progress display whose text changes, not a growing list of lines
    cell = run_cell(driver, 3)
    WebDriverWait(driver, 120, poll_frequency=0.2).until(
        lambda d: code_cells(d)[3].find_elements(By.CSS_SELECTOR, ".hepml-progress"))
    WebDriverWait(driver, 60, poll_frequency=0.2).until(lambda d: "batches/s" in progress_text(d, 3))
    cell = code_cells(driver)[3]
    first = progress_text(driver, 3)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    shot(driver, "3-progress-first")
    time.sleep(2.5)
    cell = code_cells(driver)[3]
    second = progress_text(driver, 3)
    shot(driver, "4-progress-second")
    assert second != first, f"the progress display did not change in 2.5 s: {first!r}"
    assert len(outputs(cell)) == 1 and len(cell.find_elements(By.CSS_SELECTOR, ".hepml-progress")) == 1, \
        "progress should be one output updated in place, not a scroll: " + repr([o.text for o in outputs(cell)])
    assert "/" in second and "ETA" in second, second

    # the interrupt button stops it within seconds, and the cell says what stopped and what was kept
    button = driver.find_element(By.CSS_SELECTOR, ".jp-NotebookPanel-toolbar [data-command='notebook:interrupt-kernel']")
    pressed = time.time()
    button.click()
    cell = wait_done(driver, 3, 30)
    stopped = time.time() - pressed
    report = "\n".join(o.text for o in outputs(cell))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    shot(driver, "5-interrupted")
    assert stopped < 8, f"the training took {stopped:.1f} s to stop after the interrupt button"
    assert "Interrupted: %train ratio" in report, report
    assert "kept" in report or "nothing was stored" in report, report
    for noise in ("Base64", "lineMagic", "EvaluationInterruptedException"):
        assert noise not in report, f"the interrupt report shows {noise!r}:\n{report}"
    WebDriverWait(driver, 30, poll_frequency=0.2).until(lambda d: kernel_status(d) == "connected/idle")

    # the next cell shows its own output only: nothing of the interrupted training lands there
    run_cell(driver, 4)
    cell = wait_done(driver, 4, 60)
    time.sleep(1)
    listing = "\n".join(o.text for o in outputs(cell))
    shot(driver, "6-next-cell")
    assert "train" in listing and "Training carl" not in listing and "batches" not in listing, listing

    # and the kernel's log has none of the libraries' alarming warnings
    log = (ARTIFACTS / "jupyterlab.log").read_text()
    for warning in ("AutoNonVariableTypeMode", "Writing files is in alpha", "bytes remaining"):
        assert warning not in log, f"the kernel's log has {warning!r}"

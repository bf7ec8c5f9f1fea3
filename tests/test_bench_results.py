"""Every recorded benchmark or validation result is complete and quoted in the README (figures are never typed by hand)."""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
RESULTS = sorted((ROOT / "bench" / "results").glob("*.json"))


def test_every_result_says_when_where_and_under_what_load():
    for f in RESULTS:
        r = json.loads(f.read_text())
        for key in ("name", "date", "commit", "machine", "load_start", "load_end", "figures"):
            assert key in r, f"{f.name} lacks '{key}': record results with bench/record.py"
        assert r["name"] == f.stem, f"{f.name} records '{r['name']}'"
        assert r["machine"].get("cores"), f"{f.name} does not say the machine's cores"


def test_the_readme_quotes_every_result_file():
    readme = (ROOT / "README.md").read_text()
    missing = [f.name for f in RESULTS if f"bench/results/{f.name}" not in readme]
    assert not missing, f"README.md does not quote {missing}: paste the table that bench/summary.py prints"

#!/usr/bin/env python3
"""Aggregates bench/tagging's per-sample and per-training JSON lines (bench/out/tagging) into one JSON line.

compare: per model the mean of 1/eps_B at eps_S = 0.3 and of the AUC over independent (training, test) pairs with the
standard error sd/sqrt(n); the paired margins over the observables MLP (each pair's networks saw the same jets); and the
Tagger's printed over-seed error (PFN, one pair, several seeds) against the spread over independent pairs.
bayes: per shifted sample the mean over trainings of the mean sigma and of sigma/sqrt(mu(1-mu)), their paired
differences to the training range with the error over trainings, and the within-sample error one training quotes
(sd of the jets / sqrt(jets)) against the spread of that training-level mean over trainings.
"""
import glob
import json
import math
import os
import statistics
import sys


def last_json(path):
    lines = [l for l in open(path).read().splitlines() if l.startswith("{")]
    if not lines:
        sys.exit(f"bench/tagging/summarise.py: {path} has no JSON line (that run failed; its stderr says why)")
    return json.loads(lines[-1])


def mean_se(v):
    m = statistics.fmean(v)
    return m, (statistics.stdev(v) / math.sqrt(len(v)) if len(v) > 1 else float("nan"))


def r(x, d=4):
    return round(x, d) if math.isfinite(x) else None


def compare(out, ntrain, ntest, epochs, m):
    samples = [last_json(p) for p in sorted(glob.glob(os.path.join(out, "sample-*.json")))]
    models = [k for k in samples[0] if k not in ("sample", "settings")]
    res = {"train_jets": ntrain, "test_jets": ntest, "samples": len(samples), "epochs": epochs, "particles": m,
           **samples[0]["settings"], "mlp_hidden": [64, 64], "working_point": "eps_S = 0.3"}
    for mod in models:
        rej = [s[mod]["rejection"] for s in samples]
        auc = [s[mod]["auc"] for s in samples]
        mr, er = mean_se(rej)
        ma, ea = mean_se(auc)
        res[mod] = {"rejection": rej, "rejection_mean": r(mr, 2), "rejection_se": r(er, 2), "binomial": [s[mod]["binomial"] for s in samples],
                    "auc": auc, "auc_mean": r(ma, 5), "auc_se": r(ea, 5), "seconds": [s[mod]["seconds"] for s in samples]}
        if "members" in samples[0][mod]:  # an ensemble: the mean of its members' scores
            res[mod]["members"] = samples[0][mod]["members"]
        else:
            res[mod].update({"train_loss": [s[mod]["train_loss"] for s in samples], "validation_loss": [s[mod]["validation_loss"] for s in samples],
                             "best_epoch": [s[mod]["best_epoch"] for s in samples],
                             "curves_sample0": {"train": samples[0][mod]["train_curve"], "validation": samples[0][mod]["validation_curve"]}})
        print(f"{mod:7s} 1/eps_B {mr:7.1f} +- {er:5.1f}   AUC {ma:.4f} +- {ea:.4f}   per sample {', '.join(f'{v:.0f}' for v in rej)}", file=sys.stderr)
    # each particle network against the MLP trained the same way (an ensemble against the MLP ensemble of that size)
    for mod in [k for k in models if not k.startswith("mlp")]:
        ref = "mlp" + mod[mod.index("_ens"):] if "_ens" in mod else "mlp"
        if ref not in samples[0]:
            continue
        d = [s[mod]["rejection"] - s[ref]["rejection"] for s in samples]
        da = [s[mod]["auc"] - s[ref]["auc"] for s in samples]
        md, ed = mean_se(d)
        ma, ea = mean_se(da)
        res[f"margin_{mod}_minus_{ref}"] = {"rejection": d, "mean": r(md, 2), "se": r(ed, 2), "auc_mean": r(ma, 5), "auc_se": r(ea, 5)}
        print(f"margin {mod} - {ref}: 1/eps_B {md:+.1f} +- {ed:.1f}, AUC {ma:+.4f} +- {ea:.4f}", file=sys.stderr)
    init = os.path.join(out, "init.json")
    if os.path.exists(init) and "pfn" in res:
        i = last_json(init)
        indep = statistics.stdev(res["pfn"]["rejection"])
        seeds = statistics.stdev(i["rejection"])
        binom = statistics.fmean(res["pfn"]["binomial"])
        res["pfn_one_pair"] = {**i, "sd_over_seeds": r(seeds, 2), "sd_over_independent_pairs": r(indep, 2), "mean_binomial_per_pair": r(binom, 2)}
        print(f"PFN: sd of 1/eps_B over {i['seeds']} seeds on one pair {seeds:.1f} (the Tagger's error is this / sqrt(seeds)); "
              f"over {len(samples)} independent pairs {indep:.1f}; binomial per pair {binom:.1f}", file=sys.stderr)
    return res


def bayes(out, ntrain, ntest, epochs):
    runs = [last_json(p) for p in sorted(glob.glob(os.path.join(out, "bayes-*.json")))]
    shifts = [k for k in runs[0] if k != "training"]
    res = {"train_jets": ntrain, "test_jets": ntest, "trainings": len(runs), "epochs": epochs, "draws": 30, "trained_on": "pT 550-650 GeV"}
    inside = shifts[0]
    for s in shifts:
        sig = [t[s]["sigma"] for t in runs]
        rel = [t[s]["relative"] for t in runs]
        auc = [t[s]["auc"] for t in runs]
        dsig = [t[s]["sigma"] - t[inside]["sigma"] for t in runs]
        drel = [t[s]["relative"] - t[inside]["relative"] for t in runs]
        # the error one training quotes for its difference (jets only), to set against the spread over trainings
        qd = [math.hypot(t[s]["sigma_se"], t[inside]["sigma_se"]) for t in runs]
        qr = [math.hypot(t[s]["relative_se"], t[inside]["relative_se"]) for t in runs]
        ms, es = mean_se(sig)
        mr, er = mean_se(rel)
        mds, eds = mean_se(dsig)
        mdr, edr = mean_se(drel)
        lg = [t[s]["logit_sigma"] for t in runs]
        dlg = [t[s]["logit_sigma"] - t[inside]["logit_sigma"] for t in runs]
        ql = [math.hypot(t[s]["logit_sigma_se"], t[inside]["logit_sigma_se"]) for t in runs]
        ml, el = mean_se(lg)
        mdl, edl = mean_se(dlg)
        res[s] = {"logit_sigma": lg, "logit_sigma_quoted_se": [t[s]["logit_sigma_se"] for t in runs], "logit_sigma_mean": r(ml, 5),
                  "logit_sigma_se": r(el, 5), "logit_sigma_minus_inside": dlg, "logit_sigma_minus_inside_mean": r(mdl, 5),
                  "logit_sigma_minus_inside_se": r(edl, 5), "quoted_se_of_difference_logit_sigma": r(statistics.fmean(ql), 5),
                  "sd_over_trainings_of_difference_logit_sigma": r(statistics.stdev(dlg), 5) if len(runs) > 1 else None}
        res[s].update({"auc": auc, "sigma": sig, "sigma_quoted_se": [t[s]["sigma_se"] for t in runs], "relative": rel,
                  "relative_quoted_se": [t[s]["relative_se"] for t in runs], "sigma_mean": r(ms, 5), "sigma_se": r(es, 5),
                  "relative_mean": r(mr, 5), "relative_se": r(er, 5), "sigma_minus_inside": dsig, "relative_minus_inside": drel,
                  "sigma_minus_inside_mean": r(mds, 5), "sigma_minus_inside_se": r(eds, 5),
                  "relative_minus_inside_mean": r(mdr, 5), "relative_minus_inside_se": r(edr, 5),
                  "quoted_se_of_difference_sigma": r(statistics.fmean(qd), 5), "quoted_se_of_difference_relative": r(statistics.fmean(qr), 5),
                  "sd_over_trainings_of_difference_sigma": r(statistics.stdev(dsig), 5) if len(runs) > 1 else None,
                  "sd_over_trainings_of_difference_relative": r(statistics.stdev(drel), 5) if len(runs) > 1 else None})
        print(f"{s:13s} AUC {statistics.fmean(auc):.3f}  sigma {ms:.4f} +- {es:.4f} (minus inside {mds:+.4f} +- {eds:.4f})  "
              f"sigma/sqrt(mu(1-mu)) {mr:.4f} +- {er:.4f} (minus inside {mdr:+.4f} +- {edr:.4f}); one training's quoted error of the "
              f"difference {statistics.fmean(qd):.4f} / {statistics.fmean(qr):.4f}, sd over trainings "
              f"{res[s]['sd_over_trainings_of_difference_sigma']} / {res[s]['sd_over_trainings_of_difference_relative']}; "
              f"logit sigma {ml:.3f} +- {el:.3f} (minus inside {mdl:+.3f} +- {edl:.3f}, quoted {statistics.fmean(ql):.3f})", file=sys.stderr)
    return res


if __name__ == "__main__":
    mode, out = sys.argv[1], sys.argv[2]
    args = [int(v) for v in sys.argv[3:]]
    res = compare(out, *args) if mode == "compare" else bayes(out, *args)
    if os.environ.get("LOAD_START"):
        res["load_at_start"] = [float(v) for v in os.environ["LOAD_START"].split()]
    print(json.dumps(res))

#!/usr/bin/env python3
"""Prints the table of recorded benchmark and validation results (bench/results/*.json) that the README quotes.

Usage: python3 bench/summary.py [NAME ...]
A result's headline is its figures' "headline" string when the run wrote one, else its ratio / ours / peer fields.
"""
import json
import math
import pathlib
import sys

RESULTS = pathlib.Path(__file__).resolve().parent / "results"


def mining_gold(f):
    i = f["sizes"].index(1000) if 1000 in f["sizes"] else 0
    m = f["methods"]
    cells = ", ".join(f"{k} {m[k]['mean'][i]:.4f} ± {m[k]['standard_error'][i]:.4f}" for k in ("carl", "rolr", "alice", "rascal", "alices")
                      if k in m)
    return (f"Galton board, error of log r̂ at N = {f['sizes'][i]} training events ({f['seeds']} seeds, mean ± s.e.): {cells}; "
            f"constant guess {f['constant_guess']:.4f}")


def unfolding_uncertainty(f):
    c = {x["quantity"]: x for x in f["comparisons"]}
    parts = [f"{q} {c[q]['ratio']:.2f} ± {c[q].get('ratio_error', float('nan')):.2f}" for q in ("mean", "width") if q in c]
    return (f"OmniFold bootstrap error / actual spread over {f['data_sets']} pseudo-data sets ({f['events']} + {f['events']} "
            f"events): " + ", ".join(parts))


def bnn_uncertainty(f):
    b, a = f["before_100_epochs"], f["after_600_epochs"]
    return (f"BNN regression, rms pull of the true mean against σ_epistemic inside the data over {a['trainings']} trainings: "
            f"{a['rms_pull_inside']:.2f} ± {a['rms_pull_inside_se']:.2f} (68% coverage {a['coverage68_inside']:.2f}); "
            f"before the longer training {b['rms_pull_inside']:.2f}; for x in ±[3, 3.5] {a['rms_pull_far_3_3.5']:.0f} (no coverage off the data)")


def coverage(f):
    parts = []
    for sim in ("galton", "ee_mumu"):
        if sim not in f:
            continue
        g = f[sim]
        cells = []
        for m in ("exact", "carl", "alices", "sally"):
            if m in g:
                c68, c95 = g[m]["0.683"], g[m]["0.950"]
                opened = c68["open"] + c95["open"]
                cells.append(f"{m} {c68['covered']}/{c95['covered']}" + (f" ({opened} open)" if opened else ""))
        parts.append(f"{sim.replace('_', '->')} (68.3%/95% of {f['experiments']} experiments, {g['events']} events each): "
                     + ", ".join(cells))
    return "two-sided coverage of Wilks intervals, " + "; ".join(parts)


# a result whose figures carry no "headline" string gets one from these (by result name)
def omnifold_step2_split(f):
    return ("OmniFold step 2 with both copies of an event on one side of the validation split (a quarter held out, "
            f"{f['seeds']} seeds, {f['events']} events): grouped minus random split, unfolded mean "
            f"{f['diff_mean']:+.4f} ± {f['diff_mean_se']:.4f}, width {f['diff_width']:+.4f} ± {f['diff_width_se']:.4f}")


def loading(f):
    h, r = f["hepml"], f["ratios"]
    w = h["all-cores_warm"]
    return (f"LHE loading ({f['events']} events, {f['file_bytes'] / 1e6:.0f} MB, {f['cores']} cores): warm {w['mb_per_s']:.0f} MB/s, "
            f"{w['mb_per_cpu_s']:.0f} MB per CPU-s (cold {h['all-cores_cold']['mb_per_cpu_s']:.0f}); per CPU-second "
            f"{r['vs_awkward_per_cpu_s']:.1f}x {f['peer']}'s to_awkward and {r['vs_iterator_per_cpu_s']:.1f}x its iterator")


def loading_parallel(f):
    quiet = "a quiet machine emulated (both sides at real-time priority)" if f.get("realtime") else "the shared machine"
    return (f"LHE loading in parallel on {f['cores']} cores against one ({f['events']} events, {f['file_bytes'] / 1e6:.0f} MB, {quiet}): "
            f"{f['speedup_wall']:.2f}x wall, warm {f['one_core_warm']['mb_per_s']:.0f} -> {f['all_cores_warm']['mb_per_s']:.0f} MB/s")


def loading_identical(f):
    return f"every column and particle of {f['identical']} of {f['files']} test files bit-identical to the reader at the branch point"


def loading_regression(f):
    return (f"LHE loading now against {f['peer']} (the commit before the issue-14 reader checks), {f['rounds']} alternating "
            f"rounds, medians: {f['ours_events_per_s']} vs {f['peer_events_per_s']} events/s, ratio {f['ratio']:.2f}")


def training(f):
    cells = []
    for r in f["results"]:
        cpu = f", {r['cpu_ratio']:.2f} per CPU-s" if "cpu_ratio" in r else ""
        phases = f" (first epoch {r['ratio_first']:.2f}, warm {r['ratio_warm']:.2f})" if "ratio_warm" in r else ""
        cells.append(f"{r['setting']} batch {r['batch']} ({r['threads_hepml_torch']} threads): {r['ratio']:.2f}{phases}{cpu}")
    return "MLP training samples/s, hepml / PyTorch: " + "; ".join(cells)


def training_quiet(f):
    return "On a quiet machine (emulated: both peers at real-time priority, bench/training/run.sh BENCH_REALTIME=1): " + training(f)


def ensemble(f):
    def threads(r):
        if r["threads"] == "default":
            used = r.get("threads_used") or {}
            return f"default settings, {used.get('fused', '?')} thread(s) fused / {used.get('sequential', '?')} one after another"
        return f"{r['threads']} thread{'s' if r['threads'] > 1 else ''}"
    cells = [f"{r['case']} ({threads(r)}) {r['ratio']:.2f}" for r in f["results"]]
    return "5-member ensemble trained fused / one after the other, wall time (< 1: fused is faster): " + ", ".join(cells)


def spark(f):
    return (f"{f['replicas']} OmniFold bootstrap replicas as Spark tasks on a localhost cluster, 1 vs 2 workers of one core "
            f"(medians of {f['rounds']} alternating rounds): {f['one_worker_s']:.1f} s vs {f['two_workers_s']:.1f} s, speed-up "
            f"{f['speedup']:.2f} (executors' CPU {f['one_worker_cpu_s']:.1f} s vs {f['two_workers_cpu_s']:.1f} s); weights identical: "
            f"{'yes' if f['identical_weights'] else 'NO'}")


def clustering(f):
    cells = [f"{r['definition'].replace('_', ' R=')} {r['ratio_per_cpu_s']:.2f}" for r in f["results"]]
    return (f"Jet clustering vs {f['peer']} on {f['events']} events of {f['particles_per_event']:.0f} particles: "
            f"{f['identical_jets']}/{f['jets']} jets identical (constituents, four-momenta to 1e-9); "
            f"events per CPU-second, hepml / FastJet: " + ", ".join(cells))


def clustering_memory(f):
    return (f"{f['worst_case_jets']:,} jets x {f['worst_case_constituents']} constituents as jagged four-momenta: "
            f"{f['worst_case_heap_gb']:.2f} GB of a {f['max_heap_gb']:.1f} GB default heap; {f['simulated_jets']:,} simulated top/QCD jets "
            f"({f['simulated_particles'] / f['simulated_jets']:.0f} particles on average, at most {f['simulated_max_constituents']}): "
            f"{f['simulated_heap_gb']:.2f} GB, {f['simulated_seconds']:.0f} s")


def jagged_memory(f):
    return (f"Particle lists as a Dataset's jagged columns: {f['worst_case_jets']:,} jets x {f['worst_case_constituents']} constituents x 4 "
            f"features {f['worst_case_heap_gb']:.2f} GB ({f['worst_case_bytes_per_constituent']:.1f} B per constituent) of a "
            f"{f['max_heap_gb']:.1f} GB default heap; {f['loaded_jets']:,} jets padded to 100 loaded from HDF5 "
            f"({f['loaded_constituents']:,} constituents): {f['loaded_heap_gb']:.2f} GB kept, {f['loading_peak_heap_gb']:.2f} GB peak")


def flows(f):
    return (f"Spline-flow training ({f['transforms']} transforms x {f['bins']} bins, batch {f['batch']}, 1 thread), samples/s hepml / zuko: "
            f"{f['hepml_samples_per_s']:,} / {f['zuko_samples_per_s']:,} = {f['ratio']:.2f}; mean -log p {f['hepml_nll']:.3f} vs {f['zuko_nll']:.3f}")


def flows_mining_gold(f):
    return (f"ee->mumu, error of log p̂ at N = {f['events']} ({f['seeds']} seeds, mean ± sd): NDE {f['nde_error_mean']:.4f} ± {f['nde_error_sd']:.4f}, "
            f"SCANDAL {f['scandal_error_mean']:.4f} ± {f['scandal_error_sd']:.4f}; ln-gap {f['ln_gap_in_se']:.1f} combined s.e.")


HEADLINES = {"spark": spark, "clustering": clustering, "clustering-memory": clustering_memory, "jagged-memory": jagged_memory, "flows": flows, "flows-mining-gold": flows_mining_gold,
             "ensemble": ensemble, "ensemble-quiet": lambda f: "On a quiet machine (emulated: both sides at real-time priority): " + ensemble(f), "loading": loading, "loading-parallel": loading_parallel, "loading-parallel-quiet": loading_parallel, "loading-identical-to-branch-point": loading_identical, "loading-regression": loading_regression, "training": training, "training-quiet": training_quiet, "training-quiet-2": lambda f: "Again at real-time priority, 3 rounds at load 1-4 (the test suite running on the other core): " + training(f), "training-quiet-3": lambda f: "At real-time priority after the thread probe's fix (issue 15: probes there and back, more threads must win nearly every pair of steps, a first choice confirmed by a second probe, probes during JIT compilation not confirming), 3 rounds at load 1.2-2.6 (the run itself; the 1-thread rows moved 1.14 -> 0.89 between two such runs): " + training(f), "training-one-core": lambda f: "Both peers pinned to one core (taskset; loaded machine, per CPU-second the steadier figure): " + training(f),
             "omnifold-step2-split": omnifold_step2_split, "coverage": coverage, "mining-gold": mining_gold, "unfolding-uncertainty": unfolding_uncertainty, "bnn-uncertainty": bnn_uncertainty}


def gpu_training(f):
    cells = [f"batch {b['batch']}: {b['ratio_hepml_over_torch']:.2f}, largest loss difference {max(b['loss_abs_diff']):.1e}" for b in f["batches"]]
    return (f"GPU check on {f.get('gpu') or f['device']} (bundle, JNI built there against its torch): MLP samples/s hepml / PyTorch, "
            + "; ".join(cells) + f"; losses {'agree' if f['losses_agree'] else 'DISAGREE'} within float tolerance")


def gpu_bundle_here(f):
    return (f"GPU path proven on this CPU: DJL's JNI built against pip torch {f['torch']}, "
            f"{f['tests'] - f['failures'] - f['errors']}/{f['tests']} engine network tests pass on it without DJL's natives jars; "
            f"GPU check on the CPU: largest loss difference hepml vs PyTorch {max(f['loss_abs_diff']):.1e} (tolerance {min(f['tolerance']):.0e}); "
            f"bundle {f['bundle_bytes'] / 2**20:.1f} MiB (limit 64)")


def omnifold_replicas(f):
    quiet = " (a quiet machine emulated: real-time priority)" if "real-time" in " ".join(f.get("load", [])) else ""
    return (f"OmniFold replicas in step, classifiers fused per step, against one after another{quiet} ({f['setup'].split(' ', 2)[2]}): "
            f"{f['ratio']:.2f}x the wall time (process CPU {f['process_cpu_ratio']:.2f}x), final weights agree to {f['weights_agreement']:.0e}")


HEADLINES.update({"omnifold-replicas": omnifold_replicas, "omnifold-replicas-quiet": omnifold_replicas})
HEADLINES.update({"gpu-training": gpu_training, "gpu-bundle-here": gpu_bundle_here})


def pfn(f):
    return (f"PFN training (Phi 3-64-64-32, F 32-64-64-1) on {f['jets']} top/QCD jets x {f['particles']} particles, {f['epochs']} epochs, "
            f"batch {f['batch']}, 1 thread: time hepml / PyTorch {f['ratio']:.2f} (median over rounds "
            f"{', '.join(f'{r:.2f}' for r in f['ratio_per_round'])}); last-epoch loss {f['loss_hepml']:.3f} vs {f['loss_torch']:.3f}")


HEADLINES["pfn"] = pfn


def tagging_compare(f):
    labels = {"mlp": "MLP", "efn": "EFN", "pfn": "PFN", "pfn_pt": "PFN (pT in GeV)", "mlp_ens3": "MLP x3", "pfn_ens3": "PFN x3",
              "pfn_rich": "PFN (z, y, phi, ln z, r)", "pfn_kin": "PFN (z, y, phi, ln z, delta R, ln pT)"}
    models = [k for k in f if isinstance(f[k], dict) and "rejection_mean" in f[k]]
    parts = [f"{labels.get(m, m)} {f[m]['rejection_mean']:.0f} +- {f[m]['rejection_se']:.0f} (AUC {f[m]['auc_mean']:.4f})" for m in models]
    margins = [f"{k[len('margin_'):].replace('_minus_', ' - ')} {v['mean']:+.0f} +- {v['se']:.0f}" for k, v in f.items() if k.startswith("margin_")]
    setting = [] if f.get("simulator", "default") == "default" else [f"simulator '{f['simulator']}'"]
    if f.get("particles") not in (None, 40):
        setting.append(f"{f['particles']} particles")
    if f.get("patience") not in (None, 5):
        setting.append(f"patience {f['patience']}" if f["patience"] else "no early stopping")
    if f.get("latent") not in (None, 32):
        setting.append(f"PFN Phi {f['phi']}, latent {f['latent']}, F {f['f']}")
    return (f"Top tagging, 1/eps_B at eps_S = 0.3 over {f['samples']} independent samples of {f['train_jets']} training jets, {f['epochs']} epochs"
            + (f" ({'; '.join(setting)})" if setting else "") + ": " + ", ".join(parts) + ("; " + "; ".join(margins) if margins else ""))


def tagging_info(f):
    more = f" (multiplicity {f['gain_multiplicity'][0]:+.0f} +- {f['gain_multiplicity'][1]:.0f})" if "gain_multiplicity" in f else ""
    if "gain_scale_free" in f:
        more += f"; m and m_SD divided by the jet pT {f['gain_scale_free'][0]:+.0f} +- {f['gain_scale_free'][1]:.0f}"
    if "gain_jet_pt" in f:
        more += f"; plus the jet pT {f['gain_jet_pt'][0]:+.0f} +- {f['gain_jet_pt'][1]:.0f}"
    sim = "" if f.get("simulator", "default") == "default" else f", simulator '{f['simulator']}'"
    return (f"Top tagging information, MLPs ({f['train_jets']} training jets, {f['samples']} samples{sim}): mass {f['m']['rejection_mean']:.0f} +- "
            f"{f['m']['rejection_se']:.0f}, five observables {f['five_observables']['rejection_mean']:.0f} +- {f['five_observables']['rejection_se']:.0f}, "
            f"adding the subjet pair masses {f['gain_pair_masses'][0]:+.0f} +- {f['gain_pair_masses'][1]:.0f}" + more)


def tagging_bayes(f):
    a, b = f["pt_1000_1200"], f["pt_1600_2000"]
    return (f"Bayesian PFN over {f['trainings']} trainings: mean sigma at pT 1000-1200 minus inside {a['sigma_minus_inside_mean']:+.4f} +- "
            f"{a['sigma_minus_inside_se']:.4f}; sigma/sqrt(mu(1-mu)) {a['relative_minus_inside_mean']:+.3f} +- {a['relative_minus_inside_se']:.3f} "
            f"(1600-2000: {b['relative_minus_inside_mean']:+.3f} +- {b['relative_minus_inside_se']:.3f})")


HEADLINES.update({"tagging-bayes": tagging_bayes})


def cathode_auc_error(f):
    # the combined error's own precision: the training-seed sd is estimated too (its share of the combined variance)
    comb, seed = f["delong_plus_seed"], f["training_seed_sd"]
    rel = math.hypot(f["ratio_delong_error"] / f["ratio_actual_over_delong"], seed * f["training_seed_sd_error"] / comb ** 2)
    f = dict(f, combined_error=f["ratio_actual_over_delong_plus_seed"] * rel)
    return (f"CATHODE AUC: actual sd over {f['data_sets']} data sets ({f['events']} events, {f['mean_signal_events']:.0f} signal in the SR) "
            f"{f['auc_sd_actual']:.4f} ± {f['auc_sd_actual_error']:.4f}; actual / error: DeLong {f['ratio_actual_over_delong']:.2f} ± "
            f"{f['ratio_delong_error']:.2f}, DeLong ⊕ training seeds {f['ratio_actual_over_delong_plus_seed']:.2f} ± {f['combined_error']:.2f}, "
            f"Hanley-McNeil {f['ratio_actual_over_hanley_mcneil']:.2f} ± {f['ratio_hm_error']:.2f}")


def particle_unfolding_uncertainty(f):
    c = {x["quantity"]: x for x in f["comparisons"]}
    parts = [f"{q} {c[q]['ratio']:.2f} ± {c[q]['ratio_error']:.2f}" for q in ("mean", "width", "D gain x1e3") if q in c]
    return (f"particle-level OmniFold (PFN) bootstrap error / actual spread over {f['data_sets']} pseudo-data sets ({f['events']} jets), "
            f"leading-jet mass: " + ", ".join(parts).replace("D gain x1e3", "triangular-discriminator gain"))


HEADLINES["cathode-auc-error"] = cathode_auc_error
HEADLINES["particle-unfolding-uncertainty"] = particle_unfolding_uncertainty
HEADLINES["particle-unfolding-uncertainty-40"] = lambda f: particle_unfolding_uncertainty(f) + (
    ", lowest bin (0-20 GeV) " + next(f"{x['ratio']:.2f} ± {x['ratio_error']:.2f}" for x in f["comparisons"] if x["quantity"] == "bin 0-20"))


def headline(figures, name=""):
    if isinstance(figures.get("headline"), str):
        return figures["headline"]
    # every tagging comparison and information run, whatever its size tag
    fn = HEADLINES.get(name) or (tagging_compare if name.startswith("tagging-compare") else tagging_info if name.startswith("tagging-info") else None)
    if fn:
        try:
            return fn(figures)
        except (KeyError, IndexError, TypeError, ValueError):
            return "see the file"
    parts = [f"{k}={figures[k]}" for k in ("ratio", "ours", "peer") if k in figures]
    return ", ".join(parts) if parts else "see the file"


def main():
    names = sys.argv[1:]
    files = sorted(RESULTS.glob("*.json")) if not names else [RESULTS / f"{n}.json" for n in names]
    print("| result | what it shows | date | machine | load (start → end) |")
    print("| --- | --- | --- | --- | --- |")
    for f in files:
        r = json.loads(f.read_text())
        m = r.get("machine", {})
        load = f"{r['load_start'][0]:.1f} → {r['load_end'][0]:.1f}"
        if r.get("note"):  # e.g. figures recorded after the run: the note says under what load it really ran
            load += f" ({r['note']})"
        print(f"| [`{f.name}`](bench/results/{f.name}) | {headline(r['figures'], r['name'])} | {r['date'][:10]} | "
              f"{m.get('cpu', '?')}, {m.get('cores', '?')} cores | {load} |")


if __name__ == "__main__":
    main()

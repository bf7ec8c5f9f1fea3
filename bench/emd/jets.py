"""Random jet pairs for checking hepml's energy mover's distance against the `energyflow` package.

A jet here is what the EMD sees: particles with a weight (pT) at (y, phi). Jets have one to three prongs around an
axis with Gaussian spread, pT falling like a power law, and are written with 6 significant digits so that the text
file and the peer's computation hold the very same numbers. Pairs vary R, beta, normalisation and whether the two
jets share an axis; some axes sit at phi ~ 0 = 2 pi and some pairs are far apart in phi, so the azimuth wrap matters.
"""
import math

import numpy as np

RADII = (0.4, 0.8, 1.0, 1.5)
BETAS = (0.5, 1.0, 2.0)


def _round(a):
    return np.array([float(f"{x:.6g}") for x in a])


def random_jet(rng, n, y0, phi0, spread):
    prongs = rng.integers(1, 4)
    share = rng.dirichlet(np.ones(prongs))
    centres = rng.normal(0.0, spread, size=(prongs, 2))
    which = rng.choice(prongs, size=n, p=share)
    y = y0 + centres[which, 0] + rng.normal(0.0, spread / 3, n)
    phi = phi0 + centres[which, 1] + rng.normal(0.0, spread / 3, n)
    pt = 5.0 * (rng.pareto(2.5, n) + 0.05)
    return _round(pt), _round(y), _round(np.mod(phi, 2 * math.pi))


def random_pairs(seed, pairs, min_particles, max_particles):
    """[(R, beta, norm, (pt, y, phi), (pt, y, phi))], sizes uniform in [min, max]."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(pairs):
        R = RADII[k % len(RADII)]
        beta = BETAS[(k // len(RADII)) % len(BETAS)]
        norm = k % 5 == 4
        y0 = rng.uniform(-2, 2)
        phi0 = 0.05 if k % 6 == 0 else rng.uniform(0, 2 * math.pi)  # every sixth pair straddles phi = 0
        far = k % 7 == 3  # the second jet elsewhere: most of the distance is the azimuth wrap or the R cap
        jets = []
        for side in range(2):
            n = int(rng.integers(min_particles, max_particles + 1))
            dy, dphi = (rng.uniform(-1.5, 1.5), rng.uniform(2.5, 3.8)) if far and side == 1 else (0.0, 0.0)
            jets.append(random_jet(rng, n, y0 + dy, phi0 + dphi, R / 3))
        out.append((R, beta, norm, jets[0], jets[1]))
    return out


def peer_emd(pair):
    """energyflow.emd (the Wasserstein library's network simplex) and energyflow.emd_pot (POT's ot.emd)."""
    import energyflow as ef
    if not hasattr(ef.emd, "_emd_c"):
        # energyflow 1.4 imports POT's solver from where POT < 0.9.5 kept it, and defines emd_pot's entry point
        # only when emds() has run once: hand it the same solver from where POT 0.9.7 keeps it
        from ot.lp.emd_wrap import emd_c, check_result
        ef.emd._emd_c = lambda a, b, c, d: emd_c(a, b, c, d, 1)
        ef.emd.check_result = check_result
    R, beta, norm, a, b = pair
    ev0, ev1 = np.column_stack(a), np.column_stack(b)
    return (ef.emd.emd(ev0, ev1, R=R, beta=beta, norm=norm, periodic_phi=True),
            ef.emd.emd_pot(ev0, ev1, R=R, beta=beta, norm=norm, periodic_phi=True))


def write_pairs(path, pairs, emds=None, header=()):
    """One 'P R beta norm [emd_energyflow emd_pot]' line per pair, then one 'J pt y phi pt y phi ...' line per jet."""
    with open(path, "w") as f:
        for h in header:
            f.write(f"# {h}\n")
        for k, (R, beta, norm, a, b) in enumerate(pairs):
            f.write(f"P {R!r} {beta!r} {int(norm)}")
            if emds is not None:
                f.write(" " + " ".join(repr(float(x)) for x in emds[k]))
            f.write("\n")
            for jet in (a, b):
                f.write("J " + " ".join(f"{p!r} {y!r} {phi!r}" for p, y, phi in zip(*jet)) + "\n")

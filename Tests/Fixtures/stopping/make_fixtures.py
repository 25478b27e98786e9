"""Writes paired_stopping.json: scipy's one-sided paired tests on fold scores, for Tests/Stopping.

Run with Debian's scipy (apt-get install python3-scipy): /usr/bin/python3 make_fixtures.py
Each case is a trial's fold scores and the incumbent's (trial 0). For every prefix of n >= 2 folds it records scipy's
p-value of "trial < incumbent" (ttest_rel and wilcoxon with alternative 'less', zero_method 'wilcox', no continuity
correction; Wilcoxon exact without zeros and ties for n <= 50, the normal approximation with tie correction otherwise,
as Grid.Learning's PairedTests chooses) and whether the paired rule must stop the trial at level alpha: the incumbent
is the trial with the higher mean (trial 0 on a tie) and p < alpha.

With alpha spending (the rule's "spending"), each look at n shared folds of K is tested at the increment of Lan and
DeMets' spending function since the previous fold (the first look, at minFolds, at all that is spent by then):
Pocock-type alpha * ln(1 + (e - 1) * t), O'Brien-Fleming-type 2 * P(Z >= z_{alpha/2} / sqrt(t)), t = n / K, from
scipy.stats.norm. "spending" lists those levels; each prefix's "tStopsSpent"/"wStopsSpent" say whether the rule stops
the trial at each function and alpha, for its 5 folds and minFolds 2.
"""
import json
import warnings

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261202)
ALPHAS = [0.05, 0.1, 0.2]
SPENDING = ["pocock", "obrien-fleming"]
FOLDS = 5
MIN_FOLDS = 2


def spent(function, alpha, t):
    if function == "pocock":
        return alpha * np.log(1 + (np.e - 1) * t)
    return 2 * stats.norm.sf(stats.norm.isf(alpha / 2) / np.sqrt(t))


def level(function, alpha, n, folds, min_folds):
    now = spent(function, alpha, min(n, folds) / folds)
    return float(now if n == min_folds else now - spent(function, alpha, (n - 1) / folds))


def wilcoxon_less(a, b):
    d = np.subtract(a, b)
    nonzero = d[d != 0]
    if len(nonzero) == 0:
        return None, None
    ties = len(np.unique(np.abs(nonzero))) < len(nonzero)
    method = "exact" if (len(nonzero) == len(d) and not ties and len(d) <= 50) else "approx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = stats.wilcoxon(a, b, zero_method="wilcox", correction=False, alternative="less", method=method)
    return float(w.statistic), float(w.pvalue)


def number(value):
    """JSON has no NaN or infinity: scipy's undefined p-values (every difference zero) and infinite t (every difference equal) are null."""
    return None if value is None or not np.isfinite(value) else float(value)


def case(name, trial, incumbent):
    trial = [float(v) for v in trial]
    incumbent = [float(v) for v in incumbent]
    prefixes = []
    for n in range(2, len(trial) + 1):
        a, b = trial[:n], incumbent[:n]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = stats.ttest_rel(a, b, alternative="less")
        w, wp = wilcoxon_less(a, b)
        other_leads = np.mean(b) >= np.mean(a)
        prefixes.append({
            "folds": n,
            "t": number(t.statistic), "tP": number(t.pvalue),
            "w": number(w), "wP": number(wp),
            "incumbentIsOther": bool(other_leads),
            "tStops": [bool(other_leads and t.pvalue < alpha) for alpha in ALPHAS],
            "wStops": [bool(other_leads and wp is not None and wp < alpha) for alpha in ALPHAS],
            "tStopsSpent": {f: [bool(other_leads and t.pvalue < level(f, alpha, n, FOLDS, MIN_FOLDS)) for alpha in ALPHAS] for f in SPENDING},
            "wStopsSpent": {f: [bool(other_leads and wp is not None and wp < level(f, alpha, n, FOLDS, MIN_FOLDS)) for alpha in ALPHAS] for f in SPENDING},
        })
    return {"name": name, "trial": trial, "incumbent": incumbent, "prefixes": prefixes}


cases = [
    case("clearly worse on every fold", [0.61, 0.63, 0.60, 0.64, 0.62], [0.70, 0.71, 0.69, 0.72, 0.705]),
    case("slightly worse, noisy", [0.695, 0.712, 0.688, 0.701, 0.690], [0.700, 0.705, 0.699, 0.710, 0.702]),
    case("better: the trial is the incumbent", [0.75, 0.76, 0.74, 0.77, 0.78], [0.70, 0.71, 0.69, 0.72, 0.73]),
    case("a tie among the differences", [0.60, 0.65, 0.62, 0.66, 0.61], [0.70, 0.75, 0.70, 0.71, 0.69]),
    case("a zero difference", [0.70, 0.65, 0.62, 0.66, 0.61], [0.70, 0.75, 0.70, 0.71, 0.69]),
    case("every difference zero", [0.7, 0.7, 0.7, 0.7, 0.7], [0.7, 0.7, 0.7, 0.7, 0.7]),
    case("worse but one fold better", [0.66, 0.72, 0.64, 0.65, 0.63], [0.70, 0.69, 0.70, 0.71, 0.69]),
]
for i in range(8):
    incumbent = rng.uniform(0.6, 0.8, 5).round(3)
    trial = (incumbent - rng.normal(0.015 * i, 0.02, 5)).round(3)
    cases.append(case(f"random {i}", trial, incumbent))

spending = [
    {"function": f, "alpha": alpha, "folds": folds, "minFolds": m,
     "levels": [level(f, alpha, n, folds, m) for n in range(m, folds + 1)]}
    for f in SPENDING for alpha in ALPHAS + [0.025] for folds in (2, 5, 10) for m in (2, 3) if m <= folds
]

with open("paired_stopping.json", "w") as out:
    json.dump({"scipy": scipy.__version__, "alphas": ALPHAS, "folds": FOLDS, "minFolds": MIN_FOLDS, "spending": spending, "cases": cases}, out, indent=1)

"""Writes paired_tests.json and special_functions.json: reference values from scipy for Tests/Analysis.

Run with Debian's scipy (apt-get install python3-scipy): /usr/bin/python3 make_fixtures.py
Wilcoxon uses the exact null distribution when there are no zero differences, no ties and n <= 50, the normal
approximation with tie correction otherwise (zero_method 'wilcox', no continuity correction), as Grid.Learning does.
"""
import json
import warnings

import numpy as np
import scipy
from scipy import special, stats

rng = np.random.default_rng(20221122)


def case(name, a, b):
    a = [float(v) for v in a]
    b = [float(v) for v in b]
    d = np.subtract(a, b)
    nonzero = d[d != 0]
    ties = len(np.unique(np.abs(nonzero))) < len(nonzero)
    method = "exact" if (len(nonzero) == len(d) and not ties and len(d) <= 50) else "approx"
    t = stats.ttest_rel(a, b)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = stats.wilcoxon(a, b, zero_method="wilcox", correction=False, alternative="two-sided", method=method)
    return {
        "name": name, "a": a, "b": b,
        "t": float(t.statistic), "tP": float(t.pvalue),
        "w": float(w.statistic), "wP": float(w.pvalue), "wExact": method == "exact",
    }


folds10_a = rng.uniform(0.70, 0.80, 10).round(4)
folds10_b = (folds10_a - rng.normal(0.02, 0.02, 10)).round(4)
corn = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
big_a = rng.normal(0.5, 0.1, 60)
big_b = big_a + rng.normal(0.01, 0.05, 60)
cases = [
    case("five folds with a tie, approximate", [0.712, 0.698, 0.731, 0.705, 0.722], [0.701, 0.703, 0.709, 0.690, 0.711]),
    case("five folds, exact", [0.712, 0.698, 0.731, 0.705, 0.722], [0.7, 0.703, 0.709, 0.69, 0.713]),
    case("ten folds, exact", folds10_a, folds10_b),
    case("corn heights against zero, exact", corn, [0] * len(corn)),
    case("tied differences, approximate", [0.70, 0.72, 0.74, 0.71, 0.69, 0.75, 0.73, 0.68], [0.68, 0.70, 0.71, 0.72, 0.70, 0.70, 0.70, 0.66]),
    case("zero differences dropped, approximate", [0.80, 0.81, 0.79, 0.83, 0.78, 0.82, 0.80, 0.84, 0.77, 0.85, 0.81, 0.79],
         [0.80, 0.79, 0.79, 0.80, 0.76, 0.82, 0.81, 0.80, 0.75, 0.81, 0.80, 0.72]),
    case("sixty pairs, approximate", big_a, big_b),
    case("winner never loses, exact", [0.9, 0.91, 0.92, 0.93, 0.94, 0.95], [0.8, 0.805, 0.81, 0.8125, 0.815, 0.82]),
]

beta_args = [(0.3, 2.0, 3.0), (0.5, 0.5, 0.5), (0.01, 10.0, 0.5), (0.999, 4.5, 0.5), (0.7, 150.0, 200.0), (0.2, 1.0, 1.0)]
t_args = [(2.1, 4), (0.3, 9), (-5.2, 2), (12.0, 29), (1.0, 1), (0.0, 7)]
normal_args = [0.0, 0.5, 1.96, -1.3, 4.0, 8.5]
gamma_args = [0.5, 1.0, 3.7, 10.0, 0.1, 171.3]
special_functions = {
    "betainc": [{"x": x, "a": a, "b": b, "value": float(special.betainc(a, b, x))} for x, a, b in beta_args],
    "tTwoSided": [{"t": t, "df": df, "value": float(2 * stats.t.sf(abs(t), df))} for t, df in t_args],
    "normalSurvival": [{"z": z, "value": float(stats.norm.sf(z))} for z in normal_args],
    "logGamma": [{"x": x, "value": float(special.gammaln(x))} for x in gamma_args],
}

with open("paired_tests.json", "w") as f:
    json.dump({"scipy": scipy.__version__, "cases": cases}, f, indent=1)
with open("special_functions.json", "w") as f:
    json.dump({"scipy": scipy.__version__, **special_functions}, f, indent=1)

"""Writes mcnemar.json: scipy's exact one-sided McNemar test, for Tests/Analysis/McNemarTestTests.cs and the paired
rule's first-fold look (Tests/Stopping/FirstFoldLookTests.cs).

Run with Debian's scipy (apt-get install python3-scipy): /usr/bin/python3 make_mcnemar_fixtures.py
"binomial": for "against" of "discordant" clips, scipy.stats.binomtest(against, discordant, 0.5, alternative="greater")
(the p-value of "the first classifier is worse"). "clips": two classifiers' right/wrong on the same clips (1 = right),
the discordant counts and that p-value for "trial worse than incumbent".
"""
import json

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261203)


def p_worse(against, discordant):
    return float(stats.binomtest(against, discordant, 0.5, alternative="greater").pvalue)


binomial = []
for n in (1, 2, 3, 5, 10, 25, 60, 200, 873):
    for k in sorted({0, 1, n // 4, n // 2, (2 * n) // 3, (3 * n) // 4, n - 1, n}):
        if 0 <= k <= n:
            binomial.append({"against": k, "discordant": n, "p": p_worse(k, n)})

clips = []
for i, (n, trial_rate, incumbent_rate) in enumerate([(60, 0.10, 0.50), (60, 0.40, 0.50), (60, 0.45, 0.47), (61, 0.25, 0.55),
                                                      (873, 0.50, 0.55), (873, 0.30, 0.60), (15, 0.2, 0.33), (8, 0.5, 0.5)]):
    incumbent = (rng.random(n) < incumbent_rate).astype(int)
    trial = (rng.random(n) < trial_rate).astype(int)
    only_incumbent = int(np.sum((incumbent == 1) & (trial == 0)))
    only_trial = int(np.sum((incumbent == 0) & (trial == 1)))
    discordant = only_incumbent + only_trial
    clips.append({"name": f"{n} clips, {trial_rate:.2f} against {incumbent_rate:.2f} ({i})",
                  "trial": trial.tolist(), "incumbent": incumbent.tolist(),
                  "onlyIncumbent": only_incumbent, "onlyTrial": only_trial,
                  "p": p_worse(only_incumbent, discordant) if discordant > 0 else None})

with open("mcnemar.json", "w") as out:
    json.dump({"scipy": scipy.__version__, "binomial": binomial, "clips": clips}, out, indent=1)

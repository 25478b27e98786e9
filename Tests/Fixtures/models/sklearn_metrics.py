# Regenerates sklearn_metrics.json: predictions and scikit-learn's per-class metrics for them.
# Run with Debian's python3-sklearn: /usr/bin/python3 sklearn_metrics.py > sklearn_metrics.json
import json
import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support


def case(name, classes, labels, predicted):
    labels, predicted = list(map(int, labels)), list(map(int, predicted))
    ids = list(range(classes))
    p, r, f, s = precision_recall_fscore_support(labels, predicted, labels=ids, average=None, zero_division=0)
    return {
        "name": name, "classes": classes, "labels": labels, "predicted": predicted,
        "accuracy": accuracy_score(labels, predicted),
        "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist(),
        "confusion": confusion_matrix(labels, predicted, labels=ids).tolist(),
    }


rng = np.random.default_rng(20221)
noisy = rng.integers(0, 10, 200)
cases = [
    case("random10", 10, rng.integers(0, 10, 200), rng.integers(0, 10, 200)),
    case("mostly-right10", 10, noisy, np.where(rng.random(200) < 0.7, noisy, rng.integers(0, 10, 200))),
    # class 2 never predicted (precision 0/0), class 3 absent everywhere, class 4 predicted but never true
    case("zero-division5", 5, [0, 0, 1, 1, 2, 2, 0, 1], [0, 1, 1, 1, 0, 4, 4, 0]),
    case("perfect3", 3, [0, 1, 2, 2, 1, 0], [0, 1, 2, 2, 1, 0]),
    case("imbalanced50", 50, rng.integers(0, 50, 300) % 7, rng.integers(0, 50, 300) % 9),
]
print(json.dumps({"sklearn": sklearn.__version__, "cases": cases}))

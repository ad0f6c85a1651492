#!/usr/bin/python3
"""Reference values for Lamae.Evaluation's linear probe, computed with scikit-learn (an independent implementation).

Run once, from anywhere, with the system Python that has scikit-learn
(Debian 12: apt-get install -y python3-sklearn python3-numpy python3-scipy):

    /usr/bin/python3 tests/reference/logistic_reference.py

It writes tests/Lamae.Tests/Evaluation/Reference/logistic_reference.json, which is committed and embedded in the
test assembly; the tests never run Python. Everything here is deterministic (seeded generators, fixed settings), so
re-running it with the same scikit-learn gives the same file.

Every dataset holds its own rows (x_train, y_train, x_held), so the C# side needs no generator. The features are
rounded to float32 on purpose: the same values then reach the C# fit as float32 or as float64.

Contents, per dataset:
  standardiser  StandardScaler().fit(x_train): mean_ and scale_ (population std, ddof 0; a constant feature keeps
                scale 1)
  fits          for C in (1e-3, 1, 100) (1e-3, 1e-2, 1 for the separable set) and class_weight None and
                'balanced', per code: the optimum of LogisticRegression(penalty='l2', C=C, class_weight=cw,
                fit_intercept=True) on the standardised training rows (coef_, intercept_) and its
                predict_proba(...)[:, 1] on the standardised held-out rows
  selection     the probe's choice on validation (the held-out rows): for every (class_weight, C) of a small grid,
                the mean validation log-loss per code, and per code the (C, class_weight) with the least of it
                (the first in grid order on a tie: class_weight None before 'balanced', C ascending)

The validation log-loss is the unweighted mean of log(1 + exp(z)) - y z over the validation rows (z the decision
function), computed stably; sklearn.metrics.log_loss gives the same where no probability is clipped (checked below).
The optimum is solver='newton-cholesky' at tol=1e-12 (fit_codes says why not lbfgs alone), checked to be within
1e-9 of the optimum by one more exact Newton step, and solver='lbfgs' (tol=1e-10, max_iter=10000) must agree with
it to its own, looser accuracy.
"""
import json
import pathlib
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.preprocessing import StandardScaler

OUT = pathlib.Path(__file__).resolve().parent.parent / "Lamae.Tests" / "Evaluation" / "Reference" / "logistic_reference.json"

FIT_CS = [1e-3, 1.0, 100.0]
SELECTION_CS = [1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0]
CLASS_WEIGHTS = [None, "balanced"]
TOL = 1e-10
NEWTON_TOL = 1e-12
MAX_ITER = 10000
# The reference is at most this far from the optimum (the largest entry of one more exact Newton step), or the
# script stops: far below the 1e-6 the C# tests allow.
OPTIMUM_ERROR = 1e-9
# sklearn's lbfgs (stopped by SciPy's ftol, see fit_codes) must still land this close to the same optimum.
LBFGS_AGREEMENT = 1e-2


def make_dataset(name, seed, n_train, n_held, d, prevalences, constant_feature=False, separable=False, fit_cs=None):
    """Features with mixed scales and offsets, codes drawn from a logistic model at the given prevalences."""
    rng = np.random.default_rng(seed)
    n = n_train + n_held
    scales = np.exp(rng.uniform(np.log(0.05), np.log(20.0), d))
    offsets = rng.uniform(-5.0, 5.0, d)
    z = rng.standard_normal((n, d))
    x = z * scales + offsets
    if constant_feature:
        x[:, 1] = 3.25  # exactly representable, so its variance is exactly 0
    x = x.astype(np.float32).astype(np.float64)
    y = np.zeros((n, len(prevalences)))
    for k, prevalence in enumerate(prevalences):
        w = rng.standard_normal(d)
        if constant_feature:
            w[1] = 0.0
        score = z @ w / np.sqrt(d)
        if separable:
            # A hard threshold: the classes are linearly separable, so only the penalty keeps the weights finite.
            y[:, k] = score > np.quantile(score, 1.0 - prevalence)
        else:
            noisy = score * 2.0 + rng.logistic(size=n)
            y[:, k] = noisy > np.quantile(noisy, 1.0 - prevalence)
    # Every code needs both classes in the training rows.
    assert all(0 < y[:n_train, k].sum() < n_train for k in range(y.shape[1])), name
    return {
        "name": name, "x": x, "y": y, "n_train": n_train,
        "fit_cs": FIT_CS if fit_cs is None else fit_cs,
    }


def fit_one(x, y, c, cw, solver, tol):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # an unconverged reference is no reference
        model = LogisticRegression(penalty="l2", C=c, class_weight=cw, fit_intercept=True, solver=solver, tol=tol,
                                   max_iter=MAX_ITER)
        model.fit(x, y)
    return model


def newton_step(x, y, c, cw, coef, intercept):
    """The largest entry of one exact Newton step on sklearn's objective from (coef, intercept): the solution's error.

    sklearn's objective for binary LogisticRegression(penalty='l2') is 0.5 |w|^2 + C sum_i s_i logloss_i, s_i the
    class weight of row i ('balanced': n_samples / (2 n_class_count), as compute_class_weight gives it).
    """
    n, d = x.shape
    labels = y.astype(int)
    s = np.ones(n) if cw is None else (n / (2.0 * np.bincount(labels, minlength=2)))[labels]
    a = np.hstack([x, np.ones((n, 1))])
    w = np.append(coef, intercept)
    p = 1.0 / (1.0 + np.exp(-(a @ w)))
    penalty = np.eye(d + 1)
    penalty[d, d] = 0.0  # the intercept is not penalised
    gradient = penalty @ w + c * a.T @ (s * (p - y))
    hessian = penalty + c * (a.T * (s * p * (1.0 - p))) @ a
    return float(np.abs(np.linalg.solve(hessian, gradient)).max())


def fit_codes(x_train, y_train, x_held, c, cw, check):
    """One fit per code; returns coef [codes][D], intercept [codes], proba [codes][held], decision [codes][held].

    The values come from solver='newton-cholesky', which minimises the same objective as solver='lbfgs' but to
    the tolerance asked: scikit-learn 1.2.1 hands lbfgs's tol to SciPy as gtol only, and SciPy's default ftol
    (2.2e-9, relative change of the objective) then stops it first, up to 3e-3 away from the optimum on the
    'wide' set at C=100. lbfgs is still fitted and must agree to its own accuracy (LBFGS_AGREEMENT).
    """
    coef, intercept, proba, decision = [], [], [], []
    for k in range(y_train.shape[1]):
        model = fit_one(x_train, y_train[:, k], c, cw, "newton-cholesky", NEWTON_TOL)
        error = newton_step(x_train, y_train[:, k], c, cw, model.coef_[0], model.intercept_[0])
        assert error <= OPTIMUM_ERROR, f"newton-cholesky is {error} from the optimum at C={c}, cw={cw}, code {k}"
        check["newton_step"] = max(check["newton_step"], error)
        lbfgs = fit_one(x_train, y_train[:, k], c, cw, "lbfgs", TOL)
        gap = max(np.abs(lbfgs.coef_ - model.coef_).max(), np.abs(lbfgs.intercept_ - model.intercept_).max())
        assert gap <= LBFGS_AGREEMENT, f"lbfgs and newton-cholesky differ by {gap} at C={c}, cw={cw}, code {k}"
        check["lbfgs_gap"] = max(check["lbfgs_gap"], gap)
        coef.append(model.coef_[0].tolist())
        intercept.append(float(model.intercept_[0]))
        proba.append(model.predict_proba(x_held)[:, 1].tolist())
        decision.append(model.decision_function(x_held))
    return coef, intercept, proba, decision


def validation_log_loss(y, z):
    """Mean over rows of log(1 + exp(z)) - y z: the log-loss of sigmoid(z), without clipping."""
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def describe(data, check):
    n_train = data["n_train"]
    x_train, x_held = data["x"][:n_train], data["x"][n_train:]
    y_train, y_held = data["y"][:n_train], data["y"][n_train:]
    scaler = StandardScaler().fit(x_train)
    s_train, s_held = scaler.transform(x_train), scaler.transform(x_held)

    fits = []
    for c in data["fit_cs"]:
        for cw in CLASS_WEIGHTS:
            coef, intercept, proba, _ = fit_codes(s_train, y_train, s_held, c, cw, check)
            fits.append({"c": c, "class_weight": cw or "none", "coef": coef, "intercept": intercept,
                         "proba_held": proba})

    grid, losses = [], []
    for cw in CLASS_WEIGHTS:
        for c in SELECTION_CS:
            _, _, proba, decision = fit_codes(s_train, y_train, s_held, c, cw, check)
            row = [validation_log_loss(y_held[:, k], decision[k]) for k in range(y_train.shape[1])]
            for k in range(y_train.shape[1]):
                p = np.asarray(proba[k])
                if 1e-15 < p.min() and p.max() < 1 - 1e-15:
                    # Loose: sklearn takes log(1 - p) of the rounded probability, which loses digits near p = 1.
                    assert abs(log_loss(y_held[:, k], p, labels=[0, 1]) - row[k]) < 1e-9
            grid.append({"c": c, "class_weight": cw or "none"})
            losses.append(row)
    losses = np.asarray(losses)  # [grid points, codes]
    best = losses.argmin(axis=0)  # the first minimum: grid order breaks ties
    chosen = [{"c": grid[g]["c"], "class_weight": grid[g]["class_weight"], "log_loss": float(losses[g, k])}
              for k, g in enumerate(best)]

    return {
        "name": data["name"],
        "x_train": x_train.tolist(), "y_train": y_train.tolist(),
        "x_held": x_held.tolist(), "y_held": y_held.tolist(),
        "standardiser": {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist()},
        "fits": fits,
        "selection": {"grid": grid, "log_loss": losses.tolist(), "chosen": chosen},
    }


def main():
    datasets = [
        make_dataset("basic", seed=1, n_train=120, n_held=60, d=5, prevalences=[0.5, 0.25, 0.1]),
        make_dataset("wide", seed=2, n_train=60, n_held=40, d=20, prevalences=[0.4, 0.2, 0.15]),
        make_dataset("constant_feature", seed=3, n_train=200, n_held=60, d=3, prevalences=[0.3, 0.1, 0.05],
                     constant_feature=True),
        # Separable: the unpenalised optimum is at infinity; with a small C the penalised one is finite and smooth.
        make_dataset("separable", seed=4, n_train=80, n_held=40, d=4, prevalences=[0.5, 0.3, 0.2], separable=True,
                     fit_cs=[1e-3, 1e-2, 1.0]),
    ]
    check = {"newton_step": 0.0, "lbfgs_gap": 0.0}
    document = {
        "made_by": f"tests/reference/logistic_reference.py with scikit-learn {sklearn.__version__}, "
                   f"NumPy {np.__version__}, SciPy {scipy.__version__}",
        "sklearn_settings": {"penalty": "l2", "fit_intercept": True, "solver": "newton-cholesky",
                             "tol": NEWTON_TOL, "max_iter": MAX_ITER},
        "datasets": [describe(data, check) for data in datasets],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes); newton-cholesky at most {check['newton_step']:.1e} from the "
          f"optimum; lbfgs at most {check['lbfgs_gap']:.1e} from newton-cholesky")


if __name__ == "__main__":
    main()

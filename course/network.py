"""A small, fast, fully connected network in NumPy: the one chapters 3 to 6 share.

It follows Michael Nielsen's ``network2.py`` (cross-entropy or quadratic cost,
scaled initialisation, L2 weight decay) with two changes of convention:

* one row per example: ``X`` has shape (n_samples, n_in) and every layer works
  on the whole batch at once, so no Python loop runs over examples;
* ``weights[l]`` has shape (n_out, n_in) and ``biases[l]`` shape (n_out,), so a
  layer computes ``z = a @ W.T + b`` for a batch ``a`` of rows.

(Inside, the batch is held transposed, one column per example as in Nielsen's
code, ``z = W @ a + b``: the same numbers, and faster matrix products here.)

    net = Network([784, 30, 10])
    history = net.train(X, Y, epochs=10, batch_size=10, eta=0.5)
    grads_w, grads_b = net.backprop(X[:100], Y[:100])

The hidden layers use ``activation`` (sigmoid, tanh or ReLU); the output layer
is always a sigmoid, so every output lies in (0, 1).  Targets ``Y`` are arrays
of shape (n_samples, n_out), with entries in [0, 1] for the cross-entropy cost
(one-hot rows for a classifier); the quadratic cost takes any real targets,
though the outputs can only approach those in [0, 1].  Only `accuracy` and the
evaluation data of `train` also take integer class labels.

Backpropagation, in the matrix form chapter 3 derives (columns are examples,
⊙ is the elementwise product, f the hidden activation, n the batch size)::

    δᴸ = ∂C/∂zᴸ           (a - y for cross-entropy, (a - y) ⊙ σ′(zᴸ) for quadratic)
    δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ f′(zˡ)
    ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ / n,   ∂C/∂bˡ = (sum of the columns of δˡ) / n
"""

from __future__ import annotations

import os

import numpy as np

__all__ = ["Network", "COSTS", "INITS", "ACTIVATIONS"]

COSTS = ("cross_entropy", "quadratic")
INITS = ("scaled", "standard", "he")
ACTIVATIONS = ("sigmoid", "tanh", "relu")


# ----------------------------------------------------------- activations
# The same overflow-free formulas as course.activations, without its NaN check
# and written in place, because they run on every mini-batch.
def _sigmoid(z):
    """σ(z) = e^min(z, 0) / (1 + e^-|z|): 1/(1 + e^-z) for z >= 0, e^z/(1 + e^z) for z < 0.

    Neither exponent is ever positive, so nothing overflows, and small outputs
    keep their full relative precision.
    """
    e = np.abs(z)
    np.negative(e, out=e)
    np.exp(e, out=e)                            # e^-|z|, in (0, 1]
    s = np.minimum(z, 0.0)
    np.exp(s, out=s)                            # e^min(z, 0), in (0, 1]
    e += 1.0
    s /= e
    return s


def _activate(name, z):
    if name == "sigmoid":
        return _sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    return np.maximum(z, 0.0)


def _derivative(name, z, a):
    """f′(z), from the activation a = f(z) where that is cheaper."""
    if name == "sigmoid":
        return a - a * a                        # σ′ = σ(1 - σ)
    if name == "tanh":
        return 1.0 - a * a                      # tanh′ = 1 - tanh²
    return (z > 0).astype(z.dtype)              # ReLU′, taken as 0 at the kink


def _softplus(z):
    """ln(1 + e^z) without overflow."""
    return np.logaddexp(0.0, z)


def _check_number(name, value, low=None, high=None, low_open=False):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if low is not None and (value < low or (low_open and value == low)):
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low}, got {value!r}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be <= {high}, got {value!r}")
    return float(value)


def _check_seed(seed, name="seed"):
    """A seed for np.random.default_rng: a non-negative integer (NumPy's too), returned as an int."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {seed!r}")
    return int(seed)


def _check_count(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


class Network:
    """A fully connected feed-forward network trained by mini-batch gradient descent.

    Parameters
    ----------
    sizes : list of int
        Units per layer, input first: ``[784, 30, 10]`` has one hidden layer.
    cost : "cross_entropy" (default) or "quadratic"
        Per example, C = -Σₖ [yₖ ln aₖ + (1 - yₖ) ln(1 - aₖ)] or C = ½‖a - y‖²;
        `cost` and `backprop` use the mean over the batch.
    init : "scaled" (default), "standard" or "he"
        "scaled": weights ~ N(0, 1/n_in) (standard deviation 1/√n_in), biases
        ~ N(0, 1), Nielsen's default.  "standard": every parameter ~ N(0, 1).
        "he": weights with standard deviation √(2/n_in), biases 0 (for ReLU).
    activation : "sigmoid" (default), "tanh" or "relu"
        The hidden layers' activation.  The output layer is always a sigmoid.
    seed : int
        Seeds the initial parameters (``np.random.default_rng(seed)``).
    dtype : np.float64 (default) or np.float32
    """

    def __init__(self, sizes, cost="cross_entropy", init="scaled", activation="sigmoid",
                 seed=0, dtype=np.float64):
        try:
            sizes = sizes if isinstance(sizes, str) else list(sizes)     # a generator can be read only once
            if isinstance(sizes, str) or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool)
                                                 for s in sizes):
                raise TypeError
            sizes = [int(s) for s in sizes]
        except TypeError:
            raise ValueError(f"sizes must be a list of whole-number layer widths such as [784, 30, 10], "
                             f"got {sizes!r}") from None
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must list at least two layers (input and output) of at least one "
                             f"unit each, such as [784, 30, 10]; got {sizes}")
        for name, value, choices in (("cost", cost, COSTS), ("init", init, INITS),
                                     ("activation", activation, ACTIVATIONS)):
            if value not in choices:
                raise ValueError(f"unknown {name} {value!r}; choose one of {', '.join(map(repr, choices))}")
        if np.dtype(dtype) not in (np.float32, np.float64):
            raise ValueError(f"dtype must be np.float64 or np.float32, got {dtype!r}")
        _check_seed(seed)

        self.sizes = sizes
        self.num_layers = len(sizes)
        self.cost_name = cost
        self.init = init
        self.activation = activation
        self.seed = int(seed)
        self.dtype = np.dtype(dtype)
        rng = np.random.default_rng(seed)
        self.weights, self.biases = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            w_std = {"scaled": 1 / np.sqrt(n_in), "standard": 1.0, "he": np.sqrt(2 / n_in)}[init]
            self.weights.append((w_std * rng.standard_normal((n_out, n_in))).astype(self.dtype))
            b = np.zeros(n_out) if init == "he" else rng.standard_normal(n_out)
            self.biases.append(b.astype(self.dtype))
        self.last_gradients = None

    def __repr__(self):
        return (f"Network({self.sizes}, cost={self.cost_name!r}, init={self.init!r}, "
                f"activation={self.activation!r}, seed={self.seed}, dtype=np.{self.dtype.name})")

    def copy(self):
        """An independent copy with the same parameters."""
        twin = object.__new__(Network)
        twin.__dict__.update(self.__dict__)
        twin.weights = [w.copy() for w in self.weights]
        twin.biases = [b.copy() for b in self.biases]
        twin.last_gradients = None
        return twin

    # ------------------------------------------------------------ checks
    @staticmethod
    def _check_real(name, A):
        if A.dtype == object or not (np.issubdtype(A.dtype, np.number) or A.dtype == bool):
            raise ValueError(f"{name} must be a numeric array, got dtype {A.dtype}")
        if np.iscomplexobj(A):
            raise ValueError(f"{name} must be real, got complex numbers (dtype {A.dtype})")

    def _as_dtype(self, name, A):
        """A as this network's dtype; a finite value beyond its range (float32's 3.4e38) is an error."""
        if A.dtype != self.dtype and np.issubdtype(A.dtype, np.floating) and A.size:
            top, limit = float(np.max(np.abs(A[np.isfinite(A)]), initial=0.0)), float(np.finfo(self.dtype).max)
            if top > limit:
                raise ValueError(f"{name} has values up to {top:.3g}, beyond {np.dtype(self.dtype).name}'s "
                                 f"largest number ({limit:.3g}); scale the data down")
        return np.asarray(A, dtype=self.dtype)

    def _inputs(self, X, name="X"):
        X = np.asarray(X)
        self._check_real(name, X)
        X = self._as_dtype(name, X)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            hint = " (for one example use X.reshape(1, -1))" if X.ndim == 1 else ""
            raise ValueError(f"{name} has shape {X.shape}, but this network expects shape "
                             f"(n_samples, {self.sizes[0]}){hint}")
        if X.shape[0] == 0:
            raise ValueError(f"{name} holds no examples (shape {X.shape})")
        if not np.all(np.isfinite(X)):
            raise ValueError(f"{name} contains NaN or infinite values")
        return X

    def _targets(self, Y, n, name="Y"):
        Y = np.asarray(Y)
        self._check_real(name, Y)
        Y = self._as_dtype(name, Y)
        expected = (n, self.sizes[-1])
        if Y.shape != expected:
            hint = ""
            if Y.ndim == 1:
                hint = (" (turn a column of targets into Y.reshape(-1, 1), and class labels into "
                        "one-hot rows)")
            raise ValueError(f"{name} has shape {Y.shape}, expected {expected}: one row per example of X "
                             f"and one column per output unit{hint}")
        if not np.all(np.isfinite(Y)):
            raise ValueError(f"{name} contains NaN or infinite values")
        if self.cost_name == "cross_entropy" and (Y.min() < 0 or Y.max() > 1):
            raise ValueError(f"{name} has entries outside [0, 1]; the cross-entropy cost needs targets "
                             f"in [0, 1] (the output layer is a sigmoid)")
        return Y

    def _labels_or_targets(self, X, y, name):
        """Integer labels (n,) become targets (n, n_out); targets are checked as usual."""
        y = np.asarray(y)
        self._check_real(name, y)
        n, n_out = X.shape[0], self.sizes[-1]
        if y.ndim == 1:
            if y.shape[0] != n:
                raise ValueError(f"{name} has shape {y.shape}, but X has {n} rows: give one label per example")
            if not np.all(np.isfinite(y)) or np.any(y != np.round(y)):
                raise ValueError(f"{name} must hold integer class labels, got {y[:5]!r}...")
            labels = y.astype(np.int64)
            top = 1 if n_out == 1 else n_out - 1
            if labels.min() < 0 or labels.max() > top:
                raise ValueError(f"{name} holds labels from {labels.min()} to {labels.max()}, but this network "
                                 f"has {n_out} output unit(s): labels must lie in 0..{top}")
            if n_out == 1:
                return labels.reshape(-1, 1).astype(self.dtype)
            targets = np.zeros((n, n_out), dtype=self.dtype)
            targets[np.arange(n), labels] = 1.0
            return targets
        return self._targets(y, n, name)

    # ------------------------------------------------------ forward pass
    def forward(self, X):
        """Run the network on a batch and keep every layer.

        Returns ``(zs, activations)``: ``zs[l]`` is the weighted input of layer
        l + 1, shape (n_samples, sizes[l + 1]); ``activations[0]`` is X and
        ``activations[l + 1] = f(zs[l])``, with f the hidden activation, and σ
        for the output layer.
        """
        X = self._inputs(X)
        zs, activations = self._forward(X)
        return [z.T for z in zs], [X] + [a.T for a in activations[1:]]

    def _forward(self, X):
        """The forward pass in column layout: zs[l] and activations[l] have shape (units, n_samples)."""
        a = X.T
        zs, activations = [], [a]
        last = len(self.weights) - 1
        for l, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = w @ a
            z += b[:, None]
            a = _sigmoid(z) if l == last else _activate(self.activation, z)
            zs.append(z)
            activations.append(a)
        return zs, activations

    def feedforward(self, X):
        """The network's output for a batch X of shape (n_samples, n_in): shape (n_samples, n_out)."""
        return self._forward(self._inputs(X))[1][-1].T

    # -------------------------------------------------------------- cost
    def _cost_from_z(self, z, a, YT):
        """The mean cost from the output layer's z, a = σ(z) and targets, all (n_out, n_samples)."""
        n = z.shape[1]
        if self.cost_name == "quadratic":
            diff = a - YT
            return 0.5 * float(np.sum(diff * diff)) / n
        # -[y ln σ(z) + (1-y) ln(1-σ(z))] = y·softplus(-z) + (1-y)·softplus(z): finite for any z.
        return float(np.sum(YT * _softplus(-z) + (1.0 - YT) * _softplus(z))) / n

    def cost(self, X, Y):
        """The mean cost over the batch (without any L2 term); Y has shape (n_samples, n_out)."""
        X = self._inputs(X)
        Y = self._targets(Y, X.shape[0])
        zs, activations = self._forward(X)
        return self._cost_from_z(zs[-1], activations[-1], Y.T)

    def accuracy(self, X, y):
        """The fraction of examples classified correctly.

        y may be integer labels of shape (n_samples,) or targets of shape
        (n_samples, n_out).  With several outputs the prediction is the largest
        output; with one output it is 1 when the output exceeds 0.5.
        """
        X = self._inputs(X)
        targets = self._labels_or_targets(X, y, "y")
        out = self._forward(X)[1][-1].T
        return self._accuracy(out, targets)

    @staticmethod
    def _accuracy(out, targets):
        if out.shape[1] == 1:
            return float(np.mean((out[:, 0] > 0.5) == (targets[:, 0] > 0.5)))
        return float(np.mean(np.argmax(out, axis=1) == np.argmax(targets, axis=1)))

    # ---------------------------------------------------------- backprop
    def backprop(self, X, Y):
        """Gradients of the mean cost over the batch: ``(grads_w, grads_b)``.

        ``grads_w[l]`` and ``grads_b[l]`` have the shapes of ``weights[l]`` and
        ``biases[l]``.  The whole batch goes through each layer in one matrix
        product.
        """
        X = self._inputs(X)
        Y = self._targets(Y, X.shape[0])
        return self._backprop(X, Y)

    def _backprop(self, X, Y):
        """The unchecked core of `backprop`."""
        zs, activations = self._forward(X)             # column layout: one column per example
        L = len(self.weights)
        a = activations[-1]
        delta = a - Y.T                                 # ∂C/∂z of the output, cross-entropy
        if self.cost_name == "quadratic":
            delta *= a - a * a                          # times σ′(z) = a(1 - a)
        delta *= 1.0 / X.shape[0]                       # the mean, not the sum, over the batch
        grads_w, grads_b = [None] * L, [None] * L
        for l in range(L - 1, -1, -1):
            grads_w[l] = delta @ activations[l].T
            grads_b[l] = delta.sum(axis=1)
            if l > 0:                                   # δˡ⁻¹ = (Wˡ)ᵀ δˡ ⊙ f′(zˡ⁻¹)
                delta = self.weights[l].T @ delta
                delta *= _derivative(self.activation, zs[l - 1], activations[l])
        return grads_w, grads_b

    def layer_speeds(self, X, Y):
        """Nielsen's "speed of learning": for each hidden layer, ‖∂C/∂b‖ (Euclidean norm).

        The bias gradient is averaged over the batch (X, Y).  Returns a list of
        floats, first hidden layer first.
        """
        _, grads_b = self.backprop(X, Y)
        return [float(np.linalg.norm(g)) for g in grads_b[:-1]]

    # ---------------------------------------------------------- training
    def train(self, X, Y, epochs, batch_size, eta, lmbda=0.0, momentum=0.0, evaluation_data=None,
              seed=0, callback=None, progress=False, monitor_training=True):
        """Mini-batch stochastic gradient descent; returns the per-epoch history.

        Each epoch visits the n training examples in a fresh random order
        (``rng.permutation(n)``, with ``rng = np.random.default_rng(seed)``
        made once per call), in mini-batches of `batch_size` (the last may be
        smaller).  When one batch holds the whole set the order cannot matter,
        so no shuffle is drawn.  For each batch, with g the mean gradient:

        * plain SGD (momentum 0), with Nielsen's L2 weight decay:
          w ← (1 - η λ / n) w - η g_w,  b ← b - η g_b;
        * with momentum μ: v ← μ v - η (g + (λ / n) w), then w ← w + v
          (biases alike, without the λ term); μ = 0 is exactly plain SGD.

        ``evaluation_data=(X_eval, y_eval)`` (targets or integer labels) adds
        the evaluation cost and accuracy after each epoch; ``monitor_training``
        (default True) records the training cost after each epoch.
        ``callback(epoch, net)`` is called after each epoch (epochs count from
        1); ``net.last_gradients`` then holds the mean gradients of the
        epoch's last mini-batch.  ``progress=True`` shows a tqdm bar.

        Returns a dict of lists, one entry per epoch: "training_cost" and, with
        evaluation data, "evaluation_cost" and "evaluation_accuracy".
        Raises RuntimeError when the parameters overflow (η too large).
        """
        X = self._inputs(X)
        Y = self._targets(Y, X.shape[0])
        epochs = _check_count("epochs", epochs)
        batch_size = _check_count("batch_size", batch_size)
        eta = _check_number("eta", eta, low=0.0, low_open=True)
        lmbda = _check_number("lmbda", lmbda, low=0.0)
        momentum = _check_number("momentum", momentum, low=0.0, high=1.0)
        _check_seed(seed)
        if callback is not None and not callable(callback):
            raise ValueError(f"callback must be a function callback(epoch, net), got {callback!r}")
        if evaluation_data is not None:
            try:
                X_eval, y_eval = evaluation_data
            except (TypeError, ValueError):
                raise ValueError("evaluation_data must be a pair (X_eval, y_eval)") from None
            X_eval = self._inputs(X_eval, "X_eval")
            Y_eval = self._labels_or_targets(X_eval, y_eval, "y_eval")

        n = X.shape[0]
        rng = np.random.default_rng(seed)
        decay = 1.0 - eta * lmbda / n
        if decay <= 0:
            raise ValueError(f"eta * lmbda / n = {eta * lmbda / n:g} must stay below 1: the weight decay factor "
                             f"1 - eta*lmbda/n would flip the weights' signs; use a smaller eta or lmbda")
        velocities = None
        if momentum > 0:
            velocities = [np.zeros_like(p) for p in self.weights + self.biases]
        history = {"training_cost": []} if monitor_training else {}
        if evaluation_data is not None:
            history.update(evaluation_cost=[], evaluation_accuracy=[])

        epoch_iter = range(1, epochs + 1)
        if progress:
            from tqdm.auto import tqdm
            # tqdm's notebook bar ignores the TQDM_DISABLE variable (it sets disable=False itself),
            # so pass it on explicitly: `make notebooks` and the tests set it to store no bar.
            quiet = os.environ.get("TQDM_DISABLE", "").strip().lower() in ("1", "true", "yes")
            epoch_iter = tqdm(epoch_iter, desc="training", unit="epoch", disable=quiet, leave=False)
        evaluation = (X_eval, Y_eval) if evaluation_data is not None else None
        for epoch in epoch_iter:
            try:
                with np.errstate(over="raise", invalid="raise", divide="raise"):
                    if batch_size >= n:
                        batches = [(X, Y)]
                    else:
                        order = rng.permutation(n)
                        batches = ((X[idx], Y[idx]) for idx in
                                   (order[k:k + batch_size] for k in range(0, n, batch_size)))
                    for xb, yb in batches:
                        grads_w, grads_b = self._backprop(xb, yb)
                        self._step(grads_w, grads_b, eta, decay, lmbda / n, momentum, velocities)
                    self.last_gradients = (grads_w, grads_b)
                    self._record(history, X, Y, evaluation)
            except FloatingPointError as err:
                raise RuntimeError(f"training diverged in epoch {epoch} ({err}): the parameters overflowed; "
                                   f"try a smaller learning rate eta (now {eta:g})") from None
            if callback is not None:
                callback(epoch, self)
        return history

    def _step(self, grads_w, grads_b, eta, decay, l2, momentum, velocities):
        """One update of every parameter from the mean gradients (in place; the gradients are kept)."""
        if velocities is None:                          # plain SGD
            for w, b, gw, gb in zip(self.weights, self.biases, grads_w, grads_b):
                if decay != 1.0:
                    w *= decay
                w -= eta * gw
                b -= eta * gb
            return
        L = len(self.weights)
        for w, gw, v in zip(self.weights, grads_w, velocities[:L]):
            v *= momentum
            v -= eta * (gw + l2 * w) if l2 else eta * gw
            w += v
        for b, gb, v in zip(self.biases, grads_b, velocities[L:]):
            v *= momentum
            v -= eta * gb
            b += v

    def _record(self, history, X, Y, evaluation):
        if "training_cost" in history:
            zs, acts = self._forward(X)
            history["training_cost"].append(self._cost_from_z(zs[-1], acts[-1], Y.T))
        if evaluation:
            X_eval, Y_eval = evaluation
            zs, acts = self._forward(X_eval)
            history["evaluation_cost"].append(self._cost_from_z(zs[-1], acts[-1], Y_eval.T))
            history["evaluation_accuracy"].append(self._accuracy(acts[-1].T, Y_eval))

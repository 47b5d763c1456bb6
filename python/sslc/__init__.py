"""sslc: compile networks trained with Structured Sparsity Learning.

Load a network (ONNX, ``.mlir`` or a zoo name, optionally with safetensors
weights or a torch ``state_dict``), inspect its learned structure, prune the
all-zero groups away and JIT-compile it; the compiled model is a callable that
runs on numpy arrays or torch tensors without copying them::

    import numpy as np, sslc
    model = sslc.load("lenet")
    compiled = sslc.compile(model.prune(), threads=2)
    y = compiled(np.random.rand(1, 1, 28, 28).astype(np.float32))
    compiled.export("out/lenet_pruned")   # lenet_pruned.a + lenet_pruned.h
"""

import os as _os
import sys as _sys

from ._errors import (CompileError, Error, ExportError, InvalidArgumentError,
                      LoadError, PipelineError, RunError, TrainError)
from ._sslc import (CompiledModel, LayerReport, Model, StructureReport,
                    TensorInfo, TrainSession, zoo_names)
from . import _sslc

__all__ = [
    "load", "compile", "train", "train_step", "zoo_names", "TrainSession", "Model", "CompiledModel", "TensorInfo",
    "LayerReport", "StructureReport", "Error", "InvalidArgumentError",
    "LoadError", "PipelineError", "CompileError", "RunError", "ExportError",
    "TrainError",
]


def _threads(threads):
    """None -> 0 (one thread per core); otherwise an integer >= 1."""
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise InvalidArgumentError(
            f"threads: expected an integer >= 1 or None, got {threads!r}")
    return threads


def load(path_or_zoo_name, weights=None, batch=1):
    """Load a model.

    ``path_or_zoo_name`` is a ``.onnx`` or ``.mlir`` file or a zoo name (see
    :func:`zoo_names`). ``weights`` replaces parameters by name: a safetensors
    path or a mapping of names to arrays or tensors (a torch ``state_dict``,
    PyTorch names and layouts). ``batch`` sets the batch of zoo models and of an
    ONNX model's symbolic batch dimension. Raises :class:`LoadError`.
    """
    if isinstance(batch, bool) or not isinstance(batch, int):
        raise InvalidArgumentError(
            f"batch: expected an integer >= 1, got {batch!r}")
    spec = _os.fspath(path_or_zoo_name)
    model = _sslc._load(spec, batch)
    if weights is not None:
        model = model.with_weights(weights)
    return model


def compile(model, target="host", threads=None, prune=False, cache_dir=None):
    """JIT-compile ``model`` (a :class:`Model`) for ``target``.

    ``target`` is ``"host"``, ``"host-cuda"``, ``"host-cuda-cuda_capability_NN"``
    or a Halide target string; ``threads`` the parallelism of the compiled code
    (``None``: one per core). With ``prune=True`` the model is pruned first.
    ``cache_dir`` is the compile cache's folder (``None``: ``$SSLC_CACHE_DIR``,
    else ``~/.cache/sslc/compiled``, none when ``SSLC_CACHE=off``; ``"off"``:
    compile every time): a model compiled once loads there without compiling.
    Returns a :class:`CompiledModel`: call it with one float32 C-contiguous
    array or CPU tensor per input (``out=`` takes arrays to write the outputs
    into); it returns numpy arrays and releases the GIL while it runs.
    """
    if not isinstance(model, Model):
        raise InvalidArgumentError(
            f"model: expected an sslc.Model (from sslc.load), found "
            f"{type(model).__name__}")
    threads = _threads(threads)
    if cache_dir is None:
        cache_dir = ""
    elif not isinstance(cache_dir, (str, _os.PathLike)) or not str(cache_dir):
        raise InvalidArgumentError(
            f"cache_dir: expected a folder or 'off', found {cache_dir!r}")
    if prune:
        model = model.prune()
    return _sslc._compile(model, target, threads, str(cache_dir))


def train_step(model, ssl=None, momentum=0.9, weight_decay=5e-4, zero_threshold=1e-4,
               threads=None, ssl_update="", finetune=""):
    """sslc's own SSL train step for ``model`` (its batch is the step's), as a
    :class:`TrainSession`: ``session.step(images, labels, lr)`` runs one step
    (forward, cross-entropy plus the group Lasso of ``ssl`` -- ``{kind: λ}`` or
    ``{"layer.kind": λ}`` -- backward, SGD with momentum and weight decay,
    weights with |w| <= ``zero_threshold`` set to 0) and returns the loss;
    ``session.state_dict()`` and ``session.model()`` give the result.
    ``ssl_update`` is ``sslc train --ssl-update`` ("subgradient", "proximal"
    or "kind=mode,..."), ``finetune`` is ``--finetune`` ("groups" freezes the
    model's all-zero groups, "elements" every zero weight)."""
    if not isinstance(model, Model):
        raise InvalidArgumentError(
            f"model: expected an sslc.Model, found {type(model).__name__}")
    threads = _threads(threads)
    return _sslc._train_step(model, {str(k): float(v) for k, v in (ssl or {}).items()},
                             float(momentum), float(weight_decay),
                             float(zero_threshold), threads, str(ssl_update),
                             str(finetune))


def _option_text(value):
    if isinstance(value, bool):
        raise InvalidArgumentError(f"expected a value, got {value!r}")
    if isinstance(value, dict):
        return ",".join(f"{k}={_option_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ",".join(_option_text(v) for v in value)
    return str(_os.fspath(value) if hasattr(value, "__fspath__") else value)


def train(model, dataset, output, **options):
    """SSL training (``sslc train``): SGD with momentum on the cross-entropy
    plus the group Lasso terms of ``ssl``, returning the trained :class:`Model`.

    ``model`` is a zoo name or a ``.mlir``/``.onnx`` path, ``dataset``
    ``"mnist"``, ``"fashion-mnist"`` or ``"cifar10:DIR"``; the parameters are
    written to ``output`` (safetensors, PyTorch names) with a checkpoint next
    to it. Every other option of ``sslc train`` is a keyword with ``_`` for
    ``-``: ``ssl={"filter": 0.01, "conv2.channel": 0.02}`` (or the string
    ``"filter=0.01,..."``), ``epochs``, ``batch``, ``lr``, ``momentum``,
    ``weight_decay``, ``lr_policy``, ``lr_steps=[2, 3]``, ``lr_gamma``,
    ``lr_inv_gamma``, ``lr_power``, ``seed``, ``init``, ``finetune``,
    ``zero_threshold``, ``threads``, ``checkpoint``, ``resume``,
    ``max_steps``, ``eval_samples``, ``ssl_update``. Progress goes to standard
    output as the command prints it; the GIL is released while it runs. A bad
    option raises :class:`InvalidArgumentError`, any other failure
    :class:`TrainError`, both with the command's message.
    """
    settings = {"model": _option_text(model), "dataset": _option_text(dataset),
                "output": _option_text(output)}
    for name, value in options.items():
        if value is not None:
            settings[name.replace("_", "-")] = _option_text(value)
    _sys.stdout.flush()
    _sslc._train(settings)
    return load(_option_text(model), weights=_option_text(output))

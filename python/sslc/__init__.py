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

from ._errors import (CompileError, Error, ExportError, InvalidArgumentError,
                      LoadError, PipelineError, RunError)
from ._sslc import (CompiledModel, LayerReport, Model, StructureReport,
                    TensorInfo, zoo_names)
from . import _sslc

__all__ = [
    "load", "compile", "zoo_names", "Model", "CompiledModel", "TensorInfo",
    "LayerReport", "StructureReport", "Error", "InvalidArgumentError",
    "LoadError", "PipelineError", "CompileError", "RunError", "ExportError",
]


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


def compile(model, target="host", threads=None, prune=False):
    """JIT-compile ``model`` (a :class:`Model`) for ``target``.

    ``target`` is ``"host"``, ``"host-cuda"``, ``"host-cuda-cuda_capability_NN"``
    or a Halide target string; ``threads`` the parallelism of the compiled code
    (``None``: one per core). With ``prune=True`` the model is pruned first.
    Returns a :class:`CompiledModel`: call it with one float32 C-contiguous
    array or CPU tensor per input (``out=`` takes arrays to write the outputs
    into); it returns numpy arrays and releases the GIL while it runs.
    """
    if not isinstance(model, Model):
        raise InvalidArgumentError(
            f"model: expected an sslc.Model (from sslc.load), found "
            f"{type(model).__name__}")
    if threads is None:
        threads = 0
    elif isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise InvalidArgumentError(
            f"threads: expected an integer >= 1 or None, got {threads!r}")
    if prune:
        model = model.prune()
    return _sslc._compile(model, target, threads)

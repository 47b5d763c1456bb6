"""The exceptions sslc raises: ``sslc.Error`` and one subclass per kind of failure.

Every message is the one the ``sslc`` command line prints for the same failure:
the file, option or argument at fault first, then what was expected and what was
found.
"""


class Error(Exception):
    """Base class of every error sslc raises."""


class InvalidArgumentError(Error, ValueError):
    """A bad argument: wrong dtype, layout, shape or count, an unknown option value."""


class LoadError(Error):
    """A model file, zoo name or weights file could not be loaded."""


class PipelineError(Error):
    """A pass pipeline (pruning, lowering to inference IR) rejected the model."""


class CompileError(Error):
    """Lowering to Halide or JIT compilation failed."""


class RunError(Error):
    """The compiled code reported an error while running."""


class ExportError(Error):
    """Writing the ahead-of-time library and header failed."""


class TrainError(Error):
    """Training failed (a dataset, checkpoint or train step could not be used)."""


# sslc::errorKindName -> class, used by the extension's exception translator.
ERROR_CLASSES = {
    "invalid-argument": InvalidArgumentError,
    "load": LoadError,
    "pipeline": PipelineError,
    "compile": CompileError,
    "run": RunError,
    "export": ExportError,
    "train": TrainError,
}

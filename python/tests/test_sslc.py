"""The sslc Python module: numerics against torch on random data, pruning,
zero-copy calls on numpy arrays and torch tensors, the GIL, errors, export."""

import os
import threading
import time

import numpy as np
import pytest
import torch

import sslc
from conftest import TorchLenet, export_onnx, make_convnet, write_safetensors


def rand(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def test_zoo_and_signature():
    assert {"lenet", "mlp", "resnet20"} <= set(sslc.zoo_names())
    model = sslc.load("lenet")
    assert [(t.name, t.shape) for t in model.inputs] == [("input", (1, 1, 28, 28))]
    assert [(t.name, t.shape) for t in model.outputs] == [("output", (1, 10))]
    assert sslc.load("mlp", batch=3).inputs[0].shape == (3, 784)
    assert not model.is_pruned and "lenet" in repr(model)


def test_onnx_convnet_matches_torch(scratch):
    net = make_convnet()
    x = rand(2, 3, 16, 16, seed=1)
    path = export_onnx(net, os.path.join(scratch, "convnet.onnx"), torch.from_numpy(x))
    model = sslc.load(path, batch=2)
    assert model.inputs[0].shape == (2, 3, 16, 16)
    compiled = sslc.compile(model, threads=2)
    with torch.no_grad():
        expected = net(torch.from_numpy(x)).numpy()
    y = compiled(x)
    assert isinstance(y, np.ndarray) and y.dtype == np.float32
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)
    # A torch tensor goes in as it is.
    np.testing.assert_allclose(compiled(torch.from_numpy(x)), expected,
                               rtol=1e-4, atol=1e-4)


def test_compile_cache_loads_what_an_earlier_compile_stored(scratch):
    net = make_convnet()
    x = rand(2, 3, 16, 16, seed=4)
    path = export_onnx(net, os.path.join(scratch, "convnet.onnx"), torch.from_numpy(x))
    cache = os.path.join(scratch, "cache")
    model = sslc.load(path, batch=2)
    first = sslc.compile(model, threads=1, cache_dir=cache)
    second = sslc.compile(sslc.load(path, batch=2), threads=1, cache_dir=cache)
    assert not first.loaded_from_cache
    assert second.loaded_from_cache
    entries = [e for e in os.listdir(cache)
               if os.path.isdir(os.path.join(cache, e)) and len(e) == 64]
    assert len(entries) == 1
    with torch.no_grad():
        expected = net(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(second(x), expected, rtol=1e-4, atol=1e-4)
    np.testing.assert_array_equal(second(x), first(x))
    assert not sslc.compile(model, cache_dir="off").loaded_from_cache
    with pytest.raises(sslc.InvalidArgumentError, match="cache_dir"):
        sslc.compile(model, cache_dir="")


def test_pruned_convnet_matches_torch(scratch):
    net = make_convnet(seed=3)
    with torch.no_grad():
        net.conv1.weight[:3] = 0       # filters whose BN shift stays a constant
        net.conv2.weight[:, 4:6] = 0   # channels
        net.conv2.weight[:10] = 0      # filters
        net.conv2.bias[:10] = 0
    x = rand(4, 3, 16, 16, seed=2)
    path = export_onnx(net, os.path.join(scratch, "sparse.onnx"), torch.from_numpy(x))
    model = sslc.load(path, batch=4)
    report = model.report()
    conv2 = next(l for l in report.layers if l.name == "conv2")
    assert (conv2.live_filters, conv2.filters) == (6, 16)
    assert report.pruned_flops < report.flops
    pruned = model.prune()
    assert pruned.is_pruned
    shapes = {p.name: p.shape for p in pruned.parameters}
    assert shapes["conv2.weight"][0] == 6
    with torch.no_grad():
        expected = net(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(sslc.compile(pruned)(x), expected, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(sslc.compile(model, prune=True)(x), expected,
                               rtol=1e-4, atol=1e-4)


def test_lenet_with_a_torch_state_dict(scratch):
    torch.manual_seed(5)
    net = TorchLenet().eval()
    with torch.no_grad():
        net.conv1.weight[::2] = 0
        net.ip1.weight[:, :300] = 0
    model = sslc.load("lenet", weights=net.state_dict())
    state = model.state_dict()
    np.testing.assert_array_equal(state["conv1.weight"], net.conv1.weight.detach().numpy())
    x = rand(1, 1, 28, 28, seed=4)
    with torch.no_grad():
        expected = net(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(sslc.compile(model)(x), expected, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(sslc.compile(model.prune(), threads=1)(x), expected,
                               rtol=1e-4, atol=1e-4)
    conv1 = model.report().layers[0]
    assert (conv1.name, conv1.live_filters, conv1.pruned_shape) == ("conv1", 10, (10, 1, 5, 5))
    # The same weights from a safetensors file.
    path = write_safetensors(os.path.join(scratch, "lenet.safetensors"),
                             {k: v.numpy() for k, v in net.state_dict().items()})
    from_file = sslc.load("lenet", weights=path)
    np.testing.assert_array_equal(from_file.state_dict()["ip1.weight"], state["ip1.weight"])


def test_outputs_into_caller_memory():
    compiled = sslc.compile(sslc.load("mlp"))
    x = torch.from_numpy(rand(1, 784, seed=6))
    out = torch.full((1, 10), float("nan"))
    result = compiled(x, out=out)
    assert result is out
    np.testing.assert_allclose(out.numpy(), compiled(x.numpy()), rtol=0, atol=0)
    buf = np.zeros((1, 10), np.float32)
    compiled(x, out=[buf])
    np.testing.assert_array_equal(buf, out.numpy())


def test_the_gil_is_released_while_running():
    # One call long enough (~0.1 s) for a Python thread to count meanwhile.
    compiled = sslc.compile(sslc.load("mlp", batch=4096), threads=1)
    x = rand(4096, 784, seed=7)
    start = time.perf_counter()
    compiled(x)
    seconds = time.perf_counter() - start
    ticks, stop = [0], threading.Event()

    def count():
        while not stop.is_set():
            ticks[0] += 1

    thread = threading.Thread(target=count)
    thread.start()
    time.sleep(0.01)
    before = ticks[0]
    compiled(x)
    during = ticks[0] - before
    stop.set()
    thread.join()
    # Holding the GIL would leave the counter where it was for the call.
    assert during > 1000, (during, seconds)


def test_errors_are_sslc_errors():
    with pytest.raises(sslc.LoadError, match="unknown model 'nonet'"):
        sslc.load("nonet")
    with pytest.raises(sslc.LoadError, match="/nonexistent/w.safetensors"):
        sslc.load("lenet", weights="/nonexistent/w.safetensors")
    with pytest.raises(sslc.InvalidArgumentError,
                       match=r"parameter 'conv1.bias' expects shape \[20\]"):
        sslc.load("lenet", weights={"conv1.bias": np.zeros(3, np.float32)})
    with pytest.raises(sslc.InvalidArgumentError, match="threads"):
        sslc.compile(sslc.load("mlp"), threads=0)
    with pytest.raises(sslc.InvalidArgumentError, match="got 'sideways'"):
        sslc.train_step(sslc.load("mlp"), ssl={"depth_bn": 0.1}, ssl_update="sideways")
    with pytest.raises(sslc.InvalidArgumentError, match="finetune: .*got 'all'"):
        sslc.train_step(sslc.load("mlp"), finetune="all")
    with pytest.raises(sslc.InvalidArgumentError, match="nosuchtarget"):
        sslc.compile(sslc.load("mlp"), target="nosuchtarget")
    compiled = sslc.compile(sslc.load("mlp"))
    x = rand(1, 784)
    with pytest.raises(sslc.InvalidArgumentError, match="expected dtype float32"):
        compiled(x.astype(np.float64))
    with pytest.raises(sslc.InvalidArgumentError, match="dense C-contiguous"):
        compiled(rand(784, 2)[:, :1].T)
    with pytest.raises(sslc.InvalidArgumentError,
                       match=r"expected shape \[1, 784\], found \[2, 392\]"):
        compiled(x.reshape(2, 392))
    with pytest.raises(sslc.InvalidArgumentError, match="expected 1 input"):
        compiled(x, x)
    with pytest.raises(sslc.InvalidArgumentError, match="requires grad|detach"):
        compiled(torch.zeros(1, 784, requires_grad=True))
    with pytest.raises(sslc.InvalidArgumentError, match="numpy array or a torch tensor"):
        compiled([0.0] * 784)
    with pytest.raises(sslc.InvalidArgumentError, match="writable"):
        ro = np.zeros((1, 10), np.float32)
        ro.setflags(write=False)
        compiled(x, out=ro)
    # Every class is an sslc.Error; argument errors are also ValueErrors.
    assert issubclass(sslc.InvalidArgumentError, ValueError)
    for cls in (sslc.LoadError, sslc.PipelineError, sslc.CompileError,
                sslc.RunError, sslc.ExportError):
        assert issubclass(cls, sslc.Error)


def test_export_writes_library_and_header(scratch):
    compiled = sslc.compile(sslc.load("lenet"), prune=True)
    prefix = os.path.join(scratch, "lenet_pruned")
    compiled.export(prefix)
    header = open(prefix + ".h").read()
    assert "int lenet_pruned(struct halide_buffer_t *_input" in header
    assert os.path.getsize(prefix + ".a") > 0
    with pytest.raises(sslc.ExportError, match="must be a C identifier"):
        compiled.export(os.path.join(scratch, "bad-name"))
    with pytest.raises(sslc.InvalidArgumentError, match="kind"):
        compiled.export(prefix, kind="shared")


def test_readme_quick_start(scratch, monkeypatch):
    """The README's Python quick start, executed as written."""
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md")).read()
    section = readme.split("\n## Python\n", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(scratch)
    exec(compile(code, "README.md", "exec"), {})
    assert os.path.exists("out/lenet_pruned.a") and os.path.exists("out/lenet_pruned.h")


def test_run_time_halide_errors_raise_run_error():
    """Halide errors inside JIT code come back as sslc.RunError after the call
    (here: a CUDA target on a machine without the CUDA driver); with a GPU the
    CUDA code computes what the host code does."""
    model = sslc.load("mlp")
    compiled = sslc.compile(model, target="host-cuda")
    x = rand(1, 784, seed=9)
    try:
        y = compiled(x)
    except sslc.RunError as e:
        assert str(e).startswith("Halide error: ") and "CUDA" in str(e), str(e)
        assert "\n\n" not in str(e)
        # The model still runs afterwards on the host.
        assert sslc.compile(model)(x).shape == (1, 10)
    else:
        np.testing.assert_allclose(y, sslc.compile(model)(x), rtol=1e-4, atol=1e-4)


def test_train_runs_the_ssl_trainer(scratch):
    """A few SSL steps of LeNet on MNIST through `sslc train` (seed 1, the
    zoo's initialization); the result is the trained model, whose parameters
    are those of the written file."""
    out = os.path.join(scratch, "lenet.safetensors")
    initial = sslc.load("lenet").state_dict()
    trained = sslc.train("lenet", "mnist", out, ssl={"filter": 0.01, "conv2.channel": 0.02},
                         max_steps=2, eval_samples=64, batch=16, lr=0.01, seed=1)
    assert isinstance(trained, sslc.Model)
    state = trained.state_dict()
    assert set(state) == set(initial)
    assert not np.array_equal(state["conv1.weight"], initial["conv1.weight"])
    np.testing.assert_array_equal(sslc.load("lenet", weights=out).state_dict()["ip1.weight"],
                                  state["ip1.weight"])
    assert os.path.exists(os.path.join(scratch, "lenet.ckpt.safetensors"))
    with pytest.raises(sslc.InvalidArgumentError, match="option '--lr' expects a number"):
        sslc.train("lenet", "mnist", out, lr=-1)
    with pytest.raises(sslc.InvalidArgumentError, match="unknown option '--no-such'"):
        sslc.train("lenet", "mnist", out, no_such=1)
    with pytest.raises(sslc.InvalidArgumentError, match="--dataset' expects mnist"):
        sslc.train("lenet", "imagenet", out)
    missing = os.path.join(scratch, "missing.safetensors")
    with pytest.raises(sslc.TrainError, match="missing.safetensors"):
        sslc.train("lenet", "mnist", out, init=missing, max_steps=1)

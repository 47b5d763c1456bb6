"""sslc.torch: group-Lasso subgradients against autograd, zeroing with the
momentum entries, freeze masks, 2-process DistributedDataParallel against one
process with the same global batch, and the export -> sslc.compile path."""

import os
import socket

import numpy as np
import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

import sslc
import sslc.torch as ssl_torch
from conftest import TorchLenet

SSL = {"filter": 0.05, "channel": 0.05, "shape": 0.02, "conv2.filter": 0.1,
       "row": 0.02, "column": 0.02}


class ConvBn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(2, 3, 3)
        self.bn1 = torch.nn.BatchNorm2d(3)
        self.fc = torch.nn.Linear(12, 4)


@pytest.mark.parametrize("kind", ["filter", "channel", "shape", "kernel2d", "depth",
                                  "depth_bn", "row", "column"])
def test_subgradient_is_the_gradient_of_the_penalty(kind):
    torch.manual_seed(0)
    net = ConvBn()
    with torch.no_grad():
        net.bn1.weight.uniform_(0.5, 1.5)
    key = kind if kind not in ("row", "column") else kind
    penalty = ssl_torch.group_lasso(net, {key: 0.3})
    params = dict(net.named_parameters())
    autograd = torch.autograd.grad(penalty, list(params.values()), allow_unused=True)
    ours = ssl_torch.group_lasso_grads(net, {key: 0.3})
    assert ours, kind
    for (name, p), expected in zip(params.items(), autograd):
        if name in ours:
            torch.testing.assert_close(ours[name], expected, rtol=1e-5, atol=1e-6)
        else:
            assert expected is None or torch.count_nonzero(expected) == 0, name


def test_zero_groups_have_zero_subgradient_and_bad_keys_are_errors():
    net = ConvBn()
    with torch.no_grad():
        net.conv1.weight[1] = 0
    g = ssl_torch.group_lasso_grads(net, {"filter": 1.0})["conv1.weight"]
    assert torch.count_nonzero(g[1]) == 0 and torch.count_nonzero(g[0]) > 0
    with pytest.raises(ValueError, match="KIND one of"):
        ssl_torch.group_lasso_grads(net, {"filters": 1.0})
    with pytest.raises(ValueError, match="names no conv or dense layer"):
        ssl_torch.group_lasso_grads(net, {"conv9.filter": 1.0})
    with pytest.raises(ValueError, match="'row' does not apply"):
        ssl_torch.group_lasso_grads(net, {"conv1.row": 1.0})


def test_step_zeroes_small_weights_and_their_momentum():
    torch.manual_seed(1)
    net = TorchLenet()
    sgd = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    opt = ssl_torch.SSLOptimizer(sgd, net, ssl=SSL, zero_threshold=0.01)
    x, y = torch.randn(8, 1, 28, 28), torch.randint(0, 10, (8,))
    for _ in range(2):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    w = net.conv2.weight
    zero = w == 0
    assert zero.any() and not zero.all()
    buf = sgd.state[w]["momentum_buffer"]
    assert torch.count_nonzero(buf[zero]) == 0
    assert (w.abs()[~zero] > 0.01).all()


def test_freeze_masks_keep_zero_groups():
    torch.manual_seed(2)
    net = TorchLenet()
    with torch.no_grad():
        net.conv1.weight[:5] = 0
        net.ip1.weight[:, :100] = 0
    masks = ssl_torch.freeze_masks(net)
    assert torch.count_nonzero(masks["conv1.weight"][:5]) == 0
    opt = ssl_torch.SSLOptimizer(torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9),
                                 net, masks=masks)
    x, y = torch.randn(8, 1, 28, 28), torch.randint(0, 10, (8,))
    for _ in range(3):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    assert torch.count_nonzero(net.conv1.weight[:5]) == 0
    assert torch.count_nonzero(net.ip1.weight[:, :100]) == 0
    assert torch.count_nonzero(net.conv1.weight[5:]) > 0


STEPS, GLOBAL_BATCH = 4, 16


def _data():
    g = torch.Generator().manual_seed(11)
    return (torch.randn(STEPS, GLOBAL_BATCH, 1, 28, 28, generator=g),
            torch.randint(0, 10, (STEPS, GLOBAL_BATCH), generator=g))


def _train(net, opt, images, labels):
    for step in range(STEPS):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(images[step]), labels[step]).backward()
        opt.step()


def _ddp_worker(rank, world, port, out):
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}",
                            rank=rank, world_size=world)
    torch.manual_seed(0)
    net = torch.nn.parallel.DistributedDataParallel(TorchLenet())
    opt = ssl_torch.SSLOptimizer(
        torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4),
        net, ssl=SSL, zero_threshold=2e-3)
    images, labels = _data()
    share = GLOBAL_BATCH // world
    _train(net, opt, images[:, rank * share:(rank + 1) * share],
           labels[:, rank * share:(rank + 1) * share])
    if rank == 0:
        torch.save(net.module.state_dict(), out)
    dist.destroy_process_group()


def test_ddp_two_processes_match_one(scratch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = os.path.join(scratch, "ddp.pt")
    mp.spawn(_ddp_worker, args=(2, port, out), nprocs=2, join=True)
    ddp = torch.load(out)

    torch.manual_seed(0)
    net = TorchLenet()
    opt = ssl_torch.SSLOptimizer(
        torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4),
        net, ssl=SSL, zero_threshold=2e-3)
    _train(net, opt, *_data())
    worst = 0.0
    for name, w in net.state_dict().items():
        diff = (w - ddp[name]).abs().max().item()
        worst = max(worst, diff)
        torch.testing.assert_close(ddp[name], w, rtol=0, atol=2e-5)
    zeros = sum(int((w == 0).sum()) for w in net.state_dict().values())
    zeros_ddp = sum(int((w == 0).sum()) for w in ddp.values())
    print(f"DDP (2 processes) vs 1 process after {STEPS} steps: max |dw| = {worst:.3g}, "
          f"zero weights {zeros_ddp} vs {zeros}")
    assert zeros > 0
    # A weight near the zeroing threshold may land on either side of it.
    assert abs(zeros - zeros_ddp) <= 0.001 * zeros


def test_export_then_compile_pruned(scratch):
    torch.manual_seed(3)
    net = TorchLenet()
    opt = ssl_torch.SSLOptimizer(torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9),
                                 net, ssl={"filter": 0.5, "channel": 0.5}, zero_threshold=5e-3)
    x, y = torch.randn(16, 1, 28, 28), torch.randint(0, 10, (16,))
    for _ in range(5):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    path = ssl_torch.export(net, os.path.join(scratch, "lenet.safetensors"))
    model = sslc.load("lenet", weights=path)
    compiled = sslc.compile(model, prune=True)
    sample = torch.randn(1, 1, 28, 28)
    with torch.no_grad():
        expected = net(sample).numpy()
    np.testing.assert_allclose(compiled(sample), expected, rtol=1e-4, atol=1e-4)
    onnx = ssl_torch.export(net, os.path.join(scratch, "lenet.onnx"), sample=sample)
    np.testing.assert_allclose(sslc.compile(sslc.load(onnx), prune=True)(sample), expected,
                               rtol=1e-4, atol=1e-4)


def test_one_step_equals_sslc_train_step():
    """sslc.torch's step (SGD with momentum and weight decay, group Lasso,
    zeroing) on the same weights and batch as sslc's own derived train step:
    the objective and the updated weights agree, so its group-Lasso gradients
    are sslc's. sslc's step keeps the velocity of a weight it zeroes, so the
    comparison over several steps uses zero_momentum=False."""
    torch.manual_seed(4)
    net = TorchLenet()
    batch = 8
    x = torch.randn(batch, 1, 28, 28)
    labels = torch.randint(0, 10, (batch,))
    ssl = {"filter": 0.05, "channel": 0.05, "shape": 0.02, "conv2.filter": 0.2,
           "row": 0.02, "column": 0.03}
    lr, steps = 0.05, 3
    model = sslc.load("lenet", weights=net.state_dict(), batch=batch)
    session = sslc.train_step(model, ssl=ssl, momentum=0.9, weight_decay=5e-4,
                              zero_threshold=1e-3, threads=2)
    opt = ssl_torch.SSLOptimizer(
        torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9, weight_decay=5e-4),
        net, ssl=ssl, zero_threshold=1e-3, zero_momentum=False)
    for _ in range(steps):
        loss = session.step(x.numpy(), labels.numpy(), lr)
        opt.zero_grad()
        cross_entropy = torch.nn.functional.cross_entropy(net(x), labels)
        # The objective sslc reports; the optimizer adds the lasso's gradient.
        with torch.no_grad():
            objective = (cross_entropy + ssl_torch.group_lasso(net, ssl)).item()
        cross_entropy.backward()
        opt.step()
        assert abs(loss - objective) < 1e-5 * max(1.0, abs(loss)), (loss, objective)
    state = session.state_dict()
    for name, w in net.state_dict().items():
        np.testing.assert_allclose(state[name], w.numpy(), rtol=1e-4, atol=2e-6,
                                   err_msg=name)
    # The lasso moved the weights: without it both would differ.
    plain = sslc.train_step(model, momentum=0.9, weight_decay=5e-4, zero_threshold=1e-3)
    plain.step(x.numpy(), labels.numpy(), lr)
    assert np.abs(plain.state_dict()["conv2.weight"] - state["conv2.weight"]).max() > 1e-4
    trained = session.model()
    np.testing.assert_array_equal(trained.state_dict()["ip1.weight"], state["ip1.weight"])

#!/usr/bin/env python3
"""PyTorch peer of train_bench: train-step throughput of the sslc zoo networks.

Builds the zoo networks of frontends/Zoo.cpp in PyTorch, trains them with
torch.optim.SGD (momentum, weight decay) on seeded random MNIST-shaped
batches made before timing, and prints one line per network and thread count:

    TORCH_TRAIN_STEP {"network": "lenet", "threads": 1, "img_per_s": ...}

A step is forward, softmax cross-entropy (plus the group-Lasso penalty for
the -ssl networks, through autograd), backward and optimizer.step(); the
reported throughput is batch * steps / seconds, the median of --reps timed
runs of --steps steps after --warmup steps.

Caveat: Debian's PyTorch 1.13 (python3-torch) runs torch.mm / nn.Linear on a
reference BLAS (about 3 GFLOP/s), while its convolutions go through oneDNN.
The fully connected layers dominate its LeNet step; --fc-as-conv also times
a variant whose Linear layers are convolutions (same arithmetic, oneDNN).
"""
import argparse
import json
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:  # train_bench reports the peer as not available
    print(f"TORCH_UNAVAILABLE {e}", flush=True)
    sys.exit(3)

NETWORKS = ("lenet", "lenet-ssl", "mlp")


class LeNet(nn.Module):
    """Caffe's LeNet as in the zoo: no ReLU after the convolutions."""

    def __init__(self, fc_as_conv=False):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 50, 5)
        self.fc_as_conv = fc_as_conv
        if fc_as_conv:
            # ip1 reads the whole 50x4x4 map; ip2 is a 1x1 convolution.
            self.ip1 = nn.Conv2d(50, 500, 4)
            self.ip2 = nn.Conv2d(500, 10, 1)
        else:
            self.ip1 = nn.Linear(800, 500)
            self.ip2 = nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(self.conv1(x), 2)
        x = F.max_pool2d(self.conv2(x), 2)
        if self.fc_as_conv:
            return self.ip2(F.relu(self.ip1(x))).flatten(1)
        return self.ip2(F.relu(self.ip1(x.flatten(1))))


class Mlp(nn.Module):
    """The SSL paper's MLP: 784-500-300-10 with ReLU."""

    def __init__(self):
        super().__init__()
        self.ip1 = nn.Linear(784, 500)
        self.ip2 = nn.Linear(500, 300)
        self.ip3 = nn.Linear(300, 10)

    def forward(self, x):
        x = F.relu(self.ip1(x.flatten(1)))
        return self.ip3(F.relu(self.ip2(x)))


def group_lasso(model, lambdas):
    """sslc's ssl.group_lasso terms on every 4-D convolution weight:
    lambda * sum of the groups' L2 norms (filter: w[o], channel: w[:, c],
    shape: w[:, c, kh, kw])."""
    dims = {"filter": (1, 2, 3), "channel": (0, 2, 3), "shape": (0,)}
    penalty = 0.0
    for conv in (model.conv1, model.conv2):
        w = conv.weight
        for kind, lam in lambdas.items():
            if lam:
                penalty = penalty + lam * w.pow(2).sum(dim=dims[kind]).sqrt().sum()
    return penalty


def parse_ssl(text):
    lambdas = {}
    for item in text.split(","):
        kind, _, value = item.partition("=")
        if kind not in ("filter", "channel", "shape") or not value:
            raise SystemExit(f"--ssl: expected filter|channel|shape=LAMBDA, got '{item}'")
        lambdas[kind] = float(value)
    return lambdas


def measure(args, network, threads, fc_as_conv):
    torch.set_num_threads(threads)
    torch.manual_seed(args.seed)
    model = Mlp() if network == "mlp" else LeNet(fc_as_conv)
    lambdas = parse_ssl(args.ssl) if network == "lenet-ssl" else {}
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9,
                          weight_decay=5e-4)
    gen = torch.Generator().manual_seed(args.seed)
    batches = [(torch.rand(args.batch, 1, 28, 28, generator=gen),
                torch.randint(0, 10, (args.batch,), generator=gen))
               for _ in range(4)]

    def step(i):
        x, y = batches[i % len(batches)]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        if lambdas:
            loss = loss + group_lasso(model, lambdas)
        loss.backward()
        opt.step()
        return loss

    for i in range(args.warmup):
        step(i)
    rates = []
    for _ in range(args.reps):
        start = time.perf_counter()
        for i in range(args.steps):
            loss = step(i)
        loss.item()  # nothing is asynchronous on CPU; keep the loss live
        rates.append(args.batch * args.steps / (time.perf_counter() - start))
    return statistics.median(rates)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--networks", default="lenet,lenet-ssl")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--ssl", default="filter=0.003,channel=0.003,shape=0.003")
    p.add_argument("--fc-as-conv", action="store_true",
                   help="also time LeNet with its Linear layers as convolutions")
    args = p.parse_args()
    for network in args.networks.split(","):
        if network not in NETWORKS:
            raise SystemExit(f"--networks: unknown network '{network}'")
        for threads in (int(t) for t in args.threads.split(",")):
            variants = [False]
            if args.fc_as_conv and network != "mlp":
                variants.append(True)
            for fc_as_conv in variants:
                rate = measure(args, network, threads, fc_as_conv)
                print("TORCH_TRAIN_STEP " + json.dumps({
                    "network": network, "threads": threads,
                    "fc_as_conv": fc_as_conv, "img_per_s": rate,
                    "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()

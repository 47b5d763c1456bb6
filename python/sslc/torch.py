"""SSL in PyTorch: the group Lasso of Wen et al. (2016) as an optimizer wrapper.

For users whose data or model outgrows sslc's own single-process trainer:
train with any PyTorch setup (DistributedDataParallel included), then hand the
weights to sslc::

    import sslc, sslc.torch
    opt = sslc.torch.SSLOptimizer(torch.optim.SGD(model.parameters(), lr=0.01,
                                                  momentum=0.9, weight_decay=5e-4),
                                  model, ssl={"filter": 0.01, "conv2.channel": 0.02})
    ...  loss.backward(); opt.step()          # after DDP has averaged the gradients
    sslc.torch.export(model, "model.safetensors")
    compiled = sslc.compile(sslc.load("lenet", weights="model.safetensors"), prune=True)

The groups are the ones of sslc's ``#ssl<group_kind>`` (and ``ssl.group_lasso``):
convolution weights [N, C, KH, KW] have ``filter`` (N groups), ``channel`` (C),
``shape`` (C·KH·KW), ``kernel2d`` (N·C) and ``depth`` (one) groups; dense weights
[M, K] ``row`` (M) and ``column`` (K) groups; ``depth_bn`` is the depth group of a
convolution together with the γ and β of the batch norm after it. The
subgradient is λ·w/‖w_g‖₂, 0 on a group whose norm is 0, as in sslc's
``ssl.group_lasso_grad``.
"""

import json
import struct

import torch

KINDS = ("filter", "channel", "shape", "kernel2d", "depth", "depth_bn", "row", "column")
_CONV_KINDS = ("filter", "channel", "shape", "kernel2d", "depth", "depth_bn")
_DENSE_KINDS = ("row", "column", "depth")


def _group_norms(kind, w):
    """‖w_g‖₂ broadcastable against w, for the groups of `kind`."""
    if kind == "filter":
        dims = tuple(range(1, w.dim()))
    elif kind == "channel":
        dims = (0, 2, 3)
    elif kind == "shape":
        dims = (0,)
    elif kind == "kernel2d":
        dims = (2, 3)
    elif kind == "row":
        dims = (1,)
    elif kind == "column":
        dims = (0,)
    elif kind == "depth":
        dims = tuple(range(w.dim()))
    else:
        raise ValueError(f"ssl: unknown group kind '{kind}'")
    return w.pow(2).sum(dim=dims, keepdim=True).sqrt()


def _check_kind(kind, name, w):
    allowed = _CONV_KINDS if w.dim() == 4 else _DENSE_KINDS if w.dim() == 2 else ("depth",)
    if kind not in allowed:
        raise ValueError(f"ssl: '{kind}' does not apply to '{name}' of shape "
                         f"{list(w.shape)} (expected one of {', '.join(allowed)})")


def _terms(model, ssl, bn_of):
    """(kind, λ, [(name, parameter), ...]) for every regularized weight."""
    params = dict(model.named_parameters())
    layers = {n[: -len(".weight")]: p for n, p in params.items()
              if n.endswith(".weight") and p.dim() in (2, 4)}
    per_kind, per_layer = {}, {}
    for key, lam in (ssl or {}).items():
        layer, _, kind = key.rpartition(".")
        if kind not in KINDS:
            raise ValueError(f"ssl: expected [LAYER.]KIND with KIND one of "
                             f"{', '.join(KINDS)}, got '{key}'")
        if float(lam) < 0:
            raise ValueError(f"ssl: {key} expects a number >= 0, got {lam}")
        if layer:
            if layer not in layers:
                raise ValueError(f"ssl: '{key}' names no conv or dense layer "
                                 f"(layers: {', '.join(sorted(layers))})")
            per_layer[(layer, kind)] = float(lam)
        else:
            per_kind[kind] = float(lam)
    for layer, kind in per_layer:
        _check_kind(kind, layer + ".weight", layers[layer])
    terms = []
    for layer, w in layers.items():
        kinds = _CONV_KINDS if w.dim() == 4 else _DENSE_KINDS
        for kind in kinds:
            lam = per_layer.get((layer, kind), per_kind.get(kind, 0.0))
            if lam == 0.0:
                continue
            group = [(layer + ".weight", w)]
            if kind == "depth_bn":
                bn = (bn_of or {}).get(layer, layer.replace("conv", "bn"))
                if bn + ".weight" not in params or bn + ".bias" not in params:
                    raise ValueError(f"ssl: depth_bn of '{layer}' needs the batch norm "
                                     f"after it ('{bn}' not found; pass bn_of)")
                group += [(bn + ".weight", params[bn + ".weight"]),
                          (bn + ".bias", params[bn + ".bias"])]
            terms.append((kind, lam, group))
    return terms


def group_lasso(model, ssl, bn_of=None):
    """λ·Σ_g ‖w_g‖₂ summed over every term of `ssl` (a differentiable tensor)."""
    total = None
    for kind, lam, group in _terms(model, ssl, bn_of):
        if kind == "depth_bn":
            value = lam * torch.sqrt(sum(p.pow(2).sum() for _, p in group))
        else:
            value = lam * _group_norms(kind, group[0][1]).sum()
        total = value if total is None else total + value
    return total if total is not None else torch.zeros(())


@torch.no_grad()
def group_lasso_grads(model, ssl, bn_of=None):
    """The subgradient of :func:`group_lasso` by parameter name."""
    grads = {}
    for kind, lam, group in _terms(model, ssl, bn_of):
        if kind == "depth_bn":
            norm = torch.sqrt(sum(p.pow(2).sum() for _, p in group))
            parts = [(n, p, norm) for n, p in group]
        else:
            name, w = group[0]
            parts = [(name, w, _group_norms(kind, w))]
        for name, p, norm in parts:
            g = torch.where(norm > 0, lam * p / torch.where(norm > 0, norm, 1.0),
                            torch.zeros((), dtype=p.dtype))
            grads[name] = grads[name] + g if name in grads else g
    return grads


@torch.no_grad()
def freeze_masks(model, mode="groups"):
    """Masks that keep the zeros of `model` during fine-tuning: with
    ``"groups"`` the all-zero filter, channel and shape groups of convolutions
    and rows and columns of dense layers, with ``"elements"`` every zero."""
    if mode not in ("groups", "elements"):
        raise ValueError(f"freeze_masks: mode expects groups or elements, got '{mode}'")
    masks = {}
    for name, w in model.named_parameters():
        if not name.endswith(".weight") or w.dim() not in (2, 4):
            continue
        if mode == "elements":
            masks[name] = (w != 0).to(w.dtype)
            continue
        keep = torch.ones_like(w)
        for kind in (("filter", "channel", "shape") if w.dim() == 4 else ("row", "column")):
            keep = keep * (_group_norms(kind, w) > 0).to(w.dtype)
        masks[name] = keep
    return masks


class SSLOptimizer:
    """Wraps a PyTorch optimizer: each ``step()`` adds the group-Lasso
    subgradient of ``ssl`` to the gradients (so under DistributedDataParallel
    it runs once per step on the averaged gradients), masks the gradients of
    frozen groups, runs the optimizer, then sets every convolution and dense
    weight with |w| <= ``zero_threshold`` to 0 together with its momentum
    entries (or the velocity brings pruned weights back), and reapplies the
    masks. ``model`` may be the DDP wrapper or the module inside it. With
    ``zero_momentum=False`` the velocities are left as they are, which is what
    sslc's own derived train step (and Caffe's SSL solver) does."""

    def __init__(self, optimizer, model, ssl=None, zero_threshold=1e-4, masks=None,
                 bn_of=None, zero_momentum=True):
        self.optimizer = optimizer
        self.model = getattr(model, "module", model)
        self.ssl = dict(ssl or {})
        self.zero_threshold = float(zero_threshold)
        self.bn_of = bn_of
        self.zero_momentum = bool(zero_momentum)
        _terms(self.model, self.ssl, bn_of)  # report a bad configuration now
        params = dict(self.model.named_parameters())
        self.masks = {}
        for name, mask in (masks or {}).items():
            if name not in params or params[name].shape != mask.shape:
                raise ValueError(f"masks: '{name}' is not a parameter of that shape")
            self.masks[name] = mask.to(params[name].dtype)

    @property
    def param_groups(self):
        return self.optimizer.param_groups

    @property
    def state(self):
        return self.optimizer.state

    def zero_grad(self, set_to_none=False):
        self.optimizer.zero_grad(set_to_none=set_to_none)

    def state_dict(self):
        return self.optimizer.state_dict()

    def load_state_dict(self, state):
        self.optimizer.load_state_dict(state)

    @torch.no_grad()
    def step(self, closure=None):
        params = dict(self.model.named_parameters())
        for name, g in group_lasso_grads(self.model, self.ssl, self.bn_of).items():
            p = params[name]
            if p.grad is None:
                p.grad = torch.zeros_like(p)
            p.grad.add_(g)
        for name, mask in self.masks.items():
            if params[name].grad is not None:
                params[name].grad.mul_(mask)
        loss = self.optimizer.step(closure)
        for name, p in params.items():
            keep = None
            if name.endswith(".weight") and p.dim() in (2, 4):
                keep = (p.abs() > self.zero_threshold).to(p.dtype)
            if name in self.masks:
                keep = self.masks[name] if keep is None else keep * self.masks[name]
            if keep is None:
                continue
            p.mul_(keep)
            buf = self.optimizer.state.get(p, {}).get("momentum_buffer")
            if buf is not None and (self.zero_momentum or name in self.masks):
                buf.mul_(keep if self.zero_momentum else self.masks[name])
        return loss


def export(model, path, sample=None):
    """Writes the parameters and buffers of `model` under its state_dict names:
    a ``.safetensors`` file (what ``sslc.load(..., weights=path)`` reads), or
    with ``sample`` an ONNX model (``sslc.load(path)``)."""
    module = getattr(model, "module", model)
    path = str(path)
    if path.endswith(".onnx"):
        if sample is None:
            raise ValueError("export: an ONNX export needs a sample input")
        torch.onnx.export(module, sample, path, opset_version=13,
                          input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
        return path
    header, blobs, offset = {}, [], 0
    state = {k: v for k, v in module.state_dict().items() if v.is_floating_point()}
    for name in sorted(state):
        data = state[name].detach().to(torch.float32).contiguous().cpu().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(state[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    return path

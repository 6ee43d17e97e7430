"""The models a PyTorch user would write by hand (not the generated model.py), loaded strictly with
the exported weights.safetensors and run on NCHW images.

stdin JSON: {models: [{id, dir (holding weights.safetensors), x (float32 NHWC file), shape (NHWC),
out (path for the float64 predictions), flattened: {"<dense>.weight": [H, W, C]}}]}.
The inputs are transposed to NCHW here, as a PyTorch user holds images. Each model also runs once
more with every `flattened` weight's columns put back in the playground's (H, W, C) flatten order
(the layout before the export followed PyTorch's), to show that layout gives different answers.
Prints JSON {id: {shape, keys, hwc_diff}} or {id: {error}}.
"""
import json
import sys
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file


class ChannelsLastLayerNorm(nn.LayerNorm):
    """nn.LayerNorm over the channels of an NCHW image."""

    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class PixelLinear(nn.Linear):
    """nn.Linear applied to each pixel's channels of an NCHW image."""

    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


def cnn():
    return nn.Sequential(OrderedDict(
        conv2d=nn.Conv2d(1, 32, 3), relu=nn.ReLU(), max_pooling2d=nn.MaxPool2d(2), flatten=nn.Flatten(),
        dense=nn.Linear(5408, 64), relu_1=nn.ReLU(), dense_1=nn.Linear(64, 10), softmax=nn.Softmax(dim=1),
    ))


def cnn_2conv():
    return nn.Sequential(OrderedDict(
        conv2d=nn.Conv2d(1, 32, 3), relu=nn.ReLU(), max_pooling2d=nn.MaxPool2d(2),
        conv2d_1=nn.Conv2d(32, 64, 3), relu_1=nn.ReLU(), max_pooling2d_1=nn.MaxPool2d(2), flatten=nn.Flatten(),
        dense=nn.Linear(1600, 64), relu_2=nn.ReLU(), dense_1=nn.Linear(64, 10), softmax=nn.Softmax(dim=1),
    ))


def zoo_norm_image():
    # Conv2D 3x3 'same' stride 1 pads 1 on every side in TensorFlow too.
    return nn.Sequential(OrderedDict(
        conv=nn.Conv2d(3, 4, 3, padding=1), ln=ChannelsLastLayerNorm(4, eps=1e-3), pixels=PixelLinear(4, 6), gelu=nn.GELU(),
        flat=nn.Flatten(), out=nn.Linear(150, 3), softmax=nn.Softmax(dim=1),
    ))


class ZooConvDag(nn.Module):
    """9x9x3 -> conv a (3x3, stride 2, 'same': pads 1) -> avg pool p (3, stride 1, 'same', real cells only)
    and max pool m (2, 'same': the extra row/column at the bottom/right, as ceil_mode) -> conv b (1x2,
    'same': one column on the right) -> a + b -> global average; m reshaped to 36 -> d1."""

    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 4, 3, stride=2, padding=1)
        self.p = nn.AvgPool2d(3, 1, padding=1, count_include_pad=False)
        self.m = nn.MaxPool2d(2, ceil_mode=True)
        self.b = nn.Conv2d(4, 4, (1, 2))
        self.d1 = nn.Linear(36, 5)
        self.d2 = nn.Linear(4, 5)
        self.out = nn.Linear(5, 3)

    def forward(self, x):
        a = F.relu(self.a(x))
        s = a + self.b(F.pad(self.p(a), (0, 1, 0, 0)))
        d1 = F.gelu(self.d1(self.m(a).reshape(len(x), -1)))
        d2 = torch.tanh(self.d2(s.mean(dim=(2, 3))))
        return F.softmax(self.out(d1 + d2), dim=1)


class LayerZoo(nn.Module):
    """pytorch-layers.test.ts's layerZoo, 8x8x3: TensorFlow 'same' pads as F.pad (more at the
    bottom/right), average pooling over the real cells only."""

    def __init__(self):
        super().__init__()
        self.conv_a = nn.Conv2d(3, 4, 3, stride=2)
        self.conv_b = nn.Conv2d(4, 4, (4, 2))
        self.dense_f = nn.Linear(16, 4)
        self.conv_c = nn.Conv2d(1, 2, 2, bias=False)
        self.dense_out = nn.Linear(8, 3)

    def forward(self, x):
        a = F.relu(self.conv_a(F.pad(x, (0, 1, 0, 1))))
        add = a + torch.tanh(self.conv_b(F.pad(a, (0, 1, 1, 2))))
        pad = (0, 1, 0, 1)
        avg = F.avg_pool2d(F.pad(add, pad), 3, 2) / F.avg_pool2d(F.pad(torch.ones_like(add[:, :1]), pad), 3, 2)
        gap = F.max_pool2d(F.pad(add, pad, value=float("-inf")), 2, 1).mean(dim=(2, 3))
        add2 = gap + torch.sigmoid(self.dense_f(avg.flatten(1)))
        img = add2.reshape(len(x), 1, 2, 2)  # one channel: the playground's [2, 2, 1]
        return F.softmax(self.dense_out(self.conv_c(F.pad(img, (0, 1, 0, 1))).flatten(1)), dim=1)


class ZooMultiply(nn.Module):
    """zoo-multiply, 6x6x3: a gated convolution (tanh(a) * sigmoid(g)), max pooled and flattened
    NCHW into Linear d; the product of the flattened image with d's output pairs values in the
    playground's (H, W, C) order, so that operand is flattened channels-last."""

    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 4, 3, padding=1)
        self.g = nn.Conv2d(3, 4, 1)
        self.d = nn.Linear(36, 36)
        self.out = nn.Linear(36, 3)

    def forward(self, x):
        p = F.max_pool2d(torch.tanh(self.a(x)) * torch.sigmoid(self.g(x)), 2)
        gate = p.permute(0, 2, 3, 1).flatten(1) * torch.sigmoid(self.d(p.flatten(1)))
        return F.softmax(self.out(gate * gate), dim=1)


class ZooConcatenate(nn.Module):
    """zoo-concatenate, 6x6x3: torch.cat on the channels (dim 1) and the height (dim 2) of NCHW
    images, the flattened (C, H, W) image into Linear d, then joined with d's output in the
    playground's (H, W, C) order, viewed as a [7, 7] sequence and joined on its time axis."""

    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 2, 3, padding=1)
        self.b = nn.Conv2d(7, 2, 3, stride=2)
        self.c = nn.Conv2d(3, 2, (1, 3), stride=(1, 2))
        self.d = nn.Linear(32, 17)
        self.e = nn.Linear(7, 7)
        self.out = nn.Linear(98, 3)

    def forward(self, x):
        a = F.relu(self.a(x))
        rows = torch.cat([self.b(torch.cat([a, x, a], dim=1)), self.c(x)], dim=2)
        fd = torch.cat([rows.permute(0, 2, 3, 1).flatten(1), torch.tanh(self.d(rows.flatten(1)))], dim=1)
        seq = fd.reshape(len(x), 7, 7)
        time = torch.cat([seq, torch.sigmoid(self.e(seq))], dim=1)
        return F.softmax(self.out(time.flatten(1)), dim=1)


def cnn_bn():
    # Keras's BatchNormalization (momentum 0.99, epsilon 1e-3) is PyTorch's momentum 0.01, eps 1e-3.
    return nn.Sequential(OrderedDict(
        conv2d=nn.Conv2d(1, 32, 3, bias=False), batch_normalization=nn.BatchNorm2d(32, eps=1e-3, momentum=0.01), activation=nn.ReLU(),
        conv2d_1=nn.Conv2d(32, 32, 3, bias=False), batch_normalization_1=nn.BatchNorm2d(32, eps=1e-3, momentum=0.01), activation_1=nn.ReLU(),
        max_pooling2d=nn.MaxPool2d(2), flatten=nn.Flatten(), dense=nn.Linear(4608, 10), softmax=nn.Softmax(dim=1),
    ))


class ZooBatchnorm(nn.Module):
    """zoo-batchnorm, 6x6x2: conv c (no bias) -> BatchNorm2d -> ReLU -> max pool -> flatten -> d ->
    BatchNorm1d over d's 6 features -> the [3, 2] sequence, BatchNorm1d over its 2 channels (NCL) -> out."""

    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(2, 3, 3, bias=False)
        self.bn = nn.BatchNorm2d(3, eps=1e-3, momentum=0.01)
        self.d = nn.Linear(12, 6)
        self.bn2 = nn.BatchNorm1d(6, eps=0.01, momentum=0.1)
        self.bn3 = nn.BatchNorm1d(2, eps=1e-3, momentum=0.01)
        self.out = nn.Linear(6, 3)

    def forward(self, x):
        h = F.max_pool2d(F.relu(self.bn(self.c(x))), 2).flatten(1)
        s = self.bn2(self.d(h)).view(-1, 3, 2)
        s = self.bn3(s.transpose(1, 2)).transpose(1, 2)
        return F.softmax(self.out(s.flatten(1)), dim=1)


MODELS = {"cnn": cnn, "cnn-2conv": cnn_2conv, "zoo-norm-image": zoo_norm_image, "zoo-conv-dag": ZooConvDag, "layer-zoo": LayerZoo, "zoo-multiply": ZooMultiply, "zoo-concatenate": ZooConcatenate, "cnn-bn": cnn_bn, "zoo-batchnorm": ZooBatchnorm}


def hwc_columns(state, flattened):
    """The state_dict with each flattened Dense's columns in (H, W, C) order instead of (C, H, W)."""
    out = dict(state)
    for name, (h, w, c) in flattened.items():
        wt = state[name]
        out[name] = wt.reshape(wt.shape[0], c, h, w).permute(0, 2, 3, 1).reshape(wt.shape[0], -1).contiguous()
    return out


def run(m):
    model = MODELS[m["id"]]()
    model.eval()
    state = load_file(f"{m['dir']}/weights.safetensors")
    x = torch.from_numpy(np.fromfile(m["x"], dtype=np.float32).reshape(m["shape"])).permute(0, 3, 1, 2).contiguous()
    with torch.no_grad():
        model.load_state_dict(state, strict=True)
        y = model(x).double()
        model.load_state_dict(hwc_columns(state, m["flattened"]), strict=True)
        hwc = model(x).double()
    y.numpy().tofile(m["out"])
    return {"shape": list(y.shape), "keys": sorted(state.keys()), "hwc_diff": float((hwc - y).abs().max())}


torch.manual_seed(0)
results = {}
for m in json.load(sys.stdin)["models"]:
    try:
        results[m["id"]] = run(m)
    except Exception as e:  # noqa: BLE001 - reported per model
        results[m["id"]] = {"error": f"{type(e).__name__}: {e}"}
print(json.dumps(results))

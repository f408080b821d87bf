#!/usr/bin/env python3
"""Measure the kiosk's two models on a real GPU (or a CPU) and write kiosk-sim serving profiles.

The simulator needs batch times per GPU type; the catalogue's T4/A100/L4/H100 profiles are only derived from
published ratios (calibrate/GPU-CATALOGUE.md). This runner replaces a derived profile with a measured one:

    python3 calibrate/gpu_runner.py --device cuda --out calibrate/profiles/<gpu>/measured
    python3 calibrate/gpu_runner.py --device cpu --models panoptic --batch-sizes 1,2 --repeats 3 --out /tmp/p

It builds, in PyTorch, the same architectures calibrate/models/ builds in TensorFlow.js (random weights: timing
does not depend on weight values):
  * panoptic (2020): 256x256x1 tile -> 1x1 conv to 3 channels -> ResNet-50 (bottleneck blocks 3, 4, 6, 3, stride
    on the first 1x1 conv of a stage) -> feature pyramid on C3..C5 (256 features, nearest 2x upsampling) -> P3 ->
    three semantic heads (inner distance 1 ch relu, outer distance 1 ch relu, fg/bg 2 ch softmax), each three
    3x3 conv(64)+relu+2x upsampling steps back to full resolution, a 1x1 conv(64)+relu and the class layer.
  * featurenet (2019): DeepCell's 41 px feature-net run dilated over whole images (1080x1280x1 by default):
    conv4, conv3, pool, conv3 (d2), conv3 (d2), pool, conv4 (d4), dense conv4 (d4, 200), 1x1 (200), heads;
    each conv is conv (no bias) + batch norm + relu; pools are 2x2, stride 1, dilated, "same" padded.

For each model and precision (fp32, fp16) it times every batch size (powers of two up to 128 by default) after
warm-up: on CUDA with CUDA events around each forward pass (and a synchronize), on CPU with a monotonic clock.
A batch size that runs out of GPU memory ends that model's sweep and is noted in the profile.

Output: one JSON file per model and precision, schema kiosk-sim/serving-profile@1 (sim/model/serving/profile.ts):
hardware, driver and library versions, the exact command, every sample, the affine fit (the same weighted least
squares as calibrate/fit.ts) and the multiplicative residuals. Load it with the simulator's profile loader.
"""
import argparse
import datetime
import json
import math
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
import warnings

PROFILE_SCHEMA_ID = "kiosk-sim/serving-profile@1"
FIT_METHOD = "weighted least squares on group medians (weights 1/median^2), a >= 0"
HEADS = (("inner_distance", 1, "relu"), ("outer_distance", 1, "relu"), ("fgbg", 2, "softmax"))
RESNET50_STAGES = ((64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--device", default="cuda", help="cuda, cuda:N or cpu (default cuda)")
    p.add_argument("--models", default="panoptic,featurenet", help="comma list of panoptic, featurenet")
    p.add_argument("--dtypes", default=None, help="comma list of float32, float16 (default both on CUDA, float32 on CPU)")
    p.add_argument("--batch-sizes", default="1,2,4,8,16,32,64,128", help="comma list (default powers of two 1..128)")
    p.add_argument("--featurenet-batch-sizes", default=None, help="batch sizes of whole images for featurenet (default: --batch-sizes)")
    p.add_argument("--repeats", type=int, default=20, help="timed forward passes per batch size (default 20)")
    p.add_argument("--warmup", type=int, default=5, help="untimed passes before timing each batch size (default 5)")
    p.add_argument("--tile", default="256x256", help="panoptic tile HxW, multiples of 32 (default 256x256)")
    p.add_argument("--image", default="1080x1280", help="featurenet whole-image HxW (default 1080x1280)")
    p.add_argument("--out", required=True, help="directory for the profile JSON files")
    p.add_argument("--name", default=None, help="profile name prefix (default: measured-<device>)")
    p.add_argument("--note", action="append", default=[], help="a note to add to every profile written (repeatable)")
    a = p.parse_args(argv)
    a.models = [m.strip() for m in a.models.split(",") if m.strip()]
    for m in a.models:
        if m not in ("panoptic", "featurenet"):
            p.error(f"--models: unknown model {m!r}; expected panoptic and/or featurenet")
    a.batch_sizes = parse_sizes(p, "--batch-sizes", a.batch_sizes)
    a.featurenet_batch_sizes = parse_sizes(p, "--featurenet-batch-sizes", a.featurenet_batch_sizes) if a.featurenet_batch_sizes else a.batch_sizes
    a.tile = parse_hw(p, "--tile", a.tile)
    a.image = parse_hw(p, "--image", a.image)
    if a.tile[0] % 32 or a.tile[1] % 32:
        p.error(f"--tile: PanopticNet tiles must be multiples of 32 px (ResNet-50 stride), got {a.tile[0]}x{a.tile[1]}")
    if a.repeats < 1 or a.warmup < 0:
        p.error("--repeats must be >= 1 and --warmup >= 0")
    return a


def parse_sizes(p, flag, text):
    try:
        sizes = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        p.error(f"{flag}: expected a comma list of positive integers, got {text!r}")
    if not sizes or any(s < 1 for s in sizes):
        p.error(f"{flag}: expected a comma list of positive integers, got {text!r}")
    return sizes


def parse_hw(p, flag, text):
    try:
        h, w = (int(v) for v in text.lower().split("x"))
    except ValueError:
        p.error(f"{flag}: expected HxW in pixels, e.g. 256x256, got {text!r}")
    if h < 1 or w < 1:
        p.error(f"{flag}: expected positive sizes, got {text!r}")
    return h, w


# ---------------------------------------------------------------- models (imports torch lazily: --help works without it)

def build_models(torch):
    nn = torch.nn
    F = torch.nn.functional

    class ConvBnRelu(nn.Module):
        def __init__(self, cin, cout, kernel, stride=1, dilation=1, relu=True):
            super().__init__()
            # "same" padding like TF's; torch's padding="same" only allows stride 1, so strided convs pad by hand.
            self.stride, self.kernel, self.dilation = stride, kernel, dilation
            self.conv = nn.Conv2d(cin, cout, kernel, stride=stride, dilation=dilation, bias=False,
                                  padding="same" if stride == 1 else 0)
            self.bn = nn.BatchNorm2d(cout)
            self.relu = relu

        def forward(self, x):
            if self.stride > 1:
                x = tf_same_pad(F, x, self.kernel, self.stride, self.dilation)
            y = self.bn(self.conv(x))
            return F.relu(y) if self.relu else y

    class Bottleneck(nn.Module):
        def __init__(self, cin, filters, stride, project):
            super().__init__()
            self.proj = ConvBnRelu(cin, 4 * filters, 1, stride=stride, relu=False) if project else None
            self.a = ConvBnRelu(cin, filters, 1, stride=stride)
            self.b = ConvBnRelu(filters, filters, 3)
            self.c = ConvBnRelu(filters, 4 * filters, 1, relu=False)

        def forward(self, x):
            shortcut = self.proj(x) if self.proj is not None else x
            return F.relu(self.c(self.b(self.a(x))) + shortcut)

    class Head(nn.Module):
        def __init__(self, cin, channels, activation):
            super().__init__()
            self.ups = nn.ModuleList([nn.Conv2d(cin if i == 0 else 64, 64, 3, padding="same") for i in range(3)])
            self.dense = nn.Conv2d(64, 64, 1)
            self.out = nn.Conv2d(64, channels, 1)
            self.activation = activation

        def forward(self, x):
            for conv in self.ups:
                x = F.interpolate(F.relu(conv(x)), scale_factor=2, mode="nearest")
            y = self.out(F.relu(self.dense(x)))
            return F.softmax(y, dim=1) if self.activation == "softmax" else F.relu(y)

    class PanopticNet(nn.Module):
        def __init__(self, channels=1):
            super().__init__()
            self.to_rgb = nn.Conv2d(channels, 3, 1)
            self.stem = ConvBnRelu(3, 64, 7, stride=2)
            blocks, cin = [], 64
            self.stage_ends = []
            for filters, count, stride in RESNET50_STAGES:
                for b in range(count):
                    blocks.append(Bottleneck(cin, filters, stride if b == 0 else 1, b == 0))
                    cin = 4 * filters
                self.stage_ends.append(len(blocks) - 1)
            self.blocks = nn.ModuleList(blocks)
            self.p5_lateral = nn.Conv2d(2048, 256, 1)
            self.p4_lateral = nn.Conv2d(1024, 256, 1)
            self.p3_lateral = nn.Conv2d(512, 256, 1)
            self.p3 = nn.Conv2d(256, 256, 3, padding="same")
            self.heads = nn.ModuleList([Head(256, ch, act) for _, ch, act in HEADS])

        def forward(self, x):
            y = self.stem(self.to_rgb(x))
            y = tf_same_pad(F, y, 3, 2, 1, value=float("-inf"))
            y = F.max_pool2d(y, 3, stride=2)
            feats = []
            for i, block in enumerate(self.blocks):
                y = block(y)
                if i in self.stage_ends[1:]:
                    feats.append(y)
            c3, c4, c5 = feats
            p5 = self.p5_lateral(c5)
            p4 = self.p4_lateral(c4) + F.interpolate(p5, scale_factor=2, mode="nearest")
            p3 = self.p3(self.p3_lateral(c3) + F.interpolate(p4, scale_factor=2, mode="nearest"))
            return [h(p3) for h in self.heads]

    class DilatedMaxPool(nn.Module):
        def __init__(self, dilation):
            super().__init__()
            self.dilation = dilation

        def forward(self, x):
            return F.max_pool2d(tf_same_pad(F, x, 2, 1, self.dilation, value=float("-inf")), 2, stride=1, dilation=self.dilation)

    class FeatureNet(nn.Module):
        def __init__(self, channels=1, receptive_field=41, conv_filters=64, dense_filters=200):
            super().__init__()
            layers, cin = [], channels
            plan = feature_net_plan(receptive_field)
            for i, layer in enumerate(plan):
                if layer[0] == "pool":
                    layers.append(DilatedMaxPool(layer[1]))
                else:
                    last = i == len(plan) - 1
                    cout = dense_filters if last else conv_filters
                    layers.append(ConvBnRelu(cin, cout, layer[1], dilation=layer[2]))
                    cin = cout
            layers.append(ConvBnRelu(cin, dense_filters, 1))
            self.body = nn.Sequential(*layers)
            self.heads = nn.ModuleList([nn.Conv2d(dense_filters, ch, 1) for _, ch, _ in HEADS])
            self.activations = [act for _, _, act in HEADS]

        def forward(self, x):
            y = self.body(x)
            return [F.softmax(h(y), dim=1) if a == "softmax" else F.relu(h(y)) for h, a in zip(self.heads, self.activations)]

    return PanopticNet, FeatureNet


def tf_same_pad(F, x, kernel, stride, dilation, value=0.0):
    """Pads H and W as TensorFlow's "same" does (the extra pixel goes after), for any stride and dilation."""
    pads = []
    for size in (x.shape[-1], x.shape[-2]):  # F.pad takes the last dimension first
        window = (kernel - 1) * dilation + 1
        out = -(-size // stride)
        total = max((out - 1) * stride + window - size, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads, value=value) if any(pads) else x


def feature_net_plan(receptive_field):
    """DeepCell's recipe, as calibrate/models/featurenet.ts featureNetPlan: [("conv", k, d) | ("pool", d)]."""
    plan, rf, d, convs = [], receptive_field, 1, 0
    while rf > 4:
        kernel = 3 if rf % 2 == 0 else 4
        plan.append(("conv", kernel, d))
        rf -= kernel - 1
        convs += 1
        if convs % 2 == 0:
            plan.append(("pool", d))
            d *= 2
            rf //= 2
    plan.append(("conv", rf, d))
    return plan


# ---------------------------------------------------------------- timing

def time_batches(torch, model, shape, batch_sizes, dtype, device, warmup, repeats, log):
    """Seconds per forward pass for each batch size; stops at the first batch size that runs out of memory."""
    groups, notes = [], []
    cuda = device.type == "cuda"
    for b in batch_sizes:
        x = torch.randn((b, 1) + shape, device=device, dtype=dtype)
        try:
            with torch.inference_mode():
                for _ in range(warmup):
                    model(x)
                if cuda:
                    torch.cuda.synchronize(device)
                seconds = []
                for _ in range(repeats):
                    if cuda:
                        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                        start.record()
                        model(x)
                        end.record()
                        torch.cuda.synchronize(device)
                        seconds.append(start.elapsed_time(end) / 1000.0)
                    else:
                        t0 = time.perf_counter()
                        model(x)
                        seconds.append(time.perf_counter() - t0)
        except RuntimeError as e:  # torch.cuda.OutOfMemoryError is a RuntimeError
            if "out of memory" not in str(e).lower():
                raise
            notes.append(f"batch {b} ran out of memory on {device}; larger batch sizes not tried")
            if cuda:
                torch.cuda.empty_cache()
            break
        finally:
            del x
        log(f"  batch {b}: median {statistics.median(seconds) * 1000:.2f} ms over {repeats}")
        groups.append({"batchSize": b, "tileHeight": shape[0], "tileWidth": shape[1], "seconds": [float(f"{s:.6g}") for s in seconds]})
    return groups, notes


# ---------------------------------------------------------------- fit (the same as calibrate/fit.ts)

def fit_latency(groups, tile_pixels):
    """t = a + b * batch * pixels / tile_pixels, weighted least squares on group medians, weights 1/median^2, a >= 0."""
    x = [g["batchSize"] * g["tileHeight"] * g["tileWidth"] / tile_pixels for g in groups]
    y = [statistics.median(g["seconds"]) for g in groups]
    w = [1.0 / (m * m) for m in y]
    sw = sum(w)
    sx = sum(wi * xi for wi, xi in zip(w, x))
    sy = sum(wi * yi for wi, yi in zip(w, y))
    sxx = sum(wi * xi * xi for wi, xi in zip(w, x))
    sxy = sum(wi * xi * yi for wi, xi, yi in zip(w, x, y))
    det = sw * sxx - sx * sx
    a = b = None
    if len(x) >= 2 and det > 1e-12 * sw * sxx:
        b = (sw * sxy - sx * sy) / det
        a = (sy - b * sx) / sw
        if not (a >= 0 and b > 0):
            a = b = None
    if a is None:
        a, b = 0.0, sxy / sxx
    fitted = lambda g: a + b * g["batchSize"] * g["tileHeight"] * g["tileWidth"] / tile_pixels
    sq = [(s - fitted(g)) ** 2 for g in groups for s in g["seconds"]]
    rel = [abs(fitted(g) - m) / m for g, m in zip(groups, y)]
    fit = {"form": "affine-batch-pixels", "a": a, "b": b, "tilePixels": tile_pixels,
           "rmseSeconds": math.sqrt(sum(sq) / len(sq)), "maxRelativeError": max(rel), "method": FIT_METHOD}
    residuals = [s / fitted(g) for g in groups for s in g["seconds"]]
    return fit, residuals


# ---------------------------------------------------------------- provenance

def hardware_and_versions(torch, device):
    versions = {"python": platform.python_version(), "pytorch": torch.__version__}
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        versions["cuda"] = torch.version.cuda
        versions["cudnn"] = str(torch.backends.cudnn.version())
        versions["driver"] = nvidia_driver()
        hardware = {"device": f"{props.name} ({props.total_memory / 2**30:.0f} GiB)"}
    else:
        hardware = {"device": cpu_model(), "cores": max(1, torch.get_num_threads())}
    return hardware, versions


def nvidia_driver():
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"], capture_output=True, text=True, timeout=20)
        return out.stdout.strip().splitlines()[0] if out.returncode == 0 and out.stdout.strip() else "unknown (nvidia-smi failed)"
    except (OSError, subprocess.SubprocessError):
        return "unknown (no nvidia-smi)"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def slug(text):
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def main(argv):
    args = parse_args(argv)
    try:
        import torch
    except ImportError:
        print("gpu_runner: PyTorch is not installed (pip install torch, or apt-get install python3-torch)", file=sys.stderr)
        return 2
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        print(f"gpu_runner: --device {args.device} but CUDA is not available to PyTorch {torch.__version__}; use --device cpu", file=sys.stderr)
        return 2
    dtypes = [d.strip() for d in args.dtypes.split(",")] if args.dtypes else (["float32", "float16"] if device.type == "cuda" else ["float32"])
    for d in dtypes:
        if d not in ("float32", "float16"):
            print(f"gpu_runner: --dtypes: unknown dtype {d!r}; expected float32 and/or float16", file=sys.stderr)
            return 2
        if d == "float16" and device.type != "cuda":
            print("gpu_runner: --dtypes float16 needs --device cuda (CPU convolutions in fp16 are not supported)", file=sys.stderr)
            return 2
    # torch notes that "same" padding of even kernels copies the input; that copy is part of the model's cost.
    warnings.filterwarnings("ignore", message="Using padding='same' with even kernel")
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True  # as TF-Serving autotunes: pick the fastest kernels per shape
    os.makedirs(args.out, exist_ok=True)
    log = lambda msg: print(msg, file=sys.stderr)
    hardware, versions = hardware_and_versions(torch, device)
    PanopticNet, FeatureNet = build_models(torch)
    command = " ".join(shlex.quote(a) for a in [sys.executable, os.path.relpath(__file__)] + list(argv))
    prefix = args.name or f"measured-{slug(hardware['device'])[:40]}"
    written = []
    for model_name in args.models:
        shape = args.tile if model_name == "panoptic" else args.image
        sizes = args.batch_sizes if model_name == "panoptic" else args.featurenet_batch_sizes
        for dtype_name in dtypes:
            torch.manual_seed(0)
            model = (PanopticNet() if model_name == "panoptic" else FeatureNet()).eval()
            dtype = torch.float16 if dtype_name == "float16" else torch.float32
            model = model.to(device=device, dtype=dtype)
            log(f"{model_name} {dtype_name} {shape[0]}x{shape[1]} on {hardware['device']}")
            groups, notes = time_batches(torch, model, shape, sizes, dtype, device, args.warmup, args.repeats, log)
            if not groups:
                log(f"gpu_runner: no batch size fitted in memory for {model_name} {dtype_name}; nothing written")
                continue
            fit, residuals = fit_latency(groups, shape[0] * shape[1])
            version_text = ", ".join(f"{k} {v}" for k, v in versions.items())
            profile = {
                "schema": PROFILE_SCHEMA_ID,
                "name": f"{prefix}-{model_name}-{dtype_name}",
                "description": f"{model_name} ({'2020 PanopticNet, ResNet-50 + FPN' if model_name == 'panoptic' else '2019 feature-net, 41 px, dilated'}) in PyTorch on {hardware['device']}, {dtype_name}, random weights, measured by calibrate/gpu_runner.py.",
                "model": model_name,
                "weights": "random",
                "provenance": "measured",
                "hardware": hardware,
                "backend": f"pytorch eager ({version_text}){', cudnn.benchmark' if device.type == 'cuda' else ''}",
                "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "command": command,
                "input": {"tileHeight": shape[0], "tileWidth": shape[1], "channels": 1, "dtype": dtype_name},
                "samples": groups,
                "fit": fit,
                "residuals": {"kind": "multiplicative-empirical", "values": residuals},
                "notes": [f"versions: {version_text}",
                          f"timing: {args.warmup} warm-up passes, then {args.repeats} timed passes per batch size, "
                          + ("CUDA events around each forward pass, synchronized" if device.type == "cuda" else "time.perf_counter around each forward pass"),
                          "PyTorch eager mode, not TF-Serving: no request handling, serialization or batching queue is included"] + notes + args.note,
            }
            path = os.path.join(args.out, f"{slug(prefix)}-{model_name}-{dtype_name}.json")
            with open(path, "w") as f:
                json.dump(profile, f, indent=2)
                f.write("\n")
            written.append(path)
            log(f"wrote {path}")
    print(json.dumps({"written": written}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
"""Where export_libritts_onnx.py's synthesis graph and upstream's eager decoder part ways, stage by
stage (the numbers in voice-provider-styletts2/README.md, "How the waveform's difference was
isolated"). Builds the same model as the export script (same flags, same seed), takes eager's
decoder inputs (phoneme features, F0 and energy curves, style) for each length, and:

1. exports the decoder alone with every probed stage's output as an extra graph output (hooks on
   upstream's modules), runs it with ONNX Runtime on eager's inputs and prints, per stage, the
   largest |ONNX Runtime - eager|: where the two part ways and how the difference grows;
2. with --local, exports each probed stage alone and feeds it eager's own input to that stage:
   the stage's own difference, with no inherited one, next to eager's own float32 - float64;
3. with --kicks, moves each stage's output in eager by one ulp (random signs) and prints how far
   eager's waveform moves: how much the model amplifies a float32 rounding at that stage.

--plain-phase exports upstream's SineGen as torch exports it (ONNX Resize, float32 CumSum) and
--onnx-instance-norm exports InstanceNormalization: the export before its two numerical fixes.

    /usr/bin/python3 tools/styletts2/diagnose_decoder.py --upstream ~/src/StyleTTS2 --tiny --local --kicks
"""
import argparse
import contextlib
import copy
import os
import sys
import tempfile
import types

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_libritts_onnx as ex  # noqa: E402


def probes_of(decoder):
    gen = decoder.generator
    out = [("encode", decoder.encode)] + [("decode%d" % i, b) for i, b in enumerate(decoder.decode)]
    out += [("sinegen", gen.m_source.l_sin_gen), ("m_source", gen.m_source)]
    for i in range(len(gen.ups)):
        out += [("noise_conv%d" % i, gen.noise_convs[i]), ("noise_res%d" % i, gen.noise_res[i]),
                ("ups%d" % i, gen.ups[i])]
    return out + [("conv_post", gen.conv_post), ("generator", gen)]


def first(output):
    return output[0] if isinstance(output, tuple) else output


class Recorder:
    """Forward hooks that keep a copy of each probed stage's input and output (cloned: upstream
    adds resblock outputs in place)."""

    def __init__(self, probes):
        self.inputs, self.outputs, self.on = {}, {}, True
        for name, module in probes:
            module.register_forward_hook(self.hook(name))

    def hook(self, name):
        def record(module, args, output):
            if self.on:
                self.inputs[name] = [a.clone() for a in args]
                self.outputs[name] = first(output).clone()
        return record


class DecoderProbe(nn.Module):
    def __init__(self, decoder, recorder, names):
        super().__init__()
        self.decoder, self.recorder, self.names = decoder, recorder, names

    def forward(self, asr, f0, energy, style):
        self.decoder(asr, f0, energy, style)
        return tuple(self.recorder.outputs[n] for n in self.names)


class Stage(nn.Module):
    def __init__(self, module):
        super().__init__()
        self.module = module

    def forward(self, *args):
        return first(self.module(*args))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--config")
    ap.add_argument("--checkpoint")
    ap.add_argument("--tiny", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lengths", default="5,63,400")
    ap.add_argument("--local", action="store_true", help="also check each stage alone on eager's input")
    ap.add_argument("--kicks", action="store_true", help="also move each stage's eager output by one ulp")
    ap.add_argument("--plain-phase", action="store_true", help="export SineGen unchanged (before the fix)")
    ap.add_argument("--onnx-instance-norm", action="store_true", help="export ONNX InstanceNormalization")
    ap.add_argument("--ort-jar")
    args = ap.parse_args()
    args.checkpoint = args.checkpoint and os.path.abspath(args.checkpoint)
    args.config = os.path.abspath(args.config) if args.config else \
        os.path.join(os.path.abspath(args.upstream), "Configs", "config_libritts.yml")
    jar = ex.find_ort_jar(args.ort_jar)
    ex.register_symbolics()
    if args.onnx_instance_norm:
        from torch.onnx import symbolic_helper

        @symbolic_helper.parse_args("v", "v", "v", "v", "v", "b", "f", "f", "b")
        def instance_norm(g, x, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, cudnn):
            channels = g.op("Gather", g.op("Shape", x), g.op("Constant", value_t=torch.tensor([1])))
            return g.op("InstanceNormalization", x, g.op("ConstantOfShape", channels, value_t=torch.tensor([1.0])),
                        g.op("ConstantOfShape", channels, value_t=torch.tensor([0.0])), epsilon_f=eps)
        torch.onnx.register_custom_op_symbolic("aten::instance_norm", instance_norm, ex.OPSET)
    nets, params, config, cleaner, models, _ = ex.load_upstream(args)
    decoder = nets.decoder
    sine_gen = type(decoder.generator.m_source.l_sin_gen)
    def phase():  # the graph's SineGen while exporting
        return contextlib.nullcontext() if args.plain_phase else ex.exact_phase(sine_gen)
    probes = probes_of(decoder)
    names = [n for n, _ in probes]
    recorder = Recorder(probes)
    captured = {}
    decoder.register_forward_pre_hook(lambda m, a: captured.__setitem__("in", [t.clone() for t in a]))
    rng = np.random.default_rng(args.seed)
    ids = sorted(set(dict(cleaner.word_index_dictionary).values()) - {0})
    style = torch.randn(1, 256) * 0.3
    work = tempfile.mkdtemp(prefix="styletts2-diagnose-")
    graph = os.path.join(work, "decoder.onnx")
    with torch.no_grad(), phase():
        example = (torch.randn(1, params.hidden_dim, 40), torch.rand(1, 80) * 150, torch.randn(1, 80), style[:, :128])
        torch.onnx.export(DecoderProbe(decoder, recorder, names).eval(), example, graph,
                          input_names=["asr", "f0", "energy", "style"], output_names=names, opset_version=ex.OPSET,
                          dynamic_axes={"asr": {2: "t"}, "f0": {1: "t2"}, "energy": {1: "t2"}})
    ex.zero_random_nodes(graph, graph)
    for module in vars(nets).values():
        module.eval()
    jobs, cases = ex.OrtJobs(work, jar), []
    for n in [int(k) for k in args.lengths.split(",")]:
        tokens = torch.tensor([[0] + list(rng.choice(ids, n - 1))], dtype=torch.long)
        with torch.no_grad(), ex.no_noise():  # upstream's own code
            ex.eager_synthesis(nets, tokens, style, params.decoder.type == "hifigan")
        inputs, eager = captured["in"], dict(recorder.outputs)
        stage_inputs = dict(recorder.inputs)
        case = {"n": n, "eager": eager, "inputs": inputs,
                "chain": jobs.add(graph, dict(zip(["asr", "f0", "energy", "style"], (t.numpy() for t in inputs)))),
                "local": {}}
        if args.local:
            for name, module in probes:
                if name == "generator":
                    continue
                path = os.path.join(work, "stage_%d_%s.onnx" % (n, name))
                ins = stage_inputs[name]
                labels = ["in%d" % k for k in range(len(ins))]
                recorder.on = False
                with torch.no_grad(), phase():
                    torch.onnx.export(Stage(module).eval(), tuple(ins), path, input_names=labels, output_names=["out"],
                                      opset_version=ex.OPSET)
                ex.zero_random_nodes(path, path)
                wide = copy.deepcopy(module).double()
                torch.set_default_dtype(torch.float64)
                try:
                    with torch.no_grad(), ex.no_noise():
                        exact = Stage(wide)(*[t.double() for t in ins]).numpy()
                finally:
                    torch.set_default_dtype(torch.float32)
                    recorder.on = True
                case["local"][name] = (jobs.add(path, {k: t.numpy() for k, t in zip(labels, ins)}), exact)
        cases.append(case)
        for module in vars(nets).values():
            module.eval()
    jobs.run()
    kick = np.random.default_rng(args.seed + 1)
    for case in cases:
        print("== %d tokens (%s, %s)" % (case["n"], "upstream SineGen as exported by torch" if args.plain_phase
                                        else "exact_f02sine", "ONNX InstanceNormalization"
                                        if args.onnx_instance_norm else "torch's instance norm"))
        print("%-12s %14s %12s %12s %12s %12s" % ("stage", "chain |d|", "max|eager|", "alone |d|", "eager-f64",
                                                  "1-ulp kick"))
        base = case["eager"]["generator"].numpy()
        for name, module in probes:
            e = case["eager"][name].numpy()
            chain = float(np.max(np.abs(jobs.output(case["chain"], name) - e)))
            alone = exact_diff = kicked = float("nan")
            if name in case["local"]:
                prefix, exact = case["local"][name]
                alone = float(np.max(np.abs(jobs.output(prefix, "out") - e)))
                exact_diff = float(np.max(np.abs(exact - e)))
            if args.kicks and name != "generator":
                def nudge(m, a, output):
                    o = first(output).numpy()
                    moved = torch.from_numpy(np.nextafter(o, kick.choice(np.array([-np.inf, np.inf], np.float32), o.shape)))
                    return (moved,) + tuple(output[1:]) if isinstance(output, tuple) else moved
                handle = module.register_forward_hook(nudge)
                recorder.on = False
                try:
                    with torch.no_grad(), ex.no_noise():
                        moved = decoder(*case["inputs"]).numpy()
                finally:
                    handle.remove()
                    recorder.on = True
                kicked = float(np.max(np.abs(moved - base)))
            print("%-12s %14.3g %12.3g %12.3g %12.3g %12.3g" % (name, chain, float(np.max(np.abs(e))), alone,
                                                                exact_diff, kicked))


if __name__ == "__main__":
    main()

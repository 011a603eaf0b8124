#!/usr/bin/env python
"""Kernels one cascade decode step launches, eager against compiled (`compile_decode`), counted on the CPU; and what
the difference would save a step on the H200 and on an L4, by the time model.

Run from the repository root (any machine; no GPU needed):

    python bench/decode_kernels.py --json bench/results/decode_kernels/decode_kernels_cpu.json

What it does, per weight format (bf16, fp8) and per mode (eager, compiled):
- builds the product's models (`load_models`) for a model of the 8B's decoder shape in miniature: 32 layers, 4 query
  heads per key-value head, the loop's LoRA adapter (r=16 on q/k/v/o), bf16 weights (`TrainerConfig.bf16=True`, so the
  norms' casts run as on a GPU), and for fp8 `TrainerConfig.fp8=True` with the fp8 matrix product (`torch._scaled_mm`,
  which the CPU also has) rather than its emulation, so the layers run the GPU's operations;
- profiles two sampler calls of 2 prompts x 8 samples (temperature 1, top-p 0.95, the loop's settings), with 1 and 9
  new tokens, and counts the kernels of each: every profiled ATen operation that does work (views, allocations and
  conjugation checks do none) and is not made of other counted ones (`torch._scaled_mm` counts one, as on a GPU), plus each kernel that inductor generated
  (`torch._inductor.config.cpp.enable_kernel_profile`); the difference over 8 steps is a step's count;
- does this for the trainer's own adapter (one task) and for two tasks' adapters in one wave (tasks in flight).

Then the projection (no GPU ran here): the GPU's profiled count of an eager step (`bench/results/l4_capacity/
l4_measure_gpu.json`, one adapter) less the CPU's difference, priced by the time model (`bench/results/l4_capacity.json`:
its calibration, the p50 wave's bytes) at 5.93 us a kernel (the fitted average) and at 1.10 us (one small kernel in a
CUDA graph, the floor): a range, since a fused kernel does the work of several and costs more than the smallest one.
Prints a table, writes JSON.
"""
import argparse, collections, dataclasses, json, platform, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FREE = {'view', 'reshape', 'transpose', 'expand', 'slice', 'select', 'unsqueeze', 'squeeze', 't', 'as_strided', '_unsafe_view',
        'alias', 'detach', 'permute', 'empty', 'empty_strided', 'empty_like', 'resize_', 'lift_fresh', 'item', '_local_scalar_dense',
        'is_nonzero', 'result_type', '_reshape_alias', 'unbind', 'split', 'narrow', 'view_as', 'expand_as', 'resolve_conj', 'resolve_neg',
        'contiguous', 'to', '_to_copy', 'clone', 'numpy_T', 'chunk', 'unflatten', 'flatten', 'lift_fresh_copy', 'set_', 'matmul', 'linear',
        'dropout', 'feature_dropout', 'scalar_tensor'}
# composite names (matmul, linear, to, clone, contiguous) count through what they call: their children do the work
ATOMIC = {'_scaled_mm'} # one kernel on a GPU (cuBLASLt), several operations in the CPU's implementation


def kernels(prof) -> int:
    "Kernels of a profiled call: ATen operations that do work and hold no counted operation, and inductor's generated kernels."
    def count(e) -> int:
        if e.name[6:] in ATOMIC: return 1
        inner = sum(count(c) for c in e.cpu_children)
        if inner: return inner
        name = e.name
        if name.startswith('aten::'): return 0 if name[6:] in FREE else 1
        return 1 if 'cpp_fused' in name or 'triton_' in name else 0
    return sum(count(e) for e in prof.events() if e.cpu_parent is None)


def step_kernels(torch, sampler, prompts, adapter, seed=0) -> float:
    "Kernels of one decode step: a call of 9 new tokens less one of 1, over 8."
    from torch.profiler import profile, ProfilerActivity
    from arc25_nb.sampling import SampleRequest
    counts = []
    for n in (1, 9):
        reqs = [SampleRequest(p, 8, temperature=1.0, top_p=0.95, max_new_tokens=n) for p in prompts]
        sampler.lengths = None # every row runs all its steps
        with profile(activities=[ProfilerActivity.CPU]) as prof: sampler.sample(reqs, adapter=adapter, seed=seed)
        counts.append(kernels(prof))
    return (counts[1] - counts[0]) / 8


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--layers', type=int, default=32)
    p.add_argument('--formats', nargs='+', default=['bf16', 'fp8'])
    p.add_argument('--json', default=str(ROOT / 'bench' / 'results' / 'decode_kernels' / 'decode_kernels_cpu.json'))
    a = p.parse_args()
    import torch
    import torch._inductor.config as inductor_config
    inductor_config.cpp.enable_kernel_profile = True # each generated kernel shows in the profiler
    from arc25_nb import fp8 as F8, time_model as tm
    from arc25_nb.tiny_model import make_tiny_model
    from arc25_nb.search_and_learn import SearchAndLearnConfig, load_models
    from arc25_nb.sampling import LoraWeights
    from arc25_nb.training_config import TrainerConfig
    F8.has_fp8_matmul = lambda device: True # the GPU's path (torch._scaled_mm), not the emulation
    path = make_tiny_model(Path(tempfile.mkdtemp()) / 'tiny32', hidden_size=128, n_layers=a.layers, n_heads=8, n_kv_heads=2)
    prompts = ['a grid of colours, rows of black and blue', 'another prompt, a little longer than the first one is']
    try: commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError: commit = None
    out = dict(command=' '.join(['python', *sys.argv]), commit=commit, machine=platform.platform(), torch=torch.__version__,
               model=f'tiny Llama: {a.layers} layers, hidden 128, 8 heads over 2 key-value heads (the 8B: 32 layers, 32 over 8), bf16',
               adapter='the loop default: LoRA r=16 on q_proj, k_proj, v_proj, o_proj', counts={})
    for fmt in a.formats:
        for compiled in (False, True):
            cfg = SearchAndLearnConfig(model_path=str(path), compile_decode=compiled,
                                       train=dataclasses.replace(TrainerConfig(), bf16=True, fp8=fmt == 'fp8', device='cpu'))
            models = load_models(cfg)
            trainer = models.trainer
            tasks = [LoraWeights.copy_of(trainer.model), LoraWeights.copy_of(trainer.model)]
            t = time.perf_counter()
            step_kernels(torch, models.sampler, prompts, models.current_adapter()) # compiles, when compiled
            warm_s = time.perf_counter() - t
            row = dict(one_adapter=step_kernels(torch, models.sampler, prompts, models.current_adapter()),
                       two_adapters=step_kernels(torch, models.sampler, prompts, [tasks[0], tasks[1]]), first_call_s=round(warm_s, 1))
            out['counts'][f'{fmt}_{"compiled" if compiled else "eager"}'] = row
            print(fmt, 'compiled' if compiled else 'eager', json.dumps(row), flush=True)
            del models, trainer, tasks

    # the projection, from the committed GPU measurements
    gpu = json.loads((ROOT / 'bench' / 'results' / 'l4_capacity' / 'l4_measure_gpu.json').read_text())
    cap = json.loads((ROOT / 'bench' / 'results' / 'l4_capacity.json').read_text())
    cal = tm.Calibration(**cap['calibration'])
    chips = {name: tm.Chip(**c) for name, c in cap['chips'].items()}
    floor_us = gpu['chip']['kernel_us']
    out['projection'] = {}
    for fmt in a.formats:
        eager, comp = out['counts'][f'{fmt}_eager'], out['counts'][f'{fmt}_compiled']
        cut = eager['one_adapter'] - comp['one_adapter']
        measured = gpu['formats'][fmt]['kernels']['per_step']
        wave = next(w for w in cap['waves_check'] if w['format'] == fmt)
        row = dict(cpu_cut_per_step=cut, cpu_cut_share=cut / eager['one_adapter'], gpu_eager_kernels=measured,
                   gpu_compiled_kernels_projected=measured - cut, wave=dict(prompts=wave['prompts'], slots=wave['slots'], bytes=wave['bytes']))
        for name, chip in chips.items():
            before = tm.step_ms(wave['bytes'], measured, chip, cal)
            after = {k: tm.step_ms(wave['bytes'], measured, chip, cal) - cut * us / 1e3 for k, us in (('fitted', cal.kernel_us), ('floor', floor_us))}
            row[name] = dict(step_ms_eager=before, step_ms_compiled_fitted=after['fitted'], step_ms_compiled_floor=after['floor'],
                             speedup_range=[before / after['floor'], before / after['fitted']])
        out['projection'][fmt] = row
    out['note'] = ('Counts are of CPU operations standing for GPU kernels: the CPU eager count is within about 10% of the GPU profiler\'s '
                   '(compare counts.bf16_eager.one_adapter x layers/layers with l4_measure_gpu.json), inductor fuses differently for the '
                   'CPU (C++) than for a GPU (Triton), and no GPU ran this. The GPU figure comes from bench/l4_measure.py --compile-decode '
                   'and bench/loop_scaling.py --compile-decode on the lent GPU.')

    print(f"\n{'format':>6} {'mode':>8} {'kernels/step, 1 adapter':>24} {'2 adapters':>10} {'first call s':>12}")
    for key, r in out['counts'].items():
        fmt, mode = key.split('_')
        print(f"{fmt:>6} {mode:>8} {r['one_adapter']:>24.1f} {r['two_adapters']:>10.1f} {r['first_call_s']:>12.1f}")
    print(f"\n{'format':>6} {'cut/step':>8} {'GPU eager':>9} {'GPU compiled (proj.)':>20} {'H200 ms eager':>13} {'H200 ms compiled':>16} {'L4 ms eager':>11} {'L4 ms compiled':>14}")
    for fmt, r in out['projection'].items():
        h, l = r['H200'], r['L4']
        print(f"{fmt:>6} {r['cpu_cut_per_step']:>8.0f} {r['gpu_eager_kernels']:>9.0f} {r['gpu_compiled_kernels_projected']:>20.0f} "
              f"{h['step_ms_eager']:>13.1f} {h['step_ms_compiled_fitted']:>7.1f}-{h['step_ms_compiled_floor']:<8.1f} "
              f"{l['step_ms_eager']:>11.1f} {l['step_ms_compiled_fitted']:>6.1f}-{l['step_ms_compiled_floor']:<7.1f}")
    Path(a.json).parent.mkdir(parents=True, exist_ok=True)
    Path(a.json).write_text(json.dumps(out, indent=1))
    print('wrote', a.json)


if __name__ == '__main__':
    main()

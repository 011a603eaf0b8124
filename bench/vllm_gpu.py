#!/usr/bin/env python
"""vLLM on the lent GPU: its throughput beside the project's own engine, the adapter hand-over per round, and one
search-and-learn task end to end with backend='vllm' and with backend='unsloth', train.fast_inference=True.

vLLM is not on the lent machine's image; `tools/carry.py` brings it there in parts (see its docstring). Then, from the
repository root there (PYTHONPATH holding the carried wheels and the repo):

    python bench/vllm_gpu.py --part vllm --json $OUT/vllm_gpu.json      # stages: engine, vllm, vllm_l4, e2e_vllm
    python bench/vllm_gpu.py --part unsloth --json $OUT/vllm_gpu.json   # stage: unsloth (needs the unsloth wheels too)
    python bench/vllm_gpu.py --part vllm --stages e2e_vllm ...          # some stages only

Both parts use the Llama 3.1 8B-shaped random bf16 model that bench/gpu_model.py makes (once, in --model-dir) and a
LoRA adapter from the trainer (rank 16, lora_B drawn non-zero so that it changes the samples).

- engine: the loop's real request shape, `search_and_learn.search` of ARC-AGI-2 evaluation task db0c5428 (the median
  prompt, 2,558 tokens) with the competition settings: 8 augmented prompts x 8 samples, temperatures 0.7/1.0, top-p
  0.95, 1,024 new tokens, through `cascade.CascadeSampler`.
- vllm: the same request through `sampling.VLLMSampler` (vLLM's offline engine, adapter handed over as a directory),
  at --memory (share of the GPU): start-up seconds, a first and a second call, the GPU memory the engine took. Then the
  adapter hand-over: save the adapter to /dev/shm and have vLLM load it with a 1-token request, against the same
  request with the adapter already loaded.
- vllm_l4: the same at the share of this GPU that leaves room on a 24 GB card (22.3 GiB usable) for an 8,192-token
  training round (--train-room-gib, 4.5 GiB: the hf trainer peaked at 20.5 GB with its 16 GB of weights).
- e2e_vllm: `run_search_and_learn` on one ARC-AGI-1 training task with backend='vllm' (64 + 2 x 64 predictions of
  256 tokens, seed programs from bench/corpus so that the random model's rounds have examples to learn from).
- unsloth: backend='unsloth', fast_inference=True (one copy of the weights shared by trainer and vLLM engine): load
  time, the request shape above, the adapter hand-over with `load_lora(..., load_tensors=True)` against a saved
  directory, and the same one-task run.

A random model rarely emits its end token, so completions run to their limit. Each stage's result (or its error) is
written to the JSON as it ends, and kept in /tmp/vllm_gpu.json so that a later command on the same machine adds to it.
Nothing is fetched from a hub.
"""
import argparse, dataclasses, json, os, sys, time, traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT / 'bench'))
L4_GIB, TASK = 22.3, 'db0c5428'
E2E_TASK = '3c9b0459'  # an arc-agi-1 training task that many corpus programs run on (bench/loop_scaling.py)
KEEP = Path('/tmp/vllm_gpu.json')


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--part', choices=['vllm', 'unsloth'], required=True)
    p.add_argument('--stages', default=None, help='comma-separated stages of the part (default: all of them)')
    p.add_argument('--model-dir', default='/tmp/llama8b-random')
    p.add_argument('--new-tokens', type=int, default=1024)
    p.add_argument('--memory', type=float, default=0.7, help="vLLM's gpu_memory_utilization in the vllm stage")
    p.add_argument('--train-room-gib', type=float, default=4.5)
    p.add_argument('--l4-max-model-len', type=int, default=4096, help='at 8,192 the L4 share leaves too little KV cache for one sequence')
    p.add_argument('--e2e-new-tokens', type=int, default=256)
    p.add_argument('--json', default=str(ROOT / 'bench' / 'results' / 'vllm' / 'vllm_gpu.json'))
    return p.parse_args()


def gpu_used_gb():
    import torch
    free, total = torch.cuda.mem_get_info()
    return (total - free) / 1e9


def main():
    a = parse_args()
    if a.part == 'unsloth': import unsloth  # noqa: F401  (before transformers, trl and peft)
    import torch
    assert torch.cuda.is_available(), 'this benchmark needs a CUDA GPU'
    out = json.loads(KEEP.read_text()) if KEEP.exists() else {}
    out.setdefault('commands', []).append(' '.join([sys.executable, *sys.argv]))
    out.update(device=torch.cuda.get_device_name(), torch=torch.__version__)
    versions = out.setdefault('versions', {})  # apart from the stages: a stage is named vllm too
    for lib in ('transformers', 'peft', 'vllm', 'unsloth'):
        try: versions[lib] = __import__(lib).__version__
        except Exception as e: versions.setdefault(lib, f'not importable: {type(e).__name__}: {e}'[:300])
    def save():
        s = out.setdefault('summary', {})
        for k, path in dict(engine_tokens_per_s=('engine', 'tokens_per_s'), vllm_tokens_per_s=('vllm', 'warm', 'tokens_per_s'),
                            vllm_l4_tokens_per_s=('vllm_l4', 'run', 'tokens_per_s'), unsloth_vllm_tokens_per_s=('unsloth', 'warm', 'tokens_per_s')).items():
            v = out
            for p in path: v = v.get(p, {}) if isinstance(v, dict) else {}
            if isinstance(v, (int, float)): s[k] = v
        text = json.dumps(out, indent=1, default=str)
        KEEP.write_text(text)
        Path(a.json).parent.mkdir(parents=True, exist_ok=True); Path(a.json).write_text(text)
    def stage(name, f):
        t = time.perf_counter()
        try: out[name] = f()
        except BaseException as e:
            out[name] = dict(error=f'{type(e).__name__}: {e}'[:2000], traceback=traceback.format_exc()[-4000:])
            if isinstance(e, KeyboardInterrupt): save(); raise
        out[name]['stage_s'] = time.perf_counter() - t
        print(f'[{name}] {time.perf_counter() - t:.1f} s: {json.dumps(out[name], default=str)[:800]}', flush=True)
        save()

    from gpu_model import make_8b_shaped_model, nonzero_lora_b, timed_search
    from arc25_nb.data import load_dataset
    from arc25_nb.search_and_learn import Models, search, load_models, run_search_and_learn, SearchAndLearnConfig
    from arc25_nb.kaggle import competition_run_config
    path = make_8b_shaped_model(Path(a.model_dir))
    task = load_dataset('arc-agi-2/evaluation', ids=[TASK])[0]
    cfg = dataclasses.replace(competition_run_config(), max_new_tokens=a.new_tokens, model_path=str(path))

    def run_search(models): return timed_search(task, models, cfg)

    def e2e_config(backend, **kw):
        return dataclasses.replace(competition_run_config(), backend=backend, model_path=str(path), dataset='arc-agi-1/training',
                                   task_ids=[E2E_TASK], seed_programs=str(ROOT / 'bench' / 'corpus'), initial_predictions=64,
                                   epochs=2, predictions_per_epoch=64, max_new_tokens=a.e2e_new_tokens, stop_distinct=None,
                                   stop_agree=None, output_dir=f'/tmp/e2e_{backend}_{int(time.time())}', **kw)

    def e2e_result(c, summary, load_s):
        r = json.loads((Path(c.output_dir) / 'tasks' / f'{E2E_TASK}.json').read_text())
        return dict(load_s=load_s, summary=summary, stop_reason=r.get('stop_reason'), seconds=r.get('seconds'),
                    epochs=r.get('epochs'), gpu_used_gb=gpu_used_gb())

    wanted = set(a.stages.split(',')) if a.stages else None
    todo = lambda name: wanted is None or name in wanted

    if a.part == 'vllm':
        trainer = None
        def make_trainer_with_adapter():
            tr = load_models(dataclasses.replace(cfg, engine='generate')).trainer # the loop's trainer, as a Kaggle worker builds it
            nonzero_lora_b(tr.model)
            return tr
        if any(todo(s) for s in ('engine', 'vllm', 'vllm_l4')):
            t = time.perf_counter(); trainer = make_trainer_with_adapter(); out['trainer_load_s'] = time.perf_counter() - t
        if todo('engine'):
            def engine():
                from arc25_nb.cascade import CascadeSampler
                sampler = CascadeSampler(trainer.model, trainer.tokenizer, seed=0)
                r = run_search(Models(trainer, sampler))
                del sampler; torch.cuda.empty_cache()
                return r
            stage('engine', engine)

        def vllm_stage(memory, handover, max_model_len=8192):
            from arc25_nb.sampling import VLLMSampler
            adapter = trainer.save_adapter()
            base = gpu_used_gb(); t = time.perf_counter()
            sampler = VLLMSampler(path, seed=0, max_seq_len=max_model_len, max_lora_rank=16, gpu_memory_utilization=memory)
            r = dict(gpu_memory_utilization=memory, max_model_len=max_model_len, startup_s=time.perf_counter() - t, engine_gpu_gb=gpu_used_gb() - base)
            try: r['kv_cache_tokens'] = sampler.llm.llm_engine.vllm_config.cache_config.num_gpu_blocks * sampler.llm.llm_engine.vllm_config.cache_config.block_size
            except Exception as e: r['kv_cache_tokens'] = f'unknown ({type(e).__name__})'
            models = Models(trainer, sampler, adapter_for_sampler=lambda tr: adapter)
            r['cold' if handover else 'run'] = run_search(models)
            if handover:
                r['warm'] = run_search(models)
                r['handover'] = measure_handover(sampler)
            r['engine_gpu_gb_after'] = gpu_used_gb() - base
            del models, sampler
            import gc; gc.collect(); torch.cuda.empty_cache()
            r['gpu_used_gb_after_release'] = gpu_used_gb()
            adapter.remove()
            return r

        def measure_handover(sampler):
            from vllm import SamplingParams
            from vllm.lora.request import LoRARequest
            ids = trainer.tokenizer('a short prompt to load the adapter with', add_special_tokens=False)['input_ids']
            gen = lambda lora: sampler.llm.generate([{'prompt_token_ids': ids}], SamplingParams(max_tokens=1, temperature=0),
                                                    lora_request=lora, use_tqdm=False)
            rows = []
            for _ in range(4):
                t = time.perf_counter(); sa = trainer.save_adapter(); save_s = time.perf_counter() - t
                lora = LoRARequest(sa.name, sa.adapter_id, str(sa.path))
                t = time.perf_counter(); gen(lora); load_s = time.perf_counter() - t
                t = time.perf_counter(); gen(lora); cached_s = time.perf_counter() - t
                rows.append(dict(save_ms=1e3 * save_s, first_request_ms=1e3 * load_s, cached_request_ms=1e3 * cached_s,
                                 handover_ms=1e3 * (save_s + load_s - cached_s)))
                sa.remove()
            rows = rows[1:]  # the first includes one-time warm-up
            return dict(path='adapter saved to /dev/shm, LoRARequest with its path (vLLM loads it on the next request)', rounds=rows,
                        mean_handover_ms=sum(r['handover_ms'] for r in rows) / len(rows),
                        in_memory='not offered by vLLM ' + out['versions'].get('vllm', '?') + ": LoRARequest takes a path (or a tensorizer "
                                  "config), not tensors; unsloth's patched LoRARequest does (see the unsloth stage)")
        if todo('vllm'): stage('vllm', lambda: vllm_stage(a.memory, True))
        if todo('vllm_l4'):
            total = torch.cuda.get_device_properties(0).total_memory
            share = (L4_GIB - a.train_room_gib) * 2**30 / total
            out['vllm_l4_setting'] = dict(l4_gib=L4_GIB, train_room_gib=a.train_room_gib, gpu_memory_utilization=share,
                                          note='the share of this GPU that an L4 would give vLLM next to one shared copy of the weights '
                                               'and an 8,192-token training round (backend unsloth with fast_inference)')
            stage('vllm_l4', lambda: vllm_stage(share, False, a.l4_max_model_len))
        if trainer is not None:
            del trainer; import gc; gc.collect(); torch.cuda.empty_cache()
        if todo('e2e_vllm'):
            def e2e():
                c = e2e_config('vllm', train=dataclasses.replace(cfg.train, vllm_memory=0.6))
                t = time.perf_counter(); models = load_models(c); load_s = time.perf_counter() - t
                summary = run_search_and_learn(c, progress=False, models=models)
                return e2e_result(c, summary, load_s)
            stage('e2e_vllm', e2e)
    else:
        def unsloth_stage():
            c = e2e_config('unsloth', train=dataclasses.replace(cfg.train, fast_inference=True, vllm_memory=0.5))
            t = time.perf_counter(); models = load_models(c); r = dict(load_s=time.perf_counter() - t, gpu_used_gb_loaded=gpu_used_gb())
            tr = models.trainer
            nonzero_lora_b(tr.model)
            r['cold'] = run_search(models); r['warm'] = run_search(models)
            # the hand-over: tensors from the live model, against a directory saved to /dev/shm
            try:
                rows = []
                for _ in range(3):
                    t = time.perf_counter(); tr.model.load_lora(str(models.sampler.adapter_config_dir), load_tensors=True); mem_s = time.perf_counter() - t
                    t = time.perf_counter(); sa = tr.save_adapter(); tr.model.load_lora(str(sa.path)); disk_s = time.perf_counter() - t
                    sa.remove(); rows.append(dict(tensors_ms=1e3 * mem_s, disk_ms=1e3 * disk_s))
                r['handover'] = dict(rounds=rows, note='building the LoRARequest only; vLLM loads the adapter on the next request either way')
            except Exception as e: r['handover'] = dict(error=f'{type(e).__name__}: {e}'[:1000])
            t = time.perf_counter()
            r['e2e'] = e2e_result(c, run_search_and_learn(c, progress=False, models=models), 0.)
            r['e2e']['seconds_with_reports'] = time.perf_counter() - t
            return r
        stage('unsloth', unsloth_stage)
    save()
    print(json.dumps(out.get('summary', {}), indent=1))


if __name__ == '__main__': main()

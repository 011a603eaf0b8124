#!/usr/bin/env python
"""Carry wheels larger than one device command's file limit to the lent GPU machine, in parts.

One command sent to the device machine carries at most 64 MiB of files, the repository included (about 19 MiB), and a
warm machine keeps /tmp between commands sent back to back. So the wheels travel as one byte stream (a tar of the
wheels) cut into parts; each command appends its part to /tmp there, and the command that completes the stream checks
its SHA-256, unpacks it and installs the wheels with `pip --no-deps` into a target folder.

Here (fetching the pinned set of tools/gpu_wheels.txt, then packing; the vLLM wheel can be slimmed for a Hopper GPU,
see `SLIM_VLLM`):

    python tools/carry.py fetch tools/gpu_wheels.txt --group vllm .gpu_wheels/vllm
    python tools/carry.py pack --out .carry/vllm --part-mib 42 --slim-vllm .gpu_wheels/vllm/*.whl

That writes .carry/p1, .carry/p2, ... (name `.carry` in `.git/info/exclude`) and prints the device commands, one per
part, each carrying its folder (`carry: [".carry/pK"]`). There, each command starts with

    python3 tools/carry.py recv .carry/pK --target /tmp/site

which appends the part (a part already received is skipped, so a command can be re-sent), and, once all parts are in,
verifies and installs. `python3 tools/carry.py status` there says how many bytes have arrived.
"""
import argparse, hashlib, io, json, os, shutil, subprocess, sys, tarfile, zipfile
from pathlib import Path

STREAM_DIR = Path('/tmp/carry')
# Members of the vLLM wheel left out for a Hopper GPU running a dense model: FlashAttention 2 (FA3 serves sm90; vLLM
# imports FA2 inside a try), the MoE kernels (imported inside a try, a warning when missing) and the Rust front end
# binary (used only when asked for). Leaving them out takes the 279 MB wheel to about 146 MB. An L4 (sm89) needs FA2:
# a slim wheel is for the lent H200 only, never for Kaggle.
SLIM_VLLM = ('vllm/vllm_flash_attn/_vllm_fa2_C.abi3.so', 'vllm/_moe_C_stable_libtorch.abi3.so', 'vllm/vllm-rs')


def slim_wheel(src:Path, dst:Path, drop=SLIM_VLLM) -> list[str]:
    "Copy wheel `src` to `dst` without the members in `drop` (and without their RECORD lines); returns what was dropped."
    dropped = []
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop: dropped.append(info.filename); continue
            data = zin.read(info)
            if info.filename.endswith('.dist-info/RECORD'):
                data = b''.join(l for l in data.splitlines(keepends=True) if l.split(b',')[0].decode() not in drop)
            zout.writestr(info, data, compress_type=info.compress_type)
    return dropped


def pack(files:list[Path], out:Path, part_mib:float, slim_vllm:bool):
    "Tar `files` into one stream, cut it into parts of at most `part_mib` MiB under `out/pK/`, each with the manifest."
    if out.exists(): shutil.rmtree(out)
    out.mkdir(parents=True)
    tmp = out / 'stream.tar'
    with tarfile.open(tmp, 'w') as tar:
        for f in files:
            if slim_vllm and f.name.startswith('vllm-'):
                slim = out / f.name
                print(f'{f.name}: left out {", ".join(slim_wheel(f, slim))}')
                tar.add(slim, arcname=f.name); slim.unlink()
            else: tar.add(f, arcname=f.name)
    data = tmp.read_bytes(); tmp.unlink()
    size, step = len(data), int(part_mib * 2**20)
    manifest = dict(sha256=hashlib.sha256(data).hexdigest(), size=size, parts=-(-size // step), files=[f.name for f in files])
    for k in range(manifest['parts']):
        d = out / f'p{k + 1}'; d.mkdir()
        (d / 'part').write_bytes(data[k * step:(k + 1) * step])
        (d / 'manifest.json').write_text(json.dumps(dict(manifest, index=k + 1, offset=k * step), indent=1))
    print(f'{size / 2**20:.1f} MiB in {manifest["parts"]} parts of at most {part_mib} MiB; sha256 {manifest["sha256"][:16]}...')
    for k in range(manifest['parts']):
        print(f'  part {k + 1}: run(carry=["{out}/p{k + 1}"], command="python3 tools/carry.py recv {out}/p{k + 1} --target /tmp/site")')
    return manifest


def recv(part_dir:Path, target:Path) -> bool:
    "Append one part to the stream in /tmp; when the stream is whole, verify and install it. True once installed."
    m = json.loads((part_dir / 'manifest.json').read_text())
    STREAM_DIR.mkdir(parents=True, exist_ok=True)
    stream, done = STREAM_DIR / f'{m["sha256"][:16]}.tar', STREAM_DIR / f'{m["sha256"][:16]}.installed'
    if done.exists(): print(f'carry: already installed into {done.read_text()}'); return True
    have = stream.stat().st_size if stream.exists() else 0
    if have == m['offset']:
        with open(stream, 'ab') as f: f.write((part_dir / 'part').read_bytes())
        have = stream.stat().st_size
        print(f'carry: part {m["index"]}/{m["parts"]} appended ({have / 2**20:.1f} of {m["size"] / 2**20:.1f} MiB)')
    elif have > m['offset']: print(f'carry: part {m["index"]} already here ({have / 2**20:.1f} MiB arrived)')
    else: sys.exit(f'carry: part {m["index"]} starts at byte {m["offset"]} but only {have} bytes arrived: send part '
                   f'{m["index"] - 1} first (a fresh machine has none: start again at part 1)')
    if have < m['size']: return False
    digest = hashlib.sha256(stream.read_bytes()).hexdigest()
    if digest != m['sha256']: sys.exit(f'carry: the stream is whole but its sha256 is {digest}, not {m["sha256"]}: remove {stream} and resend')
    wheels = STREAM_DIR / 'wheels'; wheels.mkdir(exist_ok=True)
    with tarfile.open(stream) as tar: tar.extractall(wheels, filter='data')
    cmd = [sys.executable, '-m', 'pip', 'install', '-q', '--no-index', '--no-deps', '--no-compile', '--no-cache-dir',
           '--upgrade', '--target', str(target), *[str(wheels / f) for f in m['files']]]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode: sys.exit(f'carry: pip could not install the wheels ({r.returncode}):\n{r.stdout[-2000:]}{r.stderr[-2000:]}')
    done.write_text(str(target)); stream.unlink()
    print(f'carry: {len(m["files"])} wheels installed into {target} (add it to PYTHONPATH)')
    return True


def _tags() -> list[str]:
    "pip's options for the device machine's wheels: Python 3.12, every manylinux tag up to glibc 2.28 (the set the pins were chosen with)."
    from arc25_nb.kaggle_build import manylinux_platforms
    return ['--only-binary=:all:', '--python-version', '3.12', '--implementation', 'cp'] + [x for t in manylinux_platforms('2.28') for x in ('--platform', t)]


def fetch(pins_file:Path, group:str, dest:Path):
    "Download the wheels of one [group] of `pins_file` for the device machine's Python and platform (no dependencies: the list is whole)."
    pins, current = [], None
    for line in pins_file.read_text().splitlines():
        line = line.split('#')[0].strip()
        if line.startswith('['): current = line.strip('[]')
        elif line and current == group: pins.append(line)
    if not pins: sys.exit(f'carry: no pins in group [{group}] of {pins_file}')
    dest.mkdir(parents=True, exist_ok=True)
    r = subprocess.run([sys.executable, '-m', 'pip', 'download', '-q', '--no-deps', *_tags(), '-d', str(dest), *pins], capture_output=True, text=True)
    if r.returncode: sys.exit(f'carry: pip download failed:\n{r.stderr[-3000:]}')
    print(f'{len(pins)} wheels of [{group}] in {dest}')


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = p.add_subparsers(dest='cmd', required=True)
    a = sub.add_parser('pack'); a.add_argument('files', nargs='+', type=Path); a.add_argument('--out', type=Path, default=Path('.carry'))
    a.add_argument('--part-mib', type=float, default=40); a.add_argument('--slim-vllm', action='store_true')
    b = sub.add_parser('recv'); b.add_argument('part_dir', type=Path); b.add_argument('--target', type=Path, default=Path('/tmp/site'))
    f = sub.add_parser('fetch'); f.add_argument('pins', type=Path); f.add_argument('dest', type=Path); f.add_argument('--group', required=True)
    sub.add_parser('status')
    a = p.parse_args()
    if a.cmd == 'pack': pack(a.files, a.out, a.part_mib, a.slim_vllm)
    elif a.cmd == 'recv': recv(a.part_dir, a.target)
    elif a.cmd == 'fetch': fetch(a.pins, a.group, a.dest)
    else:
        for f in sorted(STREAM_DIR.glob('*')) if STREAM_DIR.exists() else []: print(f, f.stat().st_size if f.is_file() else '')


if __name__ == '__main__': main()

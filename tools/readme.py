"""Write README.md from nbs/index.ipynb (markdown cells as they are, code cells as python blocks).

nbdev's own `nbdev_readme` needs quarto, which CI does not have; this keeps README.md generated from
the index notebook with no extra tool. `python tools/readme.py --check` fails when README.md is stale.
"""
import json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def render(nb_path: Path) -> str:
    cells = json.loads(nb_path.read_text())['cells']
    parts = []
    for c in cells:
        src = ''.join(c['source']).strip()
        if not src or src.startswith('#|'): continue
        parts.append(src if c['cell_type'] == 'markdown' else f'```python\n{src}\n```')
    return '\n\n'.join(parts) + '\n'


if __name__ == '__main__':
    text = render(ROOT / 'nbs' / 'index.ipynb')
    readme = ROOT / 'README.md'
    if '--check' in sys.argv:
        if readme.read_text() != text: sys.exit('README.md is stale: run `python tools/readme.py`')
    else: readme.write_text(text)

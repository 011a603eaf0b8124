from common import *

import numpy as np
from typing import *

# concepts:
# mirror symmetry detection, occlusion

# description:
# In the input you will see a large symmetric pattern partly covered by brown patches.
# To make the output, detect the mirror symmetries of the pattern while ignoring brown,
# then recover each covered cell from its images under those symmetries.

def transform(input_grid):
    occluder = Color.BROWN
    symmetries = detect_mirror_symmetry(input_grid, ignore_colors=[occluder])
    output_grid = input_grid.copy()
    for x, y in np.argwhere(input_grid == occluder):
        for sym in symmetries:
            for x2, y2 in orbit(input_grid, x, y, [sym]):
                if input_grid[x2, y2] != occluder:
                    output_grid[x, y] = input_grid[x2, y2]
    return output_grid

# runs on: 3631a71a b8825c91 9ecd008a

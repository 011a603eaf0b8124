from common import *

import numpy as np
from typing import *

# concepts:
# mirror symmetry, occlusion, orbits

# description:
# In the input you will see a pattern that is mirror symmetric about the center of the grid, both left-right
# and top-bottom, with some parts covered by yellow patches.
# To make the output, look at the mirror images of every yellow cell and copy the color of one that is not covered.

def transform(input_grid):
    occluder = Color.YELLOW
    width, height = input_grid.shape
    symmetries = [MirrorSymmetry(mirror_x=(width - 1) / 2, mirror_y=None),
                  MirrorSymmetry(mirror_x=None, mirror_y=(height - 1) / 2)]
    output_grid = input_grid.copy()
    for x, y in np.argwhere(input_grid == occluder):
        for x2, y2 in orbit(input_grid, x, y, symmetries):
            if input_grid[x2, y2] != occluder:
                output_grid[x, y] = input_grid[x2, y2]
                break
    return output_grid

# task: b8825c91

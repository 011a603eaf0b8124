from common import *

import numpy as np
from typing import *

# concepts:
# translational symmetry, occlusion

# description:
# In the input you will see a repeating pattern with some black patches covering parts of it.
# To make the output, find the translational symmetry of the pattern and use it to fill in the black patches.

def transform(input_grid):
    symmetries = detect_translational_symmetry(input_grid, ignore_colors=[Color.BLACK])
    output_grid = input_grid.copy()
    for x, y in np.argwhere(input_grid == Color.BLACK):
        for x2, y2 in orbit(input_grid, x, y, symmetries):
            if input_grid[x2, y2] != Color.BLACK:
                output_grid[x, y] = input_grid[x2, y2]
                break
    return output_grid

# task: 29ec7d0e

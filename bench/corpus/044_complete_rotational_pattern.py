from common import *

import numpy as np
from typing import *

# concepts:
# rotational symmetry, completion

# description:
# In the input you will see a pattern that should look the same after quarter turns, but some of it is missing (black).
# To make the output, find the center of rotation and fill each missing cell with the color of its rotated images.

def transform(input_grid):
    output_grid = input_grid.copy()
    symmetry = detect_rotational_symmetry(input_grid, ignore_colors=[Color.BLACK])
    if symmetry is None:
        return output_grid
    for x, y in np.argwhere(input_grid == Color.BLACK):
        colors = [input_grid[x2, y2] for x2, y2 in orbit(input_grid, x, y, [symmetry]) if input_grid[x2, y2] != Color.BLACK]
        if colors:
            output_grid[x, y] = colors[0]
    return output_grid

# task: 11852cab
# runs on: 4258a5f9 b8825c91 a61ba2ce

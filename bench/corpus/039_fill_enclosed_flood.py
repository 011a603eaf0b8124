from common import *

import numpy as np
from typing import *

# concepts:
# flood fill, topology

# description:
# In the input you will see red outlines enclosing some black regions.
# To make the output, fill every enclosed black region with blue.
# Flood fill from the border marks the outside; whatever black remains is enclosed.

def transform(input_grid):
    width, height = input_grid.shape
    grid = input_grid.copy()
    outside = Color.GREEN
    for x in range(width):
        for y in range(height):
            on_border = x in (0, width - 1) or y in (0, height - 1)
            if on_border and grid[x, y] == Color.BLACK:
                flood_fill(grid, x, y, outside)
    output_grid = input_grid.copy()
    output_grid[grid == Color.BLACK] = Color.BLUE
    return output_grid

# task: a5313dff

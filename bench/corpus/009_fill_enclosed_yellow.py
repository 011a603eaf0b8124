from common import *

import numpy as np
from typing import *

# concepts:
# topology, filling

# description:
# In the input you will see green lines that enclose some black regions.
# To make the output, fill every enclosed black region with yellow.

def transform(input_grid):
    output_grid = input_grid.copy()
    interior = object_interior(input_grid, background=Color.BLACK)
    enclosed = interior & (input_grid == Color.BLACK)
    output_grid[enclosed] = Color.YELLOW
    return output_grid

# task: 00d62c1b

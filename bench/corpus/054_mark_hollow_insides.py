from common import *

import numpy as np
from typing import *

# concepts:
# topology, interior, objects

# description:
# In the input you will see red outlines of rectangles, some hollow and some filled.
# To make the output, erase the outlines and color the empty inside of every hollow outline green.

def transform(input_grid):
    output_grid = np.zeros_like(input_grid)
    for obj in find_connected_components(input_grid, background=Color.BLACK, connectivity=4):
        inside = object_interior(obj, background=Color.BLACK) & (obj == Color.BLACK)
        output_grid[inside] = Color.GREEN
    return output_grid

# task: d5d6de2d

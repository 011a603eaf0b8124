from common import *

import numpy as np
from typing import *

# concepts:
# objects, outlines, counting

# description:
# In the input you will see red pixels, some alone and some in pairs (two touching red pixels).
# To make the output, draw a green outline around every pair, touching it on all eight sides.

def transform(input_grid):
    output_grid = input_grid.copy()
    for obj in find_connected_components(input_grid, background=Color.BLACK, connectivity=4):
        if np.sum(obj != Color.BLACK) != 2:
            continue
        outline = object_neighbors(obj, background=Color.BLACK, connectivity=8)
        output_grid[outline] = Color.GREEN
    return output_grid

# task: b27ca6d3

from common import *

import numpy as np
from typing import *

# concepts:
# boundaries, objects

# description:
# In the input you will see solid objects on a black background.
# To make the output, paint the boundary of every object red and its inside blue.

def transform(input_grid):
    output_grid = np.zeros_like(input_grid)
    for obj in find_connected_components(input_grid, background=Color.BLACK, connectivity=4, monochromatic=False):
        boundary = object_boundary(obj, background=Color.BLACK)
        inside = object_interior(obj, background=Color.BLACK) & ~boundary
        output_grid[inside] = Color.BLUE
        output_grid[boundary] = Color.RED
    return output_grid

# runs on: 4347f46a bb43febb 6d75e8bb 00d62c1b

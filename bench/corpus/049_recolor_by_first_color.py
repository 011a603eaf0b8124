from common import *

import numpy as np
from typing import *

# concepts:
# color, objects

# description:
# In the input you will see multicolored objects.
# To make the output, paint each object entirely in the first of its colors.

def transform(input_grid):
    output_grid = np.zeros_like(input_grid)
    for obj in find_connected_components(input_grid, background=Color.BLACK, connectivity=8, monochromatic=False):
        colors = object_colors(obj, background=Color.BLACK)
        output_grid[obj != Color.BLACK] = colors[0]
    return output_grid

# runs on: 3631a71a 0d3d703e 4258a5f9 a61ba2ce

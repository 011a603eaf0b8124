from common import *

import numpy as np
from typing import *

# concepts:
# bounding box, filling

# description:
# In the input you will see a jagged purple shape.
# To make the output, color every black cell inside the shape's bounding box red.

def transform(input_grid):
    output_grid = input_grid.copy()
    box = bounding_box_mask(input_grid, background=Color.BLACK)
    output_grid[box & (input_grid == Color.BLACK)] = Color.RED
    return output_grid

# task: 6d75e8bb

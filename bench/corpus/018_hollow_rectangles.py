from common import *

import numpy as np
from typing import *

# concepts:
# objects, interior, boundary

# description:
# In the input you will see filled rectangles of different colors.
# To make the output, hollow out every rectangle, keeping only its one-pixel border.

def transform(input_grid):
    output_grid = input_grid.copy()
    for obj in find_connected_components(input_grid, background=Color.BLACK, monochromatic=True):
        x, y, width, height = bounding_box(obj, background=Color.BLACK)
        output_grid[x + 1:x + width - 1, y + 1:y + height - 1] = Color.BLACK
    return output_grid

# task: 4347f46a

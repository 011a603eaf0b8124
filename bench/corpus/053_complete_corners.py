from common import *

import numpy as np
from typing import *

# concepts:
# objects, bounding box, completion

# description:
# In the input you will see purple L-shapes made of three pixels, each filling three cells of a 2x2 square.
# To make the output, color the missing fourth cell of each square blue.

def transform(input_grid):
    output_grid = input_grid.copy()
    for obj in find_connected_components(input_grid, background=Color.BLACK, connectivity=4):
        x, y, width, height = bounding_box(obj, background=Color.BLACK)
        for i in range(x, x + width):
            for j in range(y, y + height):
                if obj[i, j] == Color.BLACK:
                    output_grid[i, j] = Color.BLUE
    return output_grid

# task: 3aa6fb7a

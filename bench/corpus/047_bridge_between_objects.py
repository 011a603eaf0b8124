from common import *

import numpy as np
from typing import *

# concepts:
# objects, bridging, gaps

# description:
# In the input you will see two objects facing each other.
# To make the output, fill the straight gap between the two objects with gray.

def transform(input_grid):
    output_grid = input_grid.copy()
    objects = find_connected_components(input_grid, background=Color.BLACK, connectivity=8, monochromatic=False)
    objects = sorted(objects, key=lambda obj: np.sum(obj != Color.BLACK), reverse=True)
    if len(objects) < 2:
        return output_grid
    first, second = objects[0], objects[1]
    width, height = input_grid.shape
    for x in range(width):
        for y in range(height):
            if input_grid[x, y] == Color.BLACK and check_between_objects(first, second, x, y, padding=0, background=Color.BLACK):
                output_grid[x, y] = Color.GRAY
    return output_grid

# runs on: 05f2a901 a699fb00 dbc1a6ce

from common import *

import numpy as np
from typing import *

# concepts:
# counting, objects

# description:
# In the input you will see several purple objects.
# To make the output, count the objects and draw that many purple pixels on the diagonal of a square black grid of that size.

def transform(input_grid):
    objects = find_connected_components(input_grid, background=Color.BLACK, connectivity=4)
    n = len(objects)
    output_grid = np.zeros((n, n), dtype=int)
    draw_line(output_grid, 0, 0, direction=(1, 1), color=Color.PURPLE)
    return output_grid

# task: d0f5fe59

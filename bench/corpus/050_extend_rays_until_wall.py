from common import *

import numpy as np
from typing import *

# concepts:
# lines, obstacles

# description:
# In the input you will see colored pixels and some obstacles.
# To make the output, shoot a ray from every single pixel toward the right edge, in its color,
# stopping just before any non-black cell.

def transform(input_grid):
    output_grid = input_grid.copy()
    for obj in find_connected_components(input_grid, background=Color.BLACK, connectivity=8):
        if np.sum(obj != Color.BLACK) != 1:
            continue
        x, y = object_position(obj, background=Color.BLACK, anchor="upper left")
        color = input_grid[x, y]
        draw_line(output_grid, x, y + 1, direction=(0, 1), color=color, stop_at_color=Color.NOT_BLACK)
    return output_grid

# runs on: 178fcbfb 4258a5f9 42a50994 d4f3cd78

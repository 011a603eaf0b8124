from common import *

import numpy as np
from typing import *

# concepts:
# lines, connecting

# description:
# In the input you will see blue pixels.
# To make the output, connect every two blue pixels in the same row or column that have no blue pixel
# between them with a purple line.

def transform(input_grid):
    output_grid = input_grid.copy()
    pixels = [tuple(p) for p in np.argwhere(input_grid == Color.BLUE)]
    for (x1, y1) in pixels:
        for (x2, y2) in pixels:
            if x1 == x2 and y2 > y1 + 1:
                between = input_grid[x1, y1 + 1:y2]
            elif y1 == y2 and x2 > x1 + 1:
                between = input_grid[x1 + 1:x2, y1]
            else:
                continue
            if np.any(between == Color.BLUE):
                continue
            draw_line(output_grid, x1, y1, end_x=x2, end_y=y2, color=Color.PURPLE, stop_at_color=[])
            output_grid[x1, y1] = output_grid[x2, y2] = Color.BLUE
    return output_grid

# task: dbc1a6ce

from common import *

import numpy as np
from typing import *

# concepts:
# filling, lines, openings

# description:
# In the input you will see a gray box with a one-pixel gap in its wall.
# To make the output, fill the inside of the box with purple, fill the gap,
# and draw a purple line leaking out of the gap to the edge of the grid.

def transform(input_grid):
    output_grid = input_grid.copy()
    x, y, width, height = bounding_box(input_grid, background=Color.BLACK)
    output_grid[x + 1:x + width - 1, y + 1:y + height - 1] = Color.PURPLE

    # find the gap: the black cell on the wall of the box, and the direction pointing outward
    for gx in range(x, x + width):
        for gy in range(y, y + height):
            on_wall = gx in (x, x + width - 1) or gy in (y, y + height - 1)
            if on_wall and input_grid[gx, gy] == Color.BLACK:
                dx = -1 if gx == x else 1 if gx == x + width - 1 else 0
                dy = -1 if gy == y else 1 if gy == y + height - 1 else 0
                draw_line(output_grid, gx, gy, direction=(dx, dy), color=Color.PURPLE)
    return output_grid

# task: d4f3cd78

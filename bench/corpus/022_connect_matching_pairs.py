from common import *

import numpy as np
from typing import *

# concepts:
# lines, pairing

# description:
# In the input you will see pairs of same-colored pixels that share a row or a column.
# To make the output, connect every pair with a line of its color.
# Vertical lines are drawn on top of horizontal ones.

def transform(input_grid):
    output_grid = input_grid.copy()
    horizontal, vertical = [], []
    for color in Color.NOT_BLACK:
        pixels = np.argwhere(input_grid == color)
        if len(pixels) != 2:
            continue
        (x1, y1), (x2, y2) = pixels
        if x1 == x2:
            horizontal.append((x1, y1, x2, y2, color))
        elif y1 == y2:
            vertical.append((x1, y1, x2, y2, color))
    for x1, y1, x2, y2, color in horizontal + vertical:
        draw_line(output_grid, x1, y1, end_x=x2, end_y=y2, color=color)
    return output_grid

# task: 40853293

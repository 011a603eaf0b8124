from common import *

import numpy as np
from typing import *

# concepts:
# lines, drawing

# description:
# In the input you will see a few colored pixels.
# To make the output, draw a line through each red pixel from the top edge to the bottom edge,
# then a line through each green or blue pixel from the left edge to the right edge (drawn on top).

def transform(input_grid):
    output_grid = np.zeros_like(input_grid)
    for x, y in np.argwhere(input_grid == Color.RED):
        draw_line(output_grid, 0, y, direction=(1, 0), color=Color.RED)
    for color in [Color.GREEN, Color.BLUE]:
        for x, y in np.argwhere(input_grid == color):
            draw_line(output_grid, x, 0, direction=(0, 1), color=color)
    return output_grid

# task: 178fcbfb

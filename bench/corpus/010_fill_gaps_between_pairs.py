from common import *

import numpy as np
from typing import *

# concepts:
# patterns, filling gaps

# description:
# In the input you will see blue pixels, some of them in pairs separated by a single black cell.
# To make the output, color the black cell between each such pair red.

def transform(input_grid):
    output_grid = input_grid.copy()
    width, height = input_grid.shape
    for x in range(width):
        for y in range(height - 2):
            if input_grid[x, y] == Color.BLUE and input_grid[x, y + 2] == Color.BLUE and input_grid[x, y + 1] == Color.BLACK:
                output_grid[x, y + 1] = Color.RED
    return output_grid

# task: a699fb00

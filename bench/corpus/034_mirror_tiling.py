from common import *

import numpy as np
from typing import *

# concepts:
# reflection, tiling

# description:
# In the input you will see a small pattern.
# To make the output, make a grid twice as large in both directions holding four copies:
# the original in the upper left, reflected copies in the other quadrants, so the result is symmetric.

def transform(input_grid):
    width, height = input_grid.shape
    output_grid = np.zeros((2 * width, 2 * height), dtype=int)
    blit(output_grid, input_grid, 0, 0)
    blit(output_grid, input_grid[:, ::-1], 0, height)
    blit(output_grid, input_grid[::-1, :], width, 0)
    blit(output_grid, input_grid[::-1, ::-1], width, height)
    return output_grid

# task: 3af2c5a8

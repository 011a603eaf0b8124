from common import *

import numpy as np
from typing import *

# concepts:
# reflection, symmetry

# description:
# In the input you will see a small colored pattern.
# To make the output, reflect the pattern so that its left side becomes its right side.

def transform(input_grid):
    width, height = input_grid.shape
    output_grid = np.zeros_like(input_grid)
    for x in range(width):
        for y in range(height):
            output_grid[x, height - 1 - y] = input_grid[x, y]
    return output_grid

# task: 67a3c6ac

from common import *

import numpy as np
from typing import *

# concepts:
# reflection, symmetry

# description:
# In the input you will see a pattern in the bottom half of the grid and nothing in the top half.
# To make the output, reflect the bottom half into the top half, making the grid symmetric top to bottom.

def transform(input_grid):
    width, height = input_grid.shape
    output_grid = input_grid.copy()
    for x in range(width // 2):
        output_grid[x, :] = input_grid[width - 1 - x, :]
    return output_grid

# task: f25ffba3

from common import *

import numpy as np
from typing import *

# concepts:
# gravity, falling

# description:
# In the input you will see colored pixels scattered on a black background.
# To make the output, let every pixel fall straight down until it rests on the bottom or on another pixel.

def transform(input_grid):
    width, height = input_grid.shape
    output_grid = np.full_like(input_grid, Color.BLACK)
    for y in range(height):
        column = [c for c in input_grid[:, y] if c != Color.BLACK]
        for i, color in enumerate(reversed(column)):
            output_grid[width - 1 - i, y] = color
    return output_grid

# task: 1e0a9b12

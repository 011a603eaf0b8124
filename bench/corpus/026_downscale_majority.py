from common import *

import numpy as np
from typing import *

# concepts:
# downscaling, denoising

# description:
# In the input you will see a 9x9 grid made of 3x3 blocks of solid color, with a few noisy gray pixels.
# To make the output, shrink each block to a single pixel of its majority color.

def transform(input_grid):
    block = 3
    width, height = input_grid.shape
    output_grid = np.zeros((width // block, height // block), dtype=int)
    for x in range(width // block):
        for y in range(height // block):
            cells = input_grid[x * block:(x + 1) * block, y * block:(y + 1) * block].flatten()
            output_grid[x, y] = np.argmax(np.bincount(cells))
    return output_grid

# task: 5614dbcf

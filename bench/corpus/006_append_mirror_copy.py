from common import *

import numpy as np
from typing import *

# concepts:
# reflection, concatenation

# description:
# In the input you will see a small pattern.
# To make the output, make a grid twice as long, put the pattern on the left
# and its mirror image on the right, so the result is mirror symmetric.

def transform(input_grid):
    width, height = input_grid.shape
    output_grid = np.zeros((width, 2 * height), dtype=int)
    blit_sprite(output_grid, input_grid, x=0, y=0)
    blit_sprite(output_grid, np.flip(input_grid, axis=1), x=0, y=height)
    return output_grid

# task: c9e6f938

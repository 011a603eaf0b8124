from common import *

import numpy as np
from typing import *

# concepts:
# pixel manipulation, surrounding

# description:
# In the input you will see a few gray pixels on a black background.
# To make the output, surround every gray pixel with a ring of blue pixels (its 8 neighbors).

def transform(input_grid):
    output_grid = input_grid.copy()
    ring = np.full((3, 3), Color.BLUE)
    ring[1, 1] = Color.GRAY
    for x, y in np.argwhere(input_grid == Color.GRAY):
        blit_sprite(output_grid, ring, x=x - 1, y=y - 1, background=Color.BLACK)
    return output_grid

# task: 4258a5f9

from common import *

import numpy as np
from typing import *

# concepts:
# objects, puzzle pieces, assembly

# description:
# In the input you will see four L-shaped pieces, each a 2x2 square missing one corner.
# To make the output, assemble them into a 4x4 square: each piece goes into the corner of the output
# opposite to its missing cell, so the missing cells meet in the middle.

def transform(input_grid):
    output_grid = np.zeros((4, 4), dtype=int)
    for obj in find_connected_components(input_grid, background=Color.BLACK, connectivity=4):
        sprite = crop(obj, background=Color.BLACK)
        missing_x, missing_y = np.argwhere(sprite == Color.BLACK)[0]
        x = 0 if missing_x == 1 else 2
        y = 0 if missing_y == 1 else 2
        blit_sprite(output_grid, sprite, x=x, y=y, background=Color.BLACK)
    return output_grid

# task: a61ba2ce

from common import *

import numpy as np
from typing import *

# concepts:
# denoising, objects

# description:
# In the input you will see pixels of one color, some in clusters and some alone.
# To make the output, delete every pixel that does not touch another pixel (diagonals count as touching).

def transform(input_grid):
    output_grid = np.zeros_like(input_grid)
    for obj in find_connected_components(input_grid, background=Color.BLACK, connectivity=8):
        if np.sum(obj != Color.BLACK) > 1:
            blit_object(output_grid, obj, background=Color.BLACK)
    return output_grid

# task: 42a50994

from common import *

import numpy as np
from typing import *

# concepts:
# object detection, cropping

# description:
# In the input you will see some colored shapes that fit in 3x3 windows.
# To make the output, scan for 3x3 objects, keep the non-overlapping ones, and crop out the one with the most pixels.

def transform(input_grid):
    objects = detect_objects(grid=input_grid, background=Color.BLACK, allowed_dimensions=[(3, 3)],
                             monochromatic=False, connectivity=8)
    if not objects:
        return input_grid.copy()
    best = max(objects, key=lambda obj: np.sum(obj != Color.BLACK))
    output_grid = crop(best, background=Color.BLACK)
    return output_grid

# runs on: a87f7484 1cf80156 be94b721

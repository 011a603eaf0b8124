from common import *

import numpy as np
from typing import *

# concepts:
# objects, counting, cropping

# description:
# In the input you will see several objects of different colors.
# To make the output, find the object with the most pixels and crop it out.

def transform(input_grid):
    objects = find_connected_components(input_grid, background=Color.BLACK, connectivity=8, monochromatic=True)
    largest = max(objects, key=lambda obj: np.sum(obj != Color.BLACK))
    output_grid = crop(largest, background=Color.BLACK)
    return output_grid

# task: be94b721

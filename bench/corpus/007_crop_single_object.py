from common import *

import numpy as np
from typing import *

# concepts:
# cropping

# description:
# In the input you will see a single colored object on a black background.
# To make the output, crop the grid to the object's bounding box.

def transform(input_grid):
    output_grid = crop(input_grid, background=Color.BLACK)
    return output_grid

# task: 1cf80156

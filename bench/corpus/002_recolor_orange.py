from common import *

import numpy as np
from typing import *

# concepts:
# color replacement

# description:
# In the input you will see a grid with blue, purple and orange pixels.
# To make the output, change every orange pixel to gray and leave everything else unchanged.

def transform(input_grid):
    output_grid = np.copy(input_grid)
    output_grid[input_grid == Color.ORANGE] = Color.GRAY
    return output_grid

# task: c8f0f002

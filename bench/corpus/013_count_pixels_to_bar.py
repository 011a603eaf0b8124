from common import *

import numpy as np
from typing import *

# concepts:
# counting

# description:
# In the input you will see a few pixels of one color.
# To make the output, make a 1-row grid with one pixel of that color per pixel in the input.

def transform(input_grid):
    colors = object_colors(input_grid, background=Color.BLACK)
    color = colors[0]
    count = np.sum(input_grid == color)
    output_grid = np.full((1, count), color)
    return output_grid

# task: d631b094

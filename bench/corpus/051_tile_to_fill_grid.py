from common import *

import numpy as np
from typing import *

# concepts:
# tiling, repetition

# description:
# In the input you will see a small pattern.
# To make the output, tile the pattern three times in each direction.

def transform(input_grid):
    width, height = input_grid.shape
    output_grid = np.zeros((3 * width, 3 * height), dtype=int)
    for i in range(3):
        for j in range(3):
            blit_sprite(output_grid, input_grid, x=i * width, y=j * height, background=None)
    return output_grid

# runs on: 0d3d703e 44f52bb0 6150a2bd 74dd1130

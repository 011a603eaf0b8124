from common import *

import numpy as np
from typing import *

# concepts:
# position, color

# description:
# In the input you will see a 3x3 grid with one gray pixel in each row.
# To make the output, fill each row with a color that depends on where its gray pixel is:
# first column -> red, middle column -> yellow, last column -> green.

def transform(input_grid):
    output_grid = np.zeros_like(input_grid)
    position_to_color = [Color.RED, Color.YELLOW, Color.GREEN]
    for x in range(input_grid.shape[0]):
        y = np.argmax(input_grid[x, :] == Color.GRAY)
        output_grid[x, :] = position_to_color[y]
    return output_grid

# task: a85d4709

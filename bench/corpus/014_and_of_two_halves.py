from common import *

import numpy as np
from typing import *

# concepts:
# boolean logical operations, bitmasks

# description:
# In the input you will see two blue patterns separated by a gray vertical bar.
# To make the output, overlay the two halves: a cell is red where both halves are blue, black elsewhere.

def transform(input_grid):
    width, height = input_grid.shape
    divider = [y for y in range(height) if np.all(input_grid[:, y] == Color.GRAY)][0]
    left = input_grid[:, :divider]
    right = input_grid[:, divider + 1:]
    output_grid = np.zeros_like(left)
    output_grid[(left == Color.BLUE) & (right == Color.BLUE)] = Color.RED
    return output_grid

# task: 0520fde7

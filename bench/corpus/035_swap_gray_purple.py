from common import *

import numpy as np
from typing import *

# concepts:
# color swap

# description:
# In the input you will see a grid of many colors.
# To make the output, swap gray and purple: gray pixels become purple and purple pixels become gray.

def transform(input_grid):
    output_grid = input_grid.copy()
    output_grid[input_grid == Color.GRAY] = Color.PURPLE
    output_grid[input_grid == Color.PURPLE] = Color.GRAY
    return output_grid

# task: d511f180

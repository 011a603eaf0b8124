from common import *

import numpy as np
from typing import *

# concepts:
# borders, lines

# description:
# In the input you will see an empty black grid.
# To make the output, draw a purple frame along the four edges of the grid.

def transform(input_grid):
    width, height = input_grid.shape
    output_grid = np.zeros_like(input_grid)
    draw_line(output_grid, 0, 0, direction=(0, 1), color=Color.PURPLE)
    draw_line(output_grid, width - 1, 0, direction=(0, 1), color=Color.PURPLE)
    draw_line(output_grid, 0, 0, direction=(1, 0), color=Color.PURPLE)
    draw_line(output_grid, 0, height - 1, direction=(1, 0), color=Color.PURPLE)
    return output_grid

# task: 6f8cd79b

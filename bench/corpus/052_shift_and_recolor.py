from common import *

import numpy as np
from typing import *

# concepts:
# translation, color change

# description:
# In the input you will see a purple shape.
# To make the output, move the shape down by one cell and color it red.

def transform(input_grid):
    output_grid = translate(input_grid, x=1, y=0, background=Color.BLACK)
    output_grid[output_grid == Color.PURPLE] = Color.RED
    return output_grid

# task: a79310a0

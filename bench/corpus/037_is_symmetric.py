from common import *

import numpy as np
from typing import *

# concepts:
# symmetry detection, boolean output

# description:
# In the input you will see a 3x3 red pattern.
# To make the output, produce a single pixel: blue if the pattern is mirror symmetric left to right, orange otherwise.

def transform(input_grid):
    symmetric = np.array_equal(input_grid, input_grid[:, ::-1])
    color = Color.BLUE if symmetric else Color.ORANGE
    output_grid = np.full((1, 1), color)
    return output_grid

# task: 44f52bb0

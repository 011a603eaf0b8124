from common import *

import numpy as np
from typing import *

# concepts:
# counting, scaling

# description:
# In the input you will see a 3x3 pattern with a few colors.
# To make the output, count the distinct non-black colors and scale the pattern up by that factor.

def transform(input_grid):
    n_colors = len(object_colors(input_grid, background=Color.BLACK))
    output_grid = scale_sprite(input_grid, factor=n_colors)
    return output_grid

# task: b91ae062

from common import *

import numpy as np
from typing import *

# concepts:
# translation

# description:
# In the input you will see a small shape.
# To make the output, move the shape down by one row.

def transform(input_grid):
    output_grid = translate(input_grid, 1, 0, background=Color.BLACK)
    return output_grid

# task: 25ff71a9

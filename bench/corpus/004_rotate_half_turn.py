from common import *

import numpy as np
from typing import *

# concepts:
# rotation

# description:
# In the input you will see a small pattern.
# To make the output, rotate the whole grid by 180 degrees.

def transform(input_grid):
    output_grid = np.rot90(input_grid, k=2).copy()
    return output_grid

# task: 6150a2bd

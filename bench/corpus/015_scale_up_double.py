from common import *

import numpy as np
from typing import *

# concepts:
# scaling

# description:
# In the input you will see a small pattern.
# To make the output, scale it up by a factor of two: every pixel becomes a 2x2 block.

def transform(input_grid):
    output_grid = scale_sprite(input_grid, factor=2)
    return output_grid

# task: c59eb873

from common import *

import numpy as np
from typing import *

# concepts:
# objects, counting, color

# description:
# In the input you will see gray objects of different sizes.
# To make the output, color each object by its number of pixels: 4 pixels -> blue, 3 -> red, 2 -> green.

def transform(input_grid):
    output_grid = np.zeros_like(input_grid)
    size_to_color = {4: Color.BLUE, 3: Color.RED, 2: Color.GREEN}
    objects = find_connected_components(input_grid, background=Color.BLACK, connectivity=4)
    for obj in objects:
        size = np.sum(obj != Color.BLACK)
        color = size_to_color.get(size, Color.GRAY)
        output_grid[obj != Color.BLACK] = color
    return output_grid

# task: 6e82a1ae

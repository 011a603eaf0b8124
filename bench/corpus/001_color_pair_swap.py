from common import *

import numpy as np
from typing import *

# concepts:
# color mapping

# description:
# In the input you will see a grid of colored stripes.
# To make the output, replace every color by its partner color:
# green <-> yellow, blue <-> gray, red <-> pink, purple <-> brown.

def transform(input_grid):
    color_map = {Color.GREEN: Color.YELLOW, Color.YELLOW: Color.GREEN,
                 Color.BLUE: Color.GRAY, Color.GRAY: Color.BLUE,
                 Color.RED: Color.PINK, Color.PINK: Color.RED,
                 Color.PURPLE: Color.BROWN, Color.BROWN: Color.PURPLE}

    output_grid = input_grid.copy()
    for x in range(input_grid.shape[0]):
        for y in range(input_grid.shape[1]):
            output_grid[x, y] = color_map.get(input_grid[x, y], input_grid[x, y])
    return output_grid

# task: 0d3d703e

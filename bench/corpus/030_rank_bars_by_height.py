from common import *

import numpy as np
from typing import *

# concepts:
# sorting, objects, color

# description:
# In the input you will see four gray vertical bars of different heights.
# To make the output, color the bars by their rank: tallest blue, then red, then green, shortest yellow.

def transform(input_grid):
    bars = find_connected_components(input_grid, background=Color.BLACK, connectivity=4)
    bars = sorted(bars, key=lambda bar: np.sum(bar != Color.BLACK), reverse=True)
    output_grid = np.zeros_like(input_grid)
    for bar, color in zip(bars, [Color.BLUE, Color.RED, Color.GREEN, Color.YELLOW]):
        output_grid[bar != Color.BLACK] = color
    return output_grid

# task: 08ed6ac7

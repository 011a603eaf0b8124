from common import *

import numpy as np
from typing import *

# concepts:
# color, objects

# description:
# In the input you will see a large shape and a single marker pixel in a corner.
# To make the output, recolor the shape with the marker's color and remove the marker.

def transform(input_grid):
    objects = find_connected_components(input_grid, background=Color.BLACK, connectivity=8)
    marker = min(objects, key=lambda obj: np.sum(obj != Color.BLACK))
    shape = max(objects, key=lambda obj: np.sum(obj != Color.BLACK))
    marker_color = object_colors(marker)[0]
    output_grid = np.zeros_like(input_grid)
    output_grid[shape != Color.BLACK] = marker_color
    return output_grid

# task: aabf363d

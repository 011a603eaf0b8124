from common import *

import numpy as np
from typing import *

# concepts:
# objects, interior

# description:
# In the input you will see gray rectangles.
# To make the output, color the inside of each rectangle red, leaving a gray border.

def transform(input_grid):
    output_grid = input_grid.copy()
    rectangles = detect_objects(grid=input_grid, colors=[Color.GRAY], monochromatic=True, connectivity=4)
    for rectangle in rectangles:
        boundary = object_boundary(rectangle, background=Color.BLACK)
        inside = (rectangle != Color.BLACK) & ~boundary
        output_grid[inside] = Color.RED
    return output_grid

# task: bb43febb

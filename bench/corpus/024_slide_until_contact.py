from common import *

import numpy as np
from typing import *

# concepts:
# objects, sliding, contact

# description:
# In the input you will see a red object and a purple 2x2 square.
# To make the output, slide the red object straight toward the purple square until the two touch.

def transform(input_grid):
    red = np.where(input_grid == Color.RED, input_grid, Color.BLACK)
    purple = np.where(input_grid == Color.PURPLE, input_grid, Color.BLACK)
    rx, ry, rw, rh = bounding_box(red)
    px, py, pw, ph = bounding_box(purple)

    # move along the axis on which the two boxes do not overlap
    if rx + rw <= px: dx, dy = 1, 0
    elif px + pw <= rx: dx, dy = -1, 0
    elif ry + rh <= py: dx, dy = 0, 1
    else: dx, dy = 0, -1

    while not contact(object1=red, object2=purple):
        red = translate(red, dx, dy, background=Color.BLACK)

    output_grid = purple.copy()
    blit_object(output_grid, red, background=Color.BLACK)
    return output_grid

# task: 05f2a901

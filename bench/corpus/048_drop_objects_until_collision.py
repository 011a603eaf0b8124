from common import *

import numpy as np
from typing import *

# concepts:
# gravity, objects, collision

# description:
# In the input you will see several objects.
# To make the output, let each object fall down as a rigid piece, lowest objects first,
# until it hits the bottom of the grid or another object.

def transform(input_grid):
    width, height = input_grid.shape
    objects = find_connected_components(input_grid, background=Color.BLACK, connectivity=4, monochromatic=True)
    objects = sorted(objects, key=lambda obj: object_position(obj, anchor="lower left")[0], reverse=True)
    output_grid = np.zeros_like(input_grid)
    for obj in objects:
        sprite = crop(obj, background=Color.BLACK)
        x, y = object_position(obj, background=Color.BLACK, anchor="upper left")
        while x + sprite.shape[0] < width and not collision(object1=output_grid, object2=sprite, x2=x + 1, y2=y):
            x += 1
        blit_sprite(output_grid, sprite, x=x, y=y, background=Color.BLACK)
    return output_grid

# runs on: 1e0a9b12 05f2a901 3906de3d 6e82a1ae

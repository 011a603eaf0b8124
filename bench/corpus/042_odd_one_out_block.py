from common import *

import numpy as np
from typing import *

# concepts:
# pattern matching, uniqueness

# description:
# In the input you will see several square blocks in a row, each with its own color.
# All blocks but one share the same shape. To make the output, return the block whose shape is different.

def transform(input_grid):
    width, height = input_grid.shape
    size = min(width, height)
    if width > height:
        blocks = [input_grid[i:i + size, :] for i in range(0, width, size)]
    else:
        blocks = [input_grid[:, i:i + size] for i in range(0, height, size)]
    shapes = [block != Color.BLACK for block in blocks]
    for block, shape in zip(blocks, shapes):
        if sum(np.array_equal(shape, other) for other in shapes) == 1:
            return block.copy()
    return blocks[0].copy()

# task: a87f7484

from common import *

import numpy as np
from typing import *

# concepts:
# diagonal reflection

# description:
# In the input you will see a square pattern.
# To make the output, reflect it across its main diagonal (the upper left to lower right diagonal).

def transform(input_grid):
    output_grid = input_grid.T.copy()
    return output_grid

# task: 74dd1130

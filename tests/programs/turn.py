import numpy as np

def transform(input_grid):
    return np.rot90(input_grid, 2)

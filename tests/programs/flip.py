import numpy as np

def transform(input_grid):
    return input_grid[::-1].copy()

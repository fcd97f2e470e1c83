"""Pure-Python core of symposia: no Django import anywhere under this package."""

"""Shop settings that staff change at run time."""

"""The public outcome tracker: what happened to each consultation and petition, and how each agency answers."""

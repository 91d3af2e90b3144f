"""The home page and the pages about Ovoz itself."""

"""The semantic engine: embeddings, language identification, clustering, campaigns, search.

Pure Python and numpy, no Flask: it can be tested and benchmarked alone. The web app stores
what it computes (app/submissions) and the workers drive it (workers/semantic.py).
"""

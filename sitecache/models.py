"""
No models: the cache's table is Django's own (``createcachetable``). This
module makes Django send ``post_migrate`` for the app, which creates it.
"""

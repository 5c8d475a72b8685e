"""Domain logic over SQLAlchemy. Plain Python: never imports Qt (tests/test_layers.py checks)."""

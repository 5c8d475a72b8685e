"""PyInstaller runtime hook of a build that bundles the embedding model (build.spec,
AGENTDESK_BUNDLE_SEMANTIC=1): knowledge search by meaning is on unless the environment
says otherwise (services/kb_semantic.py)."""

import os

os.environ.setdefault("AGENTDESK_SEMANTIC", "1")

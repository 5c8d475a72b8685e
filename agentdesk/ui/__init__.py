"""The shell: main window, theme, shortcuts, shared widgets, i18n, background tasks."""

from __future__ import annotations

import PySide6.QtCore  # noqa: F401  (loads PySide6's import hook, replaced below)

try:
    from PySide6.support import feature as _feature  # type: ignore[attr-defined]  # embedded, no stub
except ImportError:  # a PySide6 without the __feature__ machinery: nothing to speed up
    _feature = None


def _quick_feature_imported(module) -> None:
    """PySide6's hook on every import after PySide6 reads the new module's whole source
    (inspect.getsource) to see whether it mentions PySide6, so that ``from __feature__
    import …`` can apply per module. At start-up that is ~450 modules (SQLAlchemy,
    pydantic, the stdlib): ~0.1 s of CPU and every source kept in linecache. Nothing
    here uses __feature__: our own modules get the default feature set (0) and other
    libraries "ignore" (-1), as PySide6 would decide for them; a module whose name
    says Qt is still left to PySide6's own check."""
    name = getattr(module, "__name__", None)
    if name is None or name in _feature.pyside_feature_dict:
        return
    top = name.partition(".")[0]
    if top == "agentdesk":
        _feature.pyside_feature_dict[name] = 0
    elif any(word in top.lower() for word in ("qt", "pyside", "shiboken")):
        _ORIGINAL_FEATURE_IMPORTED(module)
    else:
        _feature.pyside_feature_dict[name] = -1


_ORIGINAL_FEATURE_IMPORTED = getattr(_feature, "feature_imported", None)
if _ORIGINAL_FEATURE_IMPORTED is not None and hasattr(_feature, "pyside_feature_dict"):
    _feature.feature_imported = _quick_feature_imported

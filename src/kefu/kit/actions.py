"""What a detail page offers: the actions whose checks pass now.

Each check is the very function the service runs before it acts, so the page can
never offer what the service would refuse. A check refuses with ``Forbidden`` (the
role may not) or ``Conflict`` (the state does not allow it); anything else it
raises is a bug and is not swallowed."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from kefu.kit.errors import Conflict, Forbidden


def permitted(check: Callable[[], object]) -> bool:
    try:
        check()
    except (Forbidden, Conflict):
        return False
    return True


def allowed(
    checks: Mapping[str, Callable[[], object]], labels: Mapping[str, str]
) -> list[dict[str, str]]:
    """``[{"action", "label"}]`` for each action whose check passes, in the given order."""
    return [
        {"action": name, "label": labels[name]}
        for name, check in checks.items()
        if permitted(check)
    ]

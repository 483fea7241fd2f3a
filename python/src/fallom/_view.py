"""Session-bound views of provider clients (SPEC W1): nothing on the caller's client changes.

A view forwards every attribute to the object it wraps. Names in its route table are intercepted:
a nested table yields a view of the sub-resource (`client.chat` → view of `client.chat`), a
function yields the traced replacement of a method. `isinstance(view, OpenAI)` holds because
`__class__` reports the wrapped object's class, so code that type-checks the client keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MethodType
from typing import Any, Callable, Union

#: A traced method factory: (session source, the original bound method) → replacement callable.
MethodFactory = Callable[[Any, Any], Any]
Routes = Mapping[str, Union["Routes", MethodFactory]]  # type: ignore[misc]


class View:
    """Proxy of one object for one session source. Re-wrapping a view wraps its target instead."""

    __slots__ = ("__weakref__", "_fallom_cache", "_fallom_routes", "_fallom_source", "_fallom_target")

    def __init__(self, target: Any, routes: Routes, source: Any) -> None:
        object.__setattr__(self, "_fallom_target", target)
        object.__setattr__(self, "_fallom_routes", routes)
        object.__setattr__(self, "_fallom_source", source)
        object.__setattr__(self, "_fallom_cache", {})

    def __getattr__(self, name: str) -> Any:
        # Plain slot reads (no `object.__getattribute__` call: this runs on every `client.chat…`).
        # An unset slot of ours (a view built without `__init__`) must not recurse back in here.
        if name in _OWN_SLOTS:
            raise AttributeError(name)
        target = self._fallom_target
        route = self._fallom_routes.get(name)
        value = getattr(target, name)
        if route is None:
            return value
        cache = self._fallom_cache
        cached = cache.get(name)
        # Properties may return a new object per access; only reuse the wrapper for the same one. A
        # bound method is a new object on every access, but equal (same function, same instance).
        if cached is not None and (cached[0] is value or (type(value) is MethodType and cached[0] == value)):
            return cached[1]
        source = self._fallom_source
        wrapped = View(value, route, source) if isinstance(route, Mapping) else route(source, value)
        cache[name] = (value, wrapped)
        return wrapped

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(object.__getattribute__(self, "_fallom_target"), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(object.__getattribute__(self, "_fallom_target"), name)

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(object.__getattribute__(self, "_fallom_target"))

    def __dir__(self) -> list[str]:
        return dir(object.__getattribute__(self, "_fallom_target"))

    def __repr__(self) -> str:
        return repr(object.__getattribute__(self, "_fallom_target"))

    def __enter__(self) -> Any:
        target = object.__getattribute__(self, "_fallom_target")
        target.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        return object.__getattribute__(self, "_fallom_target").__exit__(*exc)

    async def __aenter__(self) -> Any:
        await object.__getattribute__(self, "_fallom_target").__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> Any:
        return await object.__getattribute__(self, "_fallom_target").__aexit__(*exc)


_OWN_SLOTS = frozenset(View.__slots__)


def unwrap(obj: Any) -> Any:
    """The caller's original object behind any number of views."""
    while type(obj) is View:
        obj = object.__getattribute__(obj, "_fallom_target")
    return obj

"""A transport that records what a connection protocol does to it, for tests that play
a connection through the protocol in process (tests/server/test_joined_writes.py,
test_direct_lane.py)."""

from __future__ import annotations

import asyncio


class Recording(asyncio.Transport):
    """What the protocol does to its connection: bytes written and how it ended."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, bytes | None]] = []
        self.writes = 0
        self.closing = False

    def write(self, data) -> None:
        self.writes += 1
        self.events.append(("data", bytes(data)))

    def close(self) -> None:
        self.closing = True
        self.events.append(("close", None))

    def abort(self) -> None:
        self.closing = True
        self.events.append(("abort", None))

    def write_eof(self) -> None:
        self.events.append(("eof", None))

    def can_write_eof(self) -> bool:
        return True

    def is_closing(self) -> bool:
        return self.closing

    def get_extra_info(self, name, default=None):
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 5555)}.get(name, default)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def set_protocol(self, protocol) -> None:
        pass

    def get_write_buffer_size(self) -> int:
        return 0

    def seen(self) -> list[tuple[str, bytes | None]]:
        """The events with consecutive data joined: what the client can tell."""
        joined: list[tuple[str, bytes | None]] = []
        for kind, data in self.events:
            if kind == "data" and joined and joined[-1][0] == "data":
                joined[-1] = ("data", joined[-1][1] + data)  # type: ignore[operator]
            elif kind != "data" or data:
                joined.append((kind, data))
        return joined

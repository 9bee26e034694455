"""The Jupyter kernel each chapter runs in (used by :mod:`helpers.pipeline`, ``make run``).

Two things go wrong with the defaults when a chain of notebooks runs unattended, and both make
``make run`` wait forever on an idle kernel:

* **Socket files shared across chapters and runs.** Over IPC, jupyter_client names the socket
  files ``kernel-ipc-1`` ... ``-5`` in the working folder, so one chapter's kernel cleaning up
  could remove the next one's, and two runs at once used the same files. Here each chapter's
  kernel gets a private folder of its own (:func:`local_kernel_manager`).
* **A reply that has arrived but is never read.** The client waits for each message by polling
  its ZeroMQ socket once, for as long as the cell may run. ZeroMQ signals new messages on an
  edge-triggered descriptor; when the client sends on the same socket while it waits (as nbclient
  does when a cell shows an ipywidgets view), the signal can be consumed and the single long poll
  never wakes, though the message is there (jupyter/nbclient#312, nteract/papermill#723). Here
  the client polls in short slices until its deadline (:class:`SlicedPollChannel`), so a message
  that is waiting is read within a fraction of a second.

Over local sockets rather than TCP, ipykernel also prints no warning about unencrypted traffic.
"""

from __future__ import annotations

import time
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager

#: Longest single wait on a kernel socket, in seconds (short enough that a missed wake-up costs
#: little, long enough that an idle wait costs no CPU to speak of).
POLL_SLICE_SECONDS = 0.5


class SlicedPollChannel(AsyncZMQSocketChannel):
    """A kernel channel whose ``get_msg`` polls in slices of :data:`POLL_SLICE_SECONDS` up to
    the caller's timeout (None: without end), instead of in one poll (see the module docstring)."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:  # type: ignore[override]
        """The next message; raises ``queue.Empty`` when none came within ``timeout`` seconds."""
        assert self.socket is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = POLL_SLICE_SECONDS if deadline is None else deadline - time.monotonic()
            wait = max(0.0, min(POLL_SLICE_SECONDS, remaining))
            if await self.socket.poll(int(wait * 1000)):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class SlicedPollKernelClient(AsyncKernelClient):
    """An asynchronous kernel client whose channels are :class:`SlicedPollChannel`."""

    shell_channel_class = SlicedPollChannel  # type: ignore[assignment]
    iopub_channel_class = SlicedPollChannel  # type: ignore[assignment]
    stdin_channel_class = SlicedPollChannel  # type: ignore[assignment]
    control_channel_class = SlicedPollChannel  # type: ignore[assignment]


def local_kernel_manager(socket_dir: Path) -> type:
    """A kernel manager class for one chapter: local (IPC) sockets in ``socket_dir``, and a
    client that polls in slices (see the module docstring)."""
    prefix = str(socket_dir / "kernel")

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", prefix)
            super().__init__(**kwargs)
            self.client_factory = SlicedPollKernelClient

    return LocalKernelManager

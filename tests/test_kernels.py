"""The chapters' kernel connection: private socket folders and a client that never misses a reply."""

from __future__ import annotations

import asyncio
import time
from queue import Empty

import pytest
import zmq
import zmq.asyncio
from jupyter_client.session import Session

from helpers import kernels


def channel_pair(session: Session) -> tuple[kernels.SlicedPollChannel, zmq.asyncio.Socket, zmq.asyncio.Context]:
    """A channel on one end of an in-process socket pair, and the other end to send from."""
    context = zmq.asyncio.Context()
    reader, writer = context.socket(zmq.PAIR), context.socket(zmq.PAIR)
    address = f"inproc://kernels-test-{id(reader)}"
    reader.bind(address)
    writer.connect(address)
    return kernels.SlicedPollChannel(reader, session), writer, context


def test_a_waiting_message_is_read_and_a_silent_socket_times_out_on_time():
    async def scenario():
        session = Session()
        channel, writer, context = channel_pair(session)
        try:
            started = time.monotonic()
            with pytest.raises(Empty):
                await channel.get_msg(timeout=0.2)
            assert 0.15 <= time.monotonic() - started < 1.0  # the deadline is kept, not a slice

            session.send(writer, "execute_reply", {"status": "ok"})
            message = await channel.get_msg(timeout=5)
            assert message["header"]["msg_type"] == "execute_reply"
            assert message["content"] == {"status": "ok"}

            # Without a timeout the wait goes on across slices until a message comes.
            async def send_later():
                await asyncio.sleep(3 * kernels.POLL_SLICE_SECONDS)
                session.send(writer, "status", {"execution_state": "idle"})

            sender = asyncio.ensure_future(send_later())
            message = await asyncio.wait_for(channel.get_msg(), timeout=30)
            await sender
            assert message["content"] == {"execution_state": "idle"}
        finally:
            channel.socket.close(linger=0)
            writer.close(linger=0)
            context.term()

    asyncio.run(scenario())


def test_a_message_whose_wake_up_was_consumed_is_still_read():
    """The missed wake-up behind `make run`'s hangs: a message arrives while the client waits,
    and its edge-triggered signal is consumed before the event loop sees it (here by reading the
    socket's events, as a send on the same socket does). jupyter_client's one long poll sleeps
    through it (the whole cell timeout); the sliced poll reads the message within a slice."""
    async def scenario():
        session = Session()
        channel, writer, context = channel_pair(session)
        try:
            waiting = asyncio.ensure_future(channel.get_msg(timeout=600))
            await asyncio.sleep(0.2)  # the poll is under way
            session.send(writer, "execute_reply", {"status": "ok"})
            channel.socket.getsockopt(zmq.EVENTS)  # the wake-up is consumed
            message = await asyncio.wait_for(waiting, timeout=10 * kernels.POLL_SLICE_SECONDS)
            assert message["content"] == {"status": "ok"}
        finally:
            channel.socket.close(linger=0)
            writer.close(linger=0)
            context.term()

    asyncio.run(scenario())


def test_each_chapter_kernel_uses_its_folder_and_the_slicing_client(tmp_path):
    manager = kernels.local_kernel_manager(tmp_path)(kernel_name="backchannel")
    assert manager.transport == "ipc"
    assert manager.ip == str(tmp_path / "kernel")
    assert manager.client_factory is kernels.SlicedPollKernelClient
    client = manager.client()
    assert client.shell_channel_class is kernels.SlicedPollChannel
    assert client.iopub_channel_class is kernels.SlicedPollChannel

#!/usr/bin/env python3
"""An agent that waits for a reviewer's decision the way every Lelu engine allows.

Usage: wait_agent.py BASE_URL API_KEY DEADLINE_SECONDS

Uses the official Python SDK (lelu-agent-auth-sdk 0.4.41), as docs/agents.md describes:

1. authorizes one request in the human-review band (confidence 0.78); its resource carries a
   unique `request_ref` so the agent can recognise its own item;
2. finds the item's id: the current engine's reply names it (`review_id`); the July 2026
   engine's does not, so the agent looks for its request in the pending list;
   prints {"review_id": ..., "id": ...} as one JSON line as soon as it knows the id;
3. waits: `wait_review(id, timeout_ms=9000)` in a loop (each call ends inside the engine's
   10 s write timeout); a 408 / still-pending answer or a dropped connection means "ask
   again"; stops at DEADLINE_SECONDS after start; prints the final item as a second JSON
   line: {"id", "status", "resolved_by", "resolution_note", "waits", "dropped"}.

Exit status: 0 once the item is no longer pending (approved, denied or expired: act only on
"approved"); 4 when the deadline passed and it is still pending (the second line is printed
with status "pending"); 1 when the request was not queued for review or its item could not
be found or read; 2 on bad usage; 3 when the SDK is not installed.
"""
import asyncio
import json
import sys
import uuid
from datetime import datetime, timedelta, timezone

try:
    import httpx
    from auth_pe import LeluClient
    from auth_pe.client import AuthEngineError
    from auth_pe.models import AgentContext, AuthorizeRequest, ReviewItem
except ImportError as error:  # pragma: no cover - environment problem
    print(
        f"lelu-agent-auth-sdk is not installed for {sys.executable}: {error}. "
        "Install it with: pip install lelu-agent-auth-sdk==0.4.41",
        file=sys.stderr,
    )
    sys.exit(3)

# One /wait must be answered within 10 s of the request, or the engine sends nothing at all.
WAIT_MS = 9_000
# Never ask for less: the engine ignores timeout_ms <= 0 and waits its 30 s default instead.
MIN_WAIT_MS = 1_000
# How far the engine's clock may be behind ours when matching `enqueued_at`.
CLOCK_ALLOWANCE = timedelta(seconds=60)
# Pause before asking again after an error that did not take a full wait (no busy loop).
RETRY_PAUSE_S = 1.0


class Failed(Exception):
    """The agent cannot go on (exit 1)."""


def is_store_failure(error: AuthEngineError) -> bool:
    """A 5xx, or the 404 "queue: get: ..." both engines answer when their store fails."""
    return error.status >= 500 or (error.status == 404 and str(error).startswith("queue: get:"))


def queued_since(item: ReviewItem, earliest: datetime) -> bool:
    """Whether the item was queued at or after `earliest` (an item without a time may be ours)."""
    if item.enqueued_at is None:
        return True
    queued = item.enqueued_at if item.enqueued_at.tzinfo else item.enqueued_at.replace(tzinfo=timezone.utc)
    return queued >= earliest


async def find_own_item(lelu: LeluClient, req: AuthorizeRequest, sent_at: datetime, deadline: float) -> str:
    """The July engine's reply names no item: find ours in the pending list.

    Matches actor, action and the whole resource (which carries our unique request_ref), and
    an `enqueued_at` no earlier than when we sent the request. The list is capped at 50 (the
    memory store shows a random 50, so list again; the Redis store shows the 50 newest, so
    list at once) and its `status` may be stale (the Redis store lists decided items as
    pending): it is used only to learn the id; GET and /wait say what the item's state is.
    """
    loop = asyncio.get_running_loop()
    while True:
        try:
            listed = (await lelu.list_pending_reviews()).items
        except httpx.TransportError:
            listed = []
        except AuthEngineError as error:
            if not is_store_failure(error):
                raise
            listed = []
        mine = [
            item for item in listed
            if item.actor == (req.actor or "") and item.action == req.tool and (item.resource or {}) == req.resource
            and queued_since(item, sent_at - CLOCK_ALLOWANCE)
        ]
        if len(mine) == 1:
            return mine[0].id
        if len(mine) > 1:
            raise Failed(f"{len(mine)} pending items match this request: {[item.id for item in mine]}")
        if loop.time() >= deadline:
            raise Failed("the request was queued but its item never appeared in the pending list")
        await asyncio.sleep(0.2)


async def read_item(lelu: LeluClient, review_id: str) -> ReviewItem | None:
    """GET the item (the truth), or None when the engine could not be asked right now."""
    try:
        return await lelu.get_review(review_id)
    except httpx.TransportError:
        return None
    except AuthEngineError as error:
        if is_store_failure(error):
            return None
        raise


async def wait_for_decision(lelu: LeluClient, review_id: str, deadline: float) -> tuple[ReviewItem | None, int, int]:
    """Waits in calls of at most 9 s until the item is decided or `deadline` (loop time) passes.

    Returns the last item read (None if it could never be read), the number of /wait calls and
    how many of them got no answer at all.
    """
    loop = asyncio.get_running_loop()
    waits = dropped = 0
    item: ReviewItem | None = None
    while True:
        left_ms = int((deadline - loop.time()) * 1000)
        if left_ms < MIN_WAIT_MS:
            # Out of time: one last look, so a decision made at the last moment is not missed.
            return (await read_item(lelu, review_id)) or item, waits, dropped
        waits += 1
        started = loop.time()
        try:
            # 200 with the decided item, or 408 with the item still pending: both return here.
            item = await lelu.wait_review(review_id, timeout_ms=min(WAIT_MS, left_ms))
        except httpx.TransportError:
            # No answer at all (the write timeout, a proxy, the network): unknown, so read the item.
            dropped += 1
            item = await read_item(lelu, review_id) or item
        except AuthEngineError as error:
            if not is_store_failure(error):
                raise  # 404: no such item (a July Redis item is deleted 24 h after it was queued)
        if item is not None and item.status != "pending":
            return item, waits, dropped
        if loop.time() - started < MIN_WAIT_MS / 1000:
            await asyncio.sleep(RETRY_PAUSE_S)


async def main(base_url: str, api_key: str, patience_s: float) -> int:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience_s
    async with LeluClient(base_url=base_url, api_key=api_key, timeout=10.0) as lelu:
        req = AuthorizeRequest(
            tool="issue_refund",
            actor="wait_agent",
            context=AgentContext(confidence=0.78),
            resource={"order_id": "ord_wait", "request_ref": f"wait-{uuid.uuid4()}"},
        )
        sent_at = datetime.now(timezone.utc)
        decision = await lelu.authorize(req)
        if decision.decision != "human_review":
            raise Failed(f"not queued for review: {decision.decision} ({decision.reason})")
        review_id = decision.review_id or await find_own_item(lelu, req, sent_at, deadline)
        print(json.dumps({"review_id": decision.review_id, "id": review_id}), flush=True)

        item, waits, dropped = await wait_for_decision(lelu, review_id, deadline)
        if item is None:
            raise Failed(f"the engine never answered for {review_id}")
        print(json.dumps({
            "id": item.id,
            "status": item.status,
            "resolved_by": item.resolved_by,
            "resolution_note": item.resolution_note,
            "waits": waits,
            "dropped": dropped,
        }), flush=True)
        return 4 if item.status == "pending" else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        patience = float(sys.argv[3])
    except ValueError:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2], patience)))
    except (Failed, AuthEngineError, httpx.HTTPError) as failure:
        print(f"wait_agent: {failure}", file=sys.stderr)
        sys.exit(1)

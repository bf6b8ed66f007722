#!/usr/bin/env python3
"""The official Lelu Python SDK (lelu-agent-auth-sdk 0.4.41) against either engine dialect.

Usage:
  dialect_agent.py BASE_URL API_KEY authorize ACTOR ACTION
      one authorize at confidence 0.78; prints {"decision","review_id"} (review_id null on July)
  dialect_agent.py BASE_URL API_KEY wait ID
      waits for a decision the way the engine's 10 s write timeout allows: wait_review with
      timeout_ms 9000 in a loop; a dropped connection means "read the item again" (get_review);
      prints {"status","resolved_by","waits","dropped"} once the item is no longer pending
  dialect_agent.py BASE_URL API_KEY approve ID
      the SDK's approve_review with its default (blank) resolved_by; prints {"ok"} or
      {"error","status"} as the engine answered

Exits 3 with a clear message on stderr when the SDK is not installed.
"""
import asyncio
import json
import sys

try:
    import httpx
    from auth_pe import LeluClient
    from auth_pe.client import AuthEngineError
    from auth_pe.models import AgentContext, AuthorizeRequest
except ImportError as error:  # pragma: no cover - environment problem
    print(
        f"lelu-agent-auth-sdk is not installed for {sys.executable}: {error}. "
        "Install it with: pip install lelu-agent-auth-sdk==0.4.41",
        file=sys.stderr,
    )
    sys.exit(3)

WAIT_MS = 9000  # under the engine's 10 s write timeout
DEADLINE_S = 60


async def authorize(lelu: LeluClient, actor: str, action: str) -> dict:
    decision = await lelu.authorize(AuthorizeRequest(
        tool=action, actor=actor, context=AgentContext(confidence=0.78),
        resource={"order_id": "ord_sdk"},
    ))
    return {"decision": decision.decision, "review_id": decision.review_id}


async def wait(lelu: LeluClient, review_id: str) -> dict:
    waits = dropped = 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DEADLINE_S
    while loop.time() < deadline:
        waits += 1
        try:
            item = await lelu.wait_review(review_id, timeout_ms=WAIT_MS)
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.ReadTimeout):
            dropped += 1  # no answer at all: unknown, read the item again
            item = await lelu.get_review(review_id)
        if item.status != "pending":
            return {"status": item.status, "resolved_by": item.resolved_by, "waits": waits, "dropped": dropped}
    return {"status": "pending", "waits": waits, "dropped": dropped}


async def approve(lelu: LeluClient, review_id: str) -> dict:
    try:
        return {"ok": await lelu.approve_review(review_id)}
    except AuthEngineError as error:
        return {"error": str(error), "status": error.status}


async def main(base_url: str, api_key: str, command: str, args: list[str]) -> None:
    async with LeluClient(base_url=base_url, api_key=api_key, timeout=15.0) as lelu:
        if command == "authorize":
            result = await authorize(lelu, args[0], args[1])
        elif command == "wait":
            result = await wait(lelu, args[0])
        elif command == "approve":
            result = await approve(lelu, args[0])
        else:
            print(__doc__, file=sys.stderr)
            sys.exit(2)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))

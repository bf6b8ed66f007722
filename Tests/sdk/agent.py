#!/usr/bin/env python3
"""A real agent using the official Lelu Python SDK (lelu-agent-auth-sdk 0.4.41).

Usage: agent.py BASE_URL API_KEY [WAIT_MS]

Sends one authorize request with confidence 0.78 (the human-review band) and
prints the decision as one JSON line. With WAIT_MS, it then blocks in the SDK's
long-poll (wait_review) and prints the resolved item as a second JSON line.
Exits 3 with a clear message on stderr when the SDK is not installed.
"""
import asyncio
import json
import sys

try:
    from auth_pe import LeluClient
    from auth_pe.models import AgentContext, AuthorizeRequest
except ImportError as error:  # pragma: no cover - environment problem
    print(
        f"lelu-agent-auth-sdk is not installed for {sys.executable}: {error}. "
        "Install it with: pip install lelu-agent-auth-sdk==0.4.41",
        file=sys.stderr,
    )
    sys.exit(3)


async def main(base_url: str, api_key: str, wait_ms: int | None) -> None:
    async with LeluClient(base_url=base_url, api_key=api_key, timeout=10.0) as lelu:
        request = AuthorizeRequest(
            tool="invoice:create",
            actor="invoice_bot",
            context=AgentContext(confidence=0.78, acting_for="user_123"),
            resource={"customer_id": "cus_8812", "amount": "1200.00"},
            tenant_id="acme",
        )
        decision = await lelu.authorize(request)
        print(json.dumps({
            "decision": decision.decision,
            "review_id": decision.review_id,
            "reason": decision.reason,
            "trace_id": decision.request_id,
            "confidence_used": decision.confidence_used,
        }), flush=True)
        if wait_ms is not None and decision.review_id:
            item = await lelu.wait_review(decision.review_id, timeout_ms=wait_ms)
            print(json.dumps({
                "id": item.id,
                "status": item.status,
                "resolved_by": item.resolved_by,
                "resolution_note": item.resolution_note,
            }), flush=True)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else None))

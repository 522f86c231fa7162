"""Schemathesis over the HTTP API's own OpenAPI schema, in process with the fakes (quick; the real server
is fuzzed in tests/integration/test_serve.py): no 5xx, every response as the schema documents it."""
from __future__ import annotations

from pathlib import Path

import schemathesis
from schemathesis import checks
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from rag.access.userfile import FileAccounts
from rag.serve.app import create_app
from rag.serve.service import Service
from rag.shared import SharedBot

EXAMPLES = 8  # per operation
# What must hold for every request: no 5xx, status codes, content types and bodies as documented. A
# request the schema allows may still be refused with 400 (a chat with no user message has no question).
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance]


def test_the_api_answers_every_request_its_schema_allows_as_documented(make_bot, settings, tmp_path: Path) -> None:
    accounts = FileAccounts(tmp_path / "users.json")
    accounts.add("eddy", "editor", "editor password")
    headers = {"Authorization": f"Bearer {accounts.new_key('eddy')}"}
    base = settings.with_overrides(library_dir=str(tmp_path / "library"), audit_log=str(tmp_path / "audit.log"))
    shared = SharedBot(base, make_bot("Pendiri Scale AI adalah Alexandr Wang [4]."))
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(Service(shared, accounts, shared.audit)))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{o.method.upper()} {o.path}" for o in operations} >= {"POST /v1/chat/completions", "POST /v1/ask",
                                                                    "GET /v1/documents", "DELETE /v1/documents/{entry_id}"}
    for operation in operations:
        @given(operation.as_strategy())
        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case) -> None:  # noqa: ANN001 - a schemathesis Case
            case.call_and_validate(headers=headers, checks=CHECKS)
        run()

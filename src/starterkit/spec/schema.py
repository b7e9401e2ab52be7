"""The JSON Schema of kit specs, generated from the models (kit_spec/schema.json is a copy)."""

from __future__ import annotations

import json

from starterkit.spec.load import json_schema

SCHEMA_ID = "https://starterkit.invalid/schema/kit-spec-1.json"


def schema() -> dict:
    document = json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **document}


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"

"""The API's browsable page, rendered on the server from its OpenAPI document.

Swagger UI and ReDoc need scripts (and by default a CDN); the portal's CSP allows neither
inline scripts nor other origins. The document itself says everything a reader needs, so the
page lists each endpoint with its parameters and the fields of its answer, and links to an
example call and to the JSON document.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from kiraad.api import PREFIX, get_api


@dataclass
class Row:
    name: str
    type: str
    description: str = ""
    required: bool = False
    depth: int = 0

    @property
    def indent(self) -> str:
        return "› " * self.depth


@dataclass
class Endpoint:
    method: str
    path: str
    summary: str
    example: str
    parameters: list[Row] = field(default_factory=list)
    fields: list[Row] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref:
        return components[ref.rsplit("/", 1)[-1]]
    return schema


def _type(schema: dict[str, Any], components: dict[str, Any]) -> str:
    if "anyOf" in schema:
        kinds = [_type(s, components) for s in schema["anyOf"]]
        return " | ".join(k for k in kinds)
    schema = _resolve(schema, components) if "$ref" in schema else schema
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"[{_type(schema.get('items', {}), components)}]"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return str(kind) if "title" not in schema or kind != "object" else schema["title"]


def _fields(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> list[Row]:
    """The properties of an object schema, nested objects and lists of objects indented."""
    schema = _resolve(schema, components)
    rows = []
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        rows.append(
            Row(
                name=name,
                type=_type(prop, components),
                description=prop.get("description", ""),
                required=name in required,
                depth=depth,
            )
        )
        inner = prop.get("items", prop) if prop.get("type") == "array" else prop
        options = inner.get("anyOf", [inner])
        for option in options:
            target = _resolve(option, components) if "$ref" in option else option
            if "properties" in target and depth < 3:
                rows.extend(_fields(target, components, depth + 1))
    return rows


def endpoints() -> tuple[dict[str, Any], list[Endpoint]]:
    """The document's info and one Endpoint per operation, in the document's order."""
    document = get_api().get_openapi_schema(path_prefix=PREFIX + "/")
    components = document.get("components", {}).get("schemas", {})
    result = []
    for route, operations in document["paths"].items():
        for method, operation in operations.items():
            parameters = []
            for parameter in operation.get("parameters", []):
                parameters.append(
                    Row(
                        name=parameter["name"],
                        type=f"{parameter['in']}: {_type(parameter.get('schema', {}), components)}",
                        description=parameter.get("description", "")
                        or parameter.get("schema", {}).get("description", ""),
                        required=parameter.get("required", False),
                    )
                )
            responses = {str(code): value for code, value in operation["responses"].items()}
            answer = responses.get("200", {})
            body = answer.get("content", {}).get("application/json", {}).get("schema", {})
            example = route if "{" not in route else ""
            result.append(
                Endpoint(
                    method=method.upper(),
                    path=route,
                    summary=operation.get("summary", ""),
                    example=example,
                    parameters=parameters,
                    fields=_fields(body, components),
                    refusals=[code for code in responses if code != "200"],
                )
            )
    return document["info"], result


@login_not_required
@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    info, operations = endpoints()
    return render(
        request,
        "api/docs.html",
        {"info": info, "endpoints": operations, "openapi_url": reverse("api:openapi-json")},
    )

"""FastAPI: the header value is replaced by a constant before it is used in the path; safe."""
from pathlib import Path

from fastapi import FastAPI, Request, Response

app = FastAPI()
DATA = Path("/srv/tenants")


@app.get("/config")
async def tenant_config(request: Request):
    tenant = request.headers.get("x-tenant", "public")
    tenant = "public"
    path = DATA / tenant / "config.json"
    return Response(path.read_bytes(), media_type="application/json")

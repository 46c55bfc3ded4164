"""FastAPI: a tenant header used as a directory under a pathlib base and read with read_bytes(); vulnerable."""
from pathlib import Path

from fastapi import FastAPI, Request, Response

app = FastAPI()
DATA = Path("/srv/tenants")


@app.get("/config")
async def tenant_config(request: Request):
    tenant = request.headers.get("x-tenant", "public")
    path = DATA / tenant / "config.json"
    return Response(path.read_bytes(), media_type="application/json")

"""FastAPI: the header must fully match [A-Za-z0-9_-]+ (else 400) before the XPath; safe."""
import re

from fastapi import FastAPI, HTTPException, Request
from lxml import etree

app = FastAPI()
TENANTS = etree.parse("/srv/data/tenants.xml")


@app.get("/tenant/plan")
async def plan(request: Request):
    tenant = request.headers.get("x-tenant", "")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", tenant):
        raise HTTPException(status_code=400, detail="bad tenant id")
    return {"plan": TENANTS.xpath("string(//tenant[@id='" + tenant + "']/@plan)")}

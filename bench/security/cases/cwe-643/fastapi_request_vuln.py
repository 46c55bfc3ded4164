"""FastAPI: a Request header value placed into an XPath over the tenant registry; vulnerable."""
from fastapi import FastAPI, Request
from lxml import etree

app = FastAPI()
TENANTS = etree.parse("/srv/data/tenants.xml")


@app.get("/tenant/plan")
async def plan(request: Request):
    tenant = request.headers.get("x-tenant", "")
    plans = TENANTS.xpath("string(//tenant[@id='" + tenant + "']/@plan)")
    return {"plan": plans}

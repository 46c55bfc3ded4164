"""FastAPI: a Header() parameter used in an XPath predicate; vulnerable."""
from fastapi import FastAPI, Header
from lxml import etree

app = FastAPI()
ROLES = etree.parse("/srv/data/roles.xml")


@app.get("/permissions")
def permissions(x_user: str = Header("")):
    perms = ROLES.xpath(f"//user[@name='{x_user}']/permission/text()")
    return {"permissions": perms}

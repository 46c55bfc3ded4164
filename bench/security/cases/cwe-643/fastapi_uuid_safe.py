"""FastAPI: the section id is parsed with uuid.UUID before being put in the XPath; safe."""
import uuid

from fastapi import FastAPI
from lxml import etree

app = FastAPI()
MENU = etree.parse("/srv/data/menu.xml")


@app.get("/menu/{section_id}")
def menu(section_id: str):
    sid = uuid.UUID(section_id)
    return {"items": MENU.xpath(f"//section[@uuid='{sid}']/item/text()")}

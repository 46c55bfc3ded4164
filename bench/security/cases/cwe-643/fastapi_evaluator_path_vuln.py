"""FastAPI: a path parameter in an expression given to an XPathEvaluator; vulnerable."""
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
MENU = etree.parse("/srv/data/menu.xml")
evaluate = etree.XPathEvaluator(MENU)


@app.get("/menu/{section}")
def menu(section: str):
    items = evaluate("//section[@name='%s']/item/text()" % section)
    return {"items": items}

"""FastAPI: the query value only selects one of two constant XPath expressions; safe."""
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
TICKETS = etree.parse("/srv/data/tickets.xml")


@app.get("/tickets")
def tickets(state: str = "open"):
    expr = "//ticket[@state='open']/@id" if state == "open" else "//ticket[@state='closed']/@id"
    return {"ids": TICKETS.xpath(expr)}

"""FastAPI: account path parameter placed with .format into an xpath query over a stored document; vulnerable."""
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
LEDGER = etree.parse("/srv/data/ledger.xml")


@app.get("/ledger/{account}")
def ledger(account: str):
    expr = "//account[@id='{acct}']/balance/text()".format(acct=account)
    values = LEDGER.xpath(expr)
    return {"balance": str(values[0]) if values else None}

"""FastAPI: a query parameter in an f-string passed to os.system; vulnerable."""
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/whois")
def whois(domain: str):
    code = os.system(f"whois {domain} > /tmp/whois.txt")
    with open("/tmp/whois.txt") as fh:
        return {"code": code, "text": fh.read()}

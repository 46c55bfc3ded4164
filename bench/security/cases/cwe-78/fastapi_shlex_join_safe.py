"""FastAPI: the command line is built with shlex.join, which quotes every argument; safe."""
import shlex
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.get("/whois")
def whois(domain: str):
    line = shlex.join(["whois", domain])
    out = subprocess.run(line, shell=True, capture_output=True, text=True).stdout
    return {"text": out}
